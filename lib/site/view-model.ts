import "server-only";
import { captionDocSchema, captionToPlainText, richTextDocSchema, type CaptionDoc, type RichTextDoc } from "@/lib/editor";
import { renderCaptionToHtml, renderDocToHtml } from "@/lib/editor/render";
import { readStoredSnapshot, StoredSnapshotError, type ArticleSnapshot, type PhotoSnapshot } from "@/lib/articles/snapshot";
import type { ReaderCorrection, ReaderCorrectionKind, ReaderImage, ReaderPhoto } from "./types";

/** An image as `readerPhotos` needs it, by asset id (lib/media's imageRefs). */
export type ImageFacts = Omit<ReaderImage, "focal">;

// Turns stored snapshots into the plain objects reader components render. Shared by the
// reader queries and the desk's draft preview, so both show an article the same way.

/**
 * An article's published snapshot for a reader list (front page, feed, sitemap, corrections): one
 * that does not read is left out of the list and logged (one damaged row must not take the front
 * page down); the article's own page lets the StoredSnapshotError through.
 */
export function listedSnapshot(row: { slug: string; publishedSnapshot: unknown }): ArticleSnapshot | null {
  try {
    return readStoredSnapshot(row.publishedSnapshot, `The published snapshot of /articles/${row.slug}`);
  } catch (error) {
    if (!(error instanceof StoredSnapshotError)) throw error;
    console.error(`Reader: ${error.message} It is left out of the list.`);
    return null;
  }
}

/** Sanitized body HTML. A body that fails validation still renders what the renderer knows. */
export function bodyHtmlFromSnapshot(body: unknown): string {
  const parsed = richTextDocSchema.safeParse(body);
  if (!parsed.success) console.warn("Reader: rendering an article body that does not match the schema");
  try {
    return renderDocToHtml((parsed.success ? parsed.data : body) as RichTextDoc);
  } catch (error) {
    console.error("Reader: could not render an article body", error);
    return "";
  }
}

function captionFrom(caption: unknown): { html: string; text: string } {
  const parsed = captionDocSchema.safeParse(caption);
  const doc = (parsed.success ? parsed.data : caption) as CaptionDoc;
  try {
    return { html: renderCaptionToHtml(doc), text: captionToPlainText(doc).trim() };
  } catch (error) {
    console.error("Reader: could not render a caption", error);
    return { html: "", text: "" };
  }
}

/**
 * Reader photos in position order. Credits are looked up by id in `creditLabels` (the live
 * Credit table, so a corrected spelling shows at once); the label stored in the snapshot is
 * only a fallback for a credit that has since been deleted.
 */
export function readerPhotos(
  photos: readonly PhotoSnapshot[],
  creditLabels: ReadonlyMap<string, string>,
  images: ReadonlyMap<string, ImageFacts> = new Map(),
): ReaderPhoto[] {
  return [...photos]
    .sort((a, b) => a.position - b.position)
    .map((photo) => {
      const caption = captionFrom(photo.caption);
      const credit = (photo.creditId ? creditLabels.get(photo.creditId) : undefined) ?? photo.credit ?? null;
      const alt = photo.alt?.trim() || caption.text;
      const facts = photo.imageId ? images.get(photo.imageId) : undefined;
      const image = facts ? { ...facts, focal: photo.focal ?? { x: 50, y: 50 } } : null;
      return { captionHtml: caption.html, captionText: caption.text, credit, alt, imageUrl: photo.imageUrl ?? null, image };
    });
}

export function imageIdsOf(snapshots: ReadonlyArray<Pick<ArticleSnapshot, "photos"> | null>): string[] {
  const ids = new Set<string>();
  for (const snapshot of snapshots) for (const photo of snapshot?.photos ?? []) if (photo.imageId) ids.add(photo.imageId);
  return [...ids];
}

export function creditIdsOf(snapshots: ReadonlyArray<ArticleSnapshot | null>): string[] {
  const ids = new Set<string>();
  for (const snapshot of snapshots) for (const photo of snapshot?.photos ?? []) if (photo.creditId) ids.add(photo.creditId);
  return [...ids];
}

export function correctionKind(kind: string): ReaderCorrectionKind | null {
  return kind === "correction" || kind === "clarification" ? kind : null;
}

export function readerCorrections(rows: ReadonlyArray<{ kind: string; note: string; createdAt: Date }>): ReaderCorrection[] {
  return rows
    .map((row) => ({ kind: correctionKind(row.kind), note: row.note, date: row.createdAt.toISOString() }))
    .filter((row): row is ReaderCorrection => row.kind !== null)
    .sort((a, b) => a.date.localeCompare(b.date));
}
