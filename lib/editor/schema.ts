import { getSchema } from "@tiptap/core";
import type { MarkType, NodeType, Schema } from "@tiptap/pm/model";
import { z } from "zod";
import { HEADING_LEVELS, editorExtensions, isAllowedLinkHref } from "@/lib/editor/extensions";

/** The ProseMirror schema of `editorExtensions`: the source of every type name and content rule below. */
export const editorSchema: Schema = getSchema(editorExtensions);

// ---------------------------------------------------------------------------
// Types. Plain JSON shapes (type aliases, not interfaces, so they stay
// assignable to Prisma's Json input and to TipTap's JSONContent).

export type RichTextAttrValue = string | number | boolean | null;
export type RichTextAttrs = { [name: string]: RichTextAttrValue };
export type RichTextMark = { type: string; attrs?: RichTextAttrs };
export type RichTextNode = {
  type: string;
  attrs?: RichTextAttrs;
  content?: RichTextNode[];
  marks?: RichTextMark[];
  text?: string;
};
/** A TipTap document (what `editor.getJSON()` returns), validated by `richTextDocSchema`. */
export type RichTextDoc = RichTextNode & { type: "doc"; content: RichTextNode[] };
export type CaptionParagraph = RichTextNode & { type: "paragraph"; content?: RichTextNode[] };
/** A doc holding exactly one paragraph of marked-up text; validated by `captionDocSchema`. */
export type CaptionDoc = RichTextDoc & { content: [CaptionParagraph] };

// ---------------------------------------------------------------------------
// Limits. Generous for a news story, small enough that a hostile payload
// cannot make validation, storage or rendering expensive.

export const RICH_TEXT_LIMITS = { maxTextChars: 200_000, maxNodes: 50_000, maxDepth: 32 } as const;
/**
 * Captions are one run of text. Hard breaks are NOT allowed: captions are also
 * shown as plain text (alt text, feeds, social cards) where a line break has no
 * meaning, so the caption editor should map Enter/Shift-Enter to nothing (or
 * normalize with `captionFromDoc`).
 */
export const CAPTION_LIMITS = { maxTextChars: 3_000, maxNodes: 1_000, maxDepth: 3 } as const;
const MAX_MARKS_PER_NODE = 8;
const MAX_ATTR_STRING = 2048;

// ---------------------------------------------------------------------------
// Attribute rules. Every attribute the schema declares must either have a rule
// here or keep its default value, so an extension added later cannot smuggle
// free-form attributes into stored documents unnoticed.

const shortText = (max: number) => z.string().max(max).nullable();
const ATTR_RULES: Record<string, Record<string, z.ZodType>> = {
  heading: {
    level: z
      .number()
      .int()
      .refine((level) => (HEADING_LEVELS as readonly number[]).includes(level), {
        message: `Heading level must be one of ${HEADING_LEVELS.join(", ")}`,
      }),
  },
  orderedList: {
    start: z.number().int().min(0).max(100_000),
    type: z.enum(["1", "a", "A", "i", "I"]).nullable(),
  },
  link: {
    href: z.string().max(MAX_ATTR_STRING).refine(isAllowedLinkHref, {
      message: "Links must be absolute http:, https: or mailto: URLs",
    }),
    // Pasting a link from a web page keeps these; the renderer drops them all
    // (it writes its own rel), so they only need to be bounded plain strings.
    target: shortText(32),
    rel: shortText(200),
    class: shortText(200),
    title: shortText(500),
  },
};

function attrsSchemaFor(type: NodeType | MarkType): z.ZodType {
  const rules = ATTR_RULES[type.name] ?? {};
  const shape: Record<string, z.ZodType> = {};
  let required = false;
  for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
    const fallback = (spec as { default?: unknown }).default;
    const rule = rules[name] ?? defaultOnlyRule(type.name, name, fallback);
    // An attribute whose default would itself be invalid (heading level 1,
    // link href null) must be present.
    const defaultIsValid = fallback !== undefined && rule.safeParse(fallback).success;
    shape[name] = defaultIsValid ? rule.optional() : rule;
    if (!defaultIsValid) required = true;
  }
  const attrs = z.strictObject(shape);
  return required ? attrs : attrs.optional();
}

function defaultOnlyRule(typeName: string, attrName: string, fallback: unknown): z.ZodType {
  if (fallback === null || ["string", "number", "boolean"].includes(typeof fallback)) {
    return z.literal(fallback as RichTextAttrValue);
  }
  return z.never({ message: `No validation rule for ${typeName}.${attrName}` });
}

// ---------------------------------------------------------------------------
// Structural JSON schemas, one variant per node/mark type of the schema.

function markSchemaFor(marks: readonly MarkType[]): z.ZodType<RichTextMark> {
  const variants = marks.map((type) =>
    z.strictObject({ type: z.literal(type.name), attrs: attrsSchemaFor(type) }),
  );
  return discriminated(variants, "mark") as z.ZodType<RichTextMark>;
}

function nodeVariant(type: NodeType, child: z.ZodType<RichTextNode>, mark: z.ZodType<RichTextMark>) {
  const marks = z.array(mark).max(MAX_MARKS_PER_NODE).optional();
  if (type.isText) {
    return z.strictObject({
      type: z.literal(type.name),
      text: z.string().min(1, { message: "Text nodes must not be empty" }),
      marks,
    });
  }
  if (type.isLeaf) {
    return z.strictObject({ type: z.literal(type.name), attrs: attrsSchemaFor(type), marks });
  }
  return z.strictObject({
    type: z.literal(type.name),
    attrs: attrsSchemaFor(type),
    content: z.array(child).optional(),
    marks,
  });
}

// z.discriminatedUnion needs at least one variant; a single variant is used
// directly so error messages stay specific.
function discriminated(variants: z.ZodObject[], what: string): z.ZodType {
  if (variants.length === 0) throw new Error(`editorExtensions define no ${what} types`);
  if (variants.length === 1) return variants[0];
  return z.discriminatedUnion("type", variants as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);
}

const allMarks = Object.values(editorSchema.marks);
const anyMark = markSchemaFor(allMarks);
const anyNode: z.ZodType<RichTextNode> = z.lazy(() =>
  discriminated(
    Object.values(editorSchema.nodes).map((type) => nodeVariant(type, anyNode, anyMark)),
    "node",
  ),
) as z.ZodType<RichTextNode>;

const topNode = editorSchema.topNodeType;
const paragraphType = editorSchema.nodes.paragraph;
if (!paragraphType) throw new Error("editorExtensions must include a paragraph node");

// ProseMirror checks a node's marks against its parent's rules, and the top node has no parent:
// `doc.check()` accepts a doc wrapped in a link mark, and renderers would draw it. So the top node
// is the one node whose marks the schema refuses itself.
const richTextShape = nodeVariant(topNode, anyNode, anyMark).extend({
  marks: z.never({ message: "The document itself cannot carry marks" }).optional(),
}) as z.ZodType<RichTextNode>;

// Caption: doc > one paragraph > inline nodes without hard breaks, carrying
// only the marks a paragraph allows.
const captionMark = markSchemaFor(allMarks.filter((mark) => paragraphType.allowsMarkType(mark)));
const captionInline = discriminated(
  Object.values(editorSchema.nodes)
    .filter((type) => type.isInline && type.name !== "hardBreak")
    .map((type) => nodeVariant(type, z.never(), captionMark)),
  "inline node",
);
const captionShape = z.strictObject({
  type: z.literal(topNode.name),
  content: z.tuple([
    z.strictObject({ type: z.literal(paragraphType.name), content: z.array(captionInline).optional() }),
  ], { message: "A caption is exactly one paragraph" }),
}) as z.ZodType<RichTextNode>;

// ---------------------------------------------------------------------------
// Checks run before and after the structural schema.

export type RichTextLimits = { maxTextChars: number; maxNodes: number; maxDepth: number };

/**
 * Why `value` is over `limits` (nesting, node count, text length), or null. Iterative, so a deeply
 * nested payload is refused instead of overflowing the stack. The schemas below run it before
 * their recursive structure check; code that builds documents itself (the importer) runs it alone.
 */
export function richTextLimitViolation(value: unknown, limits: RichTextLimits): string | null {
  let nodes = 0;
  let textChars = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limits.maxDepth) return `Document is nested more than ${limits.maxDepth} levels deep`;
    if (++nodes > limits.maxNodes) return `Document has more than ${limits.maxNodes} nodes`;
    if (typeof node !== "object" || node === null) continue;
    const { text, content } = node as { text?: unknown; content?: unknown };
    if (typeof text === "string") textChars += text.length;
    if (Array.isArray(content)) for (const child of content) stack.push({ node: child, depth: depth + 1 });
  }
  if (textChars > limits.maxTextChars) return `Text is ${textChars} characters long; the limit is ${limits.maxTextChars}`;
  return null;
}

function checkLimits(limits: RichTextLimits) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const violation = richTextLimitViolation(value, limits);
    if (violation) ctx.addIssue({ code: "custom", message: violation });
  };
}

/** ProseMirror's own content rules: nesting, marks allowed per node, required children. */
function checkStructure(doc: RichTextNode, ctx: z.RefinementCtx<RichTextNode>) {
  try {
    editorSchema.nodeFromJSON(doc).check();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.addIssue({ code: "custom", message: `Invalid document structure: ${reason}` });
  }
}

/** Validates a rich-text body: the editor's JSON for an article or any long text. */
export const richTextDocSchema = z
  .unknown()
  .superRefine(checkLimits(RICH_TEXT_LIMITS))
  .pipe(richTextShape)
  .superRefine(checkStructure) as unknown as z.ZodType<RichTextDoc, unknown>;

/** Validates a photo caption: one paragraph of text with bold, italic and links; may be empty. */
export const captionDocSchema = z
  .unknown()
  .superRefine(checkLimits(CAPTION_LIMITS))
  .pipe(captionShape)
  .superRefine(checkStructure) as unknown as z.ZodType<CaptionDoc, unknown>;
