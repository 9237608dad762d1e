import { describe, expect, it } from "vitest";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { diffWords } from "@/lib/editor";
import { compareSnapshots, groupChanges, summarizeChanges } from "./changes";
import { buildSnapshot, canonicalJson, type ArticleSnapshot } from "./snapshot";

function snapshot(overrides: Partial<ArticleSnapshot> = {}): ArticleSnapshot {
  const base = buildSnapshot({
    headline: "Harbour bridge reopens",
    standfirst: "Repairs took two years.",
    body: docFromBlocks([
      { kind: "paragraph", text: "The bridge reopened on Monday." },
      { kind: "paragraph", text: "Traffic was light." },
    ]),
    photos: [
      { id: "p1", position: 0, caption: captionFromText("Cars cross the bridge"), alt: null, imageUrl: null, creditId: "c1", credit: { agency: "AP", photographer: "Ann Lee" } },
      { id: "p2", position: 1, caption: captionFromText("The mayor cuts a ribbon"), alt: null, imageUrl: null, creditId: null, credit: null },
    ],
  });
  return { ...base, ...overrides };
}

describe("groupChanges", () => {
  it("shows a rewritten phrase as one deletion and one insertion, still spelling both texts", () => {
    const before = "Work starts. Edna wrote this first. Done";
    const after = "Work starts. Second writer here. Done";
    const segments = groupChanges(diffWords(before, after));
    expect(segments).toEqual([
      { op: "equal", text: "Work starts. " },
      { op: "delete", text: "Edna wrote this first" },
      { op: "insert", text: "Second writer here" },
      { op: "equal", text: ". Done" },
    ]);
    expect(segments.filter((s) => s.op !== "insert").map((s) => s.text).join("")).toBe(before);
    expect(segments.filter((s) => s.op !== "delete").map((s) => s.text).join("")).toBe(after);
  });

  it("keeps unchanged words between changes as they are", () => {
    const segments = groupChanges(diffWords("the red car stops", "the blue car starts"));
    expect(segments.map((s) => `${s.op}:${s.text}`)).toEqual(["equal:the ", "delete:red", "insert:blue", "equal: car ", "delete:stops", "insert:starts"]);
  });
});

describe("compareSnapshots", () => {
  it("reports nothing for identical snapshots, whatever the key order", () => {
    const a = snapshot();
    // PostgreSQL's jsonb hands objects back with their keys in another order.
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]))
          : value;
    const reordered = reverseKeys(a) as ArticleSnapshot;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(a));
    expect(canonicalJson(reordered)).toBe(canonicalJson(a));
    expect(compareSnapshots(a, reordered)).toEqual([]);
  });

  it("gives word diffs of the body text and of a caption, not JSON", () => {
    const before = snapshot();
    const after = snapshot({
      body: docFromBlocks([
        { kind: "paragraph", text: "The bridge reopened on Tuesday." },
        { kind: "paragraph", text: "Traffic was light." },
      ]),
    });
    after.photos[1] = { ...after.photos[1], caption: captionFromText("The mayor opens the bridge") };
    const changes = compareSnapshots(before, after);
    expect(changes.map((change) => change.label)).toEqual(["Body", "Caption 2"]);
    const body = changes[0];
    expect(body.segments.filter((s) => s.op === "delete").map((s) => s.text.trim())).toEqual(["Monday"]);
    expect(body.segments.filter((s) => s.op === "insert").map((s) => s.text.trim())).toEqual(["Tuesday"]);
    expect(body.segments.map((s) => s.text).join("")).not.toContain('"type"');
    expect(changes[1].photoId).toBe("p2");
    expect(changes[1].before).toBe("The mayor cuts a ribbon");
    expect(changes[1].after).toBe("The mayor opens the bridge");
    expect(summarizeChanges(changes)).toBe("Edited body, caption 2");
  });

  it("flags a change of marks alone as formatting only", () => {
    const before = snapshot();
    const after = snapshot();
    after.photos[0] = {
      ...after.photos[0],
      caption: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Cars cross the bridge", marks: [{ type: "bold" }] }] }] },
    };
    const [change] = compareSnapshots(before, after);
    expect(change).toMatchObject({ label: "Caption 1", formattingOnly: true });
  });

  it("compares credits by their label", () => {
    const before = snapshot();
    const after = snapshot();
    after.photos[0] = { ...after.photos[0], creditId: "c2", credit: "Reuters/Bo Chan" };
    const changes = compareSnapshots(before, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ field: "credit", before: "AP/Ann Lee", after: "Reuters/Bo Chan" });
    expect(summarizeChanges(changes)).toBe("Edited credit 1");
  });

  it("compares bylines, section and tags by what they name, and reads them as names", () => {
    const taxonomy = { section: { id: "s1", name: "Sport" }, tags: [{ id: "t1", name: "Olympics" }], bylines: [{ id: "b1", name: "Ann Lee" }, { id: "b2", name: "Sam Roe" }] };
    const before = snapshot();
    const after = snapshot({ taxonomy });
    const changes = compareSnapshots(before, after);
    expect(changes.map((change) => [change.field, change.before, change.after])).toEqual([
      ["bylines", "", "Ann Lee, Sam Roe"],
      ["section", "", "Sport"],
      ["tags", "", "Olympics"],
    ]);
    expect(summarizeChanges(changes)).toBe("Edited bylines, section, tags");
    // Swapping bylines is a change; a renamed contributor (same id) in an old snapshot is not.
    const swapped = snapshot({ taxonomy: { ...taxonomy, bylines: [...taxonomy.bylines].reverse() } });
    expect(compareSnapshots(after, swapped).map((change) => change.field)).toEqual(["bylines"]);
    const renamed = snapshot({ taxonomy: { ...taxonomy, bylines: [{ id: "b1", name: "Ann Lee-Smith" }, taxonomy.bylines[1]] } });
    expect(compareSnapshots(after, renamed)).toEqual([]);
    // No taxonomy key reads as none.
    expect(compareSnapshots(before, snapshot({ taxonomy: { section: null, tags: [], bylines: [] } }))).toEqual([]);
  });

  it("pairs photos by id across a reorder, an addition and a removal, and an old snapshot's id-less photos by position", () => {
    const before = snapshot();
    const [p1, p2] = before.photos;
    const added = { ...p1, id: "p3", position: 0, caption: captionFromText("A new photo"), creditId: null, credit: null };
    const after: ArticleSnapshot = { ...before, photos: [added, { ...p1, position: 1, caption: captionFromText("Cars cross the new bridge") }] };
    const changes = compareSnapshots(before, after);
    // p1 moved and was recaptioned, p3 is new, p2 is gone: no photo is compared with another's caption.
    expect(changes.filter((change) => change.field === "caption").map((change) => [change.photoId, change.before, change.after])).toEqual([
      ["p3", "", "A new photo"],
      ["p1", "Cars cross the bridge", "Cars cross the new bridge"],
      ["p2", "The mayor cuts a ribbon", ""],
    ]);
    // Revisions written before photos had ids pair by position.
    const old: ArticleSnapshot = { ...before, photos: before.photos.map((photo) => ({ ...photo, id: null })) };
    const edited: ArticleSnapshot = { ...before, photos: [p1, { ...p2, caption: captionFromText("The mayor waves") }] };
    expect(compareSnapshots(old, edited).map((change) => [change.label, change.photoId])).toEqual([["Caption 2", "p2"]]);
  });

  it("summarises several fields in reading order", () => {
    const before = snapshot();
    const after = snapshot({ headline: "Bridge reopens", standfirst: "Two years of repairs." });
    after.photos = after.photos.map((photo) => ({ ...photo, alt: "A bridge" }));
    expect(summarizeChanges(compareSnapshots(before, after))).toBe("Edited headline, standfirst, alt texts 1, 2");
  });
});
