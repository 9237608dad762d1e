import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker, type Finding } from "@/lib/factcheck";
import { articleFields } from "@/lib/factcheck/test-support";

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

const grammar = (...body: string[]) => checker.check(articleFields({ body })).filter((f) => f.rule === "grammar");
const fixes = (findings: Finding[]) => findings.map((f) => [f.text, f.suggestion]);

describe("the fast grammar rules", () => {
  it("flag a or an before a plural, with the singular as the fix", () => {
    expect(fixes(grammar("An artists perform on the main stage at dusk."))).toEqual([["An artists", "An artist"]]);
    expect(fixes(grammar("Near the bridge a walkers shelters from the wind."))).toEqual([["a walkers", "a walker"]]);
  });

  it("flag a plural subject with a singular verb", () => {
    expect(fixes(grammar("Athletes waves flags as they leave the track."))).toEqual([["Athletes waves", "Athletes wave"]]);
  });

  it("flag this before a plural, two articles in a row, its/it's and a missing little word", () => {
    expect(fixes(grammar("This cameras show the flooded square."))).toEqual([["This cameras", "These cameras"]]);
    expect(fixes(grammar("She approached the a small crowd near the gate."))).toEqual([["the a", "a"]]);
    const its = fixes(grammar("Its a fine day for the regatta, and the club said it's own boats were ready."));
    expect(its).toHaveLength(2);
    expect(its).toEqual(expect.arrayContaining([["Its", "It's"], ["it's", "its"]]));
    expect(fixes(grammar("He is one the best riders in the field."))).toEqual([["one", "one of"]]);
  });

  it("leave correct English alone", () => {
    expect(
      grammar(
        "A sports car stood outside the hotel, and the team was given a thumbs up by the crowd.",
        "Sales figures show a rise. The dog was gritting its teeth. Athletes from Kenya won both races.",
        "The news conference began late; a series of questions followed. It's been a long week for the council.",
        "Performers take part in the parade, and the mayor said all the stalls would reopen because the rain had stopped.",
      ),
    ).toEqual([]);
  });
});

describe("the grammar checker", () => {
  it("adds what harper.js finds, without repeating what the fast rules found", { timeout: 180_000 }, async () => {
    const fields = articleFields({ body: ["The company said it's profits rose, and an artists perform tonight."] });
    const findings = await checker.checkGrammar(fields);
    expect(fixes(findings)).toContainEqual(["it's", "its"]);
    // "An artists" is the fast rules' finding (in `check`), not repeated here.
    expect(findings.some((f) => f.text.includes("artists"))).toBe(false);
    expect(findings.every((f) => f.rule === "grammar" && f.suggestion !== undefined)).toBe(true);
  });
});
