// Parses one wire document into headline, standfirst, body blocks and photos. Pure: no I/O.
//
// The format (see seeds/): a first line ` date YYYY-MM-DD <text>`, then paragraphs separated by
// blank lines. Everything else is convention, read here with general rules: a headline repeated
// as the first paragraph, a first line that is really a standfirst, short standalone lines that
// are subheadings, and photo captions one per line ending in a wire credit. Text is kept exactly
// as written: spelling and punctuation are for editors to fix, not for the importer to guess.

import { createHash } from "node:crypto";
import { readCaptionCredit, type CaptionCreditReading, type PhotoCredit } from "./caption-credit";

export type { PhotoCredit } from "./caption-credit";

// The block kinds `docFromBlocks` (lib/editor) accepts. The parser emits paragraphs and headings:
// quoted speech in wire copy is running text attributed in the paragraph before it (`He said:`
// then `"…`), so it stays a paragraph, quotes as written; a blockquote would change its meaning.
export type BlockKind = "paragraph" | "heading" | "quote";

export interface ParsedBlock {
  kind: BlockKind;
  text: string;
  /** 1-based line in the file where the block starts. */
  line: number;
}

export interface ParsedPhoto {
  caption: string;
  credit: PhotoCredit | null;
  line: number;
}

export interface ParseWarning {
  line: number;
  message: string;
}

export interface ParsedDocument {
  /** The document's date, "YYYY-MM-DD". */
  date: string;
  headline: string;
  /** 1-based line the headline comes from (the date line, or a first paragraph that is the headline). */
  headlineLine: number;
  standfirst: string;
  blocks: ParsedBlock[];
  photos: ParsedPhoto[];
  warnings: ParseWarning[];
  /** SHA-256 (hex) of the file's bytes as read, BOM and line endings included. */
  sourceHash: string;
}

/** A document that cannot be imported. `message` reads "file:line: reason". */
export class DocumentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "DocumentError";
  }
}

// A first line longer than this is a sentence, not a title: wire headlines run 40–100 characters,
// standfirsts 120 and up.
const HEADLINE_MAX_LENGTH = 100;
// Derived headlines are cut to this, at a clause or word boundary: what the front page fits (the
// fact-check's headline limit, DEFAULT_HEADLINE_MAX_CHARS in lib/factcheck/rules/mechanics.ts).
const DERIVED_HEADLINE_MAX_LENGTH = 90;
// Subheadings are short: a few words, never a full paragraph.
const SUBHEADING_MAX_LENGTH = 90;
const SUBHEADING_MAX_WORDS = 15;
// An introduction to the pictures is one short sentence.
const PICTURE_INTRO_MAX_LENGTH = 200;

const DATE_LINE = /^date:?\s+(\S+)(?:\s+(.*))?$/i;
const OPENING_QUOTES = `"'“‘„«‹`;
const CLOSING_QUOTES_AND_BRACKETS = `"'”’»›)]`;
const SENTENCE_END = /[.!?…:;,]$/;
const PICTURE_WORDS = /\b(?:pictures?|photos?|photographs?|images|gallery|in pictures)\b/i;

interface Line {
  text: string;
  line: number;
}

// ─── Bytes to text ───────────────────────────────────────────────────────────────────────────────

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function lineAtByte(bytes: Uint8Array, offset: number) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    if (i + length > bytes.length) return i;
    const second = bytes[i + 1];
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

function decode(input: Uint8Array | string, file: string): { text: string; bytes: Uint8Array } {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DocumentError(file, lineAtByte(bytes, nul), "not a text file (it contains NUL bytes)");
  }
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = utf8.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8Byte(bytes);
      const at = Math.max(offset, 0);
      throw new DocumentError(
        file,
        lineAtByte(bytes, at),
        `not UTF-8 text (invalid byte 0x${bytes[at]?.toString(16).padStart(2, "0").toUpperCase()} at byte ${at}); ` +
          "save the file as UTF-8 and import it again",
      );
    }
  }
  // Control characters other than tab, line breaks and form feeds mean binary data.
  const control = /[\u0001-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split(/\r\n?|\n/).length;
    const code = control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase();
    throw new DocumentError(file, line, `not a text file (control character U+${code})`);
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  return { text, bytes };
}

// ─── Dates ───────────────────────────────────────────────────────────────────────────────────────

function checkDate(token: string, file: string, line: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
  if (!match) throw new DocumentError(file, line, `invalid date "${token}" (expected YYYY-MM-DD)`);
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new DocumentError(file, line, `impossible date ${token}`);
  }
  return token;
}

// ─── Text rules ──────────────────────────────────────────────────────────────────────────────────

/** For "is this the same text": ignores case, spacing, quote style and final punctuation. */
function comparable(text: string) {
  return text
    .normalize("NFKC")
    .replace(/[“”„«»]/g, '"')
    .replace(/[‘’‚‹›]/g, "'")
    .replace(/\s+/g, " ")
    .replace(/[\s.!?…:;,]+$/, "")
    .trim()
    .toLowerCase();
}

function withoutClosingQuotes(text: string) {
  let end = text.length;
  while (end > 0 && CLOSING_QUOTES_AND_BRACKETS.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

function endsSentence(text: string) {
  return SENTENCE_END.test(withoutClosingQuotes(text));
}

function startsWithQuote(text: string) {
  return OPENING_QUOTES.includes(text[0]);
}

/**
 * A standalone line is a subheading when it is short, starts like a title and has no final
 * punctuation: prose paragraphs end in a full stop, subheadings never do. Quoted speech is never
 * a subheading, even a short one whose closing quote comes without a stop. Nor is a byline.
 */
function isSubheading(text: string) {
  if (text.length > SUBHEADING_MAX_LENGTH || text.split(/\s+/).length > SUBHEADING_MAX_WORDS) return false;
  if (!/^[\p{Lu}\p{Lt}\p{N}]/u.test(text) || startsWithQuote(text)) return false;
  if (endsSentence(text) || /[-–—/]$/.test(text)) return false;
  if (/^by\s+\p{Lu}/iu.test(text)) return false;
  return /\p{L}/u.test(text);
}

/** "Here are some of the best pictures from the event." — a sentence that introduces pictures. */
function isPictureIntro(text: string) {
  return text.length <= PICTURE_INTRO_MAX_LENGTH && PICTURE_WORDS.test(text) && !startsWithQuote(text);
}

// Words a headline should not end on when it has to be cut short.
const TRAILING_FILLER =
  /\s+(?:a|an|the|of|for|to|in|on|at|by|and|or|but|with|from|as|than|that|this|its|their|his|her|is|are|was|were|has|have|had)$/i;
// Little words a phrase starts with: a cut before one of them leaves whole phrases.
const PHRASE_START = /\s(?=(?:a|an|the|of|for|to|in|on|at|by|and|or|but|with|from)\s)/gi;
// Where a long sentence can be cut into a headline: before a clause that adds circumstance.
const CLAUSE_BREAK = /[,;:]\s|\s[-–—]\s|\s(?=(?:following|after|before|as|while|when|amid|despite|because|which|who|where|since|during|with)\s)/gi;

/**
 * A headline for a document whose first line is a standfirst: its first sentence, cut at the last
 * clause boundary that fits (else at a word boundary), without a final full stop. Editors review it.
 */
export function headlineFromStandfirst(standfirst: string): string {
  const sentence = (/^.*?[.!?](?=\s+[\p{Lu}"“‘]|$)/u.exec(standfirst)?.[0] ?? standfirst).replace(/\.$/, "");
  if (sentence.length <= DERIVED_HEADLINE_MAX_LENGTH) return sentence;

  let cut = -1;
  for (const match of sentence.matchAll(CLAUSE_BREAK)) {
    // Within the limit: a derived headline longer than the front page fits would be the first
    // thing the fact-check flags in a document whose writer gave it no headline at all.
    if (match.index > DERIVED_HEADLINE_MAX_LENGTH) break;
    if (match.index >= 30) cut = match.index;
  }
  let headline: string;
  if (cut > 0) headline = sentence.slice(0, cut);
  else {
    const window = sentence.slice(0, DERIVED_HEADLINE_MAX_LENGTH + 1);
    const space = window.lastIndexOf(" ");
    headline = space > 0 ? window.slice(0, space) : window.slice(0, DERIVED_HEADLINE_MAX_LENGTH);
    // A cut inside a phrase ("…what to expect for the 2028") leaves half of it: back off to
    // before the phrase's first little word, where one ends.
    const phrase = [...headline.matchAll(PHRASE_START)].at(-1);
    if (phrase && phrase.index >= 30) headline = headline.slice(0, phrase.index);
  }
  while (TRAILING_FILLER.test(headline)) headline = headline.replace(TRAILING_FILLER, "");
  return headline.replace(/[\s,;:–—-]+$/, "");
}

// ─── Structure ───────────────────────────────────────────────────────────────────────────────────

function splitIntoBlocks(lines: Line[]): Line[][] {
  const blocks: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.text === "") {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) blocks.push(current);
  return blocks;
}

/**
 * Lines of one block that are not captions: a line continues the previous one (a hard-wrapped
 * paragraph) when the previous line stops mid-sentence and this one starts in lower case; any
 * other line break separates paragraphs.
 */
function paragraphsOf(block: Line[]): Line[] {
  const units: Line[] = [];
  for (const line of block) {
    const previous = units.at(-1);
    if (previous && !endsSentence(previous.text) && /^[\p{Ll}\p{N}]/u.test(line.text)) {
      previous.text += ` ${line.text}`;
    } else units.push({ ...line });
  }
  return units;
}

function joinedText(block: Line[]) {
  return block.map((l) => l.text).join(" ");
}

// ─── The parser ──────────────────────────────────────────────────────────────────────────────────

export function parseDocument(input: Uint8Array | string, fileName: string): ParsedDocument {
  const { text, bytes } = decode(input, fileName);
  const sourceHash = createHash("sha256").update(bytes).digest("hex");
  const warnings: ParseWarning[] = [];

  const lines: Line[] = text.split(/\r\n|\r|\n/).map((raw, index) => ({ text: raw.trim(), line: index + 1 }));
  const dateLineIndex = lines.findIndex((l) => l.text !== "");
  if (dateLineIndex < 0) throw new DocumentError(fileName, 1, "no date line: the file is empty");
  const dateLine = lines[dateLineIndex];
  const dateMatch = DATE_LINE.exec(dateLine.text);
  if (!dateMatch) {
    throw new DocumentError(fileName, dateLine.line, 'no date line: the first line must read "date YYYY-MM-DD <headline>"');
  }
  const date = checkDate(dateMatch[1], fileName, dateLine.line);
  const firstLineText = (dateMatch[2] ?? "").trim();

  const blocks = splitIntoBlocks(lines.slice(dateLineIndex + 1));
  const bodyStart = blocks[0]?.[0].line ?? dateLine.line;

  // Headline and standfirst.
  let headline: string;
  let headlineLine = dateLine.line;
  let standfirst = "";
  const first = blocks[0];
  if (!firstLineText) {
    // No text on the date line: a headline-sized first paragraph is the headline.
    if (first && first.length === 1 && first[0].text.length <= HEADLINE_MAX_LENGTH) {
      headline = first[0].text;
      headlineLine = first[0].line;
      blocks.shift();
    } else {
      throw new DocumentError(fileName, dateLine.line, "no headline: the date line has no text after the date");
    }
  } else if (first && comparable(joinedText(first)) === comparable(firstLineText)) {
    // The headline repeated as the first paragraph: keep it once.
    headline = firstLineText;
    blocks.shift();
  } else if (firstLineText.length <= HEADLINE_MAX_LENGTH) {
    headline = firstLineText;
  } else {
    // A first line of standfirst length is a standfirst; the document has no headline of its own.
    standfirst = firstLineText;
    headline = headlineFromStandfirst(firstLineText);
    warnings.push({
      line: dateLine.line,
      message: `the first line reads as a standfirst; the headline "${headline}" was derived from it — please review`,
    });
    if (first && comparable(joinedText(first)) === comparable(firstLineText)) blocks.shift();
  }

  // Body and photos.
  const readings = new Map<Line, CaptionCreditReading>();
  const read = (line: Line) => {
    let reading = readings.get(line);
    if (!reading) readings.set(line, (reading = readCaptionCredit(line.text)));
    return reading;
  };
  const isSingleCredit = (block: Line[] | undefined) => block?.length === 1 && read(block[0]).kind === "credit";
  const isCaptionLike = (block: Line[] | undefined) =>
    !!block && block.some((line) => read(line).kind !== "none");

  const parsedBlocks: ParsedBlock[] = [];
  const photos: ParsedPhoto[] = [];
  // True right after a picture introduction or a caption: the next lines may continue the gallery.
  let galleryOpen = false;

  const addPhoto = (line: Line) => {
    const reading = read(line);
    if (reading.kind === "credit") {
      photos.push({ caption: reading.caption, credit: reading.credit, line: line.line });
      if (!reading.caption) warnings.push({ line: line.line, message: "the caption has a credit but no text" });
      return;
    }
    photos.push({ caption: reading.caption, credit: null, line: line.line });
    warnings.push({
      line: line.line,
      message:
        reading.kind === "unreadable"
          ? `the credit "${reading.fragment}" cannot be read; the photo was imported without a credit`
          : "the caption has no credit; the photo was imported without one",
    });
  };

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    let captions: boolean;
    if (block.length > 1) {
      // One caption per line: the lines after a picture introduction, or a block where several
      // lines end in a credit. Lines in it without a readable credit are still captions.
      const credits = block.filter((line) => read(line).kind === "credit").length;
      captions = credits >= 2 || (galleryOpen && isCaptionLike(block));
    } else {
      const kind = read(block[0]).kind;
      captions =
        kind === "none"
          ? // A caption without a credit, between captions.
            galleryOpen && isCaptionLike(blocks[i + 1])
          : // Captions separated by blank lines: a run of two or more, or continuing a gallery.
            galleryOpen || isSingleCredit(blocks[i + 1]);
    }
    if (captions) {
      block.forEach(addPhoto);
      galleryOpen = true;
      continue;
    }

    galleryOpen = false;
    for (const unit of paragraphsOf(block)) {
      const standalone = block.length === 1;
      const kind: BlockKind = standalone && isSubheading(unit.text) ? "heading" : "paragraph";
      parsedBlocks.push({ kind, text: unit.text, line: unit.line });
      if (standalone && kind === "paragraph" && isPictureIntro(unit.text)) galleryOpen = true;
    }
  }

  if (parsedBlocks.length === 0 && photos.length === 0) {
    throw new DocumentError(
      fileName,
      bodyStart,
      "empty body: there is no text after the headline",
    );
  }

  return { date, headline, headlineLine, standfirst, blocks: parsedBlocks, photos, warnings, sourceHash };
}
