// Mechanical slips: a word typed twice, a headline too long for the front page.

import type { Draft } from "@/lib/factcheck/rules/draft";
import type { TextBlock } from "@/lib/factcheck/tokenize";
import type { CheckField } from "@/lib/factcheck/types";

// English doubles some words on purpose: "what it is is", "he had had enough", "that that".
const DELIBERATE_DOUBLES = new Set("had that is bye no ha so very knock tut chop yeah la na".split(" "));

function surroundingWords(block: TextBlock, index: number, span: number): string {
  const words = block.tokens.slice(Math.max(0, index - 2), index + span + 2).map((t) => t.text.toLowerCase());
  return words.join(" ");
}

export function findDoubledWords(blocks: TextBlock[]): Draft[] {
  const drafts: Draft[] = [];
  for (const block of blocks) {
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
