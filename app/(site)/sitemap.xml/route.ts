// GET /sitemap.xml — search engines: every published article
import { siteConfig } from "@/lib/site/config";
import { getSitemapEntries } from "@/lib/site/queries";
import { buildSitemap } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const xml = buildSitemap(siteConfig(), await getSitemapEntries());
  return new Response(xml, {
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
