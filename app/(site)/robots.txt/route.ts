// GET /robots.txt — crawlers: what to index, where the sitemaps are
import { siteConfig } from "@/lib/site/config";
import { buildRobotsTxt } from "@/lib/site/xml";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response(buildRobotsTxt(siteConfig()), {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=0, must-revalidate" },
  });
}
