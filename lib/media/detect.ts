import type { ImageFormat } from "./formats";

/**
 * The image type from the file's first bytes, never its name or the declared content type: a
 * renamed text file is not a JPEG. Null for anything that is not JPEG, PNG, WebP or AVIF.
 */
export function detectImageFormat(head: Uint8Array): ImageFormat | null {
  const ascii = (start: number, end: number) => String.fromCharCode(...head.subarray(start, end));
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (head.length >= 8 && head[0] === 0x89 && ascii(1, 4) === "PNG" && head[4] === 0x0d && head[5] === 0x0a && head[6] === 0x1a && head[7] === 0x0a) {
    return "png";
  }
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  // ISO BMFF: a box of type "ftyp" whose major brand (or a compatible brand) is AVIF.
  if (head.length >= 16 && ascii(4, 8) === "ftyp") {
    const boxSize = (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3];
    const end = Math.min(head.length, boxSize > 0 ? boxSize : head.length);
    for (let offset = 8; offset + 4 <= end; offset += 4) {
      if (offset === 12) continue; // minor version
      const brand = ascii(offset, offset + 4);
      if (brand === "avif" || brand === "avis") return "avif";
    }
  }
  return null;
}
