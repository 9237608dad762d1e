// GET /sitemap.xml — search engines: every published article, and every section, tag and author page
import { siteConfig } from "@/lib/site/config";
import { getSitemapEntries } from "@/lib/site/queries";
import { getTaxonomySitemapEntries } from "@/lib/site/taxonomy-queries";
import { buildSitemap } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const [articles, terms] = await Promise.all([getSitemapEntries(), getTaxonomySitemapEntries()]);
  const xml = buildSitemap(siteConfig(), articles, terms);
  return new Response(xml, {
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
