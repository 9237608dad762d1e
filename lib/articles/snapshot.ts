import { z } from "zod";
import { formatCredit, type CreditName } from "./credit";

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
  /** The uploaded image (lib/media) and its focal point in percent; absent for a caption-only photo. */
  imageId?: string;
  focal?: { x: number; y: number };
}

/**
 * Who wrote it, its section and tags, as they read at that moment (ids for the links, names for
 * history views). Absent when the article has none of them, so older snapshots read as before.
 */
export interface TaxonomySnapshot {
  section: { id: string; name: string } | null;
  tags: Array<{ id: string; name: string }>;
  bylines: Array<{ id: string; name: string }>;
}

export const EMPTY_TAXONOMY: TaxonomySnapshot = { section: null, tags: [], bylines: [] };

export interface ArticleSnapshot {
  headline: string;
  standfirst: string;
  body: unknown; // RichTextDoc (TipTap JSON)
  photos: PhotoSnapshot[];
  taxonomy?: TaxonomySnapshot;
}

const named = z.object({ id: z.string(), name: z.string() });

// What a stored snapshot must look like to be read back. Documents (body, captions) are checked
// where they are used (publish checks them against the content schema; the reader renders what it
// knows); keys this schema does not know are kept, so a read-modify-write loses nothing.
const storedSnapshotSchema = z.looseObject({
  headline: z.string(),
  standfirst: z.string(),
  body: z.unknown(),
  photos: z.array(
    z.looseObject({
      id: z.string().nullable(),
      position: z.number().int(),
      caption: z.unknown(),
      alt: z.string().nullable(),
      imageUrl: z.string().nullable(),
      creditId: z.string().nullable(),
      credit: z.string().nullable(),
      imageId: z.string().optional(),
      focal: z.object({ x: z.number(), y: z.number() }).optional(),
    }),
  ),
  taxonomy: z.object({ section: named.nullable(), tags: z.array(named), bylines: z.array(named) }).optional(),
});

/**
 * A stored snapshot that does not read as one: damaged data or a bug, never the user's doing, so
 * not an AppError — the desk gets the generic 500 and the details go to the log.
 */
export class StoredSnapshotError extends Error {
  constructor(
    readonly where: string,
    readonly issues: string,
  ) {
    super(`${where} does not hold an article snapshot (${issues}).`);
    this.name = "StoredSnapshotError";
  }
}

/**
 * The one reader of stored snapshots (Revision.snapshot, Article.publishedSnapshot, whether
 * written by `buildSnapshot` or by the importer's SQL): the snapshot, or a StoredSnapshotError
 * naming `where` ("Version 3 of article c…"). A column that may be empty is checked for null first.
 */
export function readStoredSnapshot(value: unknown, where: string): ArticleSnapshot {
  const parsed = storedSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "snapshot"}: ${issue.message}`);
    throw new StoredSnapshotError(where, issues.join("; "));
  }
  return parsed.data;
}

/** What `buildSnapshot` needs: an article with its photos and their credits, as loaded from the db. */
export interface SnapshotSource {
  headline: string;
  standfirst: string;
  body: unknown;
  photos: ReadonlyArray<{
    id: string | null;
    position: number;
    caption: unknown;
    alt: string | null;
    imageUrl: string | null;
    creditId: string | null;
    credit: CreditName | null;
    imageId?: string | null;
    focalX?: number | null;
    focalY?: number | null;
  }>;
  /** Section, tags and bylines as loaded with the article (in position order); omitted: none. */
  section?: { id: string; name: string } | null;
  tags?: ReadonlyArray<{ position: number; tag: { id: string; name: string } }>;
  bylines?: ReadonlyArray<{ position: number; contributor: { id: string; displayName: string } }>;
}

/** The snapshot form of an article's section, tags and bylines. */
export function taxonomySnapshotOf(article: Pick<SnapshotSource, "section" | "tags" | "bylines">): TaxonomySnapshot {
  const byPosition = <T extends { position: number }>(list: ReadonlyArray<T> | undefined) => [...(list ?? [])].sort((a, b) => a.position - b.position);
  return {
    section: article.section ? { id: article.section.id, name: article.section.name } : null,
    tags: byPosition(article.tags).map(({ tag }) => ({ id: tag.id, name: tag.name })),
    bylines: byPosition(article.bylines).map(({ contributor }) => ({ id: contributor.id, name: contributor.displayName })),
  };
}

/** True when the taxonomy names nothing (the snapshot then carries no `taxonomy` key). */
export function isEmptyTaxonomy(taxonomy: TaxonomySnapshot | undefined): boolean {
  return !taxonomy || (taxonomy.section === null && taxonomy.tags.length === 0 && taxonomy.bylines.length === 0);
}

/** The one way to turn an article into the snapshot a Revision stores (photos in position order). */
export function buildSnapshot(article: SnapshotSource): ArticleSnapshot {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body,
    photos: [...article.photos]
      .sort((a, b) => a.position - b.position)
      .map((photo) => ({
        id: photo.id,
        position: photo.position,
        caption: photo.caption,
        alt: photo.alt,
        imageUrl: photo.imageUrl,
        creditId: photo.creditId,
        credit: photo.credit ? formatCredit(photo.credit) : null,
        // Only photos with an image carry these keys, so caption-only snapshots read as before.
        ...(photo.imageId
          ? { imageId: photo.imageId, focal: { x: photo.focalX ?? 50, y: photo.focalY ?? 50 } }
          : {}),
      })),
    ...taxonomyKey(taxonomySnapshotOf(article)),
  };
}

function taxonomyKey(taxonomy: TaxonomySnapshot): { taxonomy?: TaxonomySnapshot } {
  return isEmptyTaxonomy(taxonomy) ? {} : { taxonomy };
}

/** The snapshot with its taxonomy replaced (a byline, section or tag change). */
export function withTaxonomy(snapshot: ArticleSnapshot, taxonomy: TaxonomySnapshot): ArticleSnapshot {
  const { taxonomy: _old, ...content } = snapshot;
  void _old;
  return { ...content, ...taxonomyKey(taxonomy) };
}

/** The snapshot without its taxonomy: the text and photos an editor's save is about. */
export function contentOf(snapshot: ArticleSnapshot): Omit<ArticleSnapshot, "taxonomy"> {
  const { taxonomy: _taxonomy, ...content } = snapshot;
  void _taxonomy;
  return content;
}

/**
 * JSON with object keys sorted, so two documents compare equal however their keys were ordered
 * (PostgreSQL's jsonb reorders keys; the editor does not).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}

const hasToJson = (value: unknown) => value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function";

/**
 * Whether two JSON values are equal however their objects' keys are ordered: what comparing their
 * canonicalJson strings says, without building either (a 5,000-word body with 500 captions is
 * ~130 KB of JSON, and a save compares it several times). Keys whose value is undefined count as
 * absent, as JSON.stringify drops them.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Dates and the like compare as what JSON makes of them.
  if (hasToJson(a) || hasToJson(b)) return canonicalJson(a) === canonicalJson(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      // JSON.stringify writes an undefined array element as null.
      if (!sameJson(a[index] ?? null, b[index] ?? null)) return false;
    }
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    count++;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) count--;
  return count === 0;
}
