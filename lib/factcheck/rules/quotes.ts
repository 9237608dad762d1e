// Quotation marks that do not pair up. A quotation running over several paragraphs follows the
// printer's convention: every paragraph opens with a quotation mark and only the last one closes,
// so an open quotation at a paragraph's end is fine when the next paragraph opens another.

import type { Draft } from "@/lib/factcheck/rules/draft";
import type { CheckField } from "@/lib/factcheck/types";

type Style = "straight" | "curly" | "guillemet" | "low";
type OpenQuote = { style: Style; block: number; at: number };

const OPENING_CONTEXT = /[\s([{—–\-/]/u;
const CLOSING_CONTEXT = /[\s.,;:!?)\]}—–\-…]/u;
const CLOSER_FOR: Record<Style, string> = { straight: '"', curly: "”", guillemet: "»", low: "“" };

// A quotation mark typed for an apostrophe: "Kenya ‘s waters", "the club“s", "don“t". The mark
// follows a word (with or without a stray space) and is followed by the end of a possessive or a
// contraction, then no more letters.
const MARK_AS_APOSTROPHE = /(\p{L}+)( ?)([‘“"])(s|t|ll|re|ve|d|m)(?=[\s.,;:!?)\]—–-]|$)/gu;

/** Offsets of quotation marks that stand for apostrophes in this text. */
function apostropheMarks(text: string): Map<number, { from: number; to: number; suggestion: string }> {
  const marks = new Map<number, { from: number; to: number; suggestion: string }>();
  for (const match of text.matchAll(MARK_AS_APOSTROPHE)) {
    const [whole, word, space, mark, ending] = match;
    // A straight quote after a space opens a quotation as often as not ('the "s" key'): only
    // the curly marks, or a straight one glued to the word ("the club"s"), are apostrophes.
    if (mark === '"' && space) continue;
    marks.set(match.index + word.length + space.length, { from: match.index, to: match.index + whole.length, suggestion: `${word}’${ending}` });
  }
  return marks;
}

function context(text: string, at: number): string {
  return text.slice(Math.max(0, at - 12), at + 12);
}

export function findQuoteProblems(fields: CheckField[]): Draft[] {
  const drafts: Draft[] = [];
  for (const field of fields) {
    if (field.kind === "credit") continue;
    let open: OpenQuote | null = null;

    const report = (block: number, from: number, to: number, confidence: number, message: string, suggestion?: string) => {
      const text = field.blocks[block].slice(from, to);
      drafts.push({
        rule: "quotes",
        confidence,
        message,
        text,
        suggestion,
        location: { fieldKey: field.key, block, from, to },
        scope: `${field.key}\u0000${context(field.blocks[block], from)}`,
      });
    };
    const reportUnclosed = (quote: OpenQuote) => {
      const text = field.blocks[quote.block];
      const end = text.trimEnd().length;
      report(quote.block, quote.at, Math.max(quote.at + 1, end), 0.85, "This quotation mark opens a quotation that is never closed.");
    };

    field.blocks.forEach((text, blockIndex) => {
      const apostrophes = apostropheMarks(text);
      for (const { from, to, suggestion } of apostrophes.values()) {
        report(blockIndex, from, to, 0.8, "A quotation mark stands where an apostrophe belongs.", suggestion);
      }
      if (open) {
        const first = text.trimStart()[0];
        // Multi-paragraph quotation: the next paragraph re-opens; anything else leaves it unclosed.
        if (!(first === '"' || first === "“" || first === "«" || first === "„")) reportUnclosed(open);
        open = null;
      }
      for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (!'"“”«»„'.includes(char) || apostrophes.has(i)) continue;
        const before = i === 0 ? " " : text[i - 1];
        const after = i + 1 >= text.length ? " " : text[i + 1];
        const openerLike = OPENING_CONTEXT.test(before) || '"“«„‘'.includes(before);
        const closerLike = CLOSING_CONTEXT.test(after) || '"”»’\''.includes(after);

        let role: "open" | "close";
        let style: Style;
        if (char === '"') {
          style = "straight";
          if (openerLike !== closerLike) role = openerLike ? "open" : "close";
          else role = open ? "close" : "open";
        } else if (char === "“") {
          // “ closes German „ quotations.
          if (open?.style === "low") {
            role = "close";
            style = "low";
          } else if (open && (closerLike && !openerLike ? true : text.slice(i + 1).trim() === "")) {
            // After the words, or at the very end of the paragraph with nothing left to quote.
            report(blockIndex, i, i + 1, 0.7, "This quotation mark is the wrong way round: a closing one is needed.", "”");
            open = null;
            continue;
          } else {
            role = "open";
            style = "curly";
          }
        } else if (char === "”") {
          style = "curly";
          if (openerLike && !closerLike && !open) {
            report(blockIndex, i, i + 1, 0.7, "This quotation mark is the wrong way round: an opening one is needed.", "“");
            open = { style, block: blockIndex, at: i };
            continue;
          }
          role = "close";
        } else if (char === "„") {
          role = "open";
          style = "low";
        } else {
          style = "guillemet";
          role = char === "«" ? "open" : "close";
        }

        if (role === "open") {
          if (open) {
            report(
              open.block,
              open.at,
              open.at + 1,
              0.75,
              "A second quotation opens before this one is closed (a quotation inside a quotation takes single marks).",
            );
          }
          open = { style, block: blockIndex, at: i };
        } else if (!open) {
          report(blockIndex, i, i + 1, 0.8, "This closing quotation mark has no opening one.");
        } else {
          if (open.style !== style) {
            report(
              blockIndex,
              i,
              i + 1,
              0.7,
              `The quotation opens with ${field.blocks[open.block][open.at]} and closes with ${char}.`,
              CLOSER_FOR[open.style],
            );
          }
          open = null;
        }
      }
      findUnclosedSingle(text, blockIndex, report, apostrophes);
    });
    if (open) reportUnclosed(open);
  }
  return drafts;
}

// Curly single quotes: ’ is also the apostrophe, so only an opening ‘ with no closing ’ anywhere
// after it is certain.
function findUnclosedSingle(
  text: string,
  blockIndex: number,
  report: (block: number, from: number, to: number, confidence: number, message: string) => void,
  apostrophes: Map<number, unknown>,
) {
  for (let i = text.indexOf("‘"); i >= 0; i = text.indexOf("‘", i + 1)) {
    if (/\p{N}/u.test(text[i + 1] ?? "")) continue; // ‘90s: a misturned apostrophe, not a quotation
    if (apostrophes.has(i)) continue; // "Kenya ‘s": reported as an apostrophe
    const rest = text.slice(i + 1);
    const closes = /’(?![\p{L}\p{N}])/u.test(rest);
    if (!closes) report(blockIndex, i, Math.max(i + 1, text.trimEnd().length), 0.6, "This single quotation mark is never closed.");
  }
}
