// Mechanical slips: a word or phrase typed twice, a letter typed in a number, a doubled full stop,
// a headline too long for the front page.

import type { Draft } from "@/lib/factcheck/rules/draft";
import type { TextBlock, Token } from "@/lib/factcheck/tokenize";
import type { CheckField } from "@/lib/factcheck/types";

// English doubles some words on purpose: "what it is is", "he had had enough", "that that".
const DELIBERATE_DOUBLES = new Set("had that is bye no ha so very knock tut chop yeah la na".split(" "));

function surroundingWords(block: TextBlock, index: number, span: number): string {
  const words = block.tokens.slice(Math.max(0, index - 2), index + span + 2).map((t) => t.text.toLowerCase());
  return words.join(" ");
}

/** The longest phrase looked for typed twice ("send a send a", "at the end of at the end of"). */
const MAX_DOUBLED_PHRASE = 4;

/** "send a send a letter": a phrase of two or more words typed twice in a row, left over from an edit. */
function findDoubledPhrases(block: TextBlock): Draft[] {
  const drafts: Draft[] = [];
  const { tokens } = block;
  const same = (a: Token, b: Token) => a.text.toLowerCase() === b.text.toLowerCase();
  for (let start = 0; start < tokens.length; start++) {
    for (let length = 2; length <= MAX_DOUBLED_PHRASE && start + 2 * length <= tokens.length; length++) {
      const first = tokens.slice(start, start + length);
      const second = tokens.slice(start + length, start + 2 * length);
      if (!first.every((token, i) => same(token, second[i]))) continue;
      // Only spaces between the words: "New York, New York" and "that is, that is" are deliberate.
      if (![...first.slice(1), ...second].every((token) => /^\s+$/.test(token.gapBefore))) continue;
      if (first.some((token) => token.hasDigit) || first.every((token) => token.capitalised) || first.every((token) => DELIBERATE_DOUBLES.has(token.text.toLowerCase()))) continue;
      // "bye bye bye bye" is one word doubled, the single-word rule's.
      if (first.every((token) => same(token, first[0]))) continue;
      const from = first[0].from;
      const to = second[length - 1].to;
      const phrase = block.text.slice(from, first[length - 1].to);
      drafts.push({
        rule: "doubled-word",
        confidence: 0.9,
        message: `"${phrase}" is typed twice.`,
        text: block.text.slice(from, to),
        suggestion: phrase,
        location: { fieldKey: block.fieldKey, block: block.blockIndex, from, to },
        scope: surroundingWords(block, start, 2 * length),
      });
      start += 2 * length - 1;
      break;
    }
  }
  return drafts;
}

export function findDoubledWords(blocks: TextBlock[]): Draft[] {
  const drafts: Draft[] = [];
  for (const block of blocks) {
    drafts.push(...findDoubledPhrases(block));
    block.tokens.forEach((token, index) => {
      if (index === 0) return;
      const previous = block.tokens[index - 1];
      const word = token.text.toLowerCase();
      if (word !== previous.text.toLowerCase() || !/^\s+$/.test(token.gapBefore)) return;
      if (token.hasDigit || DELIBERATE_DOUBLES.has(word)) return;
      // "Duran Duran", "Sirhan Sirhan": doubled names are names.
      if (token.capitalised && previous.capitalised) return;
      const text = block.text.slice(previous.from, token.to);
      drafts.push({
        rule: "doubled-word",
        confidence: 0.93,
        message: `"${previous.text}" is typed twice.`,
        text,
        suggestion: previous.text,
        location: { fieldKey: block.fieldKey, block: block.blockIndex, from: previous.from, to: token.to },
        scope: surroundingWords(block, index - 1, 2),
      });
    });
  }
  return drafts;
}

// "7o", "2o24", "1O0": the letter o for a zero, a key away and the same shape. A letter or digit
// either side makes it something else ("30oC", "O2", "7oz").
const LETTER_O_IN_NUMBER = /(?<![\p{L}\p{N}.,])(\d+[oO][\doO]*)(?![\p{L}\p{N}])/gu;
// Two full stops, not three: "at 22.." (an ellipsis is "..." or "…").
const DOUBLED_FULL_STOP = /(?<!\.)\.\.(?!\.)/g;

function insideCodeSpan(block: TextBlock, from: number): boolean {
  return block.codeSpans.some(([start, end]) => from >= start && from < end);
}

/** Slips of the keys no word rule sees: a letter o in a number, a doubled full stop. */
export function findTypingSlips(blocks: TextBlock[]): Draft[] {
  const drafts: Draft[] = [];
  for (const block of blocks) {
    if (block.fieldKind === "credit") continue;
    for (const match of block.text.matchAll(LETTER_O_IN_NUMBER)) {
      if (insideCodeSpan(block, match.index)) continue;
      const text = match[1];
      const to = match.index + text.length;
      drafts.push({
        rule: "typing",
        confidence: 0.8,
        message: `"${text}" has the letter o where a zero belongs.`,
        text,
        suggestion: text.replace(/[oO]/g, "0"),
        location: { fieldKey: block.fieldKey, block: block.blockIndex, from: match.index, to },
        scope: block.text.slice(Math.max(0, match.index - 20), Math.min(block.text.length, to + 20)),
      });
    }
    for (const match of block.text.matchAll(DOUBLED_FULL_STOP)) {
      if (insideCodeSpan(block, match.index)) continue;
      const from = match.index;
      drafts.push({
        rule: "typing",
        confidence: 0.8,
        message: "Two full stops: one is enough (an ellipsis has three).",
        text: "..",
        suggestion: ".",
        location: { fieldKey: block.fieldKey, block: block.blockIndex, from, to: from + 2 },
        scope: block.text.slice(Math.max(0, from - 20), Math.min(block.text.length, from + 22)),
      });
    }
  }
  return drafts;
}

export const DEFAULT_HEADLINE_MAX_CHARS = 90;

export function findLongHeadlines(fields: CheckField[], maxChars: number): Draft[] {
  const drafts: Draft[] = [];
  for (const field of fields) {
    if (field.kind !== "headline") continue;
    const headline = field.blocks.join(" ").replace(/\s+/g, " ").trim();
    if (headline.length <= maxChars) continue;
    const over = headline.length - maxChars;
    const first = field.blocks.findIndex((block) => block.trim().length > 0);
    const block = field.blocks[first] ?? "";
    drafts.push({
      rule: "headline-length",
      confidence: Math.min(0.95, 0.7 + (over / maxChars) * 1.5),
      message: `The headline is ${headline.length} characters; the front page fits ${maxChars}. Cut ${over}.`,
      text: block,
      location: { fieldKey: field.key, block: Math.max(0, first), from: 0, to: block.length },
      scope: `${field.key}\u0000${headline}`,
    });
  }
  return drafts;
}
