import "server-only";
import { unstable_cache } from "next/cache";
import { creditLabelsById } from "@/lib/articles/credits";
import { readStoredSnapshot, type ArticleSnapshot } from "@/lib/articles/snapshot";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { READER_CACHE_TAGS } from "./cache-tags";
import { readerTaxonomy, READER_TAXONOMY_SELECT } from "./reader-taxonomy";
import type {
  ReaderArticle,
  ReaderArticleSummary,
  ReaderCorrectionEntry,
  ReaderFeedItem,
  ReaderSitemapEntry,
} from "./types";
import { imageRefs } from "@/lib/media/service";
import { bodyHtmlFromSnapshot, correctionKind, creditIdsOf, imageIdsOf, listedSnapshot, readerCorrections, readerPhotos } from "./view-model";

// Every read the reader site makes. Only articles whose status is "published" and which have a
// published snapshot exist here; drafts and unpublished articles are never selected. Results go
// through Next's data cache under the tags in cache-tags.ts, so a page renders without a
// database query until `invalidateReaderContent` expires them.

/** The one filter for "readers may see this article". */
export const PUBLISHED_ARTICLE: Prisma.ArticleWhereInput = {
  status: "published",
  publishedSnapshot: { not: Prisma.AnyNull },
  firstPublishedAt: { not: null },
};

const FRONT_PAGE_LIMIT = 100;
// Slugs are at most 80 characters; anything much longer is not an article URL and is not worth
// a query or a cache entry.
const MAX_SLUG_LENGTH = 200;
/** Stories in an RSS feed: the main one and each section's, tag's and author's. */
export const FEED_LIMIT = 30;
const NEWS_SITEMAP_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function loadPublishedArticle(slug: string): Promise<ReaderArticle | null> {
  const row = await db.article.findFirst({
    where: { ...PUBLISHED_ARTICLE, slug },
    select: {
      slug: true,
      publishedSnapshot: true,
      firstPublishedAt: true,
      publicUpdatedAt: true,
      corrections: { select: { kind: true, note: true, createdAt: true } },
      ...READER_TAXONOMY_SELECT,
    },
  });
  if (!row || !row.firstPublishedAt) return null;
  const snapshot = readStoredSnapshot(row.publishedSnapshot, `The published snapshot of /articles/${row.slug}`);
  const [credits, images] = await Promise.all([creditLabelsById(creditIdsOf([snapshot])), imageRefs(imageIdsOf([snapshot]))]);
  return {
    slug: row.slug,
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    bodyHtml: bodyHtmlFromSnapshot(snapshot.body),
    publishedAt: row.firstPublishedAt.toISOString(),
    updatedAt: iso(row.publicUpdatedAt),
    photos: readerPhotos(snapshot.photos, credits, images),
    corrections: readerCorrections(row.corrections),
    ...readerTaxonomy(row),
  };
}

/** The newest published articles whose snapshot reads, newest first. */
async function latestPublished(take: number) {
  const rows = await db.article.findMany({
    where: PUBLISHED_ARTICLE,
    orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }],
    take,
    select: { slug: true, publishedSnapshot: true, firstPublishedAt: true, publicUpdatedAt: true },
  });
  return rows.flatMap((row) => {
    const snapshot = listedSnapshot(row);
    if (!snapshot || !row.firstPublishedAt) return [];
    return [{ slug: row.slug, snapshot, publishedAt: row.firstPublishedAt.toISOString(), updatedAt: iso(row.publicUpdatedAt) }];
  });
}

export async function loadFrontPage(): Promise<ReaderArticleSummary[]> {
  return readerSummaries(await latestPublished(FRONT_PAGE_LIMIT));
}

/** Listing entries of published articles (their snapshots parsed): headline, dates, lead photo. */
export async function readerSummaries(
  articles: ReadonlyArray<{ slug: string; snapshot: ArticleSnapshot; publishedAt: string; updatedAt: string | null }>,
): Promise<ReaderArticleSummary[]> {
  // Only the lead photo is shown, so only its credit is looked up.
  const leads = articles.map(({ snapshot }) => [...snapshot.photos].sort((a, b) => a.position - b.position)[0]);
  const [credits, images] = await Promise.all([
    creditLabelsById([...new Set(leads.flatMap((photo) => (photo?.creditId ? [photo.creditId] : [])))]),
    imageRefs(leads.flatMap((photo) => (photo?.imageId ? [photo.imageId] : []))),
  ]);
  return articles.map(({ slug, snapshot, publishedAt, updatedAt }, index) => ({
    slug,
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    publishedAt,
    updatedAt,
    leadPhoto: leads[index] ? readerPhotos([leads[index]], credits, images)[0] : null,
  }));
}

/** The corrections page lists the latest this many (the (createdAt, id) index serves them). */
export const CORRECTIONS_LIMIT = 200;
/** The sitemap protocol's limit for one file; past it /sitemap.xml is a sitemap index. */
export const SITEMAP_LIMIT = 50_000;

export async function loadCorrections(): Promise<ReaderCorrectionEntry[]> {
  const rows = await db.correction.findMany({
    where: { article: PUBLISHED_ARTICLE, kind: { in: ["correction", "clarification"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: CORRECTIONS_LIMIT,
    select: { kind: true, note: true, createdAt: true, article: { select: { slug: true, publishedSnapshot: true, headline: true } } },
  });
  return rows.flatMap((row) => {
    const kind = correctionKind(row.kind);
    if (!kind) return [];
    const headline = listedSnapshot(row.article)?.headline ?? row.article.headline;
    return [{ kind, note: row.note, date: row.createdAt.toISOString(), articleSlug: row.article.slug, articleHeadline: headline }];
  });
}

export async function loadFeedItems(): Promise<ReaderFeedItem[]> {
  const articles = await latestPublished(FEED_LIMIT);
  const snapshots = articles.map(({ snapshot }) => snapshot);
  const [credits, images] = await Promise.all([creditLabelsById(creditIdsOf(snapshots)), imageRefs(imageIdsOf(snapshots))]);
  return articles.map(({ slug, snapshot, publishedAt, updatedAt }) => ({
    slug,
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    bodyHtml: bodyHtmlFromSnapshot(snapshot.body),
    publishedAt,
    updatedAt,
    photos: readerPhotos(snapshot.photos, credits, images),
  }));
}

const SITEMAP_ARTICLE = Prisma.sql`a.status = 'published' AND a."publishedSnapshot" IS NOT NULL AND a."firstPublishedAt" IS NOT NULL`;

/**
 * One sitemap file's articles, newest first: `page` 1 is the newest `pageSize`. Past 50,000
 * articles /sitemap.xml is an index of such files (sitemapFiles in ./xml).
 */
export async function loadSitemapEntries(page = 1, pageSize = SITEMAP_LIMIT): Promise<ReaderSitemapEntry[]> {
  // One query, bounded, reading only the snapshot's headline (not whole snapshots) and each
  // article's latest publication: silent fixes change the page without an "Updated" line, and
  // the sitemap still reports them.
  const rows = await db.$queryRaw<Array<{ slug: string; headline: string | null; firstPublishedAt: Date; lastModified: Date }>>`
    SELECT a.slug, a."publishedSnapshot"->>'headline' AS headline, a."firstPublishedAt",
           GREATEST(a."firstPublishedAt", a."publicUpdatedAt",
                    (SELECT max(p."publishedAt") FROM "Publication" p WHERE p."articleId" = a.id)) AS "lastModified"
      FROM "Article" a
     WHERE ${SITEMAP_ARTICLE}
     ORDER BY a."firstPublishedAt" DESC, a.id DESC
     LIMIT ${pageSize} OFFSET ${(Math.max(1, page) - 1) * pageSize}`;
  return rows.flatMap((row) =>
    row.headline === null
      ? []
      : [{ slug: row.slug, headline: row.headline, publishedAt: row.firstPublishedAt.toISOString(), lastModified: row.lastModified.toISOString() }],
  );
}

/** How many articles the sitemaps list, and when the newest of them changed. */
export async function loadSitemapSummary(): Promise<{ articles: number; lastModified: string | null }> {
  const [row] = await db.$queryRaw<Array<{ articles: number; lastModified: Date | null }>>`
    SELECT count(*)::int AS articles, max(GREATEST(a."firstPublishedAt", a."publicUpdatedAt")) AS "lastModified"
      FROM "Article" a WHERE ${SITEMAP_ARTICLE}`;
  return { articles: row.articles, lastModified: row.lastModified?.toISOString() ?? null };
}

/** Sitemap entries first published within the last two days (Google News' window). */
export function recentSitemapEntries(entries: readonly ReaderSitemapEntry[], now = Date.now()): ReaderSitemapEntry[] {
  return entries.filter((entry) => now - Date.parse(entry.publishedAt) <= NEWS_SITEMAP_WINDOW_MS);
}

// The cached faces of the loaders above: what pages and route handlers call.

// Thrown inside the cached read so that nothing is stored: Next's data cache writes one file per
// key to disk, and a missing slug is whatever an anonymous visitor types.
class NoPublishedArticle extends Error {}

async function loadExistingPublishedArticle(slug: string): Promise<ReaderArticle> {
  const article = await loadPublishedArticle(slug);
  if (!article) throw new NoPublishedArticle();
  return article;
}

/** A published article by slug, or null. Only articles that exist are cached (per slug, on disk). */
export const getPublishedArticle = async (slug: string): Promise<ReaderArticle | null> => {
  if (slug.length === 0 || slug.length > MAX_SLUG_LENGTH) return null;
  try {
    return await unstable_cache(loadExistingPublishedArticle, ["reader-article"], {
      tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.article(slug)],
    })(slug);
  } catch (error) {
    if (error instanceof NoPublishedArticle) return null;
    throw error;
  }
};

export const getFrontPage = unstable_cache(loadFrontPage, ["reader-front-page"], {
  tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.frontPage],
});

export const getCorrections = unstable_cache(loadCorrections, ["reader-corrections"], {
  tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.corrections],
});

export const getFeedItems = unstable_cache(loadFeedItems, ["reader-feed"], {
  tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.feeds],
});

export const getSitemapEntries = unstable_cache(loadSitemapEntries, ["reader-sitemap"], {
  tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.sitemaps],
});

export const getSitemapSummary = unstable_cache(loadSitemapSummary, ["reader-sitemap-summary"], {
  tags: [READER_CACHE_TAGS.all, READER_CACHE_TAGS.sitemaps],
});
