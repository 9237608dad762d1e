// Grammar from harper.js (a grammar checker in Rust, compiled to WebAssembly, run in-process): each
// block is linted on its own and the answer cached by its text, so a re-check lints only the
// paragraphs that changed. Spelling and style lints are off (see resources.ts); what is kept is
// the kinds of lint that are errors: agreement, grammar, repetition, its/it's and the like.

import type { Lint, LocalLinter } from "harper.js";
import type { Draft } from "@/lib/factcheck/rules/draft";
import type { TextBlock } from "@/lib/factcheck/tokenize";

/**
 * Lint kinds that point at errors, with how sure a finding of that kind is. Left out after reading
 * its findings on real news text: WordChoice (house-style advice such as "air strikes" →
 * "airstrikes", "Turkey" → "Türkiye", and a profanity filter that stars out the name "Dick"),
 * Miscellaneous ("the re-enactment" read as "there") and Repetition ("ensure that that building";
 * the fact-checker's own doubled-word rule knows English's deliberate doubles).
 */
const KEPT_KINDS: Record<string, number> = {
  Agreement: 0.76,
  Grammar: 0.66,
  Punctuation: 0.7,
  BoundaryError: 0.66,
  Eggcorn: 0.66,
  Malapropism: 0.66,
};

const HYPHEN = /^[-‐‑]$/;

const APPOSITION_PRONOUN = /\b(?:we|us|you)\s+$/i;
const VERB_AFTER = /^\s+(?:are|were|have|had|can|could|will|would|shall|should|must|may|might|do|did|need)\b/i;

function isAppositive(text: string, from: number, to: number): boolean {
  return /s$/i.test(text.slice(from, to)) && APPOSITION_PRONOUN.test(text.slice(Math.max(0, from - 6), from)) && VERB_AFTER.test(text.slice(to, to + 10));
}

/**
 * Sentence adverbs whose comma is required ("However, the plan…"): without it the sentence reads
 * another way ("However the plan…" = in whatever way). After the others ("Meanwhile", "Now",
 * "Then", "Later") the comma is a matter of house style, and news often leaves it out.
 */
const COMMA_REQUIRED_AFTER = new Set("however therefore moreover furthermore nevertheless nonetheless consequently conversely".split(" "));
/** "However much", "However hard he tried": "however" as a degree word takes no comma. */
const DEGREE_AFTER_HOWEVER = /^\s+(?:much|many|long|far|hard|often|little|few|good|bad|big|small|high|low|well|badly|great|difficult)\b/i;

function isOptionalComma(text: string, from: number, to: number, message: string): boolean {
  if (!/discourse marker/i.test(message)) return false;
  const marker = text.slice(from, to).toLowerCase();
  return !COMMA_REQUIRED_AFTER.has(marker) || DEGREE_AFTER_HOWEVER.test(text.slice(to, to + 12));
}

type BlockLint = { from: number; to: number; kind: string; message: string; suggestion?: string };

const CACHE_LIMIT = 5_000;
const cache = new Map<string, BlockLint[]>();

/** Harper counts Unicode scalar values; the editor counts UTF-16 code units. */
function utf16Offsets(text: string): (index: number) => number {
  if (!/[\ud800-\udfff]/.test(text)) return (index) => index;
  const offsets: number[] = [];
  let unit = 0;
  for (const char of text) {
    offsets.push(unit);
    unit += char.length;
  }
  offsets.push(unit);
  return (index) => offsets[Math.min(index, offsets.length - 1)];
}

function toBlockLint(lint: Lint, at: (index: number) => number): BlockLint {
  const span = lint.span();
  const [first] = lint.suggestions();
  // Suggestion kinds: 0 replace with the text, 1 remove, 2 insert the text after.
  let suggestion: string | undefined;
  if (first) {
    const kind = first.kind();
    const replacement = first.get_replacement_text();
    suggestion = kind === 1 ? "" : kind === 2 ? `${lint.get_problem_text()}${replacement}` : replacement;
  }
  return { from: at(span.start), to: at(span.end), kind: lint.lint_kind(), message: lint.message(), suggestion };
}

async function lintBlock(linter: LocalLinter, text: string): Promise<BlockLint[]> {
  const cached = cache.get(text);
  if (cached) return cached;
  const at = utf16Offsets(text);
  const lints = (await linter.lint(text, { language: "plaintext" })).map((lint) => toBlockLint(lint, at));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, lints);
  return lints;
}

export async function findHarperProblems(
  blocks: ReadonlyArray<Pick<TextBlock, "fieldKey" | "fieldKind" | "blockIndex" | "text">>,
  linter: LocalLinter,
  deadline = Infinity,
): Promise<{ drafts: Draft[]; complete: boolean }> {
  const drafts: Draft[] = [];
  for (const block of blocks) {
    if (block.fieldKind === "credit" || !block.text.trim()) continue;
    // Past the deadline no block is started: those linted are cached, so the next check goes on.
    if (performance.now() >= deadline) return { drafts, complete: false };
    for (const lint of await lintBlock(linter, block.text)) {
      const confidence = KEPT_KINDS[lint.kind];
      if (confidence === undefined || lint.to <= lint.from) continue;
      const text = block.text.slice(lint.from, lint.to);
      if (lint.suggestion === text) continue;
      // "X is a mass noun": news uses such nouns countably all the time ("a leadership that is
      // willing", "chain snatchings"); on real text this advice was wrong every time it was given.
      if (/\bmass noun\b/i.test(lint.message)) continue;
      // Inside a hyphenated compound ("the complain-via-kiosk system") the words are a coinage,
      // not a sentence to correct.
      if (HYPHEN.test(block.text[lint.from - 1] ?? "") || HYPHEN.test(block.text[lint.to] ?? "")) continue;
      // "what we humans are capable of", "us Americans must": a plural noun in apposition to a
      // pronoun, read by the checker as a verb that disagrees with it. A verb after it says so.
      if (lint.kind === "Agreement" && isAppositive(block.text, lint.from, lint.to)) continue;
      if (isOptionalComma(block.text, lint.from, lint.to, lint.message)) continue;
      drafts.push({
        rule: "grammar",
        confidence,
        message: lint.message.replace(/`/g, '"'),
        text,
        suggestion: lint.suggestion,
        location: { fieldKey: block.fieldKey, block: block.blockIndex, from: lint.from, to: lint.to },
        scope: block.text.slice(Math.max(0, lint.from - 20), Math.min(block.text.length, lint.to + 20)),
      });
    }
  }
  return { drafts, complete: true };
}
