// GET /news-sitemap.xml — Google News: articles first published in the last two days
import { siteConfig } from "@/lib/site/config";
import { getSitemapEntries, recentSitemapEntries } from "@/lib/site/queries";
import { buildNewsSitemap } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const xml = buildNewsSitemap(siteConfig(), recentSitemapEntries(await getSitemapEntries()));
  return new Response(xml, {
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
