import { describe, expect, it } from "vitest";
import { editorSchema, captionFromText, plainRangeToPos, textBlocks, type RichTextDoc } from "@/lib/editor";
import { createFactChecker } from "@/lib/factcheck";
import { articleCheckFields, describeArticleFields, describeLocation, type CheckableArticle } from "@/lib/factcheck/article-fields";

// A body with what moves offsets around: a heading, an empty paragraph, a quote, a hard break,
// marks and a link.
const body: RichTextDoc = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Festival news" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "The band " },
        { type: "text", text: "Phoenix", marks: [{ type: "bold" }] },
        { type: "text", text: " played first." },
        { type: "hardBreak" },
        { type: "text", text: "Then Phonenix played again, said " },
        { type: "text", text: "the organisers", marks: [{ type: "link", attrs: { href: "https://example.com" } }] },
        { type: "text", text: "." },
      ],
    },
    { type: "paragraph" },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Phoenix were wonderful." }] }] },
  ],
};

const article: CheckableArticle = {
  headline: "Phoenix close the festival",
  standfirst: "",
  body,
  photos: [
    { id: "p1", caption: captionFromText("Phoenix on stage"), credit: { id: "c1", label: "AP/Ann Lee" } },
    { id: "p2", caption: captionFromText("The crowd"), credit: { id: "c1", label: "AP/Ann Lee" } },
    { id: "p3", caption: captionFromText("Fireworks"), credit: null },
  ],
};

describe("articleCheckFields", () => {
  it("gives headline, body blocks as the editor counts them, captions and each credit once", () => {
    const fields = articleCheckFields(article);
    expect(fields.map((field) => field.key)).toEqual(["headline", "body", "caption:p1", "credit:c1", "caption:p2", "caption:p3"]);
    expect(fields.map((field) => field.kind)).toEqual(["headline", "body", "caption", "credit", "caption", "caption"]);
    const bodyField = fields.find((field) => field.key === "body")!;
    expect(bodyField.blocks).toEqual(textBlocks(body).map((block) => block.text));
    expect(bodyField.blocks).toEqual([
      "Festival news",
      "The band Phoenix played first.\nThen Phonenix played again, said the organisers.",
      "",
      "Phoenix were wonderful.",
    ]);
    expect(fields.find((field) => field.key === "credit:c1")!.blocks).toEqual(["AP/Ann Lee"]);
  });

  it("keeps a standfirst that has text", () => {
    const fields = articleCheckFields({ ...article, standfirst: "A night to remember." });
    expect(fields[1]).toEqual({ key: "standfirst", kind: "standfirst", blocks: ["A night to remember."] });
  });

  // Loading the dictionaries and the gazetteer takes seconds on a busy machine.
  it("a finding's location maps back to the same text in the editor's document", { timeout: 60_000 }, async () => {
    const checker = await createFactChecker();
    const findings = checker.check(articleCheckFields(article));
    const finding = findings.find((candidate) => candidate.text === "Phonenix");
    expect(finding).toMatchObject({ suggestion: "Phoenix", location: { fieldKey: "body", block: 1 } });
    const range = plainRangeToPos(body, {
      blockIndex: finding!.location.block,
      offset: finding!.location.from,
      length: finding!.location.to - finding!.location.from,
    });
    expect(editorSchema.nodeFromJSON(body).textBetween(range!.from, range!.to)).toBe("Phonenix");
  });
});

describe("describeArticleFields", () => {
  it("names fields for people: body paragraphs, captions and credits by photo number", () => {
    const descriptions = describeArticleFields(article);
    expect(describeLocation(descriptions.get("body"), "body", 1)).toBe("Body ¶2");
    expect(describeLocation(descriptions.get("caption:p2"), "caption:p2", 0)).toBe("Caption 2");
    expect(descriptions.get("caption:p3")).toEqual({ label: "Caption 3", token: "caption-3", photoNumber: 3 });
    expect(descriptions.get("credit:c1")).toEqual({ label: "Credit of photo 1", token: "credit-1", photoNumber: 1, creditId: "c1" });
    expect(describeLocation(descriptions.get("headline"), "headline", 0)).toBe("Headline");
    expect(describeLocation(undefined, "caption:gone", 0)).toBe("caption:gone");
  });
});
