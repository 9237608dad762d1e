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
    "thanks lots dozens hundreds thousands millions billions riches whereabouts outskirts " +
    "ethics mathematics statistics logistics genetics gymnastics linguistics acoustics measles diabetes"
  ).split(" "),
);

const PARTICLES = new Set("up down out off away back".split(" "));

/** Words that end a noun phrase: "a nods to", "a calls for", "a concerns that". */
const AFTER_NOUN_PHRASE = new Set(
  "to of for from by with at in on over into towards toward about after before that which who whose than is was are were has have had will would can could".split(" "),
);

/** "is", "was", "has" after a plural subject: "The roads has been closed". */
const SINGULAR_AUXILIARIES: Record<string, string> = { is: "are", was: "were", has: "have" };

/** Number words: "Two weeks is a long time" is a quantity, singular by meaning. */
const NUMBER_WORDS = new Set("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand million few several".split(" "));

/** Words after which a new clause, and so a new subject, starts. */
const CLAUSE_CONJUNCTIONS = new Set("while because as when if although though whereas since".split(" "));

/** Little words inside a subject's noun phrase that end it instead: "one of the players is". */
const NOT_IN_SUBJECT = new Set("of in on at for from with by to and or but as than that which who".split(" "));

const SUBJECT_DETERMINERS = new Set(
  "the these those many some several all most both few two three four five six seven eight nine ten their our my his her your".split(" "),
);

// "its" before these is "it's": "its a", "its been", "its not". Not "only" ("its only goal") nor
// "very" on its own ("its very own", "its very oldest"): see itsVeryIsContraction.
const AFTER_ITS_CONTRACTION = new Set("a an the been not no going about so too just also still never always".split(" "));

/** After these "it's" cannot be "it is": "up on it's offer", "to it's credit". */
const PREPOSITIONS_BEFORE_ITS = new Set("of on in to for from with by into onto at over under through".split(" "));

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

/** "lowest", "biggest", "likeliest": a dictionary word made with -est from a listed stem. Not "best" and "worst" ("it's best to"), nor "most", "least". */
function isSuperlative(word: string, speller: Speller): boolean {
  const lower = word.toLowerCase();
  if (!/^\p{Ll}+est$/u.test(lower) || lower.length < 6 || !speller.isWord(lower)) return false;
  const stem = lower.slice(0, -3);
  return [stem, `${stem}e`, stem.replace(/(.)\1$/, "$1"), stem.replace(/i$/, "y")].some((candidate) => candidate.length >= 3 && speller.isListedStem(candidate));
}

const ADJECTIVE_ENDING = /(?:ible|able|ful|ous|ive|ic|al|ent|ant|less|ary)$/;
const IRREGULAR_PLURALS = new Set("feet teeth geese mice lice men women children people oxen".split(" "));
const PARTICIPLES = new Set("thought understood known said hoped feared claimed alleged estimated".split(" "));
const CLAUSE_STARTERS = new Set("the a an that this he she they it we there his her their to".split(" "));

/**
 * "Its believed the man…", "Its incredible to see…", "its unclear whether…": its + a participle
 * or an adjective that ends the clause or opens another is "it's". A noun after it makes it the
 * possessive ("its stated aim", "its incredible speed").
 */
function itsStartsAClause(block: TextBlock, word: Token, after: Token | undefined, speller: Speller): boolean {
  if (!plainWord(word) || !/^\p{Ll}/u.test(word.text)) return false;
  const lower = word.text.toLowerCase();
  const clauseEnds = after === undefined || /^\s*[.,;:!?]/.test(block.text.slice(word.to));
  const opensClause = after !== undefined && SPACE.test(after.gapBefore) && CLAUSE_STARTERS.has(after.text.toLowerCase());
  const participle = PARTICIPLES.has(lower) || (/ed$/.test(lower) && (speller.isVerbStem(lower.slice(0, -2)) || speller.isVerbStem(lower.slice(0, -1))));
  if (participle) return opensClause || clauseEnds;
  // Not a plural noun the dictionary derives ("on its toes."), nor a superlative ("its best.").
  const plural = /s$/.test(lower) && singularOf(lower, speller) !== undefined;
  // An adjective: a listed stem that is neither noun nor verb ("hard", "unclear"), or a word with
  // an adjective's ending the dictionary derives ("incredible").
  const adjectiveForm = speller.isListedStem(lower) || (speller.isWord(lower) && ADJECTIVE_ENDING.test(lower));
  const adjective =
    adjectiveForm && !plural && !IRREGULAR_PLURALS.has(lower) && !speller.isNounStem(lower) && !speller.isVerbStem(lower) && !/est$/.test(lower) && !POSSESSIVE_AFTER_VERY.has(lower);
  return adjective && (clauseEnds || (after !== undefined && SPACE.test(after.gapBefore) && /^(?:to|that|whether|if|how|why|when)$/i.test(after.text)));
}

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
  // A stem with flags of its own ("lens", "news") is no plural; one the dictionary lists bare
  // beside its singular ("concerns" beside "concern") is.
  if (!/s$/.test(lower) || /(?:ss|us|is)$/.test(lower) || speller.isFlaggedStem(lower) || PLURAL_FORM_MODIFIERS.has(lower)) return undefined;
  for (const stem of [lower.slice(0, -1), lower.endsWith("es") ? lower.slice(0, -2) : "", lower.endsWith("ies") ? `${lower.slice(0, -3)}y` : ""]) {
    if (stem.length >= 3 && speller.isNounStem(stem)) return word.slice(0, stem.length) === stem ? stem : word[0] + stem.slice(1);
  }
  // Agent nouns the dictionary derives from a verb: "protesters" (protest), "dancers" (dance).
  if (/ers$/.test(lower) && (speller.takesAgentNoun(lower.slice(0, -3)) || speller.takesAgentNoun(lower.slice(0, -2)))) return word.slice(0, -1);
  return undefined;
}

/** Names of one thing that look plural: newspapers, a country, a parliament's house, sports events. */
const SINGULAR_NAMES_LIKE_PLURALS = new Set("times news states nations commons lords games olympics paralympics athletics netherlands philippines".split(" "));

/** Plurals without an -s that always take a plural verb: "The people says", "Police was". */
const PLURAL_ONLY_NOUNS = new Set("people police children men women feet teeth mice geese".split(" "));

/** Plural nouns, regular or not, for the agreement rules. */
function isPluralNoun(word: string, speller: Speller): boolean {
  return PLURAL_ONLY_NOUNS.has(word.toLowerCase()) || singularOf(word, speller) !== undefined;
}

/** Verbs of saying and thinking: after a plural noun at a sentence start they can only be its verb ("Crews says"). */
const REPORTING_VERBS = new Set("says claims insists warns admits believes thinks adds tells wants hopes knows feels fears agrees".split(" "));

/**
 * Where a subject's noun phrase ending at `index` opens: after a determiner ("the young players"),
 * at a sentence start ("Local residents"), or where a clause opens (after a comma or a
 * conjunction: "…, and residents"). Up to two modifiers may stand before the noun; none may be a
 * finite verb or a little word that ends a phrase ("one of the players").
 */
type SubjectOpening = { kind: "determiner" | "sentence" | "clause"; modifiers: number };

function subjectOpening(tokens: Token[], index: number, speller: Speller): SubjectOpening | undefined {
  for (let at = index; at >= 0 && index - at <= 2; at--) {
    const word = tokens[at];
    if (at < index && !(isModifier(word, speller) && SPACE.test(tokens[at + 1].gapBefore))) return undefined;
    const modifiers = index - at;
    if (word.capitalForced) return { kind: "sentence", modifiers };
    const previous = tokens[at - 1];
    if (previous === undefined) return undefined;
    const before = previous.text.toLowerCase();
    if (SPACE.test(word.gapBefore) && SUBJECT_DETERMINERS.has(before)) return { kind: "determiner", modifiers };
    if (/,/.test(word.gapBefore) || (SPACE.test(word.gapBefore) && (CLAUSE_CONJUNCTIONS.has(before) || before === "and" || before === "but"))) {
      return { kind: "clause", modifiers };
    }
  }
  return undefined;
}

/** Pronouns and common verbs, which end a subject instead of describing it ("She said residents…"). */
const NOT_MODIFIERS = new Set(
  "i you he she it we they who said told says was were is are be been has have had do does did got made took came went saw gave found thought knew felt asked".split(" "),
);

/** A word that may describe the noun after it: a name ("Chelsea"), a noun ("tennis"), an adjective ("young"). */
function isModifier(word: Token, speller: Speller): boolean {
  const lower = word.text.toLowerCase();
  if (word.hasDigit || NOT_MODIFIERS.has(lower) || NOT_IN_SUBJECT.has(lower) || SUBJECT_DETERMINERS.has(lower) || CLAUSE_CONJUNCTIONS.has(lower)) return false;
  if (verbStemOf(lower, speller) !== undefined || isPluralNoun(lower, speller) || /ed$/.test(lower)) return /ed$/.test(lower) && !speller.isVerbStem(lower);
  return (word.capitalised && !word.capitalForced) || speller.isNounStem(lower) || (speller.isListedStem(lower) && !speller.isVerbStem(lower));
}

/** Prepositions and the like, which no verb or noun phrase goes on with: "Children plays in …". */
const PREPOSITIONS = new Set("in on at to of for from by with into onto over under past through across around as after before about behind near off out up down".split(" "));

/** Words after a noun-noun pair that show the pair is one noun phrase: "residents groups met", "workers rights are". */
const AFTER_NOUN_PAIR = new Set("are were is was have has had will would can could should must may might met rose fell".split(" "));

/**
 * Verbs the dictionaries list without -ing or -ed flags, their past being irregular ("get/S",
 * "become/S"), so the flags alone do not show they are verbs.
 */
const IRREGULAR_VERB_STEMS = new Set("get become forget overcome".split(" "));

function isVerb(stem: string, speller: Speller): boolean {
  return speller.isVerbStem(stem) || IRREGULAR_VERB_STEMS.has(stem);
}

/** "waves" → "wave": the verb's plain form, if the word is a verb's -s form. */
function verbStemOf(word: string, speller: Speller): string | undefined {
  const lower = word.toLowerCase();
  if (!/s$/.test(lower) || /ss$/.test(lower)) return undefined;
  for (const stem of [lower.slice(0, -1), lower.endsWith("es") ? lower.slice(0, -2) : "", lower.endsWith("ies") ? `${lower.slice(0, -3)}y` : ""]) {
    if (stem.length >= 2 && isVerb(stem, speller)) return stem;
  }
  return undefined;
}

/** Common irregular past tenses, which the dictionaries list without a verb's flags. */
const IRREGULAR_PASTS = new Set("got went came took made saw gave found told left ran fell rose won lost met held kept sat stood brought thought began broke".split(" "));

/** A word that can be a finite verb or its plain form: "perform", "shelters", "raised", "got". */
function couldBeVerb(token: Token | undefined, speller: Speller): boolean {
  if (!plainWord(token)) return false;
  const lower = token.text.toLowerCase();
  return isVerb(lower, speller) || IRREGULAR_PASTS.has(lower) || verbStemOf(lower, speller) !== undefined || (/ed$/.test(lower) && (speller.isVerbStem(lower.slice(0, -2)) || speller.isVerbStem(lower.slice(0, -1))));
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

/** Words after "a" that make what follows a quantity, so a plural is right: "a few points", "a lot more people". */
const QUANTITY_AFTER_A = new Set(
  "few lot lots couple dozen score handful number total great good further more less mere whole record additional extra estimated staggering whopping massive remarkable".split(" "),
);

/** Words that open a clause or qualify a verb, never describe a noun: "a monastery where monks pray". */
const NOT_DESCRIBING = new Set("no where when what how why whose whom whether there here then also not very so too just only even still ever never now".split(" "));

/**
 * "a/an" + one or two modifiers + a plural that ends the noun phrase or is followed by a verb:
 * "an important indicators", "a spine tingling journeys to", "an improbable Buckeye rallies.".
 * The modifiers are adjectives, nouns or names (not verbs, numbers or quantities); what follows
 * the plural must not go on with it as a noun ("a local residents group" is one phrase).
 */
function pluralAfterModifiers(block: TextBlock, tokens: Token[], index: number, speller: Speller): { noun: Token; singular: string } | undefined {
  for (let modifiers = 1; modifiers <= 2; modifiers++) {
    const words = tokens.slice(index + 1, index + 2 + modifiers);
    if (words.length < modifiers + 1 || !words.every((word) => plainWord(word) && SPACE.test(word.gapBefore))) return undefined;
    const noun = words[modifiers];
    const describing = words.slice(0, modifiers);
    if (
      !describing.every((word) => {
        const lower = word.text.toLowerCase();
        if (QUANTITY_AFTER_A.has(lower) || NUMBER_WORDS.has(lower) || NOT_DESCRIBING.has(lower) || PREPOSITIONS.has(lower)) return false;
        return isModifier(word, speller) || (/ing$/.test(lower) && speller.isWord(lower));
      })
    ) {
      return undefined;
    }
    // A modifier that ends a phrase itself ("a cup, plates") would have stopped the gap test.
    if (/^['’]/.test(block.text.slice(noun.to, noun.to + 1)) || !/^\p{Ll}/u.test(noun.text)) continue;
    const singular = singularOf(noun.text, speller);
    if (!singular) continue;
    // "A visitor looks at…": after a noun, a plural that is also a verb's -s form is that noun's verb.
    const before = describing[describing.length - 1];
    if (verbStemOf(noun.text, speller) !== undefined && (speller.isNounStem(before.text) || (before.capitalised && !before.capitalForced))) return undefined;
    const after = tokens[index + 2 + modifiers];
    const phraseEnds =
      after === undefined || /^\s*[.,;:!?)]/.test(block.text.slice(noun.to)) || (SPACE.test(after.gapBefore) && AFTER_NOUN_PHRASE.has(after.text.toLowerCase()));
    const verbAfter = couldBeVerb(after, speller) && !(after !== undefined && speller.isNounStem(after.text) && speller.isVerbStem(after.text));
    if (after !== undefined && PARTICLES.has(after.text.toLowerCase())) return undefined;
    if (phraseEnds || verbAfter) return { noun, singular };
  }
  return undefined;
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
        // What may follow the plural: a verb ("An artists perform"), or the end of the noun
        // phrase (a preposition, a relative word, punctuation: "a concerns.", "a nods to"). A noun
        // after it would make the plural a modifier ("a parts supplier"), so that is left alone.
        const phraseEnds =
          afterNext === undefined ||
          /^\s*[.,;:!?)]/.test(block.text.slice(next.to)) ||
          (SPACE.test(afterNext.gapBefore) && AFTER_NOUN_PHRASE.has(afterNext.text.toLowerCase()));
        // A word after it that is a noun as well as a verb, in its plain form ("a minerals deal",
        // "a parts order"), makes the plural a modifier; "An artists perform" has a verb only.
        const verbAfter = couldBeVerb(afterNext, speller) && !(afterNext !== undefined && speller.isNounStem(afterNext.text) && speller.isVerbStem(afterNext.text));
        if (singular && !particle && (phraseEnds || verbAfter)) {
          drafts.push(
            draft(block, token.from, next.to, `${token.text} ${singular}`, `"${token.text}" is for one; "${next.text}" is plural. One ${singular}, or several ${next.text} without "${token.text}".`, 0.78),
          );
          return;
        }
      }

      // The same with a word or two describing the plural: "an important indicators", "a
      // percentage points", "a religious processions". Quantities are left alone ("a few
      // points", "a lot more people", "a further three weeks"): they make a plural right.
      if ((lower === "a" || lower === "an") && joined) {
        const found = pluralAfterModifiers(block, tokens, index, speller);
        if (found) {
          const { noun, singular } = found;
          drafts.push(
            draft(block, token.from, noun.to, `${block.text.slice(token.from, noun.from)}${singular}`, `"${token.text}" is for one; "${noun.text}" is plural. One ${singular}, or several ${noun.text} without "${token.text}".`, 0.74),
          );
          return;
        }
      }

      // "This Olympic rings": this + (one capitalised word) + plural.
      if (lower === "this" && joined) {
        const nounToken = next && /^\p{Lu}/u.test(next.text) && afterNext && SPACE.test(afterNext.gapBefore) ? afterNext : next;
        if (plainWord(nounToken) && /^\p{Ll}/u.test(nounToken.text) && !/^['’]/.test(block.text.slice(nounToken.to, nounToken.to + 1))) {
          const singular = singularOf(nounToken.text, speller);
          // "All of this costs taxpayers money": a plural that is also a verb's -s form may be
          // the verb of "this" as a pronoun.
          const alsoVerb = verbStemOf(nounToken.text, speller) !== undefined;
          if (singular && !alsoVerb) {
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
      // A capitalised plural right after "the" is a team or a people ("The Jaguars jumps"), unless
      // it is one of the plural-looking names of one thing ("The Times reports").
      const capitalisedAfterThe =
        /^\p{Lu}\p{Ll}+s$/u.test(token.text) && index > 0 && tokens[index - 1].text.toLowerCase() === "the" && SPACE.test(token.gapBefore) && !SINGULAR_NAMES_LIKE_PLURALS.has(token.text.toLowerCase());
      if (plainWord(token) && joined && plainWord(next) && /^\p{Ll}/u.test(next.text) && (!/^\p{Lu}/u.test(token.text) || token.capitalForced || capitalisedAfterThe)) {
        const opening = subjectOpening(tokens, index, speller);
        const plural = opening !== undefined && isPluralNoun(token.text, speller);
        const kind = opening?.kind;
        // A plural that is also a verb's -s form ("crews", "volunteers") is the noun only where
        // nothing else can be: right after a determiner ("The crews says"), or before a verb of
        // saying ("Crews says"). "The man likes walks" keeps "likes" as its verb.
        const singular = singularOf(token.text, speller);
        // So is one before a word that can only be a verb ("Quarterbacks gets", "Fire crews spends"):
        // two verbs cannot stand side by side there.
        const nextStem = verbStemOf(next.text, speller);
        const nextOnlyVerb = nextStem !== undefined && !speller.isNounStem(nextStem) && kind !== "clause";
        const nounForSure =
          singular === undefined || !speller.isVerbStem(singular) || REPORTING_VERBS.has(next.text) || nextOnlyVerb || (kind === "determiner" && opening?.modifiers === 0);
        const verb = plural && nounForSure ? nextStem : undefined;
        const nextLower = next.text.toLowerCase();
        const nextIsNounToo = verb !== undefined && speller.isNounStem(verb) && (singularOf(nextLower, speller) !== undefined || PLURAL_FORM_MODIFIERS.has(nextLower));
        // Two plurals in a row may be one noun phrase with its apostrophe left out ("the players
        // wages rose", "workers rights campaign"): read as subject and verb only when what follows
        // cannot go on with that phrase ("Athletes waves flags", "Fans cheers as …").
        const afterNextLower = afterNext?.text.toLowerCase() ?? "";
        const continuesPhrase =
          afterNext !== undefined &&
          SPACE.test(afterNext.gapBefore) &&
          !PREPOSITIONS.has(afterNextLower) &&
          !NOT_MODIFIERS.has(afterNextLower) &&
          !SUBJECT_DETERMINERS.has(afterNextLower) &&
          !/^(?:a|an)$/.test(afterNextLower) &&
          (couldBeVerb(afterNext, speller) || AFTER_NOUN_PAIR.has(afterNext.text.toLowerCase()) || (speller.isNounStem(afterNext.text) && !isPluralNoun(afterNext.text, speller)));
        const nounPair = nextIsNounToo && continuesPhrase;
        if (verb && !/^['’]/.test(block.text.slice(next.to, next.to + 1)) && !nounPair) {
          const fixed = next.text.slice(0, verb.length);
          drafts.push(
            draft(block, token.from, next.to, `${token.text} ${fixed}`, `"${token.text}" is plural, so the verb is "${fixed}", not "${next.text}".`, 0.74),
          );
          return;
        }
      }

      // A plural subject with "is", "was", "has": "The roads has been closed", "Investigations is
      // ongoing". The subject is the sentence's first words (a determiner, a word or two before
      // the noun, no "of"), so "one of the players is" and "Two weeks is" are left alone.
      const auxiliary = next !== undefined && joined ? SINGULAR_AUXILIARIES[next.text] : undefined;
      if (auxiliary && plainWord(token) && (/^\p{Ll}/u.test(token.text) || token.sentenceStart) && isPluralNoun(token.text, speller)) {
        // Where the subject starts: a sentence, a clause after a comma, or after a conjunction.
        // "and", "or", "but" join nouns as often as clauses: a clause only when a determiner
        // follows ("and my thoughts is"), not in "residents and business owners was".
        const opensClause = (at: number) => {
          if (tokens[at].sentenceStart || /,/.test(tokens[at].gapBefore)) return true;
          const before = at > 0 ? tokens[at - 1].text.toLowerCase() : "";
          if (CLAUSE_CONJUNCTIONS.has(before)) return true;
          return (before === "and" || before === "or" || before === "but") && SUBJECT_DETERMINERS.has(tokens[at].text.toLowerCase());
        };
        let start = index;
        while (start > 0 && index - start < 3 && !opensClause(start)) start--;
        const subject = block.tokens.slice(start, index);
        const plainSubject =
          opensClause(start) &&
          subject.every((word) => !word.hasDigit && !NOT_IN_SUBJECT.has(word.text.toLowerCase()) && !NUMBER_WORDS.has(word.text.toLowerCase())) &&
          block.tokens.slice(start + 1, index + 1).every((word) => SPACE.test(word.gapBefore));
        if (plainSubject) {
          drafts.push(draft(block, token.from, next.to, `${token.text} ${auxiliary}`, `"${token.text}" is plural, so the verb is "${auxiliary}", not "${next.text}".`, 0.74));
          return;
        }
      }

      // its / it's. (The word after is weighed only after "its": it costs dictionary look-ups.)
      const contraction = () =>
        next !== undefined &&
        (AFTER_ITS_CONTRACTION.has(next.text.toLowerCase()) ||
          (next.text.toLowerCase() === "very" && itsVeryIsContraction(afterNext, speller)) ||
          itsStartsAClause(block, next, afterNext, speller));
      if (lower === "its" && joined && next && contraction()) {
        drafts.push(draft(block, token.from, token.to, token.text[0] === "I" ? "It's" : "it's", `"${token.text} ${next.text}" needs "it's" (it is, it has); "its" is the possessive.`, 0.8));
        return;
      }
      if ((lower === "it's" || lower === "it’s") && joined && next?.text.toLowerCase() === "own") {
        drafts.push(draft(block, token.from, token.to, token.text[0] === "I" ? "Its" : "its", `"${token.text} own" is the possessive "its own"; "it's" means "it is".`, 0.85));
        return;
      }
      // "it's lowest level", "it's biggest fans": before a superlative and a noun only the
      // possessive reads ("It's best to wait" has no noun after it).
      if ((lower === "it's" || lower === "it’s") && joined && plainWord(next) && isSuperlative(next.text, speller) && plainWord(afterNext) && SPACE.test(afterNext.gapBefore)) {
        const afterLower = afterNext.text.toLowerCase();
        const littleWord = PREPOSITIONS.has(afterLower) || AFTER_NOUN_PHRASE.has(afterLower) || NOT_IN_SUBJECT.has(afterLower);
        const nounAfter = !littleWord && (speller.isNounStem(afterNext.text) || isPluralNoun(afterNext.text, speller));
        if (nounAfter && !/^['’]/.test(block.text.slice(afterNext.to, afterNext.to + 1))) {
          drafts.push(draft(block, token.from, token.to, token.text[0] === "I" ? "Its" : "its", `"${token.text} ${next.text} ${afterNext.text}" is the possessive "its"; "it's" means "it is".`, 0.78));
          return;
        }
      }
      const previous = tokens[index - 1];
      if ((lower === "it's" || lower === "it’s") && joined && plainWord(next) && previous && SPACE.test(token.gapBefore) && PREPOSITIONS_BEFORE_ITS.has(previous.text.toLowerCase())) {
        drafts.push(draft(block, token.from, token.to, "its", `"${previous.text} ${token.text} ${next.text}": after "${previous.text}" it is the possessive "its"; "it's" means "it is".`, 0.8));
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
