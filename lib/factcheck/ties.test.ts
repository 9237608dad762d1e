// A tie: one name spelt two ways, once each, and nothing (article, archive, dictionaries) saying
// which is right. One finding names both and offers each spelling as a fix; it suggests neither.

import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker, type Finding } from "@/lib/factcheck";
import { articleFields } from "@/lib/factcheck/test-support";
import type { CheckField, FindingFix } from "@/lib/factcheck/types";

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

const story = (first: string, second: string) =>
  articleFields({ body: [`${first} scored twice before half-time.`, `The coach said ${second} had been unplayable all week.`] });

const names = (findings: Finding[]) => findings.filter((finding) => finding.rule === "name-variant" || finding.rule === "archive-variant");

function applied(fields: CheckField[], fix: FindingFix): CheckField[] {
  return fields.map((field) =>
    field.key !== fix.location.fieldKey
      ? field
      : {
          ...field,
          blocks: field.blocks.map((block, index) => {
            if (index !== fix.location.block) return block;
            expect(block.slice(fix.location.from, fix.location.to)).toBe(fix.text);
            return block.slice(0, fix.location.from) + fix.suggestion + block.slice(fix.location.to);
          }),
        },
  );
}

describe("a tie between two spellings", () => {
  it("is one finding on the later spelling, offering each spelling, suggesting neither", () => {
    const fields = story("Kowalczyk", "Kowalcyzk");
    const found = names(checker.check(fields));
    expect(found).toHaveLength(1);
    const [tie] = found;
    expect(tie).toMatchObject({ text: "Kowalcyzk", location: { fieldKey: "body", block: 1 }, severity: "low" });
    expect(tie.suggestion).toBeUndefined();
    expect(tie.confidence).toBeLessThan(0.6);
    expect(tie.message).toMatch(/^Kowalczyk or Kowalcyzk\? Both spellings appear once/);
    expect(tie.alternatives).toEqual([
      { location: { fieldKey: "body", block: 1, from: 15, to: 24 }, text: "Kowalcyzk", suggestion: "Kowalczyk" },
      { location: { fieldKey: "body", block: 0, from: 0, to: 9 }, text: "Kowalczyk", suggestion: "Kowalcyzk" },
    ]);
    expect(tie.otherLocations).toEqual([{ fieldKey: "body", block: 0, from: 0, to: 9 }]);
  });

  it("is settled by either fix", () => {
    const fields = story("Kowalczyk", "Kowalcyzk");
    const [tie] = names(checker.check(fields));
    for (const fix of tie.alternatives!) expect(names(checker.check(applied(fields, fix)))).toEqual([]);
  });

  it("keeps its fingerprint when the two spellings change places, so Ignore outlasts the edit", () => {
    const [one] = names(checker.check(story("Kowalczyk", "Kowalcyzk")));
    const [other] = names(checker.check(story("Kowalcyzk", "Kowalczyk")));
    expect(other.text).toBe("Kowalczyk");
    expect(other.fingerprint).toBe(one.fingerprint);
    expect(names(checker.check(story("Kowalcyzk", "Kowalczyk"), { ignoredFingerprints: [one.fingerprint] }))).toEqual([]);
  });

  it("gives way to evidence: with the archive behind one spelling, an ordinary finding suggesting it", async () => {
    const [tie] = names(checker.check(story("Kowalczyk", "Kowalcyzk")));
    const informed = await createFactChecker();
    informed.addArchiveDocument("earlier", articleFields({ body: ["Kowalczyk signed a new contract on Monday."] }));
    const [decided] = names(informed.check(story("Kowalczyk", "Kowalcyzk")));
    expect(decided).toMatchObject({ text: "Kowalcyzk", suggestion: "Kowalczyk" });
    expect(decided.alternatives).toBeUndefined();
    expect(decided.fingerprint).not.toBe(tie.fingerprint);
  });
});
