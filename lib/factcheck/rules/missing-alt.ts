import { altFieldKey } from "@/lib/factcheck/article-fields";
import { fingerprintOf } from "@/lib/factcheck/fact-checker";
import type { Finding } from "@/lib/factcheck/types";

/** A photo as the alt-text rule reads it: whether it shows an image, and its alt text. */
export interface AltCheckPhoto {
  id: string;
  imageId?: string | null;
  alt: string | null;
}

export const MISSING_ALT_MESSAGE = "This photo has an image but no alt text: describe what it shows for readers who cannot see it.";

/**
 * One finding per photo that shows an image without alt text (a caption card needs none). Severity
 * high, so publishing asks to confirm while one is open; ignoring it for this article is allowed
 * (a purely decorative image). Cheap and certain: it runs beside the text engine, not in it.
 */
export function findMissingAltText(photos: readonly AltCheckPhoto[]): Finding[] {
  return photos.flatMap((photo) =>
    photo.imageId && !photo.alt?.trim()
      ? [
          {
            fingerprint: fingerprintOf(["missing-alt", photo.id]),
            rule: "missing-alt" as const,
            confidence: 1,
            severity: "high" as const,
            message: MISSING_ALT_MESSAGE,
            text: "",
            location: { fieldKey: altFieldKey(photo.id), block: 0, from: 0, to: 0 },
          },
        ]
      : [],
  );
}
