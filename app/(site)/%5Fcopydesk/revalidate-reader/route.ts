// POST /_copydesk/revalidate-reader — internal: this server's page cache expires reader cache tags (token-guarded)
import { revalidateTag } from "next/cache";
import { internalRevalidateSchema, isInternalToken } from "@/lib/site/internal-revalidate";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  // Not found rather than forbidden: the route does not exist for anyone else.
  if (!isInternalToken(request.headers.get("x-copydesk-token"))) return new Response("Not Found", { status: 404 });
  const parsed = internalRevalidateSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return new Response("Bad Request", { status: 400 });
  for (const tag of parsed.data.tags) revalidateTag(tag, { expire: 0 });
  return new Response(null, { status: 204 });
}
