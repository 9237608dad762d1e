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
    // A plural the dictionary lists on its own ("concerns" beside "concern"), an agent noun it derives.
    expect(fixes(grammar("The mayor raised a concerns about the bridge."))).toEqual([["a concerns", "a concern"]]);
    expect(fixes(grammar("She met a dancers from the troupe."))).toEqual([["a dancers", "a dancer"]]);
    expect(fixes(grammar("A tenants got out before the roof fell in."))).toEqual([["A tenants", "A tenant"]]);
  });

  it("flag a plural subject with a singular verb", () => {
    expect(fixes(grammar("Athletes waves flags as they leave the track."))).toEqual([["Athletes waves", "Athletes wave"]]);
  });

  it("find the plural subject behind modifiers, after a clause opens, irregular or also a verb", () => {
    expect(fixes(grammar("Local residents says the lane floods every winter."))).toEqual([["residents says", "residents say"]]);
    expect(fixes(grammar("The young players was sent home early."))).toEqual([["players was", "players were"]]);
    expect(fixes(grammar("The floods receded, and householders says the damage is worse than feared."))).toEqual([["householders says", "householders say"]]);
    expect(fixes(grammar("Crews says the fire started in a kitchen."))).toEqual([["Crews says", "Crews say"]]);
    expect(fixes(grammar("The crews works through the night."))).toEqual([["crews works", "crews work"]]);
    expect(fixes(grammar("Most people thinks the bridge is safe."))).toEqual([["people thinks", "people think"]]);
    expect(fixes(grammar("Children plays in the fountain."))).toEqual([["Children plays", "Children play"]]);
    // A plural that is also a verb, before a word that can only be a verb; a pronoun after the pair.
    expect(fixes(grammar("Rescue crews spends the night at the quarry."))).toEqual([["crews spends", "crews spend"]]);
    expect(fixes(grammar("Some neighbours feels it is too loud."))).toEqual([["neighbours feels", "neighbours feel"]]);
    // A verb the dictionary lists without -ing or -ed flags ("get/S"), after a plural that is also a verb.
    expect(fixes(grammar("Goalkeepers gets little credit, and the market becomes calm when traders becomes tired."))).toEqual([
      ["Goalkeepers gets", "Goalkeepers get"],
      ["traders becomes", "traders become"],
    ]);
  });

  it("leave singular nouns that look plural, titles, quantities and noun pairs alone", () => {
    expect(
      grammar(
        "The news is grim. Physics is hard. Economics is taught here. The United States is sending aid.",
        'A number of people were hurt. Dozens of walkers were rescued. "The Wanderers" is a new play.',
        "The man likes walks by the canal. She said residents groups met on Monday.",
        "The players wages rose sharply. The workers rights campaign continues. Parents evenings begin at six.",
        "The council says the plan is good. Police Scotland says the road is shut. The team trains in Cardiff.",
        "He is ready to sign a minerals deal with the government, and a parts order is due.",
      ),
    ).toEqual([]);
  });

  it("flag this before a plural, two articles in a row, its/it's and a missing little word", () => {
    expect(fixes(grammar("This cameras show the flooded square."))).toEqual([["This cameras", "These cameras"]]);
    expect(fixes(grammar("She approached the a small crowd near the gate."))).toEqual([["the a", "a"]]);
    const its = fixes(grammar("Its a fine day for the regatta, and the club said it's own boats were ready."));
    expect(its).toHaveLength(2);
    expect(its).toEqual(expect.arrayContaining([["Its", "It's"], ["it's", "its"]]));
    expect(fixes(grammar("He is one the best riders in the field."))).toEqual([["one", "one of"]]);
  });

  it("flag a or an before a plural that one or two words describe", () => {
    expect(fixes(grammar("Rain gave the farmers an early warnings that the river would rise."))).toEqual([["an early warnings", "an early warning"]]);
    expect(fixes(grammar("Turnout fell to a historic lows."))).toEqual([["a historic lows", "a historic low"]]);
    expect(fixes(grammar("She made a bold mountain climbs last spring, then rested."))).toEqual([]);
    expect(fixes(grammar("The mayor cut a ceremonial ribbons at noon."))).toEqual([["a ceremonial ribbons", "a ceremonial ribbon"]]);
    // Quantities, and a plural that goes on as one phrase with the noun after it.
    expect(
      grammar(
        "A few points were dropped, a lot more people came, and a further three weeks passed. A local residents group met. A good sports car costs more.",
        "They stayed at a farm where horses graze, a town in which workers live.",
        // After a noun, a plural that is also a verb's -s form is its verb; "no holds barred" is an idiom.
        "A passer-by stops, and a tourist looks at the map. It was a no holds barred contest.",
      ),
    ).toEqual([]);
  });

  it("flag a capitalised plural after the with a singular verb, but not a name that is one thing", () => {
    expect(fixes(grammar("After the win the Falcons leaps to third place."))).toEqual([["Falcons leaps", "Falcons leap"]]);
    expect(grammar("The Times reports that the mayor will resign, and the Commons votes tonight.")).toEqual([]);
  });

  it("flag it's before a superlative and a noun, and leave this as a pronoun alone", () => {
    expect(fixes(grammar("The pound fell to it's weakest level in a year."))).toEqual([["it's", "its"]]);
    expect(grammar("It's best to wait. It's coldest in January. All of this costs the county money.")).toEqual([]);
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

  it("lints within its budget: out of time it says incomplete, and the next check finds what it skipped", { timeout: 180_000 }, async () => {
    const fields = articleFields({ body: ["The board said the report was late.", "The mayor said it's budget was cut."] });
    expect(await checker.assessGrammar(fields, { budgetMs: 0 })).toEqual({ findings: [], complete: false });
    const full = await checker.assessGrammar(fields, { budgetMs: 60_000 });
    expect(full.complete).toBe(true);
    expect(fixes(full.findings)).toContainEqual(["it's", "its"]);
  });
});
