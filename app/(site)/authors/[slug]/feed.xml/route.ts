// GET /authors/[slug]/feed.xml — feed readers: RSS 2.0 of one author's latest published stories
import { taxonomyFeedResponse } from "@/lib/site/taxonomy-feed";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return taxonomyFeedResponse("author", (await params).slug);
}
