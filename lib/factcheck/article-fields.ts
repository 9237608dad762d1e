import { textBlocks, type CaptionDoc, type RichTextDoc } from "@/lib/editor";
import type { CheckField } from "@/lib/factcheck/types";

// An article's editable content as the fact-checker reads it. The one mapping used by the desk
// (a draft from the editor), the CLI (a parsed document) and the archive (stored articles), so a
// finding's location means the same everywhere: body and caption blocks are `textBlocks` indices,
// which the editor maps back to ProseMirror positions with `plainRangeToPos`.
// Client-safe: no database, no engine.

export interface CheckablePhoto {
  /** The Photo row id, or any id unique within the article (the CLI uses the photo number). */
  id: string;
  caption: CaptionDoc | RichTextDoc;
  /** The photo's credit: a shared Credit row, checked once however many photos carry it. */
  credit: { id: string; label: string } | null;
}

export interface CheckableArticle {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  /** In position order: "Caption 3" is the third. */
  photos: readonly CheckablePhoto[];
}

export const captionFieldKey = (photoId: string) => `caption:${photoId}`;
export const creditFieldKey = (creditId: string) => `credit:${creditId}`;
/** A photo's alt text: not checked as text, but where the missing-alt finding points. */
export const altFieldKey = (photoId: string) => `alt:${photoId}`;

const blockTexts = (doc: RichTextDoc | CaptionDoc) => textBlocks(doc).map((block) => block.text);

/**
 * Fields in reading order: headline, standfirst, body, then each photo's caption followed by its
 * credit (a credit shared by several photos follows the first of them only). An empty standfirst
 * is left out; empty body blocks are kept so block indices stay the editor's.
 */
export function articleCheckFields(article: CheckableArticle): CheckField[] {
  const fields: CheckField[] = [{ key: "headline", kind: "headline", blocks: [article.headline] }];
  if (article.standfirst.trim()) fields.push({ key: "standfirst", kind: "standfirst", blocks: [article.standfirst] });
  fields.push({ key: "body", kind: "body", blocks: blockTexts(article.body) });
  const creditsSeen = new Set<string>();
  for (const photo of article.photos) {
    fields.push({ key: captionFieldKey(photo.id), kind: "caption", blocks: blockTexts(photo.caption) });
    if (photo.credit && !creditsSeen.has(photo.credit.id)) {
      creditsSeen.add(photo.credit.id);
      fields.push({ key: creditFieldKey(photo.credit.id), kind: "credit", blocks: [photo.credit.label] });
    }
  }
  return fields;
}

/** What a field key points at, for people: a label ("Caption 4") and a short token ("caption-4"). */
export interface FieldDescription {
  label: string;
  token: string;
  /** The photo's 1-based number, for captions and credits. */
  photoNumber?: number;
  /** The Credit row a credit field is (the desk links to it on the credits page). */
  creditId?: string;
}

/** Descriptions of every field key `articleCheckFields` gives for this article. */
export function describeArticleFields(article: Pick<CheckableArticle, "photos">): Map<string, FieldDescription> {
  const descriptions = new Map<string, FieldDescription>([
    ["headline", { label: "Headline", token: "headline" }],
    ["standfirst", { label: "Standfirst", token: "standfirst" }],
    ["body", { label: "Body", token: "body" }],
  ]);
  article.photos.forEach((photo, index) => {
    const photoNumber = index + 1;
    descriptions.set(captionFieldKey(photo.id), { label: `Caption ${photoNumber}`, token: `caption-${photoNumber}`, photoNumber });
    descriptions.set(altFieldKey(photo.id), { label: `Alt text of photo ${photoNumber}`, token: `alt-${photoNumber}`, photoNumber });
    if (photo.credit && !descriptions.has(creditFieldKey(photo.credit.id))) {
      descriptions.set(creditFieldKey(photo.credit.id), {
        label: `Credit of photo ${photoNumber}`,
        token: `credit-${photoNumber}`,
        photoNumber,
        creditId: photo.credit.id,
      });
    }
  });
  return descriptions;
}

/** "Body ¶3", "Caption 4", "Headline": where a finding stands, for the desk and the CLI. */
export function describeLocation(description: FieldDescription | undefined, fieldKey: string, block: number): string {
  if (!description) return fieldKey;
  return fieldKey === "body" ? `${description.label} ¶${block + 1}` : description.label;
}
