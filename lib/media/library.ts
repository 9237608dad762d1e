import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { buildSnapshot, sameJson } from "@/lib/articles/snapshot";
import { editOfLoaded, writeCurrentContent } from "@/lib/articles/editing";
import { PHOTOS_MAX } from "@/lib/articles/edit-schema";
import { formatCredit } from "@/lib/articles/credit";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/access";
import { db } from "@/lib/db";
import { Prisma, type ArticleStatus } from "@/lib/db/generated/client";
import { decodeCursor, keysetPage } from "@/lib/db/keyset";
import { captionFromText } from "@/lib/editor";
import { NotFoundError, ValidationError, parseInput } from "@/lib/errors";
import { publishInTransaction } from "@/lib/publishing/publish";
import { CHANGE_KINDS, NOTE_MAX, NOTE_MIN, isNotedKind, type ChangeKind } from "@/lib/publishing/schemas";
import { invalidateReaderContent } from "@/lib/site/invalidate";
import type { StoredVariant } from "./formats";

// The media library (/desk/media): every uploaded image with what it says about itself and where
// it is used; reuse of an image in another article; replacing an image everywhere. The archive
// can hold 100,000 articles: every list here is one keyset-paged query from indexes, with the
// per-image usage computed for the rows of the page only.

export const MEDIA_PAGE_SIZE = 24;
/** How many of an image's articles the list names; the image's own page lists them all (up to USAGE_LIMIT). */
export const MEDIA_ARTICLES_SHOWN = 3;
export const USAGE_LIMIT = 500;
export const MEDIA_TOTAL_BOUND = 10_000;
export const MEDIA_QUERY_MAX = 200;

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const givenText = (value: unknown) => {
  const first = firstValue(value);
  return typeof first === "string" && first.trim() !== "" ? first : undefined;
};
const id = z.string().trim().min(1, "Which image?").max(64).regex(/^[\w-]+$/, "That does not exist.");

/** The library's filters from the URL: `?q=…` (caption, credit, photographer) and the keyset position. */
export const mediaLibraryQuerySchema = z.object({
  q: z.preprocess(
    givenText,
    z
      .string()
      .transform((value) => value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim())
      .pipe(z.string().max(MEDIA_QUERY_MAX, `Search for at most ${MEDIA_QUERY_MAX} characters.`))
      .optional(),
  ),
  after: z.preprocess(givenText, z.string().max(400).optional()),
  before: z.preprocess(givenText, z.string().max(400).optional()),
});

export interface MediaArticleUse {
  id: string;
  headline: string;
  status: ArticleStatus;
}

export interface LibraryImage {
  id: string;
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
  caption: string;
  creator: string | null;
  copyright: string | null;
  credit: { id: string; label: string } | null;
  /** From the file (IPTC/XMP/EXIF), ISO; null when it does not say. */
  dateTaken: string | null;
  city: string | null;
  country: string | null;
  uploadedAt: Date;
  originalName: string;
  photoCount: number;
  articleCount: number;
  publishedCount: number;
  /** A few of the articles using it (published ones first). */
  articles: MediaArticleUse[];
}

export interface MediaLibraryPage {
  images: LibraryImage[];
  query: string | null;
  total: number;
  totalIsBound: boolean;
  next: string | null;
  previous: string | null;
}

const SEARCH_CONFIG = Prisma.sql`'public.copydesk_search'::regconfig`;
/** The expression the GIN index "MediaAsset_search_idx" is built on (migration media_library): keep them identical. */
const SEARCH_DOCUMENT = Prisma.sql`to_tsvector(${SEARCH_CONFIG}, m."caption" || ' ' || coalesce(m."creator", ''))`;

/** Credits whose agency or photographer matches: few rows (the photographers a newsroom works with). */
async function matchingCreditIds(q: string): Promise<string[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM "Credit" c WHERE unaccent(c.agency || ' ' || c.photographer) ILIKE unaccent(${pattern}::text) LIMIT 1000`;
  return rows.map((row) => row.id);
}

const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

type LibraryRow = {
  id: string;
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
  caption: string;
  creator: string | null;
  copyright: string | null;
  metadata: { dateTaken?: string | null; city?: string | null; country?: string | null } | null;
  originalName: string;
  createdAt: Date;
  createdKey: string;
  creditId: string | null;
  agency: string | null;
  photographer: string | null;
  photoCount: number;
  articleCount: number;
  publishedCount: number;
  articles: MediaArticleUse[];
};

function toLibraryImage(row: LibraryRow): LibraryImage {
  return {
    id: row.id,
    hash: row.hash,
    width: row.width,
    height: row.height,
    variants: row.variants,
    caption: row.caption,
    creator: row.creator,
    copyright: row.copyright,
    credit: row.creditId ? { id: row.creditId, label: formatCredit({ agency: row.agency!, photographer: row.photographer! }) } : null,
    dateTaken: row.metadata?.dateTaken ?? null,
    city: row.metadata?.city ?? null,
    country: row.metadata?.country ?? null,
    uploadedAt: row.createdAt,
    originalName: row.originalName,
    photoCount: row.photoCount,
    articleCount: row.articleCount,
    publishedCount: row.publishedCount,
    articles: row.articles,
  };
}

/** The columns, credit, usage counts and a few articles of the images whose ids `page` selects. */
function libraryRows(page: Prisma.Sql, order: Prisma.Sql, articlesShown: number) {
  return db.$queryRaw<LibraryRow[]>`
    WITH page AS MATERIALIZED (${page})
    SELECT m.id, m.hash, m.width, m.height, m.variants, m.caption, m.creator, m.copyright, m.metadata, m."originalName",
           m."createdAt", m."createdAt"::text AS "createdKey", c.id AS "creditId", c.agency, c.photographer,
           counts."photoCount", counts."articleCount", counts."publishedCount", coalesce(used.articles, '[]'::jsonb) AS articles
      FROM page
      JOIN "MediaAsset" m ON m.id = page.id
      LEFT JOIN "Credit" c ON c.id = m."creditId"
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS "photoCount", count(DISTINCT p."articleId")::int AS "articleCount",
               count(DISTINCT p."articleId") FILTER (WHERE a.status = 'published')::int AS "publishedCount"
          FROM "Photo" p JOIN "Article" a ON a.id = p."articleId" WHERE p."imageId" = m.id
      ) counts
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('id', u.id, 'headline', u.headline, 'status', u.status) ORDER BY u.published DESC, u.headline) AS articles
          FROM (
            SELECT DISTINCT a.id, a.headline, a.status, (a.status = 'published') AS published
              FROM "Photo" p JOIN "Article" a ON a.id = p."articleId" WHERE p."imageId" = m.id
             ORDER BY published DESC, a.headline LIMIT ${articlesShown}
          ) u
      ) used ON true
     ORDER BY m."createdAt" ${order}, m.id ${order}`;
}

/**
 * One page of the library, newest upload first, matching `q` in the caption and creator (full-text,
 * the desk search's configuration: stemming, accents and case ignored) or in the credit's agency or
 * photographer. Keyset pages on (createdAt, id); the total is exact up to MEDIA_TOTAL_BOUND.
 */
export async function listMediaLibrary(input: z.input<typeof mediaLibraryQuerySchema> = {}): Promise<MediaLibraryPage> {
  const filter = parseInput(mediaLibraryQuerySchema, input);
  const direction = filter.after ? "after" : filter.before ? "before" : null;
  const matches: Prisma.Sql[] = [];
  if (filter.q) {
    const matchers = [Prisma.sql`${SEARCH_DOCUMENT} @@ websearch_to_tsquery(${SEARCH_CONFIG}, ${filter.q})`];
    const credits = await matchingCreditIds(filter.q);
    if (credits.length > 0) matchers.push(Prisma.sql`m."creditId" = ANY(${credits}::text[])`);
    matches.push(Prisma.sql`(${Prisma.join(matchers, " OR ")})`);
  }
  const conditions = [...matches];
  if (direction) {
    const [at, assetId] = decodeCursor((filter.after ?? filter.before)!, 2);
    if (!TIMESTAMP_KEY.test(at)) throw new ValidationError("This page link is broken. Start again from the first page.", { cursor: ["This page link is broken."] });
    // Newest first: "after" goes back in time.
    conditions.push(
      direction === "after"
        ? Prisma.sql`(m."createdAt", m.id) < (${at}::timestamp, ${assetId})`
        : Prisma.sql`(m."createdAt", m.id) > (${at}::timestamp, ${assetId})`,
    );
  }
  const where = (list: Prisma.Sql[]) => (list.length ? Prisma.sql`WHERE ${Prisma.join(list, " AND ")}` : Prisma.empty);
  const order = direction === "before" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const [rows, [{ total }]] = await Promise.all([
    libraryRows(
      Prisma.sql`SELECT m.id FROM "MediaAsset" m ${where(conditions)} ORDER BY m."createdAt" ${order}, m.id ${order} LIMIT ${MEDIA_PAGE_SIZE + 1}`,
      order,
      MEDIA_ARTICLES_SHOWN,
    ),
    db.$queryRaw<Array<{ total: number }>>`
      SELECT count(*)::int AS total FROM (SELECT 1 FROM "MediaAsset" m ${where(matches)} LIMIT ${MEDIA_TOTAL_BOUND + 1}) counted`,
  ]);
  const page = keysetPage(rows, { pageSize: MEDIA_PAGE_SIZE, direction, key: (row) => [row.createdKey, row.id] });
  return {
    images: page.rows.map(toLibraryImage),
    query: filter.q ?? null,
    total: Math.min(total, MEDIA_TOTAL_BOUND),
    totalIsBound: total > MEDIA_TOTAL_BOUND,
    next: page.next,
    previous: page.previous,
  };
}

export interface MediaImageDetail extends LibraryImage {
  /** Every article using it (up to USAGE_LIMIT), published first; `articleCount` is the true number. */
  articles: MediaArticleUse[];
}

/** One image with every article that uses it (bounded), for its library page. */
export async function getMediaImage(assetId: string): Promise<MediaImageDetail> {
  const [row] = await libraryRows(Prisma.sql`SELECT m.id FROM "MediaAsset" m WHERE m.id = ${assetId}`, Prisma.sql`DESC`, USAGE_LIMIT);
  if (!row) throw new NotFoundError("This image does not exist.");
  return toLibraryImage(row);
}

// ─── The editor's picker ──────────────────────────────────────────────────────────────────────

/** An image as the article editor's library picker lists it: what a desk user chooses by (its credit as a label). */
export type PickerImage = Pick<LibraryImage, "id" | "hash" | "width" | "height" | "variants" | "caption" | "creator" | "articleCount"> & {
  credit: string | null;
  uploadedAt: string;
};

export interface PickerPage {
  images: PickerImage[];
  total: number;
  totalIsBound: boolean;
  next: string | null;
  previous: string | null;
}

/** One page of the library for the editor's picker: the library's own query (MEDIA_PAGE_SIZE a page), trimmed. */
export async function listPickerImages(input: z.output<typeof mediaLibraryQuerySchema>): Promise<PickerPage> {
  const page = await listMediaLibrary(input);
  return {
    images: page.images.map(({ id, hash, width, height, variants, caption, creator, articleCount, credit, uploadedAt }) => ({
      id, hash, width, height, variants, caption, creator, articleCount,
      credit: credit?.label ?? null,
      uploadedAt: uploadedAt.toISOString(),
    })),
    total: page.total,
    totalIsBound: page.totalIsBound,
    next: page.next,
    previous: page.previous,
  };
}

export const pickLibraryImageSchema = z.strictObject({ assetId: id });

/** What a photo takes from a library image picked in the editor: the image, its caption, its credit. */
export interface PickedImage {
  image: { id: string; hash: string; width: number; height: number; variants: StoredVariant[] };
  caption: string;
  credit: { id: string; agency: string; photographer: string; label: string } | null;
}

/**
 * The image the editor picked, for a new photo of the article it is editing. The photo itself is
 * added by the editor to its working copy (co-editing: the live document), so it is saved like any
 * photo the editor adds; this only reads, so nothing is written to an article behind the editor.
 */
export async function pickLibraryImage(input: z.output<typeof pickLibraryImageSchema>): Promise<PickedImage> {
  const asset = await db.mediaAsset.findUnique({
    where: { id: input.assetId },
    select: { id: true, hash: true, width: true, height: true, variants: true, caption: true, credit: { select: { id: true, agency: true, photographer: true } } },
  });
  if (!asset) throw new NotFoundError("This image does not exist.");
  return {
    image: { id: asset.id, hash: asset.hash, width: asset.width, height: asset.height, variants: asset.variants as unknown as StoredVariant[] },
    caption: asset.caption,
    credit: asset.credit ? { ...asset.credit, label: formatCredit(asset.credit) } : null,
  };
}

// ─── Reuse ───────────────────────────────────────────────────────────────────────────────────

export const reuseImageSchema = z.strictObject({
  assetId: id,
  articleId: z.string().trim().min(1, "Choose the article.").max(64).regex(/^[\w-]+$/, "That article does not exist."),
});
export type ReuseImageInput = z.output<typeof reuseImageSchema>;

export interface ReuseImageResult {
  articleId: string;
  photoId: string;
  version: number;
}

/**
 * Adds the image as a new photo at the end of another article's draft, with the image's caption
 * and its credit (a credit travels with the image), focal point in the centre and no alt text
 * (the editor writes it for this article). A save like any other: a revision, the live document.
 */
export async function reuseImage(input: ReuseImageInput, actor: Actor): Promise<ReuseImageResult> {
  const asset = await db.mediaAsset.findUnique({ where: { id: input.assetId }, select: { id: true, caption: true, creditId: true } });
  if (!asset) throw new NotFoundError("This image does not exist.");
  const photoId = randomUUID();
  const result = await writeCurrentContent({
    articleId: input.articleId,
    actor,
    prepare: async (_tx, current) => {
      if (current.photos.length >= PHOTOS_MAX) {
        throw ValidationError.forField("articleId", `This article already has ${PHOTOS_MAX} photos, the most an article can have.`);
      }
      const edit = editOfLoaded(current);
      edit.photos.push({ id: photoId, caption: captionFromText(asset.caption), alt: null, creditId: asset.creditId, imageId: asset.id, focal: { x: 50, y: 50 } });
      return edit;
    },
  });
  return { articleId: input.articleId, photoId, version: result.version };
}

// ─── Replace everywhere ──────────────────────────────────────────────────────────────────────

const emptyAsUndefined = (value: unknown) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : value);

export const replaceImageSchema = z
  .strictObject({
    assetId: id,
    replacementId: id,
    // What the change is for the published articles readers have seen (their publish kind).
    kind: z.preprocess(emptyAsUndefined, z.enum(CHANGE_KINDS, { error: "Choose what kind of change this is for readers." }).optional()),
    note: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
  })
  .superRefine((request, ctx) => {
    if (request.assetId === request.replacementId) {
      ctx.addIssue({ code: "custom", path: ["replacementId"], message: "Choose a different image to replace it with." });
    }
    if (isNotedKind(request.kind)) {
      if (request.note === undefined) ctx.addIssue({ code: "custom", path: ["note"], message: `Write the public note readers will see with this ${request.kind}.` });
      else if (request.note.length < NOTE_MIN) ctx.addIssue({ code: "custom", path: ["note"], message: `Write at least ${NOTE_MIN} characters.` });
      else if (request.note.length > NOTE_MAX) ctx.addIssue({ code: "custom", path: ["note"], message: `Keep the note under ${NOTE_MAX} characters.` });
    } else if (request.note !== undefined) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Only a correction or clarification publishes a note." });
    }
  });
export type ReplaceImageInput = z.output<typeof replaceImageSchema>;

export interface ReplacedInArticle {
  articleId: string;
  headline: string;
  version: number;
  /** "published": readers see the new image now; "draft": only the draft changed (not published, or it has unpublished edits to review first). */
  outcome: "published" | "draft";
}

export interface ReplaceImageResult {
  replaced: ReplacedInArticle[];
}

/**
 * Puts `replacementId` in place of `assetId` in every photo that shows it, keeping captions, alt
 * texts and focal points; the replacement's credit comes with it (a photo keeps its credit when
 * the replacement names none). Each article gets a revision. A published article whose draft is
 * what readers see is published again at once as `kind` (with its note for a correction or
 * clarification), like any published change; one with unpublished edits keeps them unpublished
 * and is listed as a draft to review. Reader caches are dropped for the published ones.
 */
export async function replaceImage(input: ReplaceImageInput, actor: Actor): Promise<ReplaceImageResult> {
  const [asset, replacement] = await Promise.all([
    db.mediaAsset.findUnique({ where: { id: input.assetId }, select: { id: true } }),
    db.mediaAsset.findUnique({ where: { id: input.replacementId }, select: { id: true, creditId: true } }),
  ]);
  if (!asset) throw new NotFoundError("This image does not exist.");
  if (!replacement) throw ValidationError.forField("replacementId", "The replacement image does not exist. Upload it again.");

  const users = await db.photo.findMany({
    where: { imageId: asset.id },
    distinct: ["articleId"],
    select: { articleId: true, article: { select: { status: true } } },
    orderBy: { articleId: "asc" },
  });
  if (users.some((use) => use.article.status === "published") && input.kind === undefined) {
    throw ValidationError.forField("kind", "Readers have seen this image: choose whether this is a silent fix, an update, a correction or a clarification.");
  }

  const replaced: ReplacedInArticle[] = [];
  const publishedSlugs: string[] = [];
  // One transaction per article: an article's change commits with its publication, and a failure
  // in one article leaves those already done consistent (each is a revision of its own).
  for (const { articleId } of users) {
    let headline = "";
    let outcome: ReplacedInArticle["outcome"] = "draft";
    const result = await writeCurrentContent(
      {
        articleId,
        actor,
        prepare: async (_tx, current) => {
          headline = current.headline;
          const edit = editOfLoaded(current);
          edit.photos = edit.photos.map((photo) =>
            photo.imageId === asset.id ? { ...photo, imageId: replacement.id, creditId: replacement.creditId ?? photo.creditId } : photo,
          );
          return edit;
        },
      },
      async (tx, saved, before) => {
        // The save's load leaves the readers' copy out (lib/articles/editing.ts): read it here.
        const published = before.status === "published"
          ? (await tx.article.findUniqueOrThrow({ where: { id: articleId }, select: { publishedSnapshot: true } })).publishedSnapshot
          : null;
        const readersSeeDraft = published !== null && sameJson(published, buildSnapshot(before));
        if (saved.changed && readersSeeDraft) {
          const publication = await publishInTransaction(tx, { articleId, expectedVersion: saved.version, kind: input.kind as ChangeKind, note: input.note }, actor, new Date());
          publishedSlugs.push(publication.slug);
          outcome = "published";
        }
      },
    );
    replaced.push({ articleId, headline, version: result.version, outcome });
  }
  await recordAudit(db, {
    actorId: actor.id,
    action: "media.replace",
    targetType: "media",
    targetId: asset.id,
    details: { replacementId: replacement.id, articles: replaced.length, published: publishedSlugs.length, kind: input.kind ?? null },
  });
  if (publishedSlugs.length > 0) {
    try {
      await invalidateReaderContent({ slugs: publishedSlugs });
    } catch (error) {
      console.error("[copydesk] reader caches could not be invalidated after an image replacement", error);
    }
  }
  return { replaced };
}
