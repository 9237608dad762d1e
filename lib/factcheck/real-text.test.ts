import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker, type Finding } from "@/lib/factcheck";
import { articleFields, type TestArticle } from "@/lib/factcheck/test-support";

// Classes of false alarm found by reading the checker's findings on real published news (wire
// copy, local papers, galleries; British, Irish, American, Australian, Indian, Canadian English).
// Each is pinned here with a sentence of our own; the texts themselves are not in the repository.

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

const check = (article: TestArticle) => checker.check(articleFields(article));
const texts = (findings: Finding[]) => findings.map((f) => [f.rule, f.text, f.suggestion ?? null]);

describe("words the dictionary lacks but English has", () => {
  it("takes the plural of an -ing noun for a word, and still flags a plural that is no word", () => {
    expect(texts(check({ body: ["Police logged four sightings and two chain snatchings near the market on Friday."] }))).toEqual([]);
    const slip = check({ body: ["Councillors said the new parking rules were too restrictives for traders."] });
    expect(texts(slip)).toEqual([["spelling", "restrictives", "restrictive"]]);
  });
});

describe("places and names with their capitals", () => {
  it("never flags a place the gazetteer knows, possessive or not, as a misspelling", () => {
    expect(texts(check({ body: ["Offaly's hurlers trained in the rain before the final."] }))).toEqual([]);
    expect(texts(check({ body: ["Flood relief covers these areas: Brisbane, Fraser Coast, Gympie, Ipswich, Noosa, Redland, Somerset."] }))).toEqual([]);
  });

  it("reads the capitals of a title-case list as names, not as misspelt ordinary words", () => {
    const findings = check({ body: ["Shortlisted Players: Quaran Sayles, Markello Apodiakos, Brinley Ostrander."] });
    expect(findings.filter((f) => f.rule === "spelling")).toEqual([]);
    // The first word of a sentence is still an ordinary word with a capital.
    expect(texts(check({ body: ["Suporters of the mayor gathered outside the town hall on Friday."] }))).toEqual([["spelling", "Suporters", "Supporters"]]);
  });

  it("does not take two words of a language for one word misspelt when each is used on its own", () => {
    const findings = check({
      body: [
        "Sligo Gardaí are appealing for witnesses after a van was set alight.",
        "Gardaí said the van had been stolen earlier in the week, and Gardaí in Ballina are helping.",
        "Anyone with information can call Sligo Garda Station, a Garda spokesman said.",
      ],
    });
    expect(findings.filter((f) => f.rule === "name-variant" || f.rule === "archive-variant")).toEqual([]);
  });
});

describe("grammar", () => {
  it("leaves the possessive its alone before very and only", () => {
    expect(texts(check({ body: ["The club marked its very first title, and its only cup came a year later."] }))).toEqual([]);
    expect(texts(check({ body: ["Its very hard to say when the bridge will reopen."] }))).toEqual([["grammar", "Its", "It's"]]);
  });

  it("drops the grammar checker's mass-noun advice and its advice inside hyphenated coinages", { timeout: 180_000 }, async () => {
    const fields = articleFields({ body: ["Voters said they want a leadership that listens, and the complain-via-phone scheme will stay."] });
    expect(await checker.checkGrammar(fields)).toEqual([]);
  });
});
