// The classes of false alarm found by reading the checker's findings on real published text, each
// with a sentence of our own, and the calibration rule: one source of knowledge makes a finding
// worth a look, two make it a likely error.

import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker, type Finding } from "@/lib/factcheck";
import { articleFields } from "@/lib/factcheck/test-support";

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

const texts = (findings: Finding[]) => findings.map((finding) => finding.text);

describe("real-text false alarms", () => {
  it("accepts British spellings the American dictionary lacks", () => {
    const fields = articleFields({ body: ["Garda enquiries into the fire were continuing, and the council's programme of repairs was paused."] });
    expect(checker.check(fields)).toEqual([]);
  });

  it("reads a capitalised word that is written in lower case elsewhere as a word, not a name", () => {
    const fields = articleFields({
      body: ["Gardaí sealed off the road overnight.", "A spokesman said gardaí were called shortly after midnight and the Garda press office confirmed it."],
    });
    expect(texts(checker.check(fields))).not.toContain("Gardaí");
  });

  it("does not take a demonym for a misspelt place", () => {
    const fields = articleFields({
      body: ["Voters in Queensland went to the polls on Saturday.", "One Queenslander said the queue at the school in Toowoomba was the longest she had seen in Queensland."],
    });
    expect(texts(checker.check(fields))).not.toContain("Queenslander");
  });

  it("does not split a foreign word into two short dictionary words", () => {
    const fields = articleFields({ body: ["Families shared an iftar meal at sunset in the courtyard of the favela."] });
    expect(checker.check(fields).filter((finding) => finding.rule === "spelling")).toEqual([]);
  });

  it("learns a credit style the article uses throughout", () => {
    const styled = articleFields({
      body: ["Fireworks lit the sky over the stadium."],
      pictures: [
        ["Fireworks over the stadium. (Ana Ruiz/AFP/Getty Images)"],
        ["The flag is raised. (Tom Bell/AFP/Getty Images)"],
        ["Dancers on the field. (Ken Oba/AFP/Getty Images)"],
      ],
    });
    expect(checker.check(styled).filter((finding) => finding.rule === "credit-form")).toEqual([]);

    const once = articleFields({ body: ["Fireworks lit the sky over the stadium."], pictures: [["Fireworks over the stadium. (Ana Ruiz/AFP/Getty Images)"]] });
    expect(checker.check(once).filter((finding) => finding.rule === "credit-form")).toHaveLength(1);
  });

  it("learns from the archive that the publication writes long headlines", async () => {
    const longHeadline = "Council approves new cycle lanes across the city centre after a year of consultation with residents and traders";
    const article = articleFields({ headline: longHeadline, body: ["The lanes open in spring."] });
    const withShortHeadlines = await createFactChecker();
    for (let i = 0; i < 10; i++) withShortHeadlines.addArchiveDocument(`s${i}`, articleFields({ headline: `Short headline number ${i}`, body: ["Text."] }));
    expect(withShortHeadlines.check(article).map((finding) => finding.rule)).toContain("headline-length");

    const withLongHeadlines = await createFactChecker();
    for (let i = 0; i < 10; i++) {
      const headline = i < 3 ? `${longHeadline} (part ${i})` : `Short headline number ${i}`;
      withLongHeadlines.addArchiveDocument(`l${i}`, articleFields({ headline, body: ["Text."] }));
    }
    expect(withLongHeadlines.check(article).map((finding) => finding.rule)).not.toContain("headline-length");
  });
});

describe("calibrated confidence", () => {
  it("rates a typo the dictionary alone knows as worth a look, and as a likely error when the article spells the word right too", () => {
    const [alone] = checker.check(articleFields({ body: ["The comittee met on Tuesday evening."] }));
    expect(alone).toMatchObject({ text: "comittee", suggestion: "committee", severity: "low" });
    const [backed] = checker.check(articleFields({ body: ["The committee met on Tuesday.", "The comittee will meet again in June."] }));
    expect(backed).toMatchObject({ text: "comittee", suggestion: "committee", severity: "high" });
  });

  it("suggests the capital of a proper noun written in lower case", () => {
    const [finding] = checker.check(articleFields({ body: ["Children carved pumpkins in the square for halloween."] }));
    expect(finding).toMatchObject({ rule: "spelling", text: "halloween", suggestion: "Halloween" });
    expect(finding.message).toMatch(/capital/);
  });

  it("reports a two-way tie once, naming both spellings", () => {
    const findings = checker.check(articleFields({ body: ["Maria Lindqvist opened the show.", "Later, Maria Lindquist thanked the crowd."] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ text: "Maria Lindquist", severity: "low" });
    expect(findings[0].suggestion).toBeUndefined();
    expect(findings[0].alternatives?.map((fix) => fix.suggestion)).toEqual(["Maria Lindqvist", "Maria Lindquist"]);
    expect(findings[0].message).toMatch(/^Maria Lindqvist or Maria Lindquist\? Both spellings appear once/);
  });
});
