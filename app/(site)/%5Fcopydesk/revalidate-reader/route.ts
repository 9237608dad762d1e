// POST /_copydesk/revalidate-reader — internal: this server's page cache expires reader cache tags (token-guarded)
import { revalidateTag } from "next/cache";
import { handleInternalRevalidate } from "@/lib/site/reader-invalidation";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return handleInternalRevalidate(request, (tag) => revalidateTag(tag, { expire: 0 }));
}
