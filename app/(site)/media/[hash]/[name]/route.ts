import { Readable } from "node:stream";
import { getSessionUser } from "@/lib/auth/session";
import { serveDeskMedia, servePublicMedia, type MediaResponse } from "@/lib/media";

// GET /media/[hash]/[name] — an image variant or crop: for readers while a published article
// shows the image, for desk users always. The production server answers public ones itself
// (server/media.ts); this route serves the rest, and everything in development.
export async function GET(request: Request, context: { params: Promise<{ hash: string; name: string }> }) {
  const { hash, name } = await context.params;
  const ifNoneMatch = request.headers.get("if-none-match");
  let result: MediaResponse | null = await servePublicMedia(hash, name, ifNoneMatch);
  if (!result) {
    // Not public: a desk session sees it, anyone else learns nothing (not even that it exists).
    result = (await getSessionUser()) ? await serveDeskMedia(hash, name, ifNoneMatch) : { status: 404 };
  }
  if (result.status === 404) return new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });
  if (result.status === 304) return new Response(null, { status: 304, headers: result.headers });
  return new Response(Readable.toWeb(result.body) as ReadableStream, { status: 200, headers: result.headers });
}
