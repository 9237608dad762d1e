import { describe, expect, it } from "vitest";
import { captionDocSchema, editorSchema, richTextDocSchema, type RichTextDoc } from "@/lib/editor/schema";
import {
  captionFromDoc,
  captionFromText,
  captionToPlainText,
  docFromBlocks,
  docToPlainText,
  plainOffsetToPos,
  plainRangeToPos,
  replaceTextInDoc,
  textBlocks,
} from "@/lib/editor/text";

const bold = { type: "bold" };
const italic = { type: "italic" };
const link = { type: "link", attrs: { href: "https://example.org/phoenix" } };

// Marks, a hard break, a list and a blockquote before the text we look for, so
// positions are not simply "sum of text lengths".
const story: RichTextDoc = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Closing ceremony" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "Stars like " },
        { type: "text", text: "Phonenix", marks: [bold] },
        { type: "text", text: " and AIR" },
        { type: "hardBreak" },
        { type: "text", text: "performed. Phonenix", marks: [italic] },
        { type: "text", text: " again." },
      ],
    },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Phonenix live" }] }] },
        { type: "listItem", content: [{ type: "paragraph" }] },
      ],
    },
    {
      type: "blockquote",
      content: [{ type: "paragraph", content: [{ type: "text", text: "See Phonenix", marks: [link] }, { type: "text", text: "es too" }] }],
    },
  ],
};

describe("docFromBlocks", () => {
  it("maps paragraph, heading (h2) and quote (blockquote > paragraph)", () => {
    expect(
      docFromBlocks([
        { kind: "heading", text: "Title" },
        { kind: "paragraph", text: "Body" },
        { kind: "quote", text: "Said" },
        { kind: "paragraph", text: "" },
      ]),
    ).toEqual({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Title" }] },
        { type: "paragraph", content: [{ type: "text", text: "Body" }] },
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Said" }] }] },
        { type: "paragraph" },
      ],
    });
  });

  it("turns line breaks inside a block into hard breaks", () => {
    expect(docFromBlocks([{ kind: "paragraph", text: "a\r\nb\n" }]).content[0]).toEqual({
      type: "paragraph",
      content: [{ type: "text", text: "a" }, { type: "hardBreak" }, { type: "text", text: "b" }, { type: "hardBreak" }],
    });
  });
});

describe("docToPlainText", () => {
  it("round-trips the text of imported blocks", () => {
    const blocks = [
      { kind: "heading" as const, text: "Au revoir! Paris hands over to Los Angeles" },
      { kind: "paragraph" as const, text: "Over 70,000 spectators attended the Sunday closing ceremony." },
      { kind: "quote" as const, text: "A magnificent night,\nsaid one fan." },
      { kind: "paragraph" as const, text: "Ünïcödé — “quotes” & <angle> 🏅 stay intact." },
    ];
    expect(docToPlainText(docFromBlocks(blocks))).toBe(blocks.map((block) => block.text).join("\n\n"));
  });

  it("separates textblocks by a blank line, skips empty ones, reads hard breaks as newlines", () => {
    expect(docToPlainText(story)).toBe(
      [
        "Closing ceremony",
        "Stars like Phonenix and AIR\nperformed. Phonenix again.",
        "Phonenix live",
        "See Phonenixes too",
      ].join("\n\n"),
    );
    expect(docToPlainText(docFromBlocks([]))).toBe("");
  });
});

describe("captions", () => {
  it("captionFromText makes one paragraph, flattening newlines", () => {
    const caption = captionFromText("Athletes gather\n  at the Stade de France");
    expect(caption).toEqual({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Athletes gather at the Stade de France" }] }],
    });
    expect(captionToPlainText(caption)).toBe("Athletes gather at the Stade de France");
    expect(captionFromText("")).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    expect(captionToPlainText(captionFromText(""))).toBe("");
  });

  it("captionFromDoc squeezes pasted blocks into one valid caption, keeping marks", () => {
    const caption = captionFromDoc(story);
    expect(captionDocSchema.safeParse(caption).success).toBe(true);
    expect(captionToPlainText(caption)).toBe(
      "Closing ceremony Stars like Phonenix and AIR performed. Phonenix again. Phonenix live See Phonenixes too",
    );
    expect(JSON.stringify(caption)).toContain('"bold"');
    expect(JSON.stringify(caption)).toContain("https://example.org/phoenix");
  });
});

describe("textBlocks and plainOffsetToPos", () => {
  const pmDoc = editorSchema.nodeFromJSON(story);

  it("lists every textblock, empty ones included, with positions ProseMirror agrees with", () => {
    const blocks = textBlocks(story);
    expect(blocks.map((block) => [block.index, block.type, block.text])).toEqual([
      [0, "heading", "Closing ceremony"],
      [1, "paragraph", "Stars like Phonenix and AIR\nperformed. Phonenix again."],
      [2, "paragraph", "Phonenix live"],
      [3, "paragraph", ""],
      [4, "paragraph", "See Phonenixes too"],
    ]);
    for (const block of blocks) {
      const $pos = pmDoc.resolve(block.pos);
      expect($pos.parent.isTextblock).toBe(true);
      expect($pos.parentOffset).toBe(0);
      expect(pmDoc.textBetween(block.pos, block.pos + block.text.length, undefined, "\n")).toBe(block.text);
    }
  });

  it("maps a (block, offset) finding to the ProseMirror range of that text", () => {
    // Every occurrence of the misspelling, wherever it sits (after marks, after a hard break, in a list, in a link).
    const findings = textBlocks(story).flatMap((block) =>
      [...block.text.matchAll(/Phonenix/g)].map((match) => ({ blockIndex: block.index, offset: match.index })),
    );
    expect(findings).toHaveLength(4);
    for (const finding of findings) {
      const from = plainOffsetToPos(story, finding.blockIndex, finding.offset)!;
      expect(pmDoc.textBetween(from, from + "Phonenix".length)).toBe("Phonenix");
      expect(plainRangeToPos(story, { ...finding, length: 8 })).toEqual({ from, to: from + 8 });
    }
    // The second one in block 1 comes after the hard break: offset 39 in the block text.
    const afterBreak = plainOffsetToPos(story, 1, 39)!;
    expect(pmDoc.textBetween(afterBreak, afterBreak + 8)).toBe("Phonenix");
    expect(pmDoc.nodeAt(afterBreak)?.marks.map((mark) => mark.type.name)).toEqual(["italic"]);
    // The hard break itself is the "\n" at offset 27.
    expect(pmDoc.nodeAt(plainOffsetToPos(story, 1, 27)!)?.type.name).toBe("hardBreak");
  });

  it("returns null for findings outside the doc", () => {
    expect(plainOffsetToPos(story, 99, 0)).toBeNull();
    expect(plainOffsetToPos(story, 2, 14)).toBeNull();
    expect(plainOffsetToPos(story, 2, -1)).toBeNull();
    expect(plainOffsetToPos(story, 2, 13)).toBe(plainOffsetToPos(story, 2, 0)! + 13);
    expect(plainRangeToPos(story, { blockIndex: 2, offset: 10, length: 5 })).toBeNull();
  });
});

describe("replaceTextInDoc", () => {
  const snapshot = JSON.stringify(story);

  it("replaces every occurrence inside a single text node, keeping its marks", () => {
    const { doc, count } = replaceTextInDoc(story, "Phonenix", "Phoenix", { all: true });
    // "See Phonenix" + "es too": the word crosses a mark boundary but the phrase sits inside the linked node.
    expect(count).toBe(4);
    expect(docToPlainText(doc)).toBe(docToPlainText(story).replaceAll("Phonenix", "Phoenix"));
    const paragraph = doc.content[1].content!;
    expect(paragraph[1]).toEqual({ type: "text", text: "Phoenix", marks: [bold] });
    expect(paragraph[4]).toEqual({ type: "text", text: "performed. Phoenix", marks: [italic] });
    expect(doc.content[3].content![0].content![0]).toEqual({ type: "text", text: "See Phoenix", marks: [link] });
    expect(richTextDocSchema.safeParse(doc).success).toBe(true);
    expect(JSON.stringify(story)).toBe(snapshot);
  });

  it("replaces only the first occurrence in document order when all is false", () => {
    const { doc, count } = replaceTextInDoc(story, "Phonenix", "Phoenix", { all: false });
    expect(count).toBe(1);
    expect(docToPlainText(doc)).toBe(docToPlainText(story).replace("Phonenix", "Phoenix"));
    expect(doc.content[1].content![1]).toEqual({ type: "text", text: "Phoenix", marks: [bold] });
    expect(JSON.stringify(story)).toBe(snapshot);
  });

  it("replaces only the occurrence a finding points at", () => {
    const { doc, count } = replaceTextInDoc(story, "Phonenix", "Phoenix", { all: false, at: { blockIndex: 2, offset: 0 } });
    expect(count).toBe(1);
    expect(textBlocks(doc).map((block) => block.text)).toEqual(
      textBlocks(story).map((block) => (block.index === 2 ? "Phoenix live" : block.text)),
    );
    expect(replaceTextInDoc(story, "Phonenix", "Phoenix", { all: false, at: { blockIndex: 2, offset: 1 } }).count).toBe(0);
    // Block indices count the empty list item, as textBlocks does.
    const inQuote = replaceTextInDoc(story, "Phonenix", "Phoenix", { all: true, at: { blockIndex: 4, offset: 4 } });
    expect(inQuote.count).toBe(1);
    expect(textBlocks(inQuote.doc)[4].text).toBe("See Phoenixes too");
  });

  it("can require whole words", () => {
    const { doc, count } = replaceTextInDoc(story, "Phonenix", "Phoenix", { all: true, wholeWord: true });
    expect(count).toBe(3);
    expect(textBlocks(doc)[4].text).toBe("See Phonenixes too");
  });

  it("skips matches that cross a mark boundary", () => {
    const split: RichTextDoc = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Phon", marks: [bold] }, { type: "text", text: "enix sang" }] }],
    };
    const { doc, count } = replaceTextInDoc(split, "Phonenix", "Phoenix", { all: true });
    expect(count).toBe(0);
    expect(doc).toBe(split);
  });

  it("removes text nodes emptied by the replacement, keeping the doc valid", () => {
    const { doc, count } = replaceTextInDoc(story, "Closing ceremony", "", { all: true });
    expect(count).toBe(1);
    expect(doc.content[0]).toEqual({ type: "heading", attrs: { level: 2 } });
    expect(richTextDocSchema.safeParse(doc).success).toBe(true);
  });

  it("works on caption docs", () => {
    const caption = captionFromText("Phonenix on stage with Phonenix fans");
    const { doc, count } = replaceTextInDoc(caption, "Phonenix", "Phoenix", { all: true });
    expect(count).toBe(2);
    expect(captionToPlainText(doc)).toBe("Phoenix on stage with Phoenix fans");
    expect(captionDocSchema.safeParse(doc).success).toBe(true);
    expect(captionToPlainText(caption)).toBe("Phonenix on stage with Phonenix fans");
  });

  it("refuses an empty search phrase", () => {
    expect(() => replaceTextInDoc(story, "", "x", { all: true })).toThrow(RangeError);
  });
});
