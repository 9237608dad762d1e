import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, DEFAULT_MAX_FINDINGS, type FactChecker } from "@/lib/factcheck";
import { articleFields, craftedParagraphs } from "@/lib/factcheck/test-support";

// Issue 8, defect 1: whatever the text, a check answers with a bounded list, and a check whose
// time budget runs out says so and returns what it found.

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

describe("a check of a crafted 200,000-character draft", () => {
  it("returns at most the capped number of findings, most confident first, and counts the rest", { timeout: 60_000 }, () => {
    const outcome = checker.assess(articleFields({ headline: "Crafted", body: craftedParagraphs() }));
    expect(outcome.findings).toHaveLength(DEFAULT_MAX_FINDINGS);
    // A finding or more in each of the 4,000 repetitions (the name variant; the short slips
    // "dolar", "sitt" are weak guesses below the default threshold since the second real-text reading).
    expect(outcome.omitted).toBeGreaterThan(3_500);
    expect(outcome.findings.map((finding) => finding.confidence)).toEqual(
      [...outcome.findings.map((finding) => finding.confidence)].sort((a, b) => b - a),
    );
    // What the desk receives stays small (it was 2.4 MB).
    expect(JSON.stringify(outcome.findings).length).toBeLessThan(100_000);
  });

  it("honours a smaller cap", () => {
    const outcome = checker.assess(articleFields({ body: craftedParagraphs(50) }), { maxFindings: 3 });
    expect(outcome.findings).toHaveLength(3);
    expect(outcome.omitted).toBeGreaterThan(0);
    expect(outcome.complete).toBe(true);
  });
});

describe("a check whose time budget is spent", () => {
  const fields = articleFields({ body: ["The the mayor opened the new libary on Friday.", "Alaine Roche and Alain Roche spoke."] });

  it("is complete with time to spare: every rule runs", () => {
    const outcome = checker.assess(fields, { budgetMs: 60_000 });
    expect(outcome.complete).toBe(true);
    expect(outcome.findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(["doubled-word", "spelling"]));
  });

  it("returns the mechanical findings it has and says it is incomplete", () => {
    const outcome = checker.assess(fields, { budgetMs: 0 });
    expect(outcome.complete).toBe(false);
    expect(outcome.findings.map((finding) => finding.rule)).toEqual(["doubled-word"]);
  });

  it("gives the same findings as a check without a budget when the budget suffices", () => {
    expect(checker.assess(fields, { budgetMs: 60_000 }).findings).toEqual(checker.check(fields));
  });
});
