import { describe, expect, it } from "vitest";
import { normaliseAgency, readCaptionCredit } from "./caption-credit";

describe("readCaptionCredit", () => {
  it.each([
    ["Fans cheer in Paris. - AP/Martin Meissner", "Fans cheer in Paris.", "AP", "Martin Meissner"],
    ["Fans cheer in Paris – AP/Martin Meissner", "Fans cheer in Paris", "AP", "Martin Meissner"],
    ["Fans cheer in Paris. (Martin Meissner/AP)", "Fans cheer in Paris.", "AP", "Martin Meissner"],
    ["Fans cheer in Paris. (AP Photo/Martin Meissner)", "Fans cheer in Paris.", "AP", "Martin Meissner"],
    ["Fans cheer in Paris, Aug. 11, 2024. REUTERS/Kai Pfaffenbach", "Fans cheer in Paris, Aug. 11, 2024.", "Reuters", "Kai Pfaffenbach"],
    ["Fans cheer in Paris. Reuters/Kai Pfaffenbach.", "Fans cheer in Paris.", "Reuters", "Kai Pfaffenbach"],
    ["Fans cheer. Photo: Jean-François Badias/AFP", "Fans cheer.", "AFP", "Jean-François Badias"],
    ["Fans cheer. (Photo by Franck Fife/AFP)", "Fans cheer.", "AFP", "Franck Fife"],
    ["A - B test - AP/Kin Cheung", "A - B test", "AP", "Kin Cheung"],
    ["Fans cheer. KCNA/Handout", "Fans cheer.", "KCNA", "Handout"],
    ["Fans cheer - EPA-EFE/Yoan Valat", "Fans cheer", "EPA-EFE", "Yoan Valat"],
    ["Fans cheer in Leeds. Credit:Jane Doe/AP Photo", "Fans cheer in Leeds.", "AP", "Jane Doe"],
    ["Fans cheer in Leeds. Credit: Jane Doe/Reuters", "Fans cheer in Leeds.", "Reuters", "Jane Doe"],
    ["Fans cheer in Leeds. © Jane Doe/ AFP", "Fans cheer in Leeds.", "AFP", "Jane Doe"],
    ["Fans cheer in Leeds ©Jane Doe/Getty Images", "Fans cheer in Leeds", "Getty Images", "Jane Doe"],
  ])("reads %s", (line, caption, agency, photographer) => {
    expect(readCaptionCredit(line)).toEqual({ kind: "credit", caption, credit: { agency, photographer } });
  });

  it.each([
    ["Fans cheer in Paris - AP", "- AP"],
    ["Fans cheer in Paris - AP/", "- AP/"],
    ["Fans cheer in Paris (AP Photo)", "(AP Photo)"],
    ["Fans cheer in Paris. © AFP", "© AFP"],
    ["Fans cheer in Paris. Credit: Reuters", "Credit: Reuters"],
    ["Fans cheer in Paris. REUTERS/Kai Pfaffenbach/File Photo", "REUTERS/Kai Pfaffenbach/File Photo"],
    ["Fans cheer in Paris - AP/a crowd of 70,000 people cheering loudly all night long", expect.any(String)],
  ])("flags %s as an unreadable credit and keeps the whole line", (line, fragment) => {
    expect(readCaptionCredit(line)).toEqual({ kind: "unreadable", caption: line, fragment });
  });

  it.each([
    "French band Phoenix were joined by DJ Kavinsky - who played his famous song Nightcall.",
    "The 2023/24 season was long - and/or short",
    "Fans cheer in Paris (left) and Lyon",
    "A photo by the river shows the flood",
    "He was given credit for the win in the 2023/24 season",
  ])("finds no credit in prose: %s", (line) => {
    expect(readCaptionCredit(line)).toEqual({ kind: "none", caption: line });
  });
});

describe("normaliseAgency", () => {
  it("merges spellings of the same agency and keeps unknown ones as written", () => {
    expect(["AP", "AP Photo", "Associated Press", "ap"].map(normaliseAgency)).toEqual(["AP", "AP", "AP", "AP"]);
    expect(["REUTERS", "Reuters"].map(normaliseAgency)).toEqual(["Reuters", "Reuters"]);
    expect(normaliseAgency("AFP PHOTO")).toBe("AFP");
    expect(normaliseAgency("  Frankfurter   Allgemeine ")).toBe("Frankfurter Allgemeine");
  });
});
