import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";
import { runCli } from "./auth";

// Test data for the browser tests: unique names, and wire documents imported as drafts with
// `copydesk import`, as a newsroom would (never ad-hoc SQL, never the seeds).

/** Eight random hex digits, for names no other test uses. */
export const token = () => randomBytes(4).toString("hex");

/** Eight random letters (g–p stand for the digits): for names that must be words, like surnames. */
export const letters = () => token().replace(/\d/g, (digit) => "ghijklmnop"[Number(digit)]);

/** `label` with a token after it: "Ferry timetable 3f9a01c2". */
export const uniqueName = (label: string) => `${label} ${token()}`;

export interface WireDocument {
  headline: string;
  /** The dateline's date, YYYY-MM-DD. */
  date?: string;
  /** Wire copy often repeats the headline as the first paragraph (the importer keeps it once). */
  repeatHeadline?: boolean;
  paragraphs: string[];
  /** Photo captions, one per line, each ending in a wire credit: "A cyclist - AP/Ann Lee". */
  captions?: string[];
  /**
   * Where the photos go: after this many paragraphs, introduced by "Here are some pictures.".
   * Without it the captions close the document, with no introduction.
   */
  photosAfter?: number;
}

/** The document as the wire sends it: ` date …` first, then blocks separated by blank lines. */
export function wireText({ headline, date = "2024-08-11", repeatHeadline = false, paragraphs, captions = [], photosAfter }: WireDocument): string {
  const photos = captions.length > 0 ? [...(photosAfter === undefined ? [] : ["Here are some pictures."]), captions.join("\n")] : [];
  const split = photosAfter ?? paragraphs.length;
  const blocks = [...(repeatHeadline ? [headline] : []), ...paragraphs.slice(0, split), ...photos, ...paragraphs.slice(split)];
  return `${[` date ${date} ${headline}`, ...blocks].join("\n\n")}\n`;
}

export interface ImportedDocument {
  headline: string;
  /** The slug the import reports (`created  file → slug`). */
  slug: string;
}

/** Writes the document to a file of its own and imports it as a draft through the CLI. */
export async function importDocument(document: WireDocument): Promise<ImportedDocument> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "copydesk-e2e-"));
  // Articles are matched to files by base name: a new name is a new article.
  const file = path.join(dir, `e2e-${token()}.txt`);
  try {
    await fs.writeFile(file, wireText(document));
    const result = await runCli(["import", file]);
    expect(result.code, result.stderr || result.stdout).toBe(0);
    const slug = /→ (\S+)/.exec(result.stdout)?.[1];
    expect(slug, result.stdout).toBeTruthy();
    return { headline: document.headline, slug: slug! };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface ImportedArticle extends ImportedDocument {
  paragraphs: string[];
  captions: Array<{ text: string; credit: string }>;
}

/**
 * A reader-site article: an Olympics closing-ceremony story with a unique headline, three
 * paragraphs and two photos whose credit (agency and photographer) is unique to it.
 */
export async function importArticle(label: string): Promise<ImportedArticle> {
  const unique = token();
  const paragraphs = [
    `Standfirst for ${unique}: the last night of the Games drew a full stadium.`,
    `Body paragraph ${unique} describes the closing ceremony at the Stade de France.`,
    "Phoenix and Angele performed before the flag was handed to Los Angeles.",
  ];
  const agency = `AP${unique.slice(0, 4).toUpperCase()}`;
  const captions = [
    { text: `Athletes gather during the closing ceremony ${unique}`, credit: `${agency}/Martin Meissner` },
    { text: `Tom Cruise holds the Olympic flag ${unique}`, credit: `${agency}/Dita Alangkara` },
  ];
  const imported = await importDocument({
    headline: `${label} ${unique} as the lanterns go out over Paris`,
    repeatHeadline: true,
    paragraphs,
    captions: captions.map((caption) => `${caption.text} - ${caption.credit}`),
  });
  return { ...imported, paragraphs, captions };
}
