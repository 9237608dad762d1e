import { describe, expect, it } from "vitest";
import { describeArticleFields } from "@/lib/factcheck/article-fields";
import { viewOf } from "@/lib/factcheck/findings";
import { captionFromText } from "@/lib/editor";
import { findMissingAltText } from "./missing-alt";

describe("findMissingAltText", () => {
  it("flags each photo with an image and no alt text (blank counts as none), never a caption card", () => {
    const photos = [
      { id: "a", imageId: "img1", alt: null },
      { id: "b", imageId: "img2", alt: "Firefighters on a ladder" },
      { id: "c", imageId: null, alt: null },
      { id: "d", imageId: "img3", alt: "   " },
    ];
    const findings = findMissingAltText(photos);
    expect(findings.map((finding) => [finding.location.fieldKey, finding.rule, finding.severity])).toEqual([
      ["alt:a", "missing-alt", "high"],
      ["alt:d", "missing-alt", "high"],
    ]);
    // Stable per photo, so "Ignore" survives re-checks.
    expect(findMissingAltText(photos).map((finding) => finding.fingerprint)).toEqual(findings.map((finding) => finding.fingerprint));

    const descriptions = describeArticleFields({ photos: photos.map((photo) => ({ id: photo.id, caption: captionFromText("x"), credit: null })) });
    expect(viewOf(findings[1], descriptions)).toMatchObject({ where: "Alt text of photo 4", fieldToken: "alt-4", photoNumber: 4 });
  });
});
