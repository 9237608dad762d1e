// English spelling of lower-case words. Capitalised words are names, left to the name rules; a
// word the newsroom uses across the archive is newsroom vocabulary, not a slip.

import { editDistance } from "@/lib/factcheck/edit-distance";
import type { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import type { ArchiveLookup, Exclusion } from "@/lib/factcheck/name-index";
import type { ArticleNames } from "@/lib/factcheck/names";
import type { Draft, EvidenceSource } from "@/lib/factcheck/rules/draft";
import { changesFirstLetter, derivedAgentNoun, derivedWithSuffix, gerundPlural, isTransposition, type Speller } from "@/lib/factcheck/speller";
import { insideCode, withoutPossessive, type TextBlock, type Token } from "@/lib/factcheck/tokenize";

export type SpellingContext = {
  blocks: TextBlock[];
  names: ArticleNames;
  speller: Speller;
  archive: ArchiveLookup;
  excluded?: Exclusion;
  house: HouseDictionary;
  /** Every lower-case word of the article. */
  lowerCaseWords: ReadonlySet<string>;
  /** Stop working out new suggestions after this long (ms); later checks pick up the rest. */
  suggestionBudgetMs?: number;
  /** Words deferred by earlier checks are not suggested for here (the worker works them out between checks). */
  leaveDeferred?: boolean;
  /** The gazetteer knows this as a place: a place spelt as the gazetteer spells it is no slip. */
  isPlace?: (form: string) => boolean;
  /** Each block's `spellingCandidates`, in the order of `blocks`, when the caller keeps them; else worked out here. */
  candidates?: ReadonlyArray<readonly number[]>;
};

/** Archive articles using a word before it counts as newsroom vocabulary. */
const ARCHIVE_VOCABULARY_MIN = 3;

export function isSpellCheckable(block: TextBlock, token: Token): boolean {
  return (
    block.fieldKind !== "credit" &&
    !token.capitalised &&
    !token.allCaps &&
    !token.hasDigit &&
    // Any capital inside ("d'Italia", "iPhone") makes it a name.
    !/\p{Lu}/u.test(token.text) &&
    // One- and two-letter slips ("od" for "of") are too easily a foreign word or an abbreviation.
    token.text.length > 2 &&
    /^\p{L}/u.test(token.text) &&
    !insideCode(block, token)
  );
}

/**
 * A capitalised word at a sentence start that is not a name anywhere: "Independant analysts…".
 * Names start sentences too, so it must be unknown to the dictionary, used as a name nowhere in
 * the article, the archive or the house dictionary, and not the first word of a longer name.
 */
function isCapitalisedSlip(context: SpellingContext, block: TextBlock, index: number): boolean {
  if (!mayBeCapitalisedSlip(block, index, context.speller)) return false;
  const token = block.tokens[index];
  if (context.isPlace?.(withoutPossessive(token.text))) return false;
  const { names, archive, excluded, house } = context;
  if (house.isName(token.text)) return false;
  if ((names.capitalised.get(token.text) ?? []).some((occurrence) => !occurrence.positional)) return false;
  return archive.nameCount(token.text, excluded) === 0;
}

/** What the block and the dictionaries alone say of `isCapitalisedSlip`: false here, false there. */
function mayBeCapitalisedSlip(block: TextBlock, index: number, speller: Speller): boolean {
  const token = block.tokens[index];
  if (!token.capitalised || !token.capitalForced || token.allCaps || token.innerCapital || token.hasDigit) return false;
  if (token.text.length < 4 || block.fieldKind === "credit" || insideCode(block, token)) return false;
  // In a title-case headline or a list of names every word has its capital: only the first word
  // of a sentence can be an ordinary word capitalised; the others are names ("…, Gympie, Noosa").
  if (block.titleCase && !token.sentenceStart) return false;
  const next = block.tokens[index + 1];
  if (next?.capitalised && next.text.length > 1 && /^\s+$/.test(next.gapBefore)) return false;
  return !(speller.isWord(token.text) || speller.accepts(token.text.toLowerCase()));
}

/**
 * The tokens of a block the spelling rule must weigh: those the block's text and the dictionaries
 * (which never change in a process) do not already clear. What the article, the archive and the
 * house dictionary say is asked of these only, so a caller may keep the list per paragraph text.
 */
export function spellingCandidates(block: TextBlock, speller: Speller): number[] {
  const candidates: number[] = [];
  block.tokens.forEach((token, index) => {
    if (mayBeCapitalisedSlip(block, index, speller)) candidates.push(index);
    else if (isSpellCheckable(block, token) && !isNameParticle(block, index) && !speller.accepts(normaliseWord(token.text))) candidates.push(index);
  });
  return candidates;
}

// "Palais des Festivals", "Stade de France": a small lower-case word between two capitalised ones
// is part of a name.
function isNameParticle(block: TextBlock, index: number): boolean {
  const token = block.tokens[index];
  const previous = block.tokens[index - 1];
  const next = block.tokens[index + 1];
  return (
    token.text.length <= 4 &&
    previous?.capitalised === true &&
    next?.capitalised === true &&
    /^\s+$/.test(token.gapBefore) &&
    /^\s+$/.test(next.gapBefore)
  );
}

/** "protestor" / "protester", "convenor" / "convener": the same agent noun of a verb. */
function agentVariant(word: string, suggestion: string, speller: Speller): boolean {
  const match = /^(.{4,})or(s?)$/.exec(word);
  if (match === null || suggestion !== `${match[1]}er${match[2]}`) return false;
  const stem = match[1];
  return speller.isVerbStem(stem) || (speller.isWord(`${stem}ed`) && speller.isWord(`${stem}ing`));
}

/** Prefixes English writes before a hyphen ("pre-season", "anti-racism"), which no dictionary lists as words. */
const HYPHENATED_PREFIXES = new Set("pre post non anti semi mid multi inter intra sub ultra mega micro mini neo pseudo quasi trans tri bi uni".split(" "));

/** The parts of a hyphenated word as tokens of their own; the word itself when it has no hyphen. */
function hyphenParts(token: Token): Token[] {
  if (!/[‐-]/.test(token.text)) return [token];
  const parts: Token[] = [];
  let offset = 0;
  for (const text of token.text.split(/[‐-]/)) {
    parts.push({ ...token, text, from: token.from + offset, to: token.from + offset + text.length });
    offset += text.length + 1;
  }
  return parts;
}

export function normaliseWord(text: string): string {
  return text.replace(/’/g, "'");
}

export function findSpellingErrors(context: SpellingContext): Draft[] {
  const { blocks, speller, archive, excluded, house } = context;
  const suspects: Array<{ block: TextBlock; token: Token; word: string; capitalised: boolean }> = [];
  const usesInArticle = new Map<string, number>();
  blocks.forEach((block, blockAt) => {
    for (const index of context.candidates?.[blockAt] ?? spellingCandidates(block, speller)) {
      const token = block.tokens[index];
      if (isCapitalisedSlip(context, block, index)) {
        const word = normaliseWord(token.text).toLowerCase();
        suspects.push({ block, token, word, capitalised: true });
        continue;
      }
      if (!isSpellCheckable(block, token) || isNameParticle(block, index)) continue;
      const word = normaliseWord(token.text);
      if (speller.accepts(word) || house.acceptsWord(word)) continue;
      // "ex-tropial", "fourth-quaretr": the slip is in one part of a hyphenated compound; that
      // part is what is suggested for, the others stand.
      // Only where the compound is otherwise English: "co-ordinator" closed up is a word, and in
      // "hara-kiri" or "topsy-turvy" no part is a word on its own, so the whole is one fixed word.
      const parts = hyphenParts(token);
      if (parts.length > 1) {
        const accepted = (text: string) => speller.accepts(normaliseWord(text)) || house.acceptsWord(normaliseWord(text));
        const prefix = (at: number) => at < parts.length - 1 && HYPHENATED_PREFIXES.has(normaliseWord(parts[at].text).toLowerCase());
        if (accepted(parts.map((part) => part.text).join("")) || !parts.some((part, at) => accepted(part.text) || prefix(at))) continue;
      }
      for (const [partIndex, part] of parts.entries()) {
        const partWord = normaliseWord(part.text);
        if (part !== token && (partWord.length <= 2 || speller.accepts(partWord) || house.acceptsWord(partWord))) continue;
        // "pre-performance", "post-match", "non-league": a prefix written with a hyphen, no word on its own.
        if (part !== token && partIndex < parts.length - 1 && HYPHENATED_PREFIXES.has(partWord.toLowerCase())) continue;
        suspects.push({ block, token: part, word: partWord, capitalised: false });
        usesInArticle.set(partWord, (usesInArticle.get(partWord) ?? 0) + 1);
      }
    }
  });

  const drafts: Draft[] = [];
  const { lowerCaseWords, names } = context;
  const deadline = context.suggestionBudgetMs === undefined ? Infinity : performance.now() + context.suggestionBudgetMs;
  for (const { block, token, word, capitalised } of suspects) {
    // A pasted page of unfamiliar words costs a few milliseconds each the first time; while the
    // editor types, what does not fit in the budget waits for the next check.
    // With `leaveDeferred` (the desk's checks), a word an earlier check deferred is left to the
    // worker's idle work: a re-check of the same text does not spend its budget on the next dozen.
    if (!speller.hasSuggestion(word) && (performance.now() >= deadline || (context.leaveDeferred && speller.isDeferred(word)))) {
      speller.defer(word);
      continue;
    }
    const text = block.text.slice(token.from, token.to);
    const location = { fieldKey: block.fieldKey, block: block.blockIndex, from: token.from, to: token.to };
    // "halloween", "easter monday": a proper noun the dictionary knows only with its capital.
    const properNoun = capitalised ? undefined : speller.properNounFor(word);
    if (properNoun) {
      const sources: EvidenceSource[] = ["dictionary"];
      if (names.capitalised.has(properNoun)) sources.push("article");
      if (archive.nameCount(properNoun, excluded) > 0 && archive.wordCount(word, excluded) === 0) sources.push("archive");
      drafts.push({
        rule: "spelling",
        confidence: 0.82,
        message: `"${properNoun}" is a name and takes a capital letter.`,
        text,
        suggestion: properNoun,
        location,
        scope: "",
        sources,
      });
      continue;
    }
    const found = speller.suggest(word);
    const { distance, onlyProperNouns } = found;
    const suggestion = found.suggestion && capitalised ? found.suggestion[0].toUpperCase() + found.suggestion.slice(1) : found.suggestion;
    const archiveUses = archive.wordCount(word, excluded);
    const suggestionUses = suggestion ? archive.wordCount(suggestion, excluded) : 0;
    // Newsroom vocabulary: the archive uses it, and not far less than the word it resembles.
    if (archiveUses >= ARCHIVE_VOCABULARY_MIN && archiveUses * 5 >= suggestionUses) continue;

    let confidence: number;
    if (!suggestion) {
      // Nothing near it in the dictionary: a foreign word, a term of art, a new coinage.
      confidence = onlyProperNouns ? 0.25 : 0.35;
    } else {
      confidence = distance <= 1 ? 0.84 : 0.7;
      // Short words: nearly every short string has a dictionary word one letter away, and short
      // words the dictionary lacks are common (abbreviations, dialect: "mins", "dunt"). Only the
      // two commonest slips, two letters swapped ("teh") and one left out ("wich"), still make a
      // short word worth a look.
      const lower = suggestion.toLowerCase();
      const commonestSlip = isTransposition(word, lower) || (lower.length === word.length + 1 && editDistance(word, lower, 1) === 1);
      if (word.length <= 5 && !commonestSlip) confidence -= 0.35;
      else if (word.length <= 3) confidence -= 0.15;
      // The nearest word starts with another letter: people rarely mistype a word's first letter,
      // so this is more often a word the dictionary lacks ("nullahs", "fearties") than a slip.
      if (changesFirstLetter(word, suggestion)) confidence -= 0.35;
      // A dictionary word with a suffix English adds freely ("winless", "fanlike"): a word.
      if (derivedWithSuffix(word, (w) => speller.isWord(w))) confidence -= 0.4;
      // Used the same way more than once here: deliberate, more likely than a slip.
      if ((usesInArticle.get(word) ?? 0) >= 2) confidence -= 0.2;
      if (archiveUses > 0) confidence -= 0.1;
      if (derivedAgentNoun(word, (w) => speller.isWord(w))) confidence -= 0.4;
      if (gerundPlural(word, (w) => speller.isWord(w))) confidence -= 0.4;
      // "protestor" beside "protester": the -or spelling of an agent noun is a variant, not a slip.
      if (suggestion && agentVariant(word, suggestion.toLowerCase(), speller)) confidence -= 0.4;
      // Two real words closed up: deliberate when the only fix is a space ("chatbot"), still
      // worth a look when a real word is near ("publically").
      if (speller.isClosedCompound(word)) confidence -= found.split ? 0.45 : 0.15;
      // Could still be a name nobody has used before.
      if (capitalised) confidence -= 0.12;
    }
    // The dictionaries are one source; the suggestion written elsewhere in the article, or used
    // across the archive where the suspect never is, is another.
    const sources: EvidenceSource[] = ["dictionary"];
    if (suggestion && lowerCaseWords.has(suggestion.toLowerCase())) sources.push("article");
    if (suggestion && archiveUses === 0 && suggestionUses >= ARCHIVE_VOCABULARY_MIN) sources.push("archive");
    drafts.push({
      rule: "spelling",
      confidence,
      message: suggestion
        ? `"${text}" is not in the dictionary; "${suggestion}" is the nearest word.`
        : `"${text}" is not in the dictionary, and no word is near it.`,
      text,
      suggestion,
      location,
      scope: "",
      sources,
    });
  }
  return drafts;
}
