import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type CheckField, type FactChecker, type Finding } from "@/lib/factcheck";
import { readSeedFormat } from "@/lib/factcheck/fixtures/read-seed-format";
import { articleFields } from "@/lib/factcheck/test-support";

const SEEDS_DIR = path.resolve(import.meta.dirname, "../../seeds");
const seed = (prefix: string): CheckField[] => {
  const file = fs.readdirSync(SEEDS_DIR).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} missing`);
  return readSeedFormat(fs.readFileSync(path.join(SEEDS_DIR, file), "utf8")).fields;
};

function textOf(fields: CheckField[], finding: Finding): string {
  const field = fields.find((f) => f.key === finding.location.fieldKey);
  return field!.blocks[finding.location.block].slice(finding.location.from, finding.location.to);
}

function findingFor(findings: Finding[], text: string): Finding | undefined {
  return findings.find((finding) => finding.text === text);
}

// A clean article of our own: names used consistently, British spellings, a multi-paragraph
// quotation, legitimate doubled words, a credit in house form.
const cleanArticle = articleFields({
  headline: "Harbour town welcomes tall ships as festival returns after five years",
  body: [
    "More than 40 tall ships sailed into Falmouth on Friday as the Cornish harbour town hosted the festival for the first time since 2020.",
    "Organisers said the programme had been planned for two years. Jenny Tregarthen, the festival's director, said the town had had to wait a long time. \"We are delighted to see the harbour full again,\" she said.",
    "The harbourmaster, Peter Rowe, said: \"The town has never looked busier.",
    "\"We have moved every fishing boat to make room, and the crews have been wonderful.\"",
    "Tregarthen said the colourful parade of sail on Sunday would be the highlight of the weekend, with crowds expected along the seafront from Pendennis Castle to the town centre.",
  ],
  pictures: [
    ["Tall ships moored in the harbour at Falmouth", "PA/Ben Birchall"],
    ["Jenny Tregarthen on the quay before the parade of sail", "PA/Ben Birchall"],
    ["The crowd at Pendennis Castle watches the ships arrive", "Reuters/Toby Melville"],
  ],
});

describe("createFactChecker", () => {
  let checker: FactChecker;
  beforeAll(async () => {
    checker = await createFactChecker();
  });

  describe("the seed documents", () => {
    // On the desk both seeds are imported: each is checked against an archive holding the other.
    let desk: FactChecker;
    beforeAll(async () => {
      desk = await createFactChecker();
      desk.addArchiveDocument("000", seed("000_"));
      desk.addArchiveDocument("003", seed("003_"));
    });

    it("flags Phonenix and State de France as likely errors, Alaine Roche as a tie", () => {
      const fields = seed("000_");
      const findings = desk.check(fields, { excludeArchiveId: "000" });

      const phonenix = findingFor(findings, "Phonenix");
      expect(phonenix).toMatchObject({ rule: "name-variant", suggestion: "Phoenix", location: { fieldKey: "body" }, severity: "high" });
      expect(phonenix!.otherLocations?.length).toBeGreaterThan(0);
      expect(textOf(fields, phonenix!)).toBe("Phonenix");

      const state = findingFor(findings, "State de France");
      expect(state).toMatchObject({ rule: "name-variant", suggestion: "Stade de France", severity: "high" });
      expect(state!.location.fieldKey).toMatch(/^caption:/);

      // One use of each and nothing else to go on: one finding, on the later spelling, naming
      // both and suggesting neither, at low confidence; the editor chooses the right one.
      const tie = findings.filter((f) => /^Alaine? Roche$/.test(f.text));
      expect(tie).toHaveLength(1);
      expect(tie[0]).toMatchObject({ text: "Alain Roche", severity: "low", confidence: 0.5 });
      expect(tie[0].suggestion).toBeUndefined();
      expect(tie[0].alternatives?.map((fix) => fix.suggestion)).toEqual(["Alaine Roche", "Alain Roche"]);
      expect(tie[0].message).toMatch(/^Alaine Roche or Alain Roche\? Both spellings appear once/);

      // The spellings the article and the dictionary back are never flagged.
      expect(findings.filter((f) => /^(Stade de France|Phoenix)$/.test(f.text))).toEqual([]);
    });

    it("rates a spelling backed by one source only as worth a look", () => {
      // Without the archive, "Stade de France" has only this article behind it.
      const state = findingFor(checker.check(seed("000_")), "State de France");
      expect(state).toMatchObject({ suggestion: "Stade de France", severity: "low" });
    });

    it("points at Red Hot Chilli Peppers / Red Hot Chili Peppers once in the highlights article", () => {
      const findings = desk.check(seed("003_"), { excludeArchiveId: "003" });
      // British and American dictionaries each have one of the spellings: a tie, named once.
      const band = findings.filter((f) => /^Red Hot Chill?i Peppers$/.test(f.text));
      expect(band).toHaveLength(1);
      expect(band[0].message).toMatch(/^Red Hot Chill?i Peppers or Red Hot Chill?i Peppers\? Both spellings appear once/);
      expect(band[0].alternatives?.map((fix) => fix.suggestion).sort()).toEqual(["Red Hot Chili Peppers", "Red Hot Chilli Peppers"]);
      expect(findings.some((f) => f.rule === "quotes")).toBe(false); // its quotation runs over three paragraphs
    });

    it("ranks by confidence and drops findings below the threshold", () => {
      const fields = seed("000_");
      const findings = desk.check(fields, { excludeArchiveId: "000" });
      const confidences = findings.map((f) => f.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
      expect(findings.every((f) => f.confidence >= 0.5)).toBe(true);
      const strict = desk.check(fields, { excludeArchiveId: "000", minConfidence: 0.9 });
      expect(strict.map((f) => f.text)).toContain("State de France");
      expect(strict.every((f) => f.confidence >= 0.9)).toBe(true);
      const all = desk.check(fields, { excludeArchiveId: "000", minConfidence: 0 });
      expect(all.length).toBeGreaterThan(findings.length);
    });
  });

  it("finds nothing in a clean article", () => {
    expect(checker.check(cleanArticle)).toEqual([]);
  });

  it("leaves out ignored findings, and the fingerprint survives edits elsewhere", () => {
    const fields = articleFields({
      body: ["The minister, Sarah Okonjo, visited the plant on Monday.", "Sarah Okonjo said the jobs were safe. Okonjo will return in May."],
      pictures: [["Sarah Okonji tours the factory floor", "AP/Jon Super"]],
    });
    const [finding] = checker.check(fields);
    expect(finding).toMatchObject({ text: "Sarah Okonji", suggestion: "Sarah Okonjo" });

    const edited = structuredClone(fields);
    edited[0].blocks.unshift("A new first paragraph moves everything down.");
    const [again] = checker.check(edited);
    expect(again.fingerprint).toBe(finding.fingerprint);
    expect(again.location.block).toBe(0);
    expect(checker.check(edited, { ignoredFingerprints: [finding.fingerprint] })).toEqual([]);
  });
});

describe("the archive", () => {
  const archiveArticle = (name: string) =>
    articleFields({
      body: [`The chief executive, ${name}, said the company would expand.`, `${name} spoke in Leeds on Tuesday.`],
      pictures: [[`${name} at the company headquarters`, "PA/Danny Lawson"]],
    });
  const article = articleFields({
    body: ["Shares rose after the results. The chief executive, Martina Kowalczyk, said demand was strong."],
  });

  it("flags a name the archive spells otherwise, and forgets it when the archive articles go", async () => {
    const checker = await createFactChecker();
    expect(checker.check(article)).toEqual([]);

    checker.addArchiveDocument("a1", archiveArticle("Martina Kowalcyzk"));
    checker.addArchiveDocument("a2", archiveArticle("Martina Kowalcyzk"));
    checker.addArchiveDocument("a3", archiveArticle("Martina Kowalcyzk"));
    // Three archive articles spell it one way; this article is alone in spelling it the other.
    const [finding] = checker.check(article);
    expect(finding).toMatchObject({ rule: "archive-variant", text: "Martina Kowalczyk", suggestion: "Martina Kowalcyzk" });
    expect(finding.message).toContain("3 archive articles");

    checker.removeArchiveDocument("a1");
    checker.removeArchiveDocument("a2");
    expect(checker.archiveSize).toBe(1);
    expect(checker.check(article)).toEqual([]);
  });

  it("replaces an article added again under the same id instead of counting it twice", async () => {
    const checker = await createFactChecker();
    checker.addArchiveDocument("a1", archiveArticle("Martina Kowalcyzk"));
    checker.addArchiveDocument("a1", archiveArticle("Martina Kowalcyzk"));
    checker.addArchiveDocument("a1", archiveArticle("Martina Kowalcyzk"));
    expect(checker.archiveSize).toBe(1);
    expect(checker.check(article)).toEqual([]);
  });

  it("does not count the checked article's own archive copy as evidence", async () => {
    const checker = await createFactChecker();
    const draft = articleFields({ body: ["The ambassador, Joanna Przybyslka, arrived in Warsaw on Monday."] });
    checker.addArchiveDocument("self", draft);
    checker.addArchiveDocument("o1", articleFields({ body: ["Joanna Przybylska, the ambassador, spoke later."] }));
    checker.addArchiveDocument("o2", articleFields({ body: ["The talks were led by Joanna Przybylska."] }));
    // Counting its own stored copy, the draft looks like an established spelling.
    expect(checker.check(draft)).toEqual([]);
    expect(checker.check(draft, { excludeArchiveId: "self" })).toMatchObject([
      { rule: "archive-variant", text: "Joanna Przybyslka", suggestion: "Joanna Przybylska" },
    ]);
  });

  it("accepts a word the archive uses often as newsroom vocabulary", async () => {
    const checker = await createFactChecker();
    const text = articleFields({ body: ["The club hired a tradie to fix the stand before the derby."] });
    expect(checker.check(text).map((f) => f.text)).toContain("tradie");
    for (const id of ["v1", "v2", "v3"]) checker.addArchiveDocument(id, articleFields({ body: ["The tradie fixed the dressing room after the win."] }));
    expect(checker.check(text).map((f) => f.text)).not.toContain("tradie");
  });
});

describe("the house dictionary", () => {
  it("flags a listed misspelling, with the canonical spelling as the suggestion", async () => {
    const checker = await createFactChecker({ houseDictionary: [{ canonical: "Kyiv", variants: ["Kiev"] }] });
    const [finding] = checker.check(articleFields({ body: ["The delegation flew on to Kiev on Thursday."] }));
    expect(finding).toMatchObject({ rule: "house-dictionary", text: "Kiev", suggestion: "Kyiv", severity: "high" });
  });

  it("flags near misses of a canonical spelling that nobody has listed yet", async () => {
    const checker = await createFactChecker({ houseDictionary: [{ canonical: "Aberystwyth", variants: [] }] });
    const [finding] = checker.check(articleFields({ body: ["Waves broke over the promenade in Aberystwth overnight."] }));
    expect(finding).toMatchObject({ rule: "house-dictionary", text: "Aberystwth", suggestion: "Aberystwyth" });
  });

  it("learns from an added entry", async () => {
    const checker = await createFactChecker();
    const fields = articleFields({ body: ["The band Idlewild played at the Barrowland in Glasgow, and Barrowlands regulars packed the hall."] });
    expect(checker.check(fields).some((f) => f.rule === "house-dictionary")).toBe(false);
    checker.addHouseEntry({ canonical: "Barrowland", variants: ["Barrowlands"] });
    checker.addHouseEntry({ canonical: "Barrowland", variants: ["Barowland"] });
    expect(checker.houseDictionary()).toEqual([{ canonical: "Barrowland", variants: ["Barrowlands", "Barowland"] }]);
    expect(checker.check(fields)).toMatchObject([{ rule: "house-dictionary", text: "Barrowlands", suggestion: "Barrowland" }]);
    checker.setHouseDictionary([]);
    expect(checker.check(fields).some((f) => f.rule === "house-dictionary")).toBe(false);
  });

  it("accepts canonical spellings the English dictionary does not know", async () => {
    const fields = articleFields({ body: ["The stall sells matcha and green tea at the weekend market."] });
    const checker = await createFactChecker();
    expect(checker.check(fields).map((f) => f.text)).toContain("matcha");
    checker.addHouseEntry({ canonical: "matcha", variants: [] });
    expect(checker.check(fields)).toEqual([]);
  });
});

describe("fingerprints", () => {
  it("are 16 lower-case hex digits for any finding text", async () => {
    const { fingerprintOf } = await import("@/lib/factcheck/fact-checker");
    const samples = ["", "a", "Phonenix", "State de France", "ü".repeat(300), "\u0000x", "Los Angeles 2028"];
    for (let i = 0; i < 500; i++) samples.push(`word-${i}-${"x".repeat(i % 37)}`);
    for (const sample of samples) expect(fingerprintOf(["spelling", sample, ""])).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(["a", "b"])).not.toBe(fingerprintOf(["a", "c"]));
  });
});
