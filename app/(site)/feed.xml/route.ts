// GET /feed.xml — feed readers: RSS 2.0 of the latest published articles with full content
import { siteConfig } from "@/lib/site/config";
import { getFeedItems } from "@/lib/site/queries";
import { buildRssFeed } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const xml = buildRssFeed(siteConfig(), await getFeedItems());
  return new Response(xml, {
    headers: { "content-type": "application/rss+xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
