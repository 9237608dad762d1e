// GET /sitemaps/pages — search engines, from the sitemap index of a big archive: the front page,
// corrections, and every section, tag and author page
import { siteConfig } from "@/lib/site/config";
import { getSitemapSummary } from "@/lib/site/queries";
import { getTaxonomySitemapEntries } from "@/lib/site/taxonomy-queries";
import { buildSitemap } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const [summary, terms] = await Promise.all([getSitemapSummary(), getTaxonomySitemapEntries()]);
  return new Response(buildSitemap(siteConfig(), [], terms, { lastModified: summary.lastModified }), {
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
