import {
  captionToPlainText,
  diffWords,
  docToPlainText,
  type CaptionDoc,
  type DiffSegment,
  type RichTextDoc,
} from "@/lib/editor";
import { EMPTY_TAXONOMY, sameJson, type ArticleSnapshot, type PhotoSnapshot } from "./snapshot";

// What changed between two versions of an article, field by field, as readable word diffs of the
// text (never the JSON). Pure, so the history view, the save summary and tests share it.

export type ChangedField = "headline" | "standfirst" | "body" | "bylines" | "section" | "tags" | "caption" | "alt" | "credit" | "image" | "order";

export interface FieldChange {
  field: ChangedField;
  /** "Headline", "Body", "Caption 3", "Credit 3" … (photos numbered 1.. in position order). */
  label: string;
  /** For photo fields: the photo's 1-based number and id. */
  photoNumber?: number;
  photoId?: string | null;
  before: string;
  after: string;
  segments: DiffSegment[];
  /** The text reads the same; only marks (bold, links, headings …) changed. */
  formattingOnly: boolean;
}

function safePlainText(doc: unknown, toText: (doc: never) => string): string {
  if (doc === null || doc === undefined) return "";
  try {
    return toText(doc as never);
  } catch {
    // A stored doc the current schema cannot read (an older revision): show no text rather than fail the page.
    return "";
  }
}

export const bodyText = (doc: unknown) => safePlainText(doc, (d: RichTextDoc) => docToPlainText(d));
export const captionText = (doc: unknown) => safePlainText(doc, (d: CaptionDoc) => captionToPlainText(d));

/**
 * Word diffs alternate at every space ("Edna"→"Second", " ", "wrote"→"writer" …), which reads
 * badly. A space between two changes is folded into them, so a rewritten phrase shows as one
 * deletion followed by one insertion. The segments still spell both texts exactly.
 */
export function groupChanges(segments: DiffSegment[]): DiffSegment[] {
  const grouped: DiffSegment[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) grouped.push({ op: "delete", text: removed });
    if (added) grouped.push({ op: "insert", text: added });
    removed = "";
    added = "";
  };
  segments.forEach((segment, index) => {
    if (segment.op === "delete") removed += segment.text;
    else if (segment.op === "insert") added += segment.text;
    else if ((removed || added) && /^\s+$/.test(segment.text) && segments[index + 1] && segments[index + 1].op !== "equal") {
      removed += segment.text;
      added += segment.text;
    } else {
      flush();
      grouped.push({ ...segment });
    }
  });
  flush();
  return grouped;
}

/** A field's value: what is compared (raw) and how it reads (text, worked out only when it changed). */
interface FieldValue {
  raw: unknown;
  text: string | (() => string);
}

const textOf = (value: FieldValue) => (typeof value.text === "function" ? value.text() : value.text);

function textChange(
  field: ChangedField,
  label: string,
  before: FieldValue,
  after: FieldValue,
  photo?: { number: number; id: string | null },
): FieldChange | null {
  if (sameJson(before.raw ?? null, after.raw ?? null)) return null;
  const beforeText = textOf(before);
  const afterText = textOf(after);
  const change: FieldChange = {
    field,
    label,
    before: beforeText,
    after: afterText,
    segments: groupChanges(diffWords(beforeText, afterText)),
    formattingOnly: beforeText === afterText,
  };
  if (photo) {
    change.photoNumber = photo.number;
    change.photoId = photo.id;
  }
  return change;
}

const plain = (text: string | null) => ({ text: text ?? "", raw: text ?? "" });

/** How a photo's image reads in a diff: which image, and where its focal point is. */
function imageDescription(photo: PhotoSnapshot | null): { text: string; raw: unknown } {
  if (!photo?.imageId) return { text: photo ? "No image" : "", raw: null };
  const focal = photo.focal ?? { x: 50, y: 50 };
  return {
    text: `Image ${photo.imageId}, focal point ${focal.x}% across ${focal.y}% down`,
    raw: { imageId: photo.imageId, focal },
  };
}

/**
 * Pairs the photos of two snapshots: by id where both have one, else by position (an old
 * snapshot's photos may have no id); each old photo once, the first in order when several fit.
 * Maps, not a search per photo: 500 photos are 500 look-ups.
 */
function pairPhotos(before: PhotoSnapshot[], after: PhotoSnapshot[]) {
  const byOrder = (list: PhotoSnapshot[]) => [...list].sort((a, b) => a.position - b.position);
  const ordered = byOrder(before);
  const rank = new Map(ordered.map((photo, index) => [photo, index]));
  const remaining = new Set(ordered);
  const byId = new Map<string, PhotoSnapshot>();
  const byPosition = new Map<number, PhotoSnapshot>();
  const withoutIdByPosition = new Map<number, PhotoSnapshot>();
  for (const old of ordered) {
    if (old.id && !byId.has(old.id)) byId.set(old.id, old);
    if (!byPosition.has(old.position)) byPosition.set(old.position, old);
    if (!old.id && !withoutIdByPosition.has(old.position)) withoutIdByPosition.set(old.position, old);
  }
  const available = (old: PhotoSnapshot | undefined) => (old && remaining.has(old) ? old : null);
  const pairs: Array<{ before: PhotoSnapshot | null; after: PhotoSnapshot | null }> = [];
  for (const photo of byOrder(after)) {
    let match: PhotoSnapshot | null;
    if (photo.id) {
      const sameId = available(byId.get(photo.id));
      const samePlace = available(withoutIdByPosition.get(photo.position));
      match = sameId && samePlace ? (rank.get(sameId)! < rank.get(samePlace)! ? sameId : samePlace) : (sameId ?? samePlace);
    } else {
      match = available(byPosition.get(photo.position));
    }
    if (match) remaining.delete(match);
    pairs.push({ before: match, after: photo });
  }
  for (const old of remaining) pairs.push({ before: old, after: null });
  return pairs;
}

/** Every field that differs between `before` and `after`, in reading order, with word diffs. */
export function compareSnapshots(before: ArticleSnapshot, after: ArticleSnapshot): FieldChange[] {
  const changes: Array<FieldChange | null> = [
    textChange("headline", "Headline", plain(before.headline), plain(after.headline)),
    textChange("standfirst", "Standfirst", plain(before.standfirst), plain(after.standfirst)),
    textChange(
      "body",
      "Body",
      { text: () => bodyText(before.body), raw: before.body },
      { text: () => bodyText(after.body), raw: after.body },
    ),
  ];
  // Bylines, section and tags read as their names; compared by who and what they name (ids, in order).
  const taxonomyBefore = before.taxonomy ?? EMPTY_TAXONOMY;
  const taxonomyAfter = after.taxonomy ?? EMPTY_TAXONOMY;
  const names = (list: Array<{ id: string; name: string }>) => ({ text: list.map((item) => item.name).join(", "), raw: list.map((item) => item.id) });
  changes.push(
    textChange("bylines", "Bylines", names(taxonomyBefore.bylines), names(taxonomyAfter.bylines)),
    textChange("section", "Section", names(taxonomyBefore.section ? [taxonomyBefore.section] : []), names(taxonomyAfter.section ? [taxonomyAfter.section] : [])),
    textChange("tags", "Tags", names(taxonomyBefore.tags), names(taxonomyAfter.tags)),
  );
  // A reorder changes no photo's text: it shows as the photo order, numbered as before.
  const order = (photos: PhotoSnapshot[]) => [...photos].sort((a, b) => a.position - b.position).map((photo) => photo.id);
  const beforeOrder = order(before.photos);
  const afterOrder = order(after.photos);
  const beforeIds = new Set(beforeOrder);
  const afterIds = new Set(afterOrder);
  const kept = afterOrder.filter((id) => id !== null && beforeIds.has(id));
  const keptBefore = beforeOrder.filter((id) => id !== null && afterIds.has(id));
  if (kept.join() !== keptBefore.join()) {
    const numberOf = new Map(beforeOrder.map((id, index) => [id, index + 1]));
    const describe = (ids: Array<string | null>) => ids.map((id) => `photo ${numberOf.get(id)}`).join(", ");
    changes.push(textChange("order", "Photo order", plain(describe(keptBefore)), plain(describe(kept))));
  }
  pairPhotos(before.photos, after.photos).forEach((pair, index) => {
    const photo = { number: index + 1, id: pair.after?.id ?? pair.before?.id ?? null };
    changes.push(
      textChange(
        "caption",
        `Caption ${photo.number}`,
        { text: () => captionText(pair.before?.caption), raw: pair.before?.caption ?? null },
        { text: () => captionText(pair.after?.caption), raw: pair.after?.caption ?? null },
        photo,
      ),
      textChange("alt", `Alt text ${photo.number}`, plain(pair.before?.alt ?? null), plain(pair.after?.alt ?? null), photo),
      // A credit is compared by what it reads, so a renamed credit shows as the new spelling.
      textChange(
        "credit",
        `Credit ${photo.number}`,
        plain(pair.before?.credit ?? null),
        plain(pair.after?.credit ?? null),
        photo,
      ),
      textChange("image", `Image ${photo.number}`, imageDescription(pair.before), imageDescription(pair.after), photo),
    );
  });
  return changes.filter((change): change is FieldChange => change !== null);
}

const PHOTO_FIELD_NAMES: Record<"caption" | "alt" | "credit" | "image", [string, string]> = {
  caption: ["caption", "captions"],
  alt: ["alt text", "alt texts"],
  credit: ["credit", "credits"],
  image: ["image", "images"],
};

/** A revision summary such as "Edited body, caption 3" or "Edited headline, captions 1, 4". */
export function summarizeChanges(changes: FieldChange[]): string {
  if (changes.length === 0) return "No changes";
  const parts: string[] = [];
  for (const field of ["headline", "standfirst", "body", "bylines", "section", "tags"] as const) {
    if (changes.some((change) => change.field === field)) parts.push(field);
  }
  if (changes.some((change) => change.field === "order")) parts.push("photo order");
  for (const field of ["caption", "alt", "credit", "image"] as const) {
    const numbers = changes.filter((change) => change.field === field).map((change) => change.photoNumber);
    if (numbers.length === 0) continue;
    const [one, many] = PHOTO_FIELD_NAMES[field];
    if (numbers.length === 1) parts.push(`${one} ${numbers[0]}`);
    else if (numbers.length <= 5) parts.push(`${many} ${numbers.join(", ")}`);
    else parts.push(`${numbers.length} ${many}`);
  }
  return `Edited ${parts.join(", ")}`;
}
