import { streamRoute } from "@/lib/actions";
import { ingestImage, mediaConfig, readUploadBody, uploadedFileName } from "@/lib/media";

// POST /api/media — desk users (reporter and up) upload one image as the raw request body (the
// file name in X-File-Name); answers with the stored image and what its file says (IPTC/XMP/EXIF)
// so the desk can prefill caption and credit. The session is checked before the body is read.
export const POST = streamRoute({ role: "reporter", status: (image: { existing: boolean }) => (image.existing ? 200 : 201) }, async (request, actor) => {
  const data = await readUploadBody(request, mediaConfig().maxBytes);
  return ingestImage({ data, originalName: uploadedFileName(request.headers.get("x-file-name")) }, actor);
});
