// GET /sitemaps/articles/<n> — search engines, from the sitemap index of a big archive: the nth
// 50,000 published articles, newest first
import { siteConfig } from "@/lib/site/config";
import { getSitemapEntries, getSitemapSummary, SITEMAP_LIMIT } from "@/lib/site/queries";
import { buildSitemap } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ page: string }> }): Promise<Response> {
  const { page: segment } = await params;
  const page = /^[1-9][0-9]{0,5}$/.test(segment) ? Number(segment) : null;
  const summary = await getSitemapSummary();
  if (page === null || (page - 1) * SITEMAP_LIMIT >= Math.max(summary.articles, 1)) {
    return new Response("No such sitemap.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return new Response(buildSitemap(siteConfig(), await getSitemapEntries(page), [], false), {
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
