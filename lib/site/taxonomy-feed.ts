import "server-only";
import { siteConfig } from "./config";
import { taxonomyFeedPath, taxonomyPath, termSlugFromSegment, type TaxonomyKind } from "./reader-invalidation";
import { getTaxonomyFeed } from "./taxonomy-queries";
import { buildRssFeed } from "./xml";

const CHANNEL_TITLE: Record<TaxonomyKind, (name: string, site: string) => string> = {
  section: (name, site) => `${name} — ${site}`,
  tag: (name, site) => `Tagged ${name} — ${site}`,
  author: (name, site) => `${name} — ${site}`,
};

/** The RSS response of a section, tag or author (404 when it has no published story); `segment` is the route's. */
export async function taxonomyFeedResponse(kind: TaxonomyKind, segment: string): Promise<Response> {
  const feed = await getTaxonomyFeed(kind, termSlugFromSegment(segment));
  if (!feed) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const site = siteConfig();
  const xml = buildRssFeed(site, feed.items, new Date(), {
    title: CHANNEL_TITLE[kind](feed.term.name, site.name),
    pagePath: taxonomyPath(kind, feed.term.slug),
    feedPath: taxonomyFeedPath(kind, feed.term.slug),
    description: `Latest stories from ${site.name}: ${feed.term.name}`,
  });
  return new Response(xml, {
    headers: { "content-type": "application/rss+xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
