import { z } from "zod";

/**
 * The editable content of an article at one moment: what a Revision stores and what a
 * publication shows readers. Credits are referenced by id (a fixed credit spelling shows on
 * every photo at once) with the label as it read then, for history views.
 */
export interface PhotoSnapshot {
  id: string | null;
  position: number;
  caption: unknown; // CaptionDoc (TipTap JSON), validated with captionDocSchema where it enters
  alt: string | null;
  imageUrl: string | null;
  creditId: string | null;
  credit: string | null;
}

export interface ArticleSnapshot {
  headline: string;
  standfirst: string;
  body: unknown; // RichTextDoc (TipTap JSON)
  photos: PhotoSnapshot[];
}

/** Loose structural check for snapshots read back from JSON columns. */
export const articleSnapshotShape = z.object({
  headline: z.string(),
  standfirst: z.string(),
  body: z.unknown(),
  photos: z.array(
    z.object({
      id: z.string().nullable(),
      position: z.number().int(),
      caption: z.unknown(),
      alt: z.string().nullable(),
      imageUrl: z.string().nullable(),
      creditId: z.string().nullable(),
      credit: z.string().nullable(),
    }),
  ),
});
