// Grammar slips the in-process grammar checker (harper.js) lets through, found with the
// dictionaries' word classes (hunspell affix flags tell nouns from verbs):
//   - a/an before a plural noun: "An artists perform", "A performers shelters";
//   - a plural subject with a singular verb: "Athletes waves flags";
//   - "this" before a plural: "This Olympic rings";
//   - two articles in a row: "approached the a four-year-old";
//   - its/it's: "its a good day", "it's own";
//   - a missing little word: "one the best", "according the police".
// Each finding carries the fix. Deliberately narrow: a grammar finding on correct text costs
// the editor's trust more than a missed slip.

import type { Draft } from "@/lib/factcheck/rules/draft";
import type { Speller } from "@/lib/factcheck/speller";
import { insideCode, type TextBlock, type Token } from "@/lib/factcheck/tokenize";

/** Plural-looking words used as modifiers or as singulars: "a sports car", "a news conference". */
const PLURAL_FORM_MODIFIERS = new Set(
  (
    "sports news series species means savings arms customs goods sales athletics wages earnings ratings rights jobs " +
    "services systems communications operations talks awards games graphics olympics paralympics works physics " +
    "economics politics electronics clothes glasses odds stakes headquarters crossroads barracks premises " +
    "thanks lots dozens hundreds thousands millions billions riches whereabouts outskirts"
  ).split(" "),
);

const PARTICLES = new Set("up down in out on off over away back".split(" "));

const SUBJECT_DETERMINERS = new Set(
  "the these those many some several all most both few two three four five six seven eight nine ten their our".split(" "),
);

// "its" before these is "it's": "its a", "its been", "its not". Not "only" ("its only goal") nor
// "very" on its own ("its very own", "its very oldest"): see itsVeryIsContraction.
const AFTER_ITS_CONTRACTION = new Set("a an the been not going about so too just also still never always".split(" "));

/**
 * "its very hard" is "it's very hard"; "its very existence", "its very own", "its very oldest" are
 * possessives: after "very" a noun or a superlative belongs to "its".
 */
function itsVeryIsContraction(word: Token | undefined, speller: Speller): boolean {
  if (!plainWord(word)) return false;
  const lower = word.text.toLowerCase();
  return /^\p{Ll}/u.test(word.text) && !/est$/.test(lower) && !POSSESSIVE_AFTER_VERY.has(lower) && speller.isListedStem(lower) && !speller.isNounStem(lower);
}
const POSSESSIVE_AFTER_VERY = new Set("own first last next best worst".split(" "));

/** Two words that need a third between them ("one the best" → "one of the best"), and that word. */
const MISSING_WORD: Array<[RegExp, string]> = [
  [/\b(?:one|some|most|each) (?=(?:the|his|her|their|our|my|your) )/giu, "of"],
  [/\b(?:according|due) (?=(?:the|his|her|their|police|officials|reports) )/giu, "to"],
  [/\bas (?=result\b)/giu, "a"],
  [/\bin front (?=the )/giu, "of"],
  [/\b(?:going|able|want|wants|ought) (?=be\b)/giu, "to"],
];

const SPACE = /^\s+$/;

function plainWord(token: Token | undefined): token is Token {
  return token !== undefined && !token.hasDigit && !token.allCaps && /^\p{L}+$/u.test(token.text);
}

/** "artists" → "artist", "boxes" → "box", "churches" → "church": the singular, if the plural is regular. */
function singularOf(word: string, speller: Speller): string | undefined {
  const lower = word.toLowerCase();
  if (!/s$/.test(lower) || /(?:ss|us|is)$/.test(lower) || speller.isListedStem(lower) || PLURAL_FORM_MODIFIERS.has(lower)) return undefined;
  for (const stem of [lower.slice(0, -1), lower.endsWith("es") ? lower.slice(0, -2) : "", lower.endsWith("ies") ? `${lower.slice(0, -3)}y` : ""]) {
    if (stem.length >= 3 && speller.isNounStem(stem)) return word.slice(0, stem.length) === stem ? stem : word[0] + stem.slice(1);
  }
  return undefined;
}

/** "waves" → "wave": the verb's plain form, if the word is a verb's -s form. */
function verbStemOf(word: string, speller: Speller): string | undefined {
  const lower = word.toLowerCase();
  if (!/s$/.test(lower) || /ss$/.test(lower)) return undefined;
  for (const stem of [lower.slice(0, -1), lower.endsWith("es") ? lower.slice(0, -2) : "", lower.endsWith("ies") ? `${lower.slice(0, -3)}y` : ""]) {
    if (stem.length >= 2 && speller.isVerbStem(stem)) return stem;
  }
  return undefined;
}

/** A word that can be a finite verb or its plain form: "perform", "shelters", "raised". */
function couldBeVerb(token: Token | undefined, speller: Speller): boolean {
  if (!plainWord(token)) return false;
  const lower = token.text.toLowerCase();
  return speller.isVerbStem(lower) || verbStemOf(lower, speller) !== undefined || (/ed$/.test(lower) && (speller.isVerbStem(lower.slice(0, -2)) || speller.isVerbStem(lower.slice(0, -1))));
}

function draft(block: TextBlock, from: number, to: number, suggestion: string, message: string, confidence: number): Draft {
  const text = block.text.slice(from, to);
  return {
    rule: "grammar",
    confidence,
    message,
    text,
    suggestion,
    location: { fieldKey: block.fieldKey, block: block.blockIndex, from, to },
    scope: block.text.slice(Math.max(0, from - 20), Math.min(block.text.length, to + 20)),
  };
}

export function findGrammarSlips(blocks: TextBlock[], speller: Speller): Draft[] {
  const drafts: Draft[] = [];
  for (const block of blocks) {
    if (block.fieldKind === "credit" || block.titleCase) continue;
    const { tokens } = block;
    tokens.forEach((token, index) => {
      if (insideCode(block, token)) return;
      const lower = token.text.toLowerCase();
      const next = tokens[index + 1];
      const afterNext = tokens[index + 2];
      const joined = next !== undefined && SPACE.test(next.gapBefore);

      // a/an + plural: "An artists perform". The word after must read as a verb, so "a sports
      // car" and "a savings account" are left alone.
      if ((lower === "a" || lower === "an") && joined && plainWord(next) && /^\p{Ll}/u.test(next.text) && !/^['’]/.test(block.text.slice(next.to, next.to + 1))) {
        const singular = singularOf(next.text, speller);
        // "a thumbs down": a particle after it makes an idiom, not a verb.
        const particle = afterNext !== undefined && PARTICLES.has(afterNext.text.toLowerCase());
        if (singular && !particle && (afterNext === undefined || couldBeVerb(afterNext, speller))) {
          drafts.push(
            draft(block, token.from, next.to, `${token.text} ${singular}`, `"${token.text}" is for one; "${next.text}" is plural. One ${singular}, or several ${next.text} without "${token.text}".`, 0.78),
          );
          return;
        }
      }

      // "This Olympic rings": this + (one capitalised word) + plural.
      if (lower === "this" && joined) {
        const nounToken = next && /^\p{Lu}/u.test(next.text) && afterNext && SPACE.test(afterNext.gapBefore) ? afterNext : next;
        if (plainWord(nounToken) && /^\p{Ll}/u.test(nounToken.text) && !/^['’]/.test(block.text.slice(nounToken.to, nounToken.to + 1))) {
          const singular = singularOf(nounToken.text, speller);
          if (singular) {
            const these = token.text[0] === "T" ? "These" : "these";
            drafts.push(
              draft(block, token.from, nounToken.to, `${these}${block.text.slice(token.to, nounToken.to)}`, `"${token.text}" is for one; "${nounToken.text}" is plural.`, 0.72),
            );
            return;
          }
        }
      }

      // Two articles in a row: "the a four-year-old" (one of them is left over from an edit).
      if ((lower === "the" || lower === "a" || lower === "an") && joined && next && /^(?:the|a|an)$/.test(next.text) && next.text !== token.text) {
        drafts.push(draft(block, token.from, next.to, next.text, `"${token.text} ${next.text}": one of the two articles is left over.`, 0.8));
        return;
      }

      // A plural subject with a singular verb: "Athletes waves flags". The subject starts a
      // sentence or follows a determiner; the verb is followed by no other verb, so a noun
      // compound ("Sales figures show") is not read as subject and verb.
      if (plainWord(token) && joined && plainWord(next) && /^\p{Ll}/u.test(next.text) && (!/^\p{Lu}/u.test(token.text) || token.capitalForced)) {
        const previous = tokens[index - 1];
        const startsSubject = token.capitalForced || (previous !== undefined && SUBJECT_DETERMINERS.has(previous.text.toLowerCase()) && SPACE.test(token.gapBefore));
        const singular = startsSubject ? singularOf(token.text, speller) : undefined;
        const verb = singular && !speller.isVerbStem(singular) ? verbStemOf(next.text, speller) : undefined;
        const nextIsNounToo = verb !== undefined && speller.isNounStem(verb) && singularOf(next.text, speller) !== undefined;
        if (verb && !/^['’]/.test(block.text.slice(next.to, next.to + 1)) && !(afterNext && SPACE.test(afterNext.gapBefore) && couldBeVerb(afterNext, speller) && nextIsNounToo)) {
          const fixed = next.text.slice(0, verb.length);
          drafts.push(
            draft(block, token.from, next.to, `${token.text} ${fixed}`, `"${token.text}" is plural, so the verb is "${fixed}", not "${next.text}".`, 0.74),
          );
          return;
        }
      }

      // its / it's.
      const contraction = next !== undefined && (AFTER_ITS_CONTRACTION.has(next.text.toLowerCase()) || (next.text.toLowerCase() === "very" && itsVeryIsContraction(afterNext, speller)));
      if (lower === "its" && joined && next && contraction) {
        drafts.push(draft(block, token.from, token.to, token.text[0] === "I" ? "It's" : "it's", `"${token.text} ${next.text}" needs "it's" (it is, it has); "its" is the possessive.`, 0.8));
        return;
      }
      if ((lower === "it's" || lower === "it’s") && joined && next?.text.toLowerCase() === "own") {
        drafts.push(draft(block, token.from, token.to, token.text[0] === "I" ? "Its" : "its", `"${token.text} own" is the possessive "its own"; "it's" means "it is".`, 0.85));
      }
    });

    for (const [pattern, missing] of MISSING_WORD) {
      for (const match of block.text.matchAll(pattern)) {
        const from = match.index;
        const to = from + match[0].length - 1;
        const fixed = `${block.text.slice(from, to)} ${missing}`;
        drafts.push(draft(block, from, to, fixed, `A word seems to be missing: "${fixed}".`, 0.66));
      }
    }
  }
  return drafts;
}
