// The paragraph cache changes how fast a re-check is, never what it finds: a checker keeping
// paragraphs and one keeping none give the same findings on the labelled set and the seeds, on a
// first check, a re-check, and after edits that change, insert, move and repeat paragraphs.

import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type CheckField, type FactChecker } from "@/lib/factcheck";
import { loadLabelledSet } from "@/lib/factcheck/fixtures/labelled-set";
import { readSeedFormat } from "@/lib/factcheck/fixtures/read-seed-format";
import { ParagraphCache } from "@/lib/factcheck/paragraphs";
import { loadGazetteer, loadSpeller } from "@/lib/factcheck/resources";

const SEEDS_DIR = path.resolve(import.meta.dirname, "../../seeds");
const seeds = fs
  .readdirSync(SEEDS_DIR)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => ({ id: `seed/${file}`, fields: readSeedFormat(fs.readFileSync(path.join(SEEDS_DIR, file), "utf8")).fields }));
const set = loadLabelledSet();

/** Edits an editor makes between checks; each keeps most paragraphs as they were. */
function edits(fields: CheckField[]): CheckField[][] {
  const longest = fields.reduce((best, field) => (field.blocks.length > best.blocks.length ? field : best), fields[0]);
  const edit = (change: (blocks: string[]) => string[]) => fields.map((field) => (field === longest ? { ...field, blocks: change([...field.blocks]) } : field));
  return [
    // A word typed at the end of one paragraph.
    edit((blocks) => blocks.map((block, index) => (index === blocks.length - 1 ? `${block} Later the the mayor spoke.` : block))),
    // A paragraph put first: every other one stands one place further on.
    edit((blocks) => ["An artists perform in the square at 7o o'clock.. Crowds came from Tullamore, Co Offlay.", ...blocks]),
    // Two paragraphs swapped, and one written twice.
    edit((blocks) => (blocks.length < 2 ? [...blocks, ...blocks] : [blocks[1], blocks[0], ...blocks.slice(2), blocks[0]])),
  ];
}

const documents = [...set.documents, ...seeds];

describe("the paragraph cache", () => {
  let cached: FactChecker;
  let uncached: FactChecker;
  beforeAll(async () => {
    [cached, uncached] = await Promise.all([
      createFactChecker({ houseDictionary: set.houseDictionary }),
      createFactChecker({ houseDictionary: set.houseDictionary, paragraphCacheBytes: 0 }),
    ]);
    for (const checker of [cached, uncached]) {
      for (const document of [...set.archive, ...set.documents]) checker.addArchiveDocument(document.id, document.fields);
    }
  });

  it("gives the findings a checker without it gives, on every labelled document and seed, checked, re-checked and edited", () => {
    const rules = new Set<string>();
    for (const document of documents) {
      const options = { excludeArchiveId: document.id, minConfidence: 0, maxFindings: 10_000 };
      for (const fields of [document.fields, document.fields, ...edits(document.fields), document.fields]) {
        const expected = uncached.assess(fields, options);
        expect(cached.assess(fields, options), document.id).toEqual(expected);
        for (const finding of expected.findings) rules.add(finding.rule);
      }
    }
    // Findings of every rule the cache keeps were among those compared, moved and repeated.
    for (const rule of ["grammar", "doubled-word", "typing", "spelling", "name-variant", "place"]) expect(rules).toContain(rule);
  }, 120_000);

  it("gives the same grammar findings on the seeds", async () => {
    for (const { fields } of seeds) {
      for (const version of [fields, fields, ...edits(fields)]) expect(await cached.checkGrammar(version)).toEqual(await uncached.checkGrammar(version));
    }
  }, 120_000);

  it("places the fast grammar rules' drafts as a whole reading does, from the cache or not", async () => {
    const cache = new ParagraphCache(await loadSpeller(), await loadGazetteer());
    let located = 0;
    for (const document of documents) {
      for (const fields of [document.fields, ...edits(document.fields)]) {
        const fresh = new ParagraphCache(await loadSpeller(), await loadGazetteer());
        const reading = cache.read(fields);
        const expected = [...reading.grammar, ...reading.doubled].map((draft) => draft.location);
        expect(cache.fastGrammarLocations(fields), document.id).toEqual(expected);
        expect(fresh.fastGrammarLocations(fields), document.id).toEqual(expected);
        located += expected.length;
      }
    }
    expect(located).toBeGreaterThan(0);
  }, 120_000);

  it("holds no more than its bound in bytes", async () => {
    const cache = new ParagraphCache(await loadSpeller(), await loadGazetteer(), 64 * 1024);
    const paragraphs = Array.from({ length: 2_000 }, (_, i) => `Paragraph ${i} of a long story, with a few more words to read.`);
    cache.read([{ key: "body", kind: "body", blocks: paragraphs }]);
    expect(cache.bytes).toBeGreaterThan(32 * 1024);
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
  });
});
