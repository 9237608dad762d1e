// GET /sitemap.xml — search engines: every published article, and every section, tag and author
// page; past 50,000 URLs a sitemap index of /sitemaps/pages and /sitemaps/articles/<n>
import { siteConfig } from "@/lib/site/config";
import { getSitemapEntries, getSitemapSummary, SITEMAP_LIMIT } from "@/lib/site/queries";
import { getTaxonomySitemapEntries } from "@/lib/site/taxonomy-queries";
import { buildSitemap, buildSitemapIndex, sitemapArticleFiles } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const [summary, terms] = await Promise.all([getSitemapSummary(), getTaxonomySitemapEntries()]);
  const files = sitemapArticleFiles(summary.articles, terms.length, SITEMAP_LIMIT);
  const xml =
    files === null
      ? buildSitemap(siteConfig(), await getSitemapEntries(), terms)
      : buildSitemapIndex(siteConfig(), files, summary.lastModified);
  return new Response(xml, {
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
