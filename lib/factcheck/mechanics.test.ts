import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker, type Finding } from "@/lib/factcheck";
import { articleFields } from "@/lib/factcheck/test-support";

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

const only = (findings: Finding[], rule: Finding["rule"]) => findings.filter((f) => f.rule === rule);

describe("doubled words", () => {
  it("flags a word typed twice and suggests it once", () => {
    const findings = checker.check(articleFields({ body: ["The council said the the road would reopen on Monday."] }));
    expect(findings).toMatchObject([
      { rule: "doubled-word", text: "the the", suggestion: "the", location: { fieldKey: "body", block: 0, from: 17, to: 24 } },
    ]);
  });

  it("catches a doubled word across a capital at a sentence start", () => {
    const findings = checker.check(articleFields({ pictures: [["The the crowd waits outside the court", "AP/Jon Super"]] }));
    expect(only(findings, "doubled-word")).toMatchObject([{ text: "The the", suggestion: "The" }]);
  });

  it("leaves deliberate doubles, doubled names and doubles split by punctuation alone", () => {
    const findings = checker.check(
      articleFields({
        body: [
          "She had had enough. What it is is a question of money. Duran Duran played first.",
          "He said no, no one had called. They waited, waited and then left.",
        ],
      }),
    );
    expect(only(findings, "doubled-word")).toEqual([]);
  });

  it("flags a phrase typed twice, and leaves doubled names and phrases split by punctuation alone", () => {
    const findings = checker.check(articleFields({ body: ["The club will write to to members and post a post a notice on its site."] }));
    expect(only(findings, "doubled-word").map((f) => [f.text, f.suggestion])).toEqual([
      ["to to", "to"],
      ["post a post a", "post a"],
    ]);
    const deliberate = checker.check(articleFields({ body: ["New York, New York played twice. Talking Heads Talking Heads is a tribute act. Ha ha ha ha, he said."] }));
    expect(only(deliberate, "doubled-word")).toEqual([]);
  });
});

describe("typing slips", () => {
  it("flags the letter o in a number and a doubled full stop, with the fix", () => {
    const findings = checker.check(articleFields({ body: ["The bridge shut at 11.. Repairs will cost £4o,000 and finish in 2o27."] }));
    expect(only(findings, "typing").map((f) => [f.text, f.suggestion])).toEqual([
      ["..", "."],
      ["4o", "40"],
      ["2o27", "2027"],
    ]);
  });

  it("leaves ellipses, units, names and addresses alone", () => {
    const findings = checker.check(
      articleFields({ body: ["He paused... then spoke. Add 7oz of flour at 30oC. The O2 arena, the A1o road and 10.5 miles away.", "See www.example.org/a..b for details."] }),
    );
    expect(only(findings, "typing")).toEqual([]);
  });
});

describe("quotation marks", () => {
  it("flags a quotation that is never closed", () => {
    const fields = articleFields({ body: ['The mayor said: "We will rebuild the bridge by spring.', "Work starts on Monday."] });
    const [finding] = only(checker.check(fields), "quotes");
    expect(finding).toMatchObject({ location: { fieldKey: "body", block: 0, from: 16 } });
    expect(finding.message).toMatch(/never closed/);
  });

  it("accepts a quotation running over paragraphs, each re-opened", () => {
    const fields = articleFields({
      body: ['He said: "The first paragraph ends open.', '"The second one too.', '"The third one closes."', "Then the story goes on."],
    });
    expect(only(checker.check(fields), "quotes")).toEqual([]);
  });

  it("flags a closing mark with no opening one", () => {
    const fields = articleFields({ body: ['The plan was fair." It was agreed, the minister said.'] });
    expect(only(checker.check(fields), "quotes")).toMatchObject([{ text: '"', location: { from: 18, to: 19 } }]);
  });

  it("flags curly quotes closed with a straight mark and suggests the matching one", () => {
    const fields = articleFields({ body: ["She said “it is over\" and left."] });
    expect(only(checker.check(fields), "quotes")).toMatchObject([{ text: '"', suggestion: "”" }]);
  });

  it("flags a second quotation opening inside the first", () => {
    const fields = articleFields({ body: ['The board expected "a "clean" break, he said.'] });
    const [finding] = only(checker.check(fields), "quotes");
    expect(finding.message).toMatch(/single marks/);
  });

  it("accepts apostrophes, nested single quotes and curly pairs", () => {
    const fields = articleFields({
      body: [
        "The players' union said it was 'disappointed'.",
        "“It was ‘Seine-sational’,” said Bach, who's 70. Rock ’n’ roll in the ’90s.",
        '"Sensational, or dare I say, \'Seine-sational.\'" He smiled.',
      ],
    });
    expect(only(checker.check(fields), "quotes")).toEqual([]);
  });
});

describe("credits", () => {
  const creditFindings = (credit: string) =>
    only(checker.check(articleFields({ pictures: [["A crowd waits in the rain", credit]] })), "credit-form");

  it.each([
    ["Reuters / Toby Melville", "Reuters/Toby Melville"],
    ["Martin Meissner/AP", "AP/Martin Meissner"],
    ["AP Photo/Martin Meissner", "AP/Martin Meissner"],
    ["AFP - Marco Bertorello", "AFP/Marco Bertorello"],
    ["PA/ben birchall", "PA/Ben Birchall"],
    ["AP/MARTIN MEISSNER", "AP/Martin Meissner"],
    ["Getty Images/Chris Ratcliffe.", "Getty Images/Chris Ratcliffe"],
    ["Photo: AP/Martin Meissner", "AP/Martin Meissner"],
    ["(AP/Martin Meissner)", "AP/Martin Meissner"],
    ["ap/Martin Meissner", "AP/Martin Meissner"],
  ])("puts %j in house form", (credit, houseForm) => {
    expect(creditFindings(credit)).toMatchObject([{ text: credit, suggestion: houseForm }]);
  });

  it.each([["AP/Martin Meissner"], ["PA/House of Commons"], ["Getty Images/Jean-Paul Pelissier"], ["EFE/Juanjo Martín"], ["Reuters/Martin de Vries"]])(
    "accepts %j",
    (credit) => {
      expect(creditFindings(credit)).toEqual([]);
    },
  );

  it("accepts a photographer, agency and syndicating agency, but not a note in the third place", () => {
    expect(creditFindings("Tom Ware/Rex Features/Shutterstock")).toEqual([]);
    expect(creditFindings("Lena Ostrova/AFP/Getty Images")).toEqual([]);
    expect(creditFindings("Sam Pike/EPA/Shutterstock")).toEqual([]);
    expect(creditFindings("Reuters/Sam Pike/File Photo")[0].message).toMatch(/more than one slash/);
  });

  it("points at a credit with no agency, or no photographer", () => {
    expect(creditFindings("Martin Meissner")[0].message).toMatch(/no agency/);
    expect(creditFindings("AP/")[0].message).toMatch(/missing the photographer/);
    expect(creditFindings("Reuters/Paul Childs/File Photo")[0].message).toMatch(/more than one slash/);
  });

  it("flags a credit left at the end of a caption", () => {
    const findings = checker.check(articleFields({ pictures: [["Fans gather outside the stadium - AP/Martin Meissner"]] }));
    expect(only(findings, "credit-form")).toMatchObject([{ text: "- AP/Martin Meissner" }]);
  });
});

describe("headline length", () => {
  it("flags a headline longer than the front page fits, scaled by how much longer", () => {
    const long = "Council approves plan to rebuild the seafront with new flood defences, a cycle path and a theatre by 2030";
    const [finding] = only(checker.check(articleFields({ headline: long })), "headline-length");
    expect(finding.message).toContain(`${long.length} characters`);
    expect(finding.location).toEqual({ fieldKey: "headline", block: 0, from: 0, to: long.length });
    expect(only(checker.check(articleFields({ headline: long }), { headlineMaxChars: 120 }), "headline-length")).toEqual([]);
    expect(only(checker.check(articleFields({ headline: "Council approves seafront plan" })), "headline-length")).toEqual([]);
  });
});
