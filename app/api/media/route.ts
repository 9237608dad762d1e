import { requireUser } from "@/lib/auth/session";
import { toHttpResponse } from "@/lib/errors";
import { ingestImage, mediaConfig, readUploadBody } from "@/lib/media";

// POST /api/media — desk users (reporter and up) upload one image as the raw request body (the
// file name in X-File-Name); answers with the stored image and what its file says (IPTC/XMP/EXIF)
// so the desk can prefill caption and credit. The session is checked before the body is read.
export async function POST(request: Request) {
  try {
    const user = await requireUser("reporter");
    const { maxBytes } = mediaConfig();
    const data = await readUploadBody(request, maxBytes);
    const originalName = decodeURIComponent(request.headers.get("x-file-name") ?? "").slice(0, 255);
    const image = await ingestImage({ data, originalName }, user);
    return Response.json(image, { status: image.existing ? 200 : 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toHttpResponse(error);
  }
}
