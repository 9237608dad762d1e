import { PayloadTooLargeError, ValidationError } from "@/lib/errors";
import { detectImageFormat } from "./detect";
import { UNSUPPORTED_MESSAGE } from "./process";

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`This file is larger than the ${Math.round(maxBytes / (1024 * 1024))} MB limit for images.`);
}

/**
 * Reads an upload's body into memory, counting as it streams: a declared or actual size over
 * `maxBytes` stops reading at once (413), and a file whose first bytes are not an image is
 * refused before the rest arrives (422). Nothing is written anywhere.
 */
export async function readUploadBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw ValidationError.forField("file", "Choose an image to upload.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let checked = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
      if (!checked && size >= 64) {
        checked = true;
        if (!detectImageFormat(Buffer.concat(chunks))) throw ValidationError.forField("file", UNSUPPORTED_MESSAGE);
      }
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  if (size === 0) throw ValidationError.forField("file", "This file is empty.");
  return Buffer.concat(chunks, size);
}

/** The file's name from the X-File-Name header (URI-encoded by the desk); a name that does not decode is kept as sent. */
export function uploadedFileName(header: string | null): string {
  const raw = header ?? "";
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // "%E0%A4%A" and the like: not ours to refuse, just a label.
  }
  return name.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 255);
}
