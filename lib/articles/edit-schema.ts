import { z } from "zod";
import { captionDocSchema, richTextDocSchema, type CaptionDoc, type RichTextDoc } from "@/lib/editor";

// Client-safe: the desk editor uses these types and limits; the server parses with the schemas.

export const HEADLINE_MAX = 200;
export const STANDFIRST_MAX = 600;
export const ALT_MAX = 300;

const id = z.string().trim().min(1).max(64);

export const photoEditSchema = z.strictObject({
  id,
  caption: captionDocSchema,
  // An empty alt text is stored as null: "no description yet", not a decorative image.
  alt: z
    .string()
    .max(ALT_MAX, `Keep the alt text under ${ALT_MAX} characters.`)
    .nullable()
    .transform((alt) => (alt === null || alt.trim() === "" ? null : alt.trim())),
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
    headline: z
      .string()
      .trim()
      .min(1, "Enter a headline.")
      .max(HEADLINE_MAX, `Keep the headline under ${HEADLINE_MAX} characters.`),
    standfirst: z.string().trim().max(STANDFIRST_MAX, `Keep the standfirst under ${STANDFIRST_MAX} characters.`),
    body: richTextDocSchema,
    photos: z.array(photoEditSchema).max(500),
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
    credit: string | null;
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
