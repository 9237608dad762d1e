import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker } from "@/lib/factcheck";
import { loadGazetteer } from "@/lib/factcheck/resources";
import { articleFields } from "@/lib/factcheck/test-support";

let checker: FactChecker;
beforeAll(async () => {
  checker = await createFactChecker();
});

const places = (...body: string[]) => checker.check(articleFields({ body })).filter((f) => f.rule === "place");

describe("the gazetteer", () => {
  it("knows countries, counties and cities, with their accents", async () => {
    const gazetteer = await loadGazetteer();
    expect(gazetteer.get("Offaly")).toMatchObject({ kind: "region", country: "IE" });
    expect(gazetteer.get("Sao Paulo")).toMatchObject({ name: "São Paulo", country: "BR" });
    expect(gazetteer.get("Tullamore")).toMatchObject({ kind: "city", country: "IE" });
    expect(gazetteer.nearMisses("Offlay").map((place) => place.name)).toContain("Offaly");
    expect(gazetteer.size).toBeGreaterThan(100_000);
  });
});

describe("misspelled places", () => {
  it("are suggested as likely errors where the county or the country confirms them", () => {
    const [county] = places("Gardaí were called to a house in Tullamore, Co Offlay, on Sunday night.");
    expect(county).toMatchObject({ text: "Offlay", suggestion: "Offaly", severity: "high" });
    const [city] = places("The robot fair was held in Kawaski, Japan, last weekend.");
    expect(city).toMatchObject({ text: "Kawaski", suggestion: "Kawasaki", severity: "high" });
  });

  it("are worth a look on the gazetteer's word alone", () => {
    const [finding] = places("The delegation arrived in Manchestr on Monday.");
    expect(finding).toMatchObject({ text: "Manchestr", suggestion: "Manchester", severity: "low" });
  });

  it("are never flagged when spelled right, or when they are a village the gazetteer lacks", () => {
    expect(places("The match was played in Tullamore, Co Offaly, and the final in São Paulo, Brazil.")).toEqual([]);
    expect(places("The farm is at Brosna near Birr, and the family moved to Beit Sawa, Syria, in May.")).toEqual([]);
    // The county or country named after it says where it is: a near miss elsewhere is not meant.
    expect(places("Volunteers planted trees in Lullymore, Co Kildare, and in Boora, Co Offaly, at the weekend.")).toEqual([]);
  });

  it("take the article's country from the county after a town, not from the town's namesakes", () => {
    // "Virginia, Co Cavan" is in Ireland: it does not make the article American, so a local
    // townland one letter from a big American city is not worth a look.
    expect(places("The lorry crashed in the Dunver area between Kells and Virginia, Co Cavan, on Friday.")).toEqual([]);
    expect(places("The lorry crashed in the Dunver area on the way to Virginia on Friday.")).toMatchObject([{ text: "Dunver", suggestion: "Denver" }]);
  });
});
