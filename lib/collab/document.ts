import * as Y from "yjs";
import { prosemirrorJSONToYXmlFragment, updateYFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { editorSchema, type CaptionDoc, type RichTextDoc } from "@/lib/editor/schema";

// The shape of an article's live document, shared by the server (persistence, restore) and the
// browser (the editors bind to these fragments). Plain Yjs: no React, no database.
//
// Every text field is a ProseMirror fragment of the editor's own schema, so every field gets the
// same collaborative editing, carets and comments anchoring: the body; the headline, standfirst
// and each alt text as one plain paragraph; each caption as one paragraph with marks. A photo's
// credit is chosen, not typed: it lives in a map where the last choice wins.

export const BODY_FIELD = "body";
export const HEADLINE_FIELD = "headline";
export const STANDFIRST_FIELD = "standfirst";
export const captionField = (photoId: string) => `caption:${photoId}`;
export const altField = (photoId: string) => `alt:${photoId}`;
const CREDITS_MAP = "credits";

/** The document name a client asks for; anything else is refused before any lookup. */
const DOCUMENT_NAME = /^article:([a-z0-9]{1,64})$/;
export const collabDocumentName = (articleId: string) => `article:${articleId}`;
export function articleIdFromDocumentName(name: string): string | null {
  return DOCUMENT_NAME.exec(name)?.[1] ?? null;
}

/** The co-edited part of an article (photos keep their order and membership in the database). */
export interface CollabContent {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  photos: Array<{ id: string; caption: CaptionDoc; alt: string | null; creditId: string | null }>;
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
    const credits = doc.getMap<string | null>(CREDITS_MAP);
    for (const photo of content.photos) {
      writeFragment(doc, captionField(photo.id), photo.caption);
      writeFragment(doc, altField(photo.id), plainLineDoc(photo.alt ?? ""));
      if (!credits.has(photo.id) || credits.get(photo.id) !== photo.creditId) credits.set(photo.id, photo.creditId);
    }
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

/** What the live document says, for the photos the article has (in the article's order). */
export function readContent(doc: Y.Doc, photoIds: readonly string[]): CollabContent {
  const credits = doc.getMap<string | null>(CREDITS_MAP);
  const body = readFragment(doc, BODY_FIELD);
  return {
    headline: plainLineText(readFragment(doc, HEADLINE_FIELD)).trim(),
    standfirst: plainLineText(readFragment(doc, STANDFIRST_FIELD)).trim(),
    // An empty body is stored as one empty paragraph, as the editor makes it.
    body: body.content.length ? body : ({ type: "doc", content: [{ type: "paragraph" }] } as RichTextDoc),
    photos: photoIds.map((id) => {
      const alt = plainLineText(readFragment(doc, altField(id))).trim();
      return { id, caption: readCaption(doc, captionField(id)), alt: alt === "" ? null : alt, creditId: credits.get(id) ?? null };
    }),
  };
}

/** A photo's credit choice, as the credit pickers of every editor share it. */
export function creditsMap(doc: Y.Doc) {
  return doc.getMap<string | null>(CREDITS_MAP);
}
