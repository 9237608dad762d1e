import { describe, expect, it } from "vitest";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { AppError, setUnexpectedErrorLogger, toActionResult } from "@/lib/errors";
import { buildSnapshot, canonicalJson, readStoredSnapshot, sameJson, StoredSnapshotError } from "./snapshot";

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

describe("sameJson", () => {
  // What a save, publish and the editor's draft check compare: it must say what comparing the
  // canonical JSON strings says, whatever the key order (jsonb reorders keys).
  const values: unknown[] = [
    null,
    0,
    1,
    "",
    "1",
    true,
    false,
    [],
    {},
    [1, 2],
    [2, 1],
    [null],
    [undefined],
    { a: 1, b: 2 },
    { b: 2, a: 1 },
    { a: 1 },
    { a: 1, b: undefined },
    { a: null },
    { a: [1, { c: "x", d: [true] }] },
    { a: [1, { d: [true], c: "x" }] },
    { a: [1, { d: [false], c: "x" }] },
    { a: { b: {} } },
    { a: { b: [] } },
    new Date("2024-08-11T00:00:00Z"),
    "2024-08-11T00:00:00.000Z",
    built,
    JSON.parse(JSON.stringify(built)),
    { ...built, photos: [...built.photos].reverse() },
    { ...built, headline: "Storm closes the coast road " },
  ];

  it("agrees with comparing canonicalJson strings on every pair", () => {
    for (const a of values) {
      for (const b of values) {
        expect(sameJson(a, b), `${canonicalJson(a)} vs ${canonicalJson(b)}`).toBe(canonicalJson(a) === canonicalJson(b));
      }
    }
  });

  it("compares a long article's snapshot whatever its objects' key order", () => {
    const body = docFromBlocks(Array.from({ length: 160 }, (_, index) => ({ kind: "paragraph" as const, text: `Paragraph ${index} of the long read.` })));
    const photos = Array.from({ length: 500 }, (_, index) => ({
      id: `p${index}`,
      position: index,
      caption: captionFromText(`Caption ${index}`),
      alt: null,
      imageUrl: null,
      creditId: null,
      credit: null,
    }));
    const long = buildSnapshot({ headline: "Long read", standfirst: "", body, photos });
    // Keys in reverse order at every level, as jsonb might give them back.
    const reversed = JSON.parse(JSON.stringify(long), (_key, value: unknown) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as unknown;
    expect(sameJson(long, reversed)).toBe(true);
    const edited = JSON.parse(JSON.stringify(long)) as typeof long;
    (edited.photos[499].caption as { content: Array<{ content: Array<{ text: string }> }> }).content[0].content[0].text = "Caption 499 edited";
    expect(sameJson(long, edited)).toBe(false);
    expect(sameJson(reversed, edited)).toBe(false);
  });
});
