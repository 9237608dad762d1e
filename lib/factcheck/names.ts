// Proper names in an article: capitalised words, and the phrases they form ("Stade de France",
// "Red Hot Chili Peppers", "Alain Roche"). Phrases are what make a misspelling of an ordinary
// word visible ("State de France"): the same neighbours around a slightly different word.

import { withoutPossessive, type TextBlock, type Token } from "@/lib/factcheck/tokenize";

/** Lower-case words that join the parts of a name: "Stade de France", "Prince of Wales". */
const NAME_PARTICLES = new Set(
  "de du des la le les van von der den da di del della dos das do of the y al bin".split(" "),
);
const MAX_PARTICLES_IN_A_ROW = 2;
const MAX_NGRAM_PARTS = 4;
/** Letters a name part needs before a one-letter difference in it means anything. */
export const MIN_VARIABLE_LENGTH = 4;

export type PartRole = "name" | "particle" | "acronym";
export type PhrasePart = { form: string; role: PartRole; from: number; to: number };

export type CapitalisedOccurrence = {
  block: TextBlock;
  from: number;
  to: number;
  /** Not part of a longer name phrase. */
  standalone: boolean;
  /** Used as a name here (not only a capital at a sentence start). */
  asName: boolean;
  /** The capital is explained by the position (sentence start, title case). */
  positional: boolean;
};

export type NgramOccurrence = { block: TextBlock; parts: PhrasePart[]; from: number; to: number };

export type Ngram = { key: string; forms: string[]; roles: PartRole[]; occurrences: NgramOccurrence[] };

export type ArticleNames = {
  /** Every capitalised word (possessive removed), wherever it stands. */
  capitalised: Map<string, CapitalisedOccurrence[]>;
  /** Runs of 2–4 phrase parts that start and end with a name or acronym. */
  ngrams: Map<string, Ngram>;
};

export interface WordKnowledge {
  /** The dictionary has the word in lower case. */
  isCommonWord(word: string): boolean;
  /** The dictionary lists the word as a proper noun ("Mickey", "Phoenix"). */
  isDictionaryName(word: string): boolean;
  /** The archive or the house dictionary knows this capitalised form as a name. */
  isKnownName(form: string): boolean;
}

const SPACE_ONLY = /^[ \t\u00a0]+$/;

function isCapitalisedWord(token: Token) {
  return token.capitalised && !token.hasDigit;
}

/**
 * The block's capitalised forms that are names on their own evidence (a capital the position does
 * not explain, or a word the dictionary lacks in lower case): what one block tells the others.
 * An archive analysis kept per block (lib/factcheck/archive-analysis.ts) reads this alone.
 */
export function addInformativeForms(block: TextBlock, knowledge: Pick<WordKnowledge, "isCommonWord">, into: Set<string>): void {
  for (const token of block.tokens) {
    if (!isCapitalisedWord(token) || token.allCaps) continue;
    const form = withoutPossessive(token.text);
    if (!token.capitalForced || !knowledge.isCommonWord(form)) into.add(form);
  }
}

/**
 * A capital the position does not explain makes a name; so does a word the dictionary does not
 * have in lower case. An ordinary word capitalised at a sentence start ("Phoenix performs…") is a
 * name only if the article, the archive or the house dictionary uses it as one somewhere, or if
 * it is a dictionary proper noun leading straight into another name ("Mickey Madison").
 */
export function analyseNames(blocks: TextBlock[], knowledge: WordKnowledge): ArticleNames {
  const informative = new Set<string>();
  for (const block of blocks) addInformativeForms(block, knowledge, informative);
  const isName = (form: string) => informative.has(form) || knowledge.isKnownName(form);
  // "Mickey Madison arrives…": a first name the dictionary knows as a proper noun, at a sentence
  // start, directly before a name, is part of that name.
  const leadsName = (tokens: Token[], index: number) => {
    const token = tokens[index];
    const next = tokens[index + 1];
    if (!token.capitalForced || !next || !SPACE_ONLY.test(next.gapBefore) || !isCapitalisedWord(next) || next.allCaps) return false;
    return knowledge.isDictionaryName(token.text) && isName(withoutPossessive(next.text));
  };

  const capitalised = new Map<string, CapitalisedOccurrence[]>();
  const ngrams = new Map<string, Ngram>();

  for (const block of blocks) {
    const parts: Array<PhrasePart | null> = block.tokens.map((token, index) => {
      if (isCapitalisedWord(token)) {
        const form = withoutPossessive(token.text);
        if (token.allCaps) return { form, role: "acronym", from: token.from, to: token.from + form.length };
        if (isName(form) || leadsName(block.tokens, index)) return { form, role: "name", from: token.from, to: token.from + form.length };
        return null;
      }
      if (NAME_PARTICLES.has(token.text)) return { form: token.text, role: "particle", from: token.from, to: token.to };
      return null;
    });

    const phrases: PhrasePart[][] = [];
    let current: PhrasePart[] = [];
    const close = () => {
      while (current.length > 0 && current.at(-1)!.role === "particle") current.pop();
      if (current.some((part) => part.role === "name")) phrases.push(current);
      current = [];
    };
    block.tokens.forEach((token, index) => {
      const part = parts[index];
      if (!part) {
        close();
        return;
      }
      if (current.length === 0 || !SPACE_ONLY.test(token.gapBefore)) close();
      if (part.role === "particle") {
        const particlesInARow = current.length - 1 - current.findLastIndex((p) => p.role !== "particle");
        if (current.length === 0 || particlesInARow >= MAX_PARTICLES_IN_A_ROW) {
          close();
          return;
        }
      }
      current.push(part);
      // A possessive ends the name: "Bach's Olympic Games" is two things.
      if (token.text !== part.form) close();
    });
    close();

    const inPhrase = new Set<number>();
    const nameAt = new Set<number>();
    for (const part of parts) if (part?.role === "name") nameAt.add(part.from);
    for (const phrase of phrases) {
      if (phrase.length > 1) for (const part of phrase) inPhrase.add(part.from);
      addNgrams(block, phrase, ngrams);
    }

    for (const token of block.tokens) {
      if (!isCapitalisedWord(token) || token.allCaps) continue;
      const form = withoutPossessive(token.text);
      const list = capitalised.get(form) ?? [];
      list.push({
        block,
        from: token.from,
        to: token.from + form.length,
        standalone: !inPhrase.has(token.from),
        asName: nameAt.has(token.from),
        positional: token.capitalForced,
      });
      capitalised.set(form, list);
    }
  }
  return { capitalised, ngrams };
}

function addNgrams(block: TextBlock, phrase: PhrasePart[], ngrams: Map<string, Ngram>) {
  for (let start = 0; start < phrase.length; start++) {
    if (phrase[start].role === "particle") continue;
    for (let end = start + 1; end < phrase.length && end - start < MAX_NGRAM_PARTS; end++) {
      if (phrase[end].role === "particle") continue;
      const parts = phrase.slice(start, end + 1);
      const key = ngramKey(parts.map((part) => part.form));
      let ngram = ngrams.get(key);
      if (!ngram) {
        ngram = { key, forms: parts.map((p) => p.form), roles: parts.map((p) => p.role), occurrences: [] };
        ngrams.set(key, ngram);
      }
      ngram.occurrences.push({ block, parts, from: parts[0].from, to: parts.at(-1)!.to });
    }
  }
}

export function ngramKey(forms: string[]): string {
  return forms.join(" ");
}

const HOLE = "\u0001";

/** The n-gram with one part blanked out: n-grams sharing it differ only in that part. */
export function skeletonKey(forms: string[], position: number): string {
  return forms.map((form, i) => (i === position ? HOLE : form)).join(" ");
}

export function isVariablePart(form: string, role: PartRole): boolean {
  return role === "name" && form.length >= MIN_VARIABLE_LENGTH;
}
