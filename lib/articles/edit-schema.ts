import { z } from "zod";
import {
  CAPTION_LIMITS,
  RICH_TEXT_LIMITS,
  captionDocSchema,
  richTextDocSchema,
  richTextLimitViolation,
  type CaptionDoc,
  type RichTextDoc,
} from "@/lib/editor";

// Client-safe: the desk editor uses these types and limits; the server parses with the schemas.

// One set of content limits for every way into an article: the importer checks each document
// with `articleContentSchema` before writing it, a save parses with `articleEditSchema` (built
// from the same field schemas), and publish checks the revision it makes public. So a document
// that can be imported can be saved and published. Body and caption limits are the editor's
// (RICH_TEXT_LIMITS, CAPTION_LIMITS in lib/editor/schema.ts).
export const HEADLINE_MAX = 200;
export const STANDFIRST_MAX = 600;
export const ALT_MAX = 300;
export const PHOTOS_MAX = 500;

const id = z.string().trim().min(1).max(64);

export const headlineSchema = z
  .string()
  .trim()
  .min(1, "Enter a headline.")
  .max(HEADLINE_MAX, `Keep the headline under ${HEADLINE_MAX} characters.`);
export const standfirstSchema = z
  .string()
  .trim()
  .max(STANDFIRST_MAX, `Keep the standfirst under ${STANDFIRST_MAX} characters.`);
// An empty alt text is stored as null: "no description yet", not a decorative image.
export const altSchema = z
  .string()
  .max(ALT_MAX, `Keep the alt text under ${ALT_MAX} characters.`)
  .nullable()
  .transform((alt) => (alt === null || alt.trim() === "" ? null : alt.trim()));
const photoList = <T extends z.ZodType>(photo: T) =>
  z.array(photo).max(PHOTOS_MAX, `An article holds at most ${PHOTOS_MAX} photos.`);

/**
 * The limits of an article's content, whatever else its photos carry (ids, credits, positions):
 * what an import may create and what publish may make public.
 */
export const articleContentSchema = z.object({
  headline: headlineSchema,
  standfirst: standfirstSchema,
  body: richTextDocSchema,
  photos: photoList(z.object({ caption: captionDocSchema, alt: altSchema })),
});

/** Where content is over a limit (a path into the content, as zod gives it) and by how much. */
export interface ContentLimitIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * The size limits of `articleContentSchema`, without its structural checks, for content whose
 * structure is right by construction (the importer builds bodies with `docFromBlocks` and captions
 * with `captionFromText`): the same limits and the same counting, at a fraction of the cost of a
 * full parse per document. lib/importer/limits.test.ts checks that it agrees with the schema.
 */
export function contentLimitIssues(content: {
  headline: string;
  standfirst: string;
  body: unknown;
  photos: ReadonlyArray<{ caption: unknown; alt: string | null }>;
}): ContentLimitIssue[] {
  const issues: ContentLimitIssue[] = [];
  const headline = content.headline.trim().length;
  if (headline === 0) issues.push({ path: ["headline"], message: "the headline is empty" });
  if (headline > HEADLINE_MAX) {
    issues.push({ path: ["headline"], message: `the headline is ${headline} characters long; at most ${HEADLINE_MAX} are allowed` });
  }
  const standfirst = content.standfirst.trim().length;
  if (standfirst > STANDFIRST_MAX) {
    issues.push({ path: ["standfirst"], message: `the standfirst is ${standfirst} characters long; at most ${STANDFIRST_MAX} are allowed` });
  }
  const body = richTextLimitViolation(content.body, RICH_TEXT_LIMITS);
  if (body) issues.push({ path: ["body"], message: `the body is too big: ${body}` });
  if (content.photos.length > PHOTOS_MAX) {
    issues.push({ path: ["photos"], message: `${content.photos.length} photos; an article holds at most ${PHOTOS_MAX}` });
  }
  content.photos.forEach((photo, index) => {
    const caption = richTextLimitViolation(photo.caption, CAPTION_LIMITS);
    if (caption) issues.push({ path: ["photos", index, "caption"], message: `the caption is too big: ${caption}` });
    if (photo.alt !== null && photo.alt.length > ALT_MAX) {
      issues.push({ path: ["photos", index, "alt"], message: `the alt text is ${photo.alt.length} characters long; at most ${ALT_MAX} are allowed` });
    }
  });
  return issues;
}

export const photoEditSchema = z.strictObject({
  id,
  caption: captionDocSchema,
  alt: altSchema,
  creditId: id.nullable(),
  // The uploaded image shown with the caption (null: a caption card); omitted: unchanged.
  imageId: id.nullable().optional(),
  focal: z
    .strictObject({ x: z.number().int().min(0).max(100), y: z.number().int().min(0).max(100) })
    .nullable()
    .optional(),
});

/**
 * One save from the article editor: the whole editable content plus the version it started from.
 * `photos` is the article's whole photo list in reading order: a photo left out is removed, and a
 * new one carries a fresh UUID the desk made for it.
 */
export const articleEditSchema = z
  .strictObject({
    articleId: id,
    expectedVersion: z.number().int().min(1),
    headline: headlineSchema,
    standfirst: standfirstSchema,
    body: richTextDocSchema,
    photos: photoList(photoEditSchema),
  })
  .superRefine((edit, ctx) => {
    const seen = new Set<string>();
    edit.photos.forEach((photo, index) => {
      if (seen.has(photo.id)) {
        ctx.addIssue({ code: "custom", path: ["photos", index, "id"], message: "This photo is listed twice." });
      }
      seen.add(photo.id);
    });
  });

export type ArticleEdit = z.output<typeof articleEditSchema>;
export type ArticleEditInput = z.input<typeof articleEditSchema>;
export type PhotoEdit = z.output<typeof photoEditSchema>;

/** A photo credit as the desk shows and picks it (the label is formatCredit's "AP/Martin Meissner"). */
export interface EditableCredit {
  id: string;
  agency: string;
  photographer: string;
  label: string;
}

/** The content an editor sees and saves, also what a conflict reports as "their version". */
export interface EditableContent {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  photos: Array<{
    id: string;
    position: number;
    caption: CaptionDoc;
    alt: string | null;
    creditId: string | null;
    /** The credit itself, so a view of this content needs no credit list to name it. */
    credit: EditableCredit | null;
    /** As in a snapshot: present only for a photo with an image. */
    imageId?: string;
    focal?: { x: number; y: number };
  }>;
}

/** `ConflictError.details` of a refused save: who made the newer version, when, and what it says. */
export interface SaveConflict {
  currentVersion: number;
  changedBy: { name: string } | null;
  changedAt: string;
  current: EditableContent;
}

export function isSaveConflict(value: unknown): value is SaveConflict {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SaveConflict).currentVersion === "number" &&
    typeof (value as SaveConflict).current === "object"
  );
}

export type SaveResult = { changed: boolean; version: number; summary: string; savedAt: string };
