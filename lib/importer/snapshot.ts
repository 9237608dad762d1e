import { buildSnapshot, type ArticleSnapshot } from "@/lib/articles/snapshot";
import { captionFromText, docFromBlocks, type CaptionDoc, type RichTextDoc } from "@/lib/editor";
import type { ParsedDocument, PhotoCredit } from "./parse";

/** The article content a parsed document becomes, in the shape the Article and Photo rows take. */
export interface ImportedContent {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  photos: Array<{ position: number; caption: CaptionDoc; alt: null; credit: PhotoCredit | null }>;
}

export function articleContentFromParsed(parsed: ParsedDocument): ImportedContent {
  return {
    headline: parsed.headline,
    standfirst: parsed.standfirst,
    body: docFromBlocks(parsed.blocks),
    photos: parsed.photos.map((photo, position) => ({
      position,
      caption: captionFromText(photo.caption),
      // Wire documents carry no alt text: editors write it.
      alt: null,
      credit: photo.credit,
    })),
  };
}

export interface SnapshotIds {
  /** The Credit row id of a credit. */
  creditId: (credit: PhotoCredit) => string;
  /** Photo row ids by position, when the rows exist. */
  photoIds?: readonly string[];
}

/** The Revision snapshot of an imported article (the shape `buildSnapshot` gives every revision). */
export function snapshotOfImportedContent(content: ImportedContent, ids: SnapshotIds): ArticleSnapshot {
  return buildSnapshot({
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo) => ({
      id: ids.photoIds?.[photo.position] ?? null,
      position: photo.position,
      caption: photo.caption,
      alt: photo.alt,
      imageUrl: null,
      creditId: photo.credit ? ids.creditId(photo.credit) : null,
      credit: photo.credit,
    })),
  });
}

/** The Revision snapshot of a parsed document: headline, standfirst, body and photos with credits. */
export function articleSnapshotFromParsed(parsed: ParsedDocument, ids: SnapshotIds): ArticleSnapshot {
  return snapshotOfImportedContent(articleContentFromParsed(parsed), ids);
}
