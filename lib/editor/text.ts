import type { Node as PMNode } from "@tiptap/pm/model";
import {
  editorSchema,
  type CaptionDoc,
  type CaptionParagraph,
  type RichTextDoc,
  type RichTextNode,
} from "@/lib/editor/schema";

// Pure helpers between TipTap JSON and plain text. None of them mutates its
// input; unchanged subtrees may be shared between input and output.

export type TextBlockKind = "paragraph" | "heading" | "quote";
export type TextBlockInput = { kind: TextBlockKind; text: string };

/** One textblock (paragraph, heading, …) of a doc, in document order. */
export type TextBlock = {
  /** Position among all textblocks of the doc, empty ones included. */
  index: number;
  /** Node type name, e.g. "paragraph" or "heading". */
  type: string;
  /** The block's text; a hard break reads as "\n". One character per ProseMirror position. */
  text: string;
  /** ProseMirror position of the block's first character (just inside the block). */
  pos: number;
};

const HARD_BREAK = "hardBreak";
// Any other inline leaf would read as U+FFFC so offsets stay one-to-one with positions.
const leafText = (leaf: PMNode) => (leaf.type.name === HARD_BREAK ? "\n" : "\uFFFC");

function inlineFromText(text: string): RichTextNode[] {
  const content: RichTextNode[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) content.push({ type: HARD_BREAK });
    if (line) content.push({ type: "text", text: line });
  });
  return content;
}

function paragraph(content: RichTextNode[]): CaptionParagraph {
  return content.length > 0 ? { type: "paragraph", content } : { type: "paragraph" };
}

/**
 * Builds a body doc from imported blocks: headings become h2, quotes a
 * blockquote holding one paragraph. Line breaks inside a block become hard
 * breaks, so `docToPlainText` gives the text back.
 */
export function docFromBlocks(blocks: readonly TextBlockInput[]): RichTextDoc {
  const content = blocks.map((block): RichTextNode => {
    const inline = inlineFromText(block.text);
    switch (block.kind) {
      case "heading":
        return inline.length > 0
          ? { type: "heading", attrs: { level: 2 }, content: inline }
          : { type: "heading", attrs: { level: 2 } };
      case "quote":
        return { type: "blockquote", content: [paragraph(inline)] };
      case "paragraph":
        return paragraph(inline);
    }
  });
  // A doc needs at least one block.
  return { type: "doc", content: content.length > 0 ? content : [paragraph([])] };
}

/** A caption doc from plain text. Captions have no line breaks: newlines become spaces. */
export function captionFromText(text: string): CaptionDoc {
  const flat = text.replace(/\s*(?:\r\n|\r|\n)\s*/g, " ");
  return { type: "doc", content: [paragraph(flat ? [{ type: "text", text: flat }] : [])] };
}

/**
 * Squeezes any doc into a caption: the inline content of every textblock, in
 * order, joined by a space; hard breaks become spaces; marks are kept. Use it
 * when text is pasted into the caption editor.
 */
export function captionFromDoc(doc: RichTextDoc): CaptionDoc {
  const inline: RichTextNode[] = [];
  const space = () => {
    const last = inline.at(-1);
    if (last?.type !== "text" || last.text?.endsWith(" ")) return;
    inline.push({ type: "text", text: " " });
  };
  editorSchema.nodeFromJSON(doc).descendants((node) => {
    if (!node.isTextblock) return true;
    space();
    node.forEach((child) => {
      if (child.isText) inline.push(child.toJSON() as RichTextNode);
      else space();
    });
    return false;
  });
  const last = inline.at(-1);
  if (last?.type === "text" && last.text === " ") inline.pop();
  return { type: "doc", content: [paragraph(inline)] };
}

/** Every textblock of the doc with its text and ProseMirror start position. */
export function textBlocks(doc: RichTextDoc): TextBlock[] {
  const blocks: TextBlock[] = [];
  editorSchema.nodeFromJSON(doc).descendants((node, pos) => {
    if (!node.isTextblock) return true;
    blocks.push({
      index: blocks.length,
      type: node.type.name,
      text: node.textBetween(0, node.content.size, undefined, leafText),
      pos: pos + 1,
    });
    return false;
  });
  return blocks;
}

/**
 * The doc as plain text: non-empty textblocks separated by a blank line, hard
 * breaks as "\n". Empty blocks are skipped, so for block offsets (fact-check
 * findings) use `textBlocks`, whose indices match the editor.
 */
export function docToPlainText(doc: RichTextDoc): string {
  return textBlocks(doc)
    .map((block) => block.text)
    .filter((text) => text.length > 0)
    .join("\n\n");
}

export function captionToPlainText(doc: CaptionDoc): string {
  return docToPlainText(doc);
}

/**
 * The ProseMirror position of character `offset` in textblock `blockIndex`
 * (indices as in `textBlocks`). `offset` may equal the block's length (the
 * position just after its last character). Null when out of range, e.g. a
 * finding computed on an older version of the doc.
 */
export function plainOffsetToPos(doc: RichTextDoc, blockIndex: number, offset: number): number | null {
  return blockPos(textBlocks(doc), blockIndex, offset);
}

/** `plainOffsetToPos` for a range, ready for a TipTap selection or decoration. */
export function plainRangeToPos(
  doc: RichTextDoc,
  range: { blockIndex: number; offset: number; length: number },
): { from: number; to: number } | null {
  const blocks = textBlocks(doc);
  const from = blockPos(blocks, range.blockIndex, range.offset);
  const to = blockPos(blocks, range.blockIndex, range.offset + range.length);
  return from === null || to === null || to < from ? null : { from, to };
}

function blockPos(blocks: TextBlock[], blockIndex: number, offset: number): number | null {
  const block = blocks[blockIndex];
  if (!block || !Number.isInteger(offset) || offset < 0 || offset > block.text.length) return null;
  return block.pos + offset;
}

export type ReplaceOptions = {
  /** Replace every occurrence (true) or only the first in document order (false). */
  all: boolean;
  /** Only match where the phrase is not part of a longer word. */
  wholeWord?: boolean;
  /** Only replace the occurrence starting at this textblock offset (a fact-check finding). */
  at?: { blockIndex: number; offset: number };
};

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Replaces `search` with `replacement` in the doc's text, keeping the marks of
 * the text node the match sits in. Matching is case-sensitive. A match that
 * crosses a mark boundary (e.g. "Phoe**nix**") spans two text nodes and is
 * deliberately skipped: there is no single set of marks to give the
 * replacement. Works on body docs and caption docs alike.
 */
export function replaceTextInDoc<T extends RichTextDoc>(
  doc: T,
  search: string,
  replacement: string,
  options: ReplaceOptions,
): { doc: T; count: number } {
  if (search.length === 0) throw new RangeError("replaceTextInDoc: search must not be empty");
  let blockIndex = -1;
  let count = 0;
  const done = () => !options.all && count > 0;

  const visit = (node: RichTextNode): RichTextNode => {
    if (done()) return node;
    if (editorSchema.nodes[node.type]?.isTextblock) {
      blockIndex++;
      return replaceInTextblock(node);
    }
    if (!node.content) return node;
    let changed = false;
    const content = node.content.map((child) => {
      const next = visit(child);
      if (next !== child) changed = true;
      return next;
    });
    return changed ? { ...node, content } : node;
  };

  const replaceInTextblock = (block: RichTextNode): RichTextNode => {
    const children = block.content ?? [];
    // The block's text and where each child starts in it (leaves count 1, like textBlocks).
    const starts: number[] = [];
    let text = "";
    for (const child of children) {
      starts.push(text.length);
      text += child.type === "text" ? (child.text ?? "") : child.type === HARD_BREAK ? "\n" : "\uFFFC";
    }

    const matchesByChild = new Map<number, number[]>();
    for (let from = 0; !done(); ) {
      const start = text.indexOf(search, from);
      if (start < 0) break;
      const end = start + search.length;
      from = start + 1;
      if (options.at && (options.at.blockIndex !== blockIndex || options.at.offset !== start)) continue;
      if (options.wholeWord && (WORD_CHAR.test(text[start - 1] ?? "") || WORD_CHAR.test(text[end] ?? ""))) {
        continue;
      }
      const childIndex = findChildAt(starts, start);
      const child = children[childIndex];
      if (child.type !== "text" || end > starts[childIndex] + (child.text ?? "").length) continue;
      const list = matchesByChild.get(childIndex) ?? [];
      list.push(start - starts[childIndex]);
      matchesByChild.set(childIndex, list);
      count++;
      from = end;
    }
    if (matchesByChild.size === 0) return block;

    const content: RichTextNode[] = [];
    children.forEach((child, i) => {
      const offsets = matchesByChild.get(i);
      if (!offsets) return content.push(child);
      const source = child.text ?? "";
      let result = "";
      let last = 0;
      for (const offset of offsets) {
        result += source.slice(last, offset) + replacement;
        last = offset + search.length;
      }
      result += source.slice(last);
      // Text nodes may not be empty; a match deleted outright removes the node.
      if (result) content.push({ ...child, text: result });
    });
    const next: RichTextNode = { ...block, content };
    if (content.length === 0) delete next.content;
    return next;
  };

  const result = visit(doc) as T;
  return { doc: result, count };
}

// Index of the last child starting at or before `offset` (starts is ascending).
function findChildAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
