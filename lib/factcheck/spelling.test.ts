import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker } from "@/lib/factcheck";
import { loadSpeller, type Speller } from "@/lib/factcheck/speller";
import { articleFields } from "@/lib/factcheck/test-support";

let speller: Speller;
let checker: FactChecker;
beforeAll(async () => {
  speller = await loadSpeller();
  checker = await createFactChecker();
});

const spelling = (body: string) =>
  checker
    .check(articleFields({ body: [body] }))
    .filter((f) => f.rule === "spelling")
    .map((f) => [f.text, f.suggestion]);

describe("the speller", () => {
  it("accepts British spellings of American dictionary words", () => {
    for (const word of ["colour", "organisations", "centre", "travelled", "medallists", "programme", "defence", "catalogue", "whilst", "favourite"]) {
      expect(speller.accepts(word), word).toBe(true);
    }
  });

  it("does not let the British rules excuse real misspellings", () => {
    for (const word of ["untill", "recieve", "goverment", "seperate", "occured"]) expect(speller.accepts(word), word).toBe(false);
  });

  it("accepts hyphenated compounds of dictionary words and accented loanwords", () => {
    for (const word of ["sell-out", "hat-trick", "café", "naïve", "harbourmaster"]) expect(speller.accepts(word), word).toBe(true);
  });

  it("knows closed compounds, but not short halves", () => {
    for (const word of ["flagbearers", "livestream", "podcaster", "chatbot"]) expect(speller.isClosedCompound(word), word).toBe(true);
    expect(speller.isClosedCompound("alot")).toBe(false);
    expect(speller.isClosedCompound("infact")).toBe(false);
  });

  it("suggests the nearest word, preferring swapped letters", () => {
    expect(speller.suggest("thier").suggestion).toBe("their");
    expect(speller.suggest("recieve").suggestion).toBe("receive");
    expect(speller.suggest("tommorow")).toMatchObject({ suggestion: "tomorrow", distance: 2 });
    expect(speller.suggest("xqzvbnm").suggestion).toBeUndefined();
  });
});

describe("the spelling rule", () => {
  it("flags misspelt lower-case words with a suggestion", () => {
    expect(spelling("The goverment said the talks had definately failed.")).toEqual([
      ["goverment", "government"],
      ["definately", "definitely"],
    ]);
  });

  it("flags a misspelt word capitalised at the start of a sentence", () => {
    expect(spelling("Independant analysts disagreed.")).toEqual([["Independant", "Independent"]]);
  });

  it("leaves names alone, at a sentence start or inside a name", () => {
    expect(spelling("Estanguet thanked the volunteers. The show at the Palais des Festivals and the Giro d'Italia went on.")).toEqual([]);
  });

  it("stays quiet about foreign words, coinages and closed-up compounds", () => {
    expect(spelling("The crowd shouted au revoir as the skateboarders and breaststrokers left.")).toEqual([]);
    expect(spelling("The flagbearers carried a livestream camera and asked the chatbot.")).toEqual([]);
  });

  it("accepts a prefix written with a hyphen, and still checks the word after it", () => {
    expect(spelling("Guests had pre-dinner drinks before the post-concert party and a semi-official tour.")).toEqual([]);
    expect(spelling("The pre-seasn friendlies start in July.")).toEqual([["seasn", "season"]]);
  });

  it("still flags a closed-up word when a real word is near", () => {
    expect(spelling("The club should publically apologise.")).toEqual([["publically", "publicly"]]);
  });

  it("does not check web and e-mail addresses", () => {
    expect(spelling("Details at https://example.org/tickts or from bokings@example.org.")).toEqual([]);
  });

  it("leaves new suggestions for a later check when the budget is spent", () => {
    const fields = articleFields({ body: ["The comittee will recomend a new stadum."] });
    expect(checker.check(fields, { suggestionBudgetMs: 0 }).filter((f) => f.rule === "spelling")).toEqual([]);
    expect(checker.check(fields).map((f) => f.text)).toEqual(["comittee", "recomend", "stadum"]);
    // Worked out once, the suggestions no longer cost anything.
    expect(checker.check(fields, { suggestionBudgetMs: 0 }).map((f) => f.text)).toEqual(["comittee", "recomend", "stadum"]);
  });
});

describe("suggestions a check had no time for", () => {
  const findings = (options: { suggestionBudgetMs?: number }) =>
    checker
      .check(articleFields({ body: ["The parlaiment sat late."] }), options)
      .filter((f) => f.rule === "spelling")
      .map((f) => [f.text, f.suggestion]);

  it("are left to the idle work, not to the next check's budget, and found once worked out", () => {
    expect(findings({ suggestionBudgetMs: 0 })).toEqual([]);
    expect(speller.isDeferred("parlaiment")).toBe(true);
    // A re-check with time to spare does not spend it on the deferred word: the worker does, between checks.
    const deferrals = speller.deferrals;
    expect(findings({ suggestionBudgetMs: 10_000 })).toEqual([]);
    expect(speller.deferrals).toBeGreaterThan(deferrals);
    expect(speller.suggestDeferred(Infinity)).toBe(0);
    expect(speller.isDeferred("parlaiment")).toBe(false);
    expect(findings({ suggestionBudgetMs: 0 })).toEqual([["parlaiment", "parliament"]]);
  });

  it("are worked out at once by a check without a suggestion budget (the CLI)", () => {
    const text = "The goverrment sat late.";
    const check = (options: { suggestionBudgetMs?: number }) => checker.check(articleFields({ body: [text] }), options).filter((f) => f.rule === "spelling");
    expect(check({ suggestionBudgetMs: 0 })).toEqual([]);
    expect(speller.isDeferred("goverrment")).toBe(true);
    expect(check({}).map((f) => f.text)).toEqual(["goverrment"]);
  });
});
