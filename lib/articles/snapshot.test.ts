import { describe, expect, it } from "vitest";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { AppError, setUnexpectedErrorLogger, toActionResult } from "@/lib/errors";
import { buildSnapshot, canonicalJson, readStoredSnapshot, StoredSnapshotError } from "./snapshot";

// The one reader of stored snapshots: what buildSnapshot wrote reads back as it was; anything else
// is a StoredSnapshotError naming the row — a bug or damaged data, so a generic 500, not the user's 422.

const built = buildSnapshot({
  headline: "Storm closes the coast road",
  standfirst: "",
  body: docFromBlocks([{ kind: "paragraph", text: "The road is shut." }]),
  photos: [
    { id: "p2", position: 1, caption: captionFromText("Waves"), alt: null, imageUrl: null, creditId: "c1", credit: { agency: "AP", photographer: "Ann Lee" }, imageId: "m1", focalX: 30, focalY: 70 },
    { id: "p1", position: 0, caption: captionFromText("Sandbags"), alt: "Sandbags by a door", imageUrl: null, creditId: null, credit: null },
  ],
});

describe("readStoredSnapshot", () => {
  it("reads back what buildSnapshot wrote, through JSON, as it was", () => {
    const stored = JSON.parse(JSON.stringify(built)) as unknown;
    expect(canonicalJson(readStoredSnapshot(stored, "Version 1 of article a"))).toBe(canonicalJson(built));
    expect(readStoredSnapshot(stored, "x").photos.map((photo) => photo.credit)).toEqual([null, "AP/Ann Lee"]);
  });

  it("keeps keys it does not know, so rewriting a snapshot loses nothing", () => {
    const stored = { ...built, layout: "wide", photos: built.photos.map((photo) => ({ ...photo, rights: "editorial" })) };
    const read = readStoredSnapshot(stored, "x") as unknown as { layout: string; photos: Array<{ rights: string }> };
    expect(read.layout).toBe("wide");
    expect(read.photos.map((photo) => photo.rights)).toEqual(["editorial", "editorial"]);
  });

  it("refuses what is not a snapshot with a StoredSnapshotError naming the row and the field", () => {
    const damaged = { ...built, photos: [{ ...built.photos[0], position: "first" }] };
    const error = (() => {
      try {
        readStoredSnapshot(damaged, "Version 3 of article c123");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StoredSnapshotError);
    expect((error as Error).message).toMatch(/^Version 3 of article c123 does not hold an article snapshot \(photos\.0\.position: /);
    for (const value of [null, "text", { headline: "Only a headline" }, []]) {
      expect(() => readStoredSnapshot(value, "The published snapshot of article c1")).toThrow(StoredSnapshotError);
    }
  });

  it("is not the user's error: an action answers the generic 500, with the details left to the log", () => {
    const error = new StoredSnapshotError("Version 3 of article c123", "photos: expected array");
    expect(error).not.toBeInstanceOf(AppError);
    const logged: unknown[] = [];
    const restore = setUnexpectedErrorLogger((_message, cause) => logged.push(cause));
    try {
      const result = toActionResult(error);
      expect(result.status).toBe(500);
      expect(result.error).not.toContain("c123");
      expect(logged).toEqual([error]);
    } finally {
      restore();
    }
  });
});
