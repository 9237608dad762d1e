import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PHOTOS_MAX, STANDFIRST_MAX, articleContentSchema, articleEditSchema } from "@/lib/articles/edit-schema";
import { CAPTION_LIMITS, RICH_TEXT_LIMITS } from "@/lib/editor";
import { checkContentLimits } from "./limits";
import { DocumentError, parseDocument } from "./parse";
import { articleContentFromParsed } from "./snapshot";

// The importer's limit check must agree with the editor's schemas: whatever it accepts, a save
// (articleEditSchema) and publish (articleContentSchema) accept, and whatever they refuse, it
// refuses with the line to fix.

type Verdict = { imported: true } | { imported: false; error: string };

function importVerdict(text: string, file = "doc.txt"): Verdict {
  try {
    const parsed = parseDocument(text, file);
    checkContentLimits(file, parsed, articleContentFromParsed(parsed));
    return { imported: true };
  } catch (error) {
    if (error instanceof DocumentError) return { imported: false, error: error.message };
    throw error;
  }
}

/** Would the editor save, and publish accept, what this document becomes? (Parse errors aside.) */
function editorAccepts(text: string): boolean {
  const content = articleContentFromParsed(parseDocument(text, "doc.txt"));
  const save = articleEditSchema.safeParse({
    articleId: "article",
    expectedVersion: 1,
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo, index) => ({ id: `photo-${index}`, caption: photo.caption, alt: photo.alt, creditId: null })),
  }).success;
  const publish = articleContentSchema.safeParse(content).success;
  expect(publish, "save and publish disagree").toBe(save);
  return save;
}

function expectAgreement(text: string) {
  const verdict = importVerdict(text);
  expect(verdict.imported, verdict.imported ? "" : verdict.error).toBe(editorAccepts(text));
  return verdict;
}

const doc = (firstLine: string, paragraphs: string[], captions: string[] = []) => {
  const parts = [` date 2024-09-01 ${firstLine}`, ...paragraphs];
  if (captions.length) parts.push("Here are some of the best pictures from the event.", captions.join("\n"));
  return parts.join("\n\n") + "\n";
};
const captions = (n: number) => Array.from({ length: n }, (_, i) => `Swimmers compete in heat ${i + 1}. - AP/Martin Meissner`);
// The line of caption `index` (0-based) in `doc(..., [one paragraph], captions)`: date, blank,
// paragraph, blank, introduction, blank, then one caption per line.
const captionLine = (index: number) => 7 + index;
const standfirstOf = (length: number) => `Rescue teams worked through the night ${"and the day ".repeat(60)}`.slice(0, length - 1) + ".";

describe("the importer's content limits", () => {
  it("accepts exactly the photo count the editor saves, and names the first caption over it", () => {
    expectAgreement(doc("Gallery at the limit", ["Text."], captions(PHOTOS_MAX)));
    const over = expectAgreement(doc("Gallery over the limit", ["Text."], captions(PHOTOS_MAX + 1)));
    expect(over).toEqual({
      imported: false,
      error: `doc.txt:${captionLine(PHOTOS_MAX)}: ${PHOTOS_MAX + 1} photos; an article holds at most ${PHOTOS_MAX}`,
    });
  });

  it("refuses a first line that becomes a standfirst longer than the editor's", () => {
    expect(standfirstOf(STANDFIRST_MAX)).toHaveLength(STANDFIRST_MAX);
    expectAgreement(doc(standfirstOf(STANDFIRST_MAX), ["Text."]));
    const over = expectAgreement(doc(standfirstOf(STANDFIRST_MAX + 1), ["Text."]));
    expect(over).toEqual({
      imported: false,
      error: `doc.txt:1: the first line reads as a standfirst, and the standfirst is ${STANDFIRST_MAX + 1} characters long; at most ${STANDFIRST_MAX} are allowed`,
    });
  });

  it("refuses a caption longer than the caption editor holds, on its line", () => {
    const line = (letters: number) => `${"A".repeat(letters)}. - AP/Martin Meissner`;
    const withCaption = (letters: number) => doc("Long caption", ["Text."], ["Short one. - AP/Jo Roe", line(letters)]);
    const captionLength = (letters: number) => parseDocument(withCaption(letters), "x").photos[1].caption.length;
    // The credit is not part of the caption: find the line that gives a caption of exactly the limit.
    const letters = CAPTION_LIMITS.maxTextChars - (captionLength(100) - 100);
    expect(captionLength(letters)).toBe(CAPTION_LIMITS.maxTextChars);
    expectAgreement(withCaption(letters));
    const over = expectAgreement(withCaption(letters + 1));
    expect(over.imported === false && over.error).toMatch(
      new RegExp(`^doc.txt:${captionLine(1)}: the caption is too big: Text is ${CAPTION_LIMITS.maxTextChars + 1} characters long`),
    );
  });

  it("refuses a body over the editor's text and node limits, at the body's first line", () => {
    const paragraph = `${"word ".repeat(199)}end.`; // 999 characters
    const atTextLimit = Array.from({ length: RICH_TEXT_LIMITS.maxTextChars / 1000 }, () => `${paragraph}.`);
    expectAgreement(doc("Long body", atTextLimit));
    const overText = expectAgreement(doc("Long body", [...atTextLimit, "x"]));
    expect(overText.imported === false && overText.error).toMatch(/^doc\.txt:3: the body is too big: Text is 200001 characters long/);

    // A paragraph is two nodes (paragraph and text), plus the doc itself.
    const manyParagraphs = (n: number) => Array.from({ length: n }, (_, i) => `P${i}.`);
    const fit = (RICH_TEXT_LIMITS.maxNodes - 1) / 2;
    expectAgreement(doc("Many paragraphs", manyParagraphs(Math.floor(fit))));
    const overNodes = expectAgreement(doc("Many paragraphs", manyParagraphs(Math.floor(fit) + 1)));
    expect(overNodes.imported === false && overNodes.error).toMatch(/^doc\.txt:3: the body is too big: Document has more than 50000 nodes/);
  // 25,000 paragraphs parsed and validated twice: seconds on a busy machine.
  }, 60_000);

  it("refuses a document whose derived headline would be empty", () => {
    const verdict = expectAgreement(doc(`. ${"A first line that reads as a standfirst but starts with a full stop ".repeat(2)}`, ["Text."]));
    expect(verdict).toEqual({ imported: false, error: "doc.txt:1: the headline is empty" });
  });

  it("agrees with the editor on every fixture and seed", () => {
    const dirs = [path.join(import.meta.dirname, "fixtures"), path.join(import.meta.dirname, "..", "..", "seeds")];
    let checked = 0;
    for (const dir of dirs) {
      for (const name of fs.readdirSync(dir)) {
        const bytes = fs.readFileSync(path.join(dir, name));
        let text: string;
        try {
          text = parseDocument(bytes, name) && bytes.toString("utf8");
        } catch {
          continue; // fixtures of documents the parser refuses
        }
        expect(expectAgreement(text), name).toEqual({ imported: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
