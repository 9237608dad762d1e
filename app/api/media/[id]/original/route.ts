import { Readable } from "node:stream";
import { requireUser } from "@/lib/auth/session";
import { NotFoundError, toHttpResponse } from "@/lib/errors";
import { mediaStorage, originalFile } from "@/lib/media";

// GET /api/media/[id]/original — desk users download an image's original file (with its full
// embedded metadata, GPS included); never readers.
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("reporter");
    const { id } = await context.params;
    const file = await originalFile(id);
    const stored = file ? await mediaStorage().get(file.key) : null;
    if (!file || !stored) throw new NotFoundError("This image does not exist.");
    return new Response(Readable.toWeb(stored.body) as ReadableStream, {
      headers: {
        "content-type": file.contentType,
        "content-length": String(stored.size),
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
        "content-disposition": "attachment",
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
