import "server-only";
import { unstable_cache } from "next/cache";
import { creditLabelsById } from "@/lib/articles/credits";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, keysetPage } from "@/lib/db/keyset";
import { ValidationError } from "@/lib/errors";
import { imageRefs } from "@/lib/media/service";
import { READER_CACHE_TAGS } from "./cache-tags";
import { FEED_LIMIT, PUBLISHED_ARTICLE, readerSummaries } from "./queries";
import { readerTaxonomy, READER_TAXONOMY_SELECT } from "./reader-taxonomy";
import type { TaxonomyKind } from "./reader-invalidation";
import type { ReaderFeedItem, ReaderTaxonomyPage, ReaderTerm } from "./types";
import { bodyHtmlFromSnapshot, creditIdsOf, imageIdsOf, listedSnapshot, readerPhotos } from "./view-model";

// Section, tag and author pages and feeds. A term is listed only while it has a published
// article: one that names only drafts or embargoed stories (a tag "Merger talks" on a story
// scheduled for tomorrow) is a 404, so not even its name reaches readers early. Pages are keyset-
// paged newest first, so page 5,000 of a 100,000-story archive costs what page 1 does.

export const TAXONOMY_PAGE_SIZE = 20;
const MAX_SLUG_LENGTH = 200;

interface Term {
  id: string;
  name: string;
  slug: string;
  description: string;
}

async function findTerm(kind: TaxonomyKind, slug: string): Promise<Term | null> {
  if (kind === "section") {
    const row = await db.section.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
    return row ? { ...row, description: "" } : null;
  }
  if (kind === "tag") {
    const row = await db.tag.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } });
    return row ? { ...row, description: "" } : null;
  }
  const row = await db.contributor.findUnique({ where: { slug }, select: { id: true, displayName: true, slug: true, bio: true } });
  return row ? { id: row.id, name: row.displayName, slug: row.slug, description: row.bio } : null;
}

/** Published articles of a term: the one filter every taxonomy query uses. */
function termFilter(kind: TaxonomyKind, id: string): Prisma.ArticleWhereInput {
  if (kind === "section") return { ...PUBLISHED_ARTICLE, sectionId: id };
  if (kind === "tag") return { ...PUBLISHED_ARTICLE, tags: { some: { tagId: id } } };
  return { ...PUBLISHED_ARTICLE, bylines: { some: { contributorId: id } } };
}

/** A cursor (first publication time, id) as Prisma's keyset condition, newest first. */
function cursorCondition(cursor: readonly string[], direction: "older" | "newer"): Prisma.ArticleWhereInput {
  const at = new Date(cursor[0]);
  if (Number.isNaN(at.getTime())) throw ValidationError.forField("cursor", "This page link is broken. Start again from the first page.");
  const op = direction === "older" ? "lt" : "gt";
  return { OR: [{ firstPublishedAt: { [op]: at } }, { firstPublishedAt: at, id: { [op]: cursor[1] } }] };
}

export interface TaxonomyPageRequest {
  kind: TaxonomyKind;
  slug: string;
  /** Cursor of the last story shown: the page of older ones. */
  older?: string;
  /** Cursor of the first story shown: the page of newer ones. */
  newer?: string;
}

export async function loadTaxonomyPage(request: TaxonomyPageRequest): Promise<ReaderTaxonomyPage | null> {
  const term = await findTerm(request.kind, request.slug);
  if (!term) return null;
  const base = termFilter(request.kind, term.id);
  const direction = request.older ? "after" : request.newer ? "before" : null;
  const cursor = request.older ?? request.newer;
  const where = cursor ? { AND: [base, cursorCondition(decodeCursor(cursor, 2), request.older ? "older" : "newer")] } : base;
  const order = direction === "before" ? "asc" : "desc";
  const rows = await db.article.findMany({
    where,
    orderBy: [{ firstPublishedAt: order }, { id: order }],
    take: TAXONOMY_PAGE_SIZE + 1,
    select: { id: true, slug: true, publishedSnapshot: true, firstPublishedAt: true, publicUpdatedAt: true, ...READER_TAXONOMY_SELECT },
  });
  const page = keysetPage(rows, { pageSize: TAXONOMY_PAGE_SIZE, direction, key: (row) => [row.firstPublishedAt!.toISOString(), row.id] });
  // A term with no published story does not exist for readers (its first page is empty).
  if (page.rows.length === 0 && !cursor) return null;
  const articles = page.rows.flatMap((row) => {
    const snapshot = listedSnapshot(row);
    if (!snapshot || !row.firstPublishedAt) return [];
    return [{ slug: row.slug, snapshot, publishedAt: row.firstPublishedAt.toISOString(), updatedAt: row.publicUpdatedAt?.toISOString() ?? null, bylines: readerTaxonomy(row).bylines }];
  });
  const summaries = await readerSummaries(articles);
  return {
    kind: request.kind,
    name: term.name,
    slug: term.slug,
    description: term.description,
    articles: summaries.map((summary, index) => ({ ...summary, bylines: articles[index].bylines })),
    older: page.next,
    newer: page.previous,
  };
}

export interface TaxonomyFeed {
  term: ReaderTerm & { kind: TaxonomyKind };
  items: ReaderFeedItem[];
}

export async function loadTaxonomyFeed(kind: TaxonomyKind, slug: string): Promise<TaxonomyFeed | null> {
  const term = await findTerm(kind, slug);
  if (!term) return null;
  const rows = await db.article.findMany({
    where: termFilter(kind, term.id),
    orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }],
    take: FEED_LIMIT,
    select: { slug: true, publishedSnapshot: true, firstPublishedAt: true, publicUpdatedAt: true },
  });
  const articles = rows.flatMap((row) => {
    const snapshot = listedSnapshot(row);
    return snapshot && row.firstPublishedAt ? [{ row, snapshot }] : [];
  });
  if (articles.length === 0) return null;
  const snapshots = articles.map(({ snapshot }) => snapshot);
  const [credits, images] = await Promise.all([creditLabelsById(creditIdsOf(snapshots)), imageRefs(imageIdsOf(snapshots))]);
  return {
    term: { kind, name: term.name, slug: term.slug },
    items: articles.map(({ row, snapshot }) => ({
      slug: row.slug,
      headline: snapshot.headline,
      standfirst: snapshot.standfirst,
      bodyHtml: bodyHtmlFromSnapshot(snapshot.body),
      publishedAt: row.firstPublishedAt!.toISOString(),
      updatedAt: row.publicUpdatedAt?.toISOString() ?? null,
      photos: readerPhotos(snapshot.photos, credits, images),
    })),
  };
}

export interface TaxonomySitemapEntry {
  kind: TaxonomyKind;
  slug: string;
  /** The newest first publication among its stories. */
  lastModified: string;
}

/** Every section, tag and author with a published story, for the sitemap. */
export async function loadTaxonomySitemapEntries(): Promise<TaxonomySitemapEntry[]> {
  const rows = await db.$queryRaw<Array<{ kind: TaxonomyKind; slug: string; last: Date }>>`
    SELECT 'section' AS kind, s."slug", max(a."firstPublishedAt") AS last
      FROM "Section" s JOIN "Article" a ON a."sectionId" = s."id"
     WHERE a."status" = 'published' AND a."publishedSnapshot" IS NOT NULL AND a."firstPublishedAt" IS NOT NULL
     GROUP BY s."slug"
    UNION ALL
    SELECT 'tag', t."slug", max(a."firstPublishedAt")
      FROM "Tag" t JOIN "ArticleTag" at ON at."tagId" = t."id" JOIN "Article" a ON a."id" = at."articleId"
     WHERE a."status" = 'published' AND a."publishedSnapshot" IS NOT NULL AND a."firstPublishedAt" IS NOT NULL
     GROUP BY t."slug"
    UNION ALL
    SELECT 'author', c."slug", max(a."firstPublishedAt")
      FROM "Contributor" c JOIN "ArticleByline" b ON b."contributorId" = c."id" JOIN "Article" a ON a."id" = b."articleId"
     WHERE a."status" = 'published' AND a."publishedSnapshot" IS NOT NULL AND a."firstPublishedAt" IS NOT NULL
     GROUP BY c."slug"
    ORDER BY 1, 2`;
  return rows.map((row) => ({ kind: row.kind, slug: row.slug, lastModified: row.last.toISOString() }));
}

// The cached faces. A missing term is thrown inside the cached read so nothing is stored for
// whatever slug a visitor types. Pages past the first (a cursor in the query string) are read
// uncached: the cursor is the visitor's to forge, and each would be a cache entry on disk; they
// are one indexed keyset query each.

class NoSuchTerm extends Error {}

const cachedTaxonomyPage = unstable_cache(
  async (kind: TaxonomyKind, slug: string) => {
    const page = await loadTaxonomyPage({ kind, slug });
    if (!page) throw new NoSuchTerm();
    return page;
  },
  ["reader-taxonomy-page"],
  { tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.taxonomy] },
);

export async function getTaxonomyPage(request: TaxonomyPageRequest): Promise<ReaderTaxonomyPage | null> {
  if (request.slug.length === 0 || request.slug.length > MAX_SLUG_LENGTH) return null;
  if (request.older || request.newer) return loadTaxonomyPage(request);
  try {
    return await cachedTaxonomyPage(request.kind, request.slug);
  } catch (error) {
    if (error instanceof NoSuchTerm) return null;
    throw error;
  }
}

const cachedTaxonomyFeed = unstable_cache(
  async (kind: TaxonomyKind, slug: string) => {
    const feed = await loadTaxonomyFeed(kind, slug);
    if (!feed) throw new NoSuchTerm();
    return feed;
  },
  ["reader-taxonomy-feed"],
  { tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.taxonomy] },
);

export async function getTaxonomyFeed(kind: TaxonomyKind, slug: string): Promise<TaxonomyFeed | null> {
  if (slug.length === 0 || slug.length > MAX_SLUG_LENGTH) return null;
  try {
    return await cachedTaxonomyFeed(kind, slug);
  } catch (error) {
    if (error instanceof NoSuchTerm) return null;
    throw error;
  }
}

export const getTaxonomySitemapEntries = unstable_cache(loadTaxonomySitemapEntries, ["reader-taxonomy-sitemap"], {
  tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.sitemaps, READER_CACHE_TAGS.taxonomy],
});
