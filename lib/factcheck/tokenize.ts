// Words with their offsets, and what their capital letter tells us. A capital at the start of a
// sentence, after a colon or an opening quote, or in a title-case heading says nothing about
// whether the word is a name; a capital anywhere else usually does.

import type { CheckField, CheckFieldKind } from "@/lib/factcheck/types";

export type Token = {
  /** As written; hyphenated and apostrophe-joined words are one token ("Saint-Denis", "Women's"). */
  text: string;
  from: number;
  to: number;
  capitalised: boolean;
  /** Two or more letters, all upper case: acronyms (IOC, AIR), which are not spelling-checked. */
  allCaps: boolean;
  hasDigit: boolean;
  /** Mixed case inside the word ("iPhone", "McIlroy"): leave to the name rules. */
  innerCapital: boolean;
  /** The capital (if any) is explained by position, not by the word being a name. */
  capitalForced: boolean;
  /** The word starts a sentence (or the block); unlike `capitalForced`, title case does not set it. */
  sentenceStart: boolean;
  /** Text between the previous token (or block start) and this token. */
  gapBefore: string;
};

export type TextBlock = {
  fieldIndex: number;
  fieldKey: string;
  fieldKind: CheckFieldKind;
  blockIndex: number;
  text: string;
  tokens: Token[];
  /** Most content words capitalised: a heading or a title-case headline. */
  titleCase: boolean;
  /** Character ranges of URLs and e-mail addresses, which are not prose. */
  codeSpans: Array<[number, number]>;
};

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{N}/u;
const URL_OR_EMAIL = /\b(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

// A full stop after these does not end a sentence.
const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr st jr sr prof gen gov sen rep lt col capt sgt mt ft vs etc no nos inc ltd co corp " +
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun approx est dept"
  ).split(" "),
);

// Short function words a title-case heading may leave in lower case.
const TITLE_CASE_MINOR_WORDS = new Set(
  "a an the and but or nor for of on in at to by up as is vs via with from into over per than off".split(" "),
);

function startsSentence(previous: Token | undefined, gap: string): boolean {
  if (!previous) return true;
  if (/[:;!?]|["“‘«(\[—–]|\s-\s/.test(gap)) return true;
  if (gap.includes(".")) {
    // "Dr. Dre", "Aug. 11", "U.S. Open", "J. K. Rowling": an abbreviation's full stop.
    const justAfter = gap.startsWith(".");
    const word = previous.text.toLowerCase();
    if (justAfter && (ABBREVIATIONS.has(word) || (previous.text.length === 1 && UPPER.test(previous.text)))) return false;
    return true;
  }
  return /\n/.test(gap);
}

type CharClass = "upper" | "lower" | "digit" | "other";

function classOf(char: string): CharClass {
  const code = char.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return "upper";
    if (code >= 97 && code <= 122) return "lower";
    if (code >= 48 && code <= 57) return "digit";
    return "other";
  }
  if (UPPER.test(char)) return "upper";
  if (LOWER.test(char)) return "lower";
  if (DIGIT.test(char)) return "digit";
  return "other";
}

export function tokenizeBlock(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const from = match.index;
    let letters = 0;
    let lower = false;
    let hasDigit = false;
    let innerCapital = false;
    let afterJoiner = false;
    for (let i = 0; i < word.length; i++) {
      const kind = classOf(word[i]);
      if (kind === "upper" || kind === "lower") {
        letters++;
        if (kind === "lower") lower = true;
        // Capitals after an apostrophe or hyphen are name parts: O'Neill, Saint-Denis.
        else if (i > 0 && !afterJoiner) innerCapital = true;
      } else if (kind === "digit") hasDigit = true;
      afterJoiner = kind === "other";
    }
    const allCaps = letters >= 2 && !lower;
    const gapBefore = text.slice(previousEnd, from);
    const sentenceStart = startsSentence(tokens.at(-1), gapBefore);
    const token: Token = {
      text: word,
      from,
      to: from + word.length,
      capitalised: classOf(word[0]) === "upper",
      allCaps,
      hasDigit,
      innerCapital: innerCapital && !allCaps,
      capitalForced: sentenceStart,
      sentenceStart,
      gapBefore,
    };
    tokens.push(token);
    previousEnd = token.to;
  }
  return tokens;
}

function isTitleCase(tokens: Token[]): boolean {
  const content = tokens.filter((t) => !t.hasDigit && !TITLE_CASE_MINOR_WORDS.has(t.text.toLowerCase()));
  if (content.length < 4) return false;
  const capitalised = content.filter((t) => t.capitalised).length;
  return capitalised / content.length >= 0.75;
}

/** What a block's text and its field's kind alone decide: the same wherever the block stands. */
export type BlockReading = Pick<TextBlock, "tokens" | "titleCase" | "codeSpans">;

export function readBlock(text: string, kind: CheckFieldKind): BlockReading {
  const tokens = tokenizeBlock(text);
  // Captions and credits are sentences or name lists; a caption made of names ("Maggie Smith as
  // the Dowager Countess in Downton Abbey") is not a title-case heading.
  const titleCase = (kind === "headline" || kind === "standfirst" || kind === "body") && isTitleCase(tokens);
  if (titleCase) for (const token of tokens) token.capitalForced = true;
  const codeSpans: Array<[number, number]> = [];
  if (text.includes("@") || text.includes("://") || text.includes("www.")) {
    for (const match of text.matchAll(URL_OR_EMAIL)) codeSpans.push([match.index, match.index + match[0].length]);
  }
  return { tokens, titleCase, codeSpans };
}

export function tokenizeFields(fields: CheckField[]): TextBlock[] {
  const blocks: TextBlock[] = [];
  fields.forEach((field, fieldIndex) => {
    field.blocks.forEach((text, blockIndex) => {
      blocks.push({ fieldIndex, fieldKey: field.key, fieldKind: field.kind, blockIndex, text, ...readBlock(text, field.kind) });
    });
  });
  return blocks;
}

export function insideCode(block: TextBlock, token: Token): boolean {
  // The spans are in text order and do not overlap: a binary search keeps a block full of
  // addresses linear to check.
  const spans = block.codeSpans;
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (spans[middle][0] <= token.from) low = middle + 1;
    else high = middle;
  }
  return low > 0 && token.to <= spans[low - 1][1];
}

/** "Marchand's" → "Marchand": the name without its possessive ending. */
export function withoutPossessive(word: string): string {
  return word.replace(/['’]s$/u, "");
}
