import * as Y from "yjs";
import { prosemirrorJSONToYXmlFragment, updateYFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { editorSchema, type CaptionDoc, type RichTextDoc } from "@/lib/editor/schema";

// The shape of an article's live document, shared by the server (persistence, restore) and the
// browser (the editors bind to these fragments). Plain Yjs: no React, no database.
//
// Every text field is a ProseMirror fragment of the editor's own schema, so every field gets the
// same collaborative editing, carets and comments anchoring: the body; the headline, standfirst
// and each alt text as one plain paragraph; each caption as one paragraph with marks. A photo's
// credit, image and focal point are chosen, not typed: they live in maps where the last choice wins.
// The photos' reading order is a list of their ids, so photos added, moved and removed by
// different people at once all survive (a photo moved twice at once is listed once).

export const BODY_FIELD = "body";
export const HEADLINE_FIELD = "headline";
export const STANDFIRST_FIELD = "standfirst";
export const captionField = (photoId: string) => `caption:${photoId}`;
export const altField = (photoId: string) => `alt:${photoId}`;
const CREDITS_MAP = "credits";
const MEDIA_MAP = "media";
const PHOTO_ORDER = "photoOrder";
// Set once the document holds the photo order (documents stored before it keep the database's).
const LAYOUT_MAP = "layout";
const ORDER_WRITTEN = "photoOrderWritten";

/** A photo's image and focal point (null image: a caption card). */
export interface PhotoMedia {
  imageId: string | null;
  focal: { x: number; y: number } | null;
}

/** The document name a client asks for; anything else is refused before any lookup. */
const DOCUMENT_NAME = /^article:([a-z0-9]{1,64})$/;
export const collabDocumentName = (articleId: string) => `article:${articleId}`;
export function articleIdFromDocumentName(name: string): string | null {
  return DOCUMENT_NAME.exec(name)?.[1] ?? null;
}

/** The co-edited part of an article: its text, and its photos in reading order. */
export interface CollabContent {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  photos: Array<{
    id: string;
    caption: CaptionDoc;
    alt: string | null;
    creditId: string | null;
    /** Absent: the photo's image is left as it is (a document stored before images were co-edited). */
    imageId?: string | null;
    focal?: { x: number; y: number } | null;
  }>;
}

/** A single-paragraph document holding `text` (no marks), as the plain-line editors edit it. */
export function plainLineDoc(text: string): CaptionDoc {
  const paragraph = text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" };
  return { type: "doc", content: [paragraph] } as CaptionDoc;
}

/** The text of a plain-line document; paragraphs (pasted ones too) join with a space. */
export function plainLineText(doc: { content?: Array<{ content?: Array<{ text?: string }> }> }): string {
  return (doc.content ?? [])
    .map((block) => (block.content ?? []).map((inline) => inline.text ?? "").join(""))
    .join(" ");
}

function writeFragment(doc: Y.Doc, field: string, json: RichTextDoc | CaptionDoc) {
  const fragment = doc.getXmlFragment(field);
  const node = editorSchema.nodeFromJSON(json);
  // updateYFragment changes only what differs, so concurrent edits elsewhere in the field survive
  // and every connected editor receives one small change, not a wipe and a re-insert.
  if (fragment.length === 0) prosemirrorJSONToYXmlFragment(editorSchema, json, fragment);
  else updateYFragment(doc, fragment, node, { mapping: new Map(), isOMark: new Map() });
}

/**
 * Makes the live document say `content`, as one Yjs transaction (one update for every client).
 * Used to seed a new document from the stored draft and to apply a restore or an outside save.
 */
export function applyContent(doc: Y.Doc, content: CollabContent, origin: unknown = "copydesk") {
  doc.transact(() => {
    writeFragment(doc, BODY_FIELD, content.body);
    writeFragment(doc, HEADLINE_FIELD, plainLineDoc(content.headline));
    writeFragment(doc, STANDFIRST_FIELD, plainLineDoc(content.standfirst));
    for (const photo of content.photos) writePhoto(doc, photo);
    writePhotoOrder(doc, content.photos.map((photo) => photo.id));
  }, origin);
}

type CollabPhoto = CollabContent["photos"][number];
/** A photo as an editor's working copy holds it (its caption typed as any rich text). */
type EditedPhoto = Omit<CollabPhoto, "caption"> & { caption: CaptionDoc | RichTextDoc };

function writePhoto(doc: Y.Doc, photo: EditedPhoto) {
  writeFragment(doc, captionField(photo.id), photo.caption);
  writeFragment(doc, altField(photo.id), plainLineDoc(photo.alt ?? ""));
  writeChoices(doc, photo);
}

function writeChoices(doc: Y.Doc, photo: Pick<CollabPhoto, "id" | "creditId" | "imageId" | "focal">) {
  const credits = creditsMap(doc);
  const media = mediaMap(doc);
  if (!credits.has(photo.id) || credits.get(photo.id) !== photo.creditId) credits.set(photo.id, photo.creditId);
  if (photo.imageId !== undefined) {
    const next: PhotoMedia = { imageId: photo.imageId, focal: photo.imageId ? (photo.focal ?? { x: 50, y: 50 }) : null };
    if (JSON.stringify(media.get(photo.id) ?? null) !== JSON.stringify(next)) media.set(photo.id, next);
  }
}

/**
 * Makes the photo order say `ids` with the fewest changes: the longest run of the list already in
 * order stays, every other entry is deleted and the rest inserted where they belong. So a photo
 * another client added meanwhile stays, and one someone else removed meanwhile is not put back
 * unless this client moved it.
 */
function writePhotoOrder(doc: Y.Doc, ids: readonly string[]) {
  const layout = doc.getMap<boolean>(LAYOUT_MAP);
  const order = doc.getArray<string>(PHOTO_ORDER);
  if (layout.get(ORDER_WRITTEN) !== true) layout.set(ORDER_WRITTEN, true);
  const current = order.toArray();
  const kept = commonOrder(current, ids);
  for (let index = current.length - 1; index >= 0; index--) if (!kept.current.has(index)) order.delete(index, 1);
  // The list is now the kept entries; each other id goes in at its place among them.
  ids.forEach((id, index) => {
    if (!kept.wanted.has(index)) order.insert(index, [id]);
  });
}

/** The positions in `current` and in `wanted` of their longest common subsequence. */
function commonOrder(current: readonly string[], wanted: readonly string[]) {
  const rows = current.length;
  const columns = wanted.length;
  // lengths[i][j]: the longest common subsequence of current[i..] and wanted[j..].
  const lengths = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      lengths[i][j] = current[i] === wanted[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const kept = { current: new Set<number>(), wanted: new Set<number>() };
  for (let i = 0, j = 0; i < rows && j < columns; ) {
    if (current[i] === wanted[j]) {
      kept.current.add(i++);
      kept.wanted.add(j++);
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
    else j++;
  }
  return kept;
}

/** The photos' ids in reading order, each once; null when the document never held an order. */
export function photoOrder(doc: Y.Doc): string[] | null {
  if (doc.getMap<boolean>(LAYOUT_MAP).get(ORDER_WRITTEN) !== true) return null;
  return [...new Set(doc.getArray<string>(PHOTO_ORDER).toArray())];
}

/**
 * Applies an editor's change to the photos (`before` → `after`, both read from this document just
 * now) as small edits: the order when it changed, and for each photo only the parts that differ, so
 * nothing someone else is typing elsewhere is touched. A new photo is written whole.
 */
export function applyPhotoChanges(doc: Y.Doc, before: readonly EditedPhoto[], after: readonly EditedPhoto[], origin: unknown = null) {
  const previous = new Map(before.map((photo) => [photo.id, photo]));
  doc.transact(() => {
    for (const photo of after) {
      const old = previous.get(photo.id);
      if (!old) {
        writePhoto(doc, photo);
        continue;
      }
      if (JSON.stringify(old.caption) !== JSON.stringify(photo.caption)) writeFragment(doc, captionField(photo.id), photo.caption);
      if (old.alt !== photo.alt) writeFragment(doc, altField(photo.id), plainLineDoc(photo.alt ?? ""));
      writeChoices(doc, photo);
    }
    const ids = after.map((photo) => photo.id);
    if (JSON.stringify(ids) !== JSON.stringify(before.map((photo) => photo.id))) writePhotoOrder(doc, ids);
  }, origin);
}

function readFragment(doc: Y.Doc, field: string): RichTextDoc {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(field)) as RichTextDoc;
  return { type: "doc", content: json.content ?? [] } as RichTextDoc;
}

/** A caption is one paragraph: extra paragraphs (a paste) are joined into the first, with a space. */
function readCaption(doc: Y.Doc, field: string): CaptionDoc {
  const blocks = readFragment(doc, field).content;
  const inline = blocks.flatMap((block, index) => [
    ...(index > 0 && block.content?.length ? [{ type: "text", text: " " }] : []),
    ...(block.content ?? []),
  ]);
  return { type: "doc", content: [inline.length ? { type: "paragraph", content: inline } : { type: "paragraph" }] } as CaptionDoc;
}

/**
 * What the live document says: its photos in its own order, or in `storedOrder` (the article's
 * photos in the database) for a document stored before it held the order.
 */
export function readContent(doc: Y.Doc, storedOrder: readonly string[]): CollabContent {
  const photoIds = photoOrder(doc) ?? storedOrder;
  const credits = creditsMap(doc);
  const media = mediaMap(doc);
  const body = readFragment(doc, BODY_FIELD);
  return {
    headline: plainLineText(readFragment(doc, HEADLINE_FIELD)).trim(),
    standfirst: plainLineText(readFragment(doc, STANDFIRST_FIELD)).trim(),
    // An empty body is stored as one empty paragraph, as the editor makes it.
    body: body.content.length ? body : ({ type: "doc", content: [{ type: "paragraph" }] } as RichTextDoc),
    photos: photoIds.map((id) => {
      const alt = plainLineText(readFragment(doc, altField(id))).trim();
      const chosen = media.get(id);
      return {
        id,
        caption: readCaption(doc, captionField(id)),
        alt: alt === "" ? null : alt,
        creditId: credits.get(id) ?? null,
        ...(chosen ? { imageId: chosen.imageId, focal: chosen.focal } : {}),
      };
    }),
  };
}

/** A photo's credit choice, as the credit pickers of every editor share it. */
export function creditsMap(doc: Y.Doc) {
  return doc.getMap<string | null>(CREDITS_MAP);
}

/** A photo's image and focal point, as every editor's image field shares them. */
export function mediaMap(doc: Y.Doc) {
  return doc.getMap<PhotoMedia>(MEDIA_MAP);
}
