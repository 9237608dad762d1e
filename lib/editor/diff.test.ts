import { describe, expect, it } from "vitest";
import { diffWords, type DiffSegment } from "@/lib/editor/diff";

const spell = (segments: DiffSegment[], side: "old" | "new") =>
  segments
    .filter((segment) => segment.op === "equal" || segment.op === (side === "old" ? "delete" : "insert"))
    .map((segment) => segment.text)
    .join("");

describe("diffWords", () => {
  it("shows a corrected word as one deletion and one insertion", () => {
    expect(diffWords("Phonenix performed", "Phoenix performed")).toEqual([
      { op: "delete", text: "Phonenix" },
      { op: "insert", text: "Phoenix" },
      { op: "equal", text: " performed" },
    ]);
  });

  it("spells both texts exactly, whitespace changes included", () => {
    const pairs: Array<[string, string]> = [
      ["the  cat sat", "the cat  sat down"],
      ["Over 70,000 spectators attended.", "More than 70,000 spectators attended the ceremony."],
      ["Line one\nline two", "Line one\n\nline 2"],
      ["", "new text"],
      ["old text", ""],
      ["Ünïcödé naïve café", "Unicode naive café"],
    ];
    for (const [a, b] of pairs) {
      const segments = diffWords(a, b);
      expect(spell(segments, "old"), a).toBe(a);
      expect(spell(segments, "new"), b).toBe(b);
    }
  });

  it("merges adjacent segments and never returns empty ones", () => {
    const segments = diffWords("one two three four", "uno dos tres four");
    for (let i = 1; i < segments.length; i++) expect(segments[i].op).not.toBe(segments[i - 1].op);
    expect(segments.every((segment) => segment.text.length > 0)).toBe(true);
    expect(segments.at(-1)).toEqual({ op: "equal", text: " four" });
  });

  it("handles identical and empty input", () => {
    expect(diffWords("same words", "same words")).toEqual([{ op: "equal", text: "same words" }]);
    expect(diffWords("", "")).toEqual([]);
  });
});
