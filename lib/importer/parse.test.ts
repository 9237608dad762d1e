import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DocumentError, headlineFromStandfirst, parseDocument, type ParsedDocument } from "./parse";

const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
const seed = (prefix: string) => {
  const dir = path.join(import.meta.dirname, "..", "..", "seeds");
  return path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith(prefix))!);
};
const parseFile = (file: string) => parseDocument(fs.readFileSync(file), path.basename(file));

function failure(input: Uint8Array | string, name = "doc.txt"): DocumentError {
  try {
    parseDocument(input, name);
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error("expected a DocumentError");
}

const kinds = (doc: ParsedDocument) => doc.blocks.map((b) => `${b.kind}: ${b.text}`);

describe("seed 000 (repeated headline, picture introduction, dash credits)", () => {
  const doc = parseFile(seed("000"));

  it("takes the headline from the date line and drops its repetition", () => {
    expect(doc.date).toBe("2024-08-11");
    expect(doc.headline).toBe("Au revoir! Paris hands over to Los Angeles in spectacular Olympics closing ceremony.");
    expect(doc.standfirst).toBe("");
    expect(doc.blocks[0].text).toMatch(/^The Paris Olympics have come to an end\./);
    expect(doc.blocks.filter((b) => b.text.startsWith("Au revoir"))).toHaveLength(0);
  });

  it("keeps the introduction in the body and every caption line as a photo with its credit", () => {
    expect(doc.blocks.at(-1)).toEqual({
      kind: "paragraph",
      text: "Here are some of the best pictures from the event.",
      line: 13,
    });
    expect(doc.photos).toHaveLength(25);
    expect(doc.photos.every((p) => p.credit?.agency === "AP")).toBe(true);
    expect(doc.photos[0]).toEqual({
      caption:
        "Athletes gather during the 2024 Summer Olympics closing ceremony at the Stade de France, Sunday, Aug. 11, 2024, in Saint-Denis, France.",
      credit: { agency: "AP", photographer: "Martin Meissner" },
      line: 15,
    });
    // No full stop before the dash: none is added.
    expect(doc.photos[1].caption).toMatch(/Sunday, Aug\. 11, 2024$/);
    expect(doc.photos[5].credit).toEqual({ agency: "AP", photographer: "Petr David Josek" });
    expect(doc.warnings).toEqual([]);
  });

  it("keeps the text as written, errors included", () => {
    expect(doc.blocks[2].text).toContain("Phonenix, AIR, Angele, and Alaine Roche");
    expect(doc.photos.some((p) => p.caption.startsWith("Firefights explode"))).toBe(true);
  });

  it("hashes the file's bytes", () => {
    const bytes = fs.readFileSync(seed("000"));
    expect(doc.sourceHash).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("seed 003 (standfirst on the first line, subheadings, quoted speech, no final newline)", () => {
  const doc = parseFile(seed("003"));

  it("reads the long first line as the standfirst and derives a headline with a warning", () => {
    expect(doc.standfirst).toBe(
      "Highlights Los Angeles have given fans a short glimpse of what to expect for the 2028 Games following an epic Olympics closing ceremony in Paris.",
    );
    expect(doc.headline).toBe("Highlights Los Angeles have given fans a short glimpse of what to expect");
    expect(doc.warnings).toEqual([{ line: 1, message: expect.stringMatching(/standfirst.*please review/) }]);
  });

  it("imports short standalone lines as subheadings", () => {
    expect(doc.blocks.filter((b) => b.kind === "heading").map((b) => [b.text, b.line])).toEqual([
      ["Tom Cruise Wows Fans Following the Official Handover to LA 2028", 15],
      ["Billie Eilish and Red Hot Chilli Peppers also performed", 17],
      ["Thomas Bach on Sensational Olympics in Paris", 29],
      ["Los Angeles promises to be as epic", 31],
    ]);
  });

  it("keeps quoted speech as paragraphs, open quotes and all, up to the last line", () => {
    const last = doc.blocks.at(-1)!;
    expect(last.kind).toBe("paragraph");
    expect(last.text).toMatch(/^"We know that the Olympic Games cannot create peace\./);
    expect(last.text).toMatch(/every single day\."$/);
    const continued = doc.blocks.at(-2)!;
    expect(continued).toMatchObject({ kind: "paragraph", line: 41 });
    expect(continued.text).toMatch(/^"This inspired all of us/);
    expect(doc.photos).toEqual([]);
    expect(doc.blocks).toHaveLength(21);
  });
});

describe("credit styles (fixture credit-styles.txt)", () => {
  const doc = parseFile(fixture("credit-styles.txt"));
  const byLine = (line: number) => doc.photos.find((p) => p.line === line);

  it("reads every common wire style and keeps the caption without the credit", () => {
    expect(byLine(11)).toMatchObject({
      caption: "Athletes of Team France wave from a boat on the Seine, Friday, July 26, 2024, in Paris.",
      credit: { agency: "AP", photographer: "Martin Meissner" },
    });
    expect(byLine(13)).toMatchObject({
      caption: "Celine Dion performs on the Eiffel Tower during the opening ceremony.",
      credit: { agency: "AP", photographer: "David Goldman" },
    });
    expect(byLine(14)).toMatchObject({
      caption: "A rider on a mechanical horse crosses the Seine during the opening ceremony, in Paris, France.",
      credit: { agency: "AP", photographer: "Natacha Pisarenko" },
    });
    expect(byLine(15)).toMatchObject({
      caption: "Spectators shelter under umbrellas on the quays of the Seine in Paris, France, July 26, 2024.",
      credit: { agency: "Reuters", photographer: "Kai Pfaffenbach" },
    });
    expect(byLine(16)?.credit).toEqual({ agency: "Reuters", photographer: "Aleksandra Szmigiel" });
    expect(byLine(17)).toMatchObject({
      caption: "The Olympic cauldron rises over the Tuileries garden.",
      credit: { agency: "AFP", photographer: "Jean-François Badias" },
    });
  });

  it("imports captions whose credit cannot be read without a credit, with a warning naming the line", () => {
    expect(byLine(18)).toEqual({
      caption: "Zinedine Zidane carries the Olympic flame through the metro - AP/",
      credit: null,
      line: 18,
    });
    expect(byLine(19)).toEqual({ caption: "A performer dances on a roof above the Seine", credit: null, line: 19 });
    expect(doc.warnings.map((w) => w.line)).toEqual([18, 19]);
    expect(doc.warnings[0].message).toMatch(/credit "- AP\/" cannot be read/);
    // The caption list goes on after them.
    expect(byLine(20)?.credit).toEqual({ agency: "AP", photographer: "Martin Meissner" });
    expect(doc.photos).toHaveLength(10);
  });
});

describe("captions without an introduction", () => {
  it("takes a run of credited lines separated by blank lines as photos and goes back to prose after it", () => {
    const doc = parseFile(fixture("captions-without-intro.txt"));
    expect(doc.photos.map((p) => [p.line, p.credit])).toEqual([
      [5, { agency: "AP", photographer: "Markus Schreiber" }],
      [7, { agency: "AP", photographer: "Ebrahim Noroozi" }],
      [9, { agency: "EPA-EFE", photographer: "Yoan Valat" }],
    ]);
    expect(kinds(doc)).toEqual([
      "paragraph: Winds of up to 110km/h brought down trees and power lines across the capital on Sunday.",
      "paragraph: The city's transport authority said most services would run normally on Monday.",
    ]);
  });

  it("does not take a single credited line in prose for a photo", () => {
    const doc = parseDocument(
      " date 2024-01-02 Headline\n\nA paragraph.\n\nA lone line that ends like a credit - AP/Martin Meissner\n\nMore prose.",
      "lone.txt",
    );
    expect(doc.photos).toEqual([]);
    expect(doc.blocks).toHaveLength(3);
  });
});

describe("line endings, byte order mark and quotes", () => {
  it("reads CRLF files without a final newline and keeps curly quotes", () => {
    const bytes = fs.readFileSync(fixture("crlf-curly-quotes.txt"));
    expect(bytes.includes("\r\n")).toBe(true);
    expect(bytes.at(-1)).not.toBe(0x0a);
    const doc = parseDocument(bytes, "crlf.txt");
    expect(doc.headline).toBe("“Don’t call it a comeback,” says champion after winning gold");
    expect(doc.blocks.some((b) => b.text.includes("\r"))).toBe(false);
    expect(kinds(doc)).toEqual([
      "paragraph: The 33-year-old won the final by two tenths of a second on Monday.",
      "paragraph: “I never went away,” she said. “I was just waiting for the right race.”",
      "paragraph: Her coach said she had trained through the winter in Font-Romeu.",
      "heading: The Fans Who Waited",
      "paragraph: Supporters queued from dawn outside the stadium, some holding signs that read ‘Welcome back’.",
    ]);
    expect(doc.blocks.map((b) => b.line)).toEqual([5, 7, 9, 11, 13]);
  });

  it("gives the same content for LF and CRLF, but a different hash", () => {
    const crlf = fs.readFileSync(fixture("crlf-curly-quotes.txt"), "utf8");
    const lf = crlf.replace(/\r\n/g, "\n");
    const [a, b] = [parseDocument(crlf, "a.txt"), parseDocument(lf, "b.txt")];
    expect({ ...a, sourceHash: "" }).toEqual({ ...b, sourceHash: "" });
    expect(a.sourceHash).not.toBe(b.sourceHash);
  });

  it("strips a byte order mark", () => {
    const doc = parseFile(fixture("bom.txt"));
    expect(doc.headline).toBe("BOM-prefixed file imports cleanly");
    expect(doc.date).toBe("2024-08-06");
  });

  it("recognises a repeated headline despite different quote marks", () => {
    const doc = parseDocument(
      ' date 2024-01-02 "Don\'t call it a comeback," says champion\n\n“Don’t call it a comeback,” says champion\n\nBody.',
      "q.txt",
    );
    expect(doc.headline).toBe('"Don\'t call it a comeback," says champion');
    expect(kinds(doc)).toEqual(["paragraph: Body."]);
  });
});

describe("headings, quoted speech and paragraphs", () => {
  const doc = parseFile(fixture("subheadings-and-quotes.txt"));

  it("makes short unpunctuated standalone lines headings, never quoted speech", () => {
    expect(kinds(doc)).toEqual([
      "paragraph: The council voted 31 to 12 on Tuesday night to build a tram line between the station and the university.",
      "heading: What happens next",
      'paragraph: Construction is due to start in the spring. The mayor said: "We have waited long enough.',
      'paragraph: "This line will change how people move through the city, and it will be built on time."',
      "paragraph: 'We will fight this'",
      'paragraph: "We will fight this in court"',
      "paragraph: A group of residents said they would appeal against the decision.",
      "heading: The cost question",
      'paragraph: Officers put the cost at £420m, up from £310m in 2021 - a rise opponents called "unacceptable".',
    ]);
  });

  it("joins hard-wrapped lines and keeps sentence-final line breaks as paragraph breaks", () => {
    expect(kinds(parseFile(fixture("hard-wrapped.txt")))).toEqual([
      "paragraph: Ferry services between the islands resumed on Tuesday morning after the crews' union and the operator reached an agreement overnight.",
      "paragraph: The first boat left at 6am.",
    ]);
  });

  it("takes the headline from the first paragraph when the date line has none", () => {
    const doc = parseFile(fixture("date-line-only-headline.txt"));
    expect(doc.headline).toBe("Headline on its own line after the date");
    expect(doc.blocks.map((b) => b.line)).toEqual([4, 6]);
  });

  it("keeps a headline-length first line as the headline without a warning", () => {
    const doc = parseDocument(" date 2024-01-02 Short headline\n\nFirst paragraph.", "h.txt");
    expect([doc.headline, doc.standfirst, doc.warnings]).toEqual(["Short headline", "", []]);
  });
});

describe("standfirst on the first line", () => {
  it("derives the headline from the first clause, cut at a word boundary", () => {
    const doc = parseFile(fixture("standfirst-first-line.txt"));
    expect(doc.standfirst).toMatch(/^Rescue teams worked through the night.*on Thursday\.$/);
    expect(doc.headline).toBe("Rescue teams worked through the night to reach villagers cut off by the floods");
    expect(doc.warnings).toHaveLength(1);
  });

  it("never ends a derived headline on a filler word or a full stop", () => {
    const long =
      "A very long opening sentence without any commas that keeps going and going beyond the limit of the headline for the whole of the day";
    const headline = headlineFromStandfirst(long);
    expect(headline.length).toBeLessThanOrEqual(90);
    expect(long.startsWith(headline)).toBe(true);
    expect(headline).not.toMatch(/\s(the|of|for|and)$/);
    expect(headlineFromStandfirst("Short sentence here. Another one follows.")).toBe("Short sentence here");
  });

  it("cuts at a clause boundary only within the length the front page fits", () => {
    const standfirst =
      "Heavy rain flooded the main roads of the city on Monday, cutting power to thousands of homes across the southern districts, officials said.";
    const headline = headlineFromStandfirst(standfirst);
    expect(headline).toBe("Heavy rain flooded the main roads of the city on Monday");
    const late = "Nine players scored for the visitors and the home side rallied late to force overtime before winning by four points, the league said.";
    expect(headlineFromStandfirst(late).length).toBeLessThanOrEqual(90);
  });
});

describe("bad input", () => {
  it("rejects a missing date line, naming the file and line", () => {
    const error = failure(fs.readFileSync(fixture("no-date-line.txt")), "fixtures/no-date-line.txt");
    expect([error.file, error.line]).toEqual(["fixtures/no-date-line.txt", 1]);
    expect(error.message).toMatch(/^fixtures\/no-date-line\.txt:1: no date line/);
  });

  it("reports the date line where it is, after leading blank lines", () => {
    expect(failure("\n\nHello\n\nWorld").line).toBe(3);
  });

  it("rejects an impossible date and a malformed one", () => {
    expect(failure(fs.readFileSync(fixture("bad-date.txt"))).message).toBe("doc.txt:1: impossible date 2024-02-30");
    expect(failure(" date 2023-02-29 Not a leap year\n\nBody.").reason).toBe("impossible date 2023-02-29");
    expect(failure(" date 2024-13-01 x\n\nBody.").reason).toBe("impossible date 2024-13-01");
    expect(failure(fs.readFileSync(fixture("malformed-date.txt"))).reason).toMatch(/invalid date "12\/08\/2024"/);
    expect(parseDocument(" date 2024-02-29 Leap day\n\nBody.", "x.txt").date).toBe("2024-02-29");
  });

  it("rejects an empty body and an empty file", () => {
    expect(failure(fs.readFileSync(fixture("empty-body.txt"))).reason).toMatch(/^empty body/);
    expect(failure(" date 2024-01-02 Headline\n\nHeadline\n").reason).toMatch(/^empty body/);
    expect(failure("").reason).toMatch(/no date line/);
  });

  it("rejects bytes that are not UTF-8, naming the line", () => {
    const error = failure(fs.readFileSync(fixture("latin1.txt")), "latin1.txt");
    expect(error.message).toMatch(/^latin1\.txt:1: not UTF-8 text \(invalid byte 0xE9/);
    const later = Buffer.concat([Buffer.from(" date 2024-01-02 Fine\n\nStill fine\n\nCaf"), Buffer.from([0xc3, 0x28])]);
    expect(failure(later).line).toBe(5);
  });

  it("rejects binary files", () => {
    expect(failure(fs.readFileSync(fixture("binary.txt"))).reason).toMatch(/not a text file/);
    expect(failure(" date 2024-01-02 x\n\nBell \u0007 here").reason).toMatch(/control character U\+0007/);
  });

  it("accepts a string as well as bytes", () => {
    const text = fs.readFileSync(seed("000"), "utf8");
    expect(parseDocument(text, "s.txt")).toEqual(parseFile(seed("000")));
  });
});
