import { describe, expect, it } from "vitest";
import { findCreditProblems } from "@/lib/factcheck/rules/credit-form";
import { articleFields } from "@/lib/factcheck/test-support";

// A publication's own credit style, learned from the article (issue 13): classes of false alarm
// found on real galleries, each with credits of our own.

const creditFindings = (pictures: Array<[string, string?]>) =>
  findCreditProblems(articleFields({ body: ["Crowds gathered along the river for the regatta."], pictures })).map((draft) => ({
    text: draft.text,
    suggestion: draft.suggestion ?? null,
    confidence: draft.confidence,
  }));

const credited = (credits: string[]) => credits.map((credit, i): [string, string] => [`Rowers pass the boathouse, picture ${i + 1}.`, credit]);
const captioned = (credits: string[]) => credits.map((credit, i): [string] => [`Rowers pass the boathouse, picture ${i + 1}. ${credit}`]);

describe("an article's own credit style", () => {
  it("learns a label style used in every caption, syndicator chains included", () => {
    expect(creditFindings(captioned(["Photograph: Oona Petrakis/AFP/Getty Images", "Photograph: Dov Halloran/Kestrel Images", "Photograph: Iris Wendt/EPA"]))).toEqual([]);
  });

  it("learns capitals for the photographer, or for the surname only", () => {
    expect(creditFindings(credited(["AFP/ODILE MARCHETTI", "AFP/KWAME ASANTE-BOYD", "Reuters/LENA VOSS"]))).toEqual([]);
    expect(creditFindings(credited(["AFP/Odile MARCHETTI", "AFP/Kwame ASANTE-BOYD", "AFP/STR"]))).toEqual([]);
  });

  it("learns bracketed credits with spaces around the slash, photographer first", () => {
    expect(creditFindings(credited(["(Odile Marchetti / AFP)", "(Tomas Ruel / Reuters)", "(Hana Ivers / AP)"]))).toEqual([]);
  });

  it("takes two credits written alike as the style, and two written differently as no style", () => {
    expect(creditFindings(credited(["Picture: Odile Marchetti / AFP", "Picture: Tomas Ruel / Reuters"]))).toEqual([]);
    // No style of its own: both get the house form, as before.
    expect(creditFindings(credited(["Picture: Odile Marchetti / AFP", "Tomas Ruel - Reuters"])).map((f) => f.suggestion)).toEqual([
      "AFP/Odile Marchetti",
      null,
    ]);
  });

  it("makes the one credit that breaks the style worth a look, rewritten in the style", () => {
    const findings = creditFindings(credited(["(Odile Marchetti / AFP)", "(Tomas Ruel / Reuters)", "(Hana Ivers / AP)", "AP/Piet Olde"]));
    expect(findings).toEqual([{ text: "AP/Piet Olde", suggestion: "(Piet Olde / AP)", confidence: expect.any(Number) }]);
    expect(findings[0].confidence).toBeLessThan(0.6);

    expect(creditFindings(credited(["AFP/Odile MARCHETTI", "AFP/Kwame ASANTE", "AFP/Rui DE SOUSA", "AFP/TOMAS RUEL"]))).toEqual([
      { text: "AFP/TOMAS RUEL", suggestion: "AFP/Tomas RUEL", confidence: expect.any(Number) },
    ]);
  });

  it("names the style without a suggestion where the rewrite is not certain", () => {
    // Three names: which of them is the surname the style puts in capitals is not known.
    const [finding] = findCreditProblems(
      articleFields({ pictures: credited(["AFP/Odile MARCHETTI", "AFP/Kwame ASANTE", "AFP/Rui DE SOUSA", "AFP/ANA MARIA LUZ"]) }),
    );
    expect(finding).toMatchObject({ text: "AFP/ANA MARIA LUZ", suggestion: undefined });
    expect(finding.message).toMatch(/"AFP\/Odile MARCHETTI" \(the agency first, the surname in capitals\)/);
  });

  it("treats captions' credits the same way: a consistent form is learned, an odd one is worth a look", () => {
    expect(creditFindings(captioned(["(Photo by Odile Marchetti/AFP)", "(Photo by Tomas Ruel/EPA/EFE)"]))).toEqual([]);
    const findings = creditFindings(captioned(["(Photo by Odile Marchetti/AFP)", "(Photo by Tomas Ruel/EPA/EFE)", "(Photo by Hana Ivers/AP)", "(AP/Piet Olde)"]));
    expect(findings).toEqual([{ text: "(AP/Piet Olde)", suggestion: "(Photo by Piet Olde/AP)", confidence: expect.any(Number) }]);
    expect(findings[0].confidence).toBeLessThan(0.6);
  });

  it("keeps the house form where the article has no style of its own, or the house's", () => {
    // Mixed: every credit out of house form is a finding with the house form, as before.
    expect(creditFindings(credited(["Odile Marchetti/AFP", "Reuters / Tomas Ruel", "AP/Hana Ivers"])).map((f) => [f.text, f.suggestion])).toEqual([
      ["Odile Marchetti/AFP", "AFP/Odile Marchetti"],
      ["Reuters / Tomas Ruel", "Reuters/Tomas Ruel"],
    ]);
    // The house form throughout: the odd credit keeps the house's finding and its confidence.
    const findings = creditFindings(credited(["AP/Hana Ivers", "Reuters/Tomas Ruel", "PA/Piet Olde", "AP/hana ivers"]));
    expect(findings).toEqual([{ text: "AP/hana ivers", suggestion: "AP/Hana Ivers", confidence: 0.74 }]);
    // One caption with a credit left in it is still a slip.
    expect(creditFindings([["Rowers pass the boathouse - AP/Hana Ivers"]])).toMatchObject([{ text: "- AP/Hana Ivers", confidence: 0.7 }]);
  });
});
