import { absoluteUrl, type SiteConfig } from "./config";
import { largestImage } from "./images";
import { articlePath, taxonomyPath, type TaxonomyKind } from "./reader-invalidation";
import type { ReaderFeedItem, ReaderPhoto, ReaderSitemapEntry } from "./types";

// The reader site's XML documents (RSS 2.0, sitemap, Google News sitemap), built as strings.

// Characters XML 1.0 does not allow at all (control characters other than tab, LF, CR; lone
// surrogates; U+FFFE/U+FFFF). Escaping cannot save them, so they are dropped.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Wraps HTML in CDATA; a "]]>" inside is split across two sections so it cannot close it. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replace(INVALID_XML_CHARS, "").replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

const element = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The full article as feed readers show it: standfirst, body, photos with captions and credits. */
function feedItemHtml(site: SiteConfig, item: ReaderFeedItem): string {
  const parts: string[] = [];
  if (item.standfirst) parts.push(`<p><strong>${escapeHtml(item.standfirst)}</strong></p>`);
  parts.push(item.bodyHtml);
  for (const photo of item.photos) {
    const largest = photo.image ? largestImage(site, photo.image) : null;
    const src = largest?.url ?? photo.imageUrl;
    const size = largest ? ` width="${largest.width}" height="${largest.height}"` : "";
    const image = src ? `<img src="${escapeHtml(src)}"${size} alt="${escapeHtml(photo.alt)}">` : "";
    const credit = photo.credit ? ` <small>Photo: ${escapeHtml(photo.credit)}</small>` : "";
    parts.push(`<figure>${image}<figcaption>${photo.captionHtml}${credit}</figcaption></figure>`);
  }
  return parts.join("\n");
}

/** Media RSS for a photo with an uploaded image: the largest JPEG, its caption and its credit. */
function mediaContent(site: SiteConfig, photo: ReaderPhoto): string[] {
  const largest = photo.image ? largestImage(site, photo.image) : null;
  if (!largest) return [];
  return [
    `<media:content url="${escapeXml(largest.url)}" type="image/jpeg" medium="image" width="${largest.width}" height="${largest.height}">`,
    ...(photo.captionText ? [`<media:description type="plain">${escapeXml(photo.captionText)}</media:description>`] : []),
    ...(photo.credit ? [`<media:credit role="photographer">${escapeXml(photo.credit)}</media:credit>`] : []),
    ...(photo.image?.copyright ? [`<media:copyright>${escapeXml(photo.image.copyright)}</media:copyright>`] : []),
    "</media:content>",
  ];
}

/** Which channel a feed is: the whole site's, or one section's, tag's or author's. */
export interface FeedChannel {
  title: string;
  /** Site-relative paths of the channel's page and of the feed itself. */
  pagePath: string;
  feedPath: string;
  description: string;
}

export function buildRssFeed(site: SiteConfig, items: readonly ReaderFeedItem[], now = new Date(), channel?: FeedChannel): string {
  const latest = items.reduce((max, item) => Math.max(max, Date.parse(item.updatedAt ?? item.publishedAt)), 0);
  const entries = items.map((item) => {
    const url = absoluteUrl(site, articlePath(item.slug));
    return [
      "<item>",
      element("title", item.headline),
      element("link", url),
      `<guid isPermaLink="true">${escapeXml(url)}</guid>`,
      element("pubDate", new Date(item.publishedAt).toUTCString()),
      ...(item.standfirst ? [element("description", item.standfirst)] : []),
      `<content:encoded>${cdata(feedItemHtml(site, item))}</content:encoded>`,
      ...item.photos.flatMap((photo) => mediaContent(site, photo)),
      "</item>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
    "<channel>",
    element("title", channel?.title ?? site.name),
    element("link", channel ? absoluteUrl(site, channel.pagePath) : `${site.url}/`),
    element("description", channel?.description ?? `Latest articles from ${site.name}`),
    element("language", site.language),
    element("lastBuildDate", new Date(latest || now.getTime()).toUTCString()),
    `<atom:link href="${escapeXml(absoluteUrl(site, channel?.feedPath ?? "/feed.xml"))}" rel="self" type="application/rss+xml"/>`,
    ...entries,
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}

export function buildSitemap(
  site: SiteConfig,
  entries: readonly ReaderSitemapEntry[],
  terms: ReadonlyArray<{ kind: TaxonomyKind; slug: string; lastModified: string }> = [],
  /** The front page and corrections are listed (not in the article files of a sitemap index); the front page's lastmod. */
  fixedPages: { lastModified: string | null } | false = { lastModified: null },
): string {
  const newest = fixedPages ? (fixedPages.lastModified ? Date.parse(fixedPages.lastModified) : entries.reduce((max, entry) => Math.max(max, Date.parse(entry.lastModified)), 0)) : 0;
  const urls = [
    ...(fixedPages
      ? [
          `<url>${element("loc", `${site.url}/`)}${newest ? element("lastmod", new Date(newest).toISOString()) : ""}</url>`,
          `<url>${element("loc", absoluteUrl(site, "/corrections"))}</url>`,
        ]
      : []),
    ...terms.map((term) => `<url>${element("loc", absoluteUrl(site, taxonomyPath(term.kind, term.slug)))}${element("lastmod", term.lastModified)}</url>`),
    ...entries.map((entry) => `<url>${element("loc", absoluteUrl(site, articlePath(entry.slug)))}${element("lastmod", entry.lastModified)}</url>`),
  ];
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, "</urlset>", ""].join("\n");
}

/** The sitemap files of an archive too big for one: the fixed and taxonomy pages, then the articles in files of `limit`. */
export const SITEMAP_PAGES_PATH = "/sitemaps/pages";
export const sitemapArticlesPath = (page: number) => `/sitemaps/articles/${page}`;

/**
 * Whether /sitemap.xml lists every URL itself (`null`: they fit in one file of `limit`) or is an
 * index, and then how many article files it names.
 */
export function sitemapArticleFiles(articles: number, terms: number, limit: number): number | null {
  if (articles + terms + 2 <= limit) return null;
  return Math.max(1, Math.ceil(articles / limit));
}

/** A sitemap index (sitemaps.org) naming the files of a big archive. */
export function buildSitemapIndex(site: SiteConfig, articleFiles: number, lastModified: string | null): string {
  const lastmod = lastModified ? element("lastmod", lastModified) : "";
  const files = [SITEMAP_PAGES_PATH, ...Array.from({ length: articleFiles }, (_, index) => sitemapArticlesPath(index + 1))];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map((file) => `<sitemap>${element("loc", absoluteUrl(site, file))}${lastmod}</sitemap>`),
    "</sitemapindex>",
    "",
  ].join("\n");
}

/** Google News sitemap: pass only the entries of the last two days (`recentSitemapEntries`). */
export function buildNewsSitemap(site: SiteConfig, entries: readonly ReaderSitemapEntry[]): string {
  const urls = entries.map((entry) =>
    [
      "<url>",
      element("loc", absoluteUrl(site, articlePath(entry.slug))),
      "<news:news>",
      `<news:publication>${element("news:name", site.name)}${element("news:language", site.language)}</news:publication>`,
      element("news:publication_date", entry.publishedAt),
      element("news:title", entry.headline),
      "</news:news>",
      "</url>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}

export function buildRobotsTxt(site: SiteConfig): string {
  return [
    "User-agent: *",
    "Allow: /",
    "Disallow: /desk",
    "Disallow: /login",
    "Disallow: /api/",
    "",
    `Sitemap: ${absoluteUrl(site, "/sitemap.xml")}`,
    `Sitemap: ${absoluteUrl(site, "/news-sitemap.xml")}`,
    "",
  ].join("\n");
}
