// The per-block archive reading (ArchiveAnalysisMemo) changes how fast a save's contribution is
// worked out, never what it is: with and without the memo, archiveContributionOf gives the same
// terms in the same order, on the labelled set and the seeds, read cold, read again, and after
// edits — including those where one block's change changes how another block reads (a word at a
// sentence start that becomes, or stops being, a name because of a caption elsewhere).

import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckField } from "@/lib/factcheck";
import { ArchiveAnalysisMemo } from "@/lib/factcheck/archive-analysis";
import { archiveContributionOf } from "@/lib/factcheck/fact-checker";
import { loadLabelledSet } from "@/lib/factcheck/fixtures/labelled-set";
import { readSeedFormat } from "@/lib/factcheck/fixtures/read-seed-format";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { loadSpeller } from "@/lib/factcheck/resources";
import type { Speller } from "@/lib/factcheck/speller";
import type { HouseEntry } from "@/lib/factcheck/types";

const SEEDS_DIR = path.resolve(import.meta.dirname, "../../seeds");
const seeds = fs
  .readdirSync(SEEDS_DIR)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => ({ id: `seed/${file}`, fields: readSeedFormat(fs.readFileSync(path.join(SEEDS_DIR, file), "utf8")).fields }));
const documents = [...loadLabelledSet().documents, ...seeds];
const houseEntries = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "fixtures/house-dictionary.json"), "utf8")) as HouseEntry[];

const caption = (id: string, text: string): CheckField => ({ key: `caption:${id}`, kind: "caption", blocks: [text] });

/** Edits a save makes: one caption rewritten, a caption added, one removed, a paragraph changed. */
function edits(fields: CheckField[]): CheckField[][] {
  const captions = fields.filter((field) => field.kind === "caption");
  const body = fields.find((field) => field.kind === "body");
  const out: CheckField[][] = [
    [...fields, caption("added", "Martina Hingis waves to the crowd in Geneva.")],
    fields.map((field) => (field.kind === "body" ? { ...field, blocks: [...field.blocks.slice(1), "Later the the mayor spoke."] } : field)),
  ];
  if (captions.length > 0) {
    out.push(fields.map((field) => (field === captions[0] ? caption("0", "An edited caption naming Ana Ivanovic.") : field)));
    out.push(fields.filter((field) => field !== captions.at(-1)));
  }
  if (body && body.blocks.length > 1) out.push(fields.map((field) => (field === body ? { ...field, blocks: [body.blocks[1], body.blocks[0], ...body.blocks.slice(2)] } : field)));
  return out;
}

describe("the archive reading kept per block", () => {
  let speller: Speller;
  let house: HouseDictionary;
  beforeAll(async () => {
    speller = await loadSpeller();
    house = new HouseDictionary(houseEntries);
  });

  const whole = (fields: CheckField[]) => archiveContributionOf(fields, speller, house);

  it("reads every document as the whole-article reading does, cold, again and after edits", () => {
    const memo = new ArchiveAnalysisMemo(speller, house);
    let compared = 0;
    for (const document of documents) {
      expect(archiveContributionOf(document.fields, speller, house, memo), document.id).toEqual(whole(document.fields));
      expect(archiveContributionOf(document.fields, speller, house, memo), document.id).toEqual(whole(document.fields));
      for (const edited of edits(document.fields)) {
        expect(archiveContributionOf(edited, speller, house, memo), document.id).toEqual(whole(edited));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(documents.length * 2);
  });

  it("reads a block again when a change elsewhere makes a word at its sentence start a name, and when it stops", () => {
    const memo = new ArchiveAnalysisMemo(speller, house);
    const base: CheckField[] = [
      { key: "headline", kind: "headline", blocks: ["Festival opens"] },
      { key: "body", kind: "body", blocks: ["Bolt Street was closed for the parade.", "The crowd stayed late."] },
      caption("a", "Dancers on the main stage."),
    ];
    const named = base.map((field) => (field.key === "caption:a" ? caption("a", "Fans cheer Usain Bolt at the gate.") : field));
    const before = archiveContributionOf(base, speller, house, memo);
    expect(before).toEqual(whole(base));
    const after = archiveContributionOf(named, speller, house, memo);
    expect(after).toEqual(whole(named));
    // The caption's mid-sentence "Bolt" makes the body's sentence-initial one a name too: the
    // body (unchanged) now reads "Bolt Street" as one name.
    expect(before.ngrams).not.toContain("Bolt Street");
    expect(after.ngrams).toContain("Bolt Street");
    expect(archiveContributionOf(base, speller, house, memo)).toEqual(before);
  });

  it("stays within its bound in bytes", () => {
    const memo = new ArchiveAnalysisMemo(speller, house, 64 * 1024);
    for (const document of documents) {
      expect(archiveContributionOf(document.fields, speller, house, memo)).toEqual(whole(document.fields));
      expect(memo.bytes).toBeLessThanOrEqual(64 * 1024);
    }
  });
});
