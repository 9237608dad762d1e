import "server-only";
import nspell from "nspell";
import { editDistance, singleEdits } from "@/lib/factcheck/edit-distance";

// English spelling from the hunspell dictionaries in `dictionary-en` (American) and `dictionary-en-gb`
// (British), read through nspell: the newsroom takes wire copy in both, so a word either accepts is
// English ("enquiries", "favour", "aluminium"). The rewrite rules below still derive British forms
// the British dictionary lacks. Every answer is cached: the same words come back on every
// keystroke's re-check.

type NSpell = ReturnType<typeof nspell>;

export type SpellingSuggestion = {
  /** Best replacement, or undefined when nothing is one or two typing slips away. */
  suggestion?: string;
  /** Edits between the word and the suggestion. */
  distance: number;
  /** Every replacement found was a proper noun: the word is more likely foreign or a name. */
  onlyProperNouns: boolean;
  /** The suggestion only splits the word in two ("chat bot"). */
  split?: boolean;
};

// British forms the American dictionary lacks and no spelling rule below derives.
const BRITISH_WORDS = new Set(
  "whilst amongst amidst learnt spelt dreamt burnt leapt spilt grey greys tyre tyres kerb kerbs aluminium cheque cheques pyjamas plough ploughs storey storeys mould moult smoulder draught draughts gaol sceptic sceptics sceptical scepticism".split(
    " ",
  ),
);

// Systematic British → American differences: each rewrites a British ending or letter group the
// way the American dictionary spells it. Only used for words the dictionary rejects as written.
const BRITISH_REWRITES: Array<[RegExp, string]> = [
  [/our/g, "or"], // colour, favourite, harbourmaster
  [/is(e|ed|es|ing|ation|ations|er|ers)$/g, "iz$1"], // organise, realisation
  [/ys(e|ed|es|ing)$/g, "yz$1"], // analyse, paralysed
  [/([tbvg])re(s|d)?$/g, "$1er$2"], // centre, fibre, manoeuvre, centred
  [/ll(?=ed$|ing$|er$|ers$|ist$|ists$|or$|ors$|ous$|ation)/g, "l"], // travelled, medallist, counsellor
  [/ogue(s?)$/g, "og$1"], // catalogue, dialogue
  [/ae/g, "e"], // paediatric, anaemia
  [/oe(?=[^s]|$)/g, "e"], // foetus, manoeuvre
  [/ence(s?)$/g, "ense$1"], // defence, licence
  [/mme(s?)$/g, "m$1"], // programme
  [/eing$/g, "ing"], // ageing
  [/ement$/g, "ment"], // judgement
];

/** Short words typed together with the next: "alot", "infact", "ontop". */
const RUN_ON_WORDS = new Set("a an in on at of to as by no up so".split(" "));
const CACHE_LIMIT = 200_000;

/** Words waiting for a suggestion at most: a long article has a few hundred unseen words (~10 ms each). */
const MAX_DEFERRED = 2_000;

function boundedSet<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}


// "accomodate", "tommorow": the slips people make with doubled letters are often two at once.
function doubledLetterVariants(word: string): Set<string> {
  const variants = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    if (word[i] === word[i + 1]) variants.add(word.slice(0, i) + word.slice(i + 1));
    else if (/[a-z]/.test(word[i])) variants.add(word.slice(0, i + 1) + word[i] + word.slice(i + 1));
  }
  return variants;
}

// QWERTY neighbours: a finger that lands one key off types one of these instead.
const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
function keyboardNeighbours(a: string, b: string): boolean {
  const at = (char: string) => {
    for (let row = 0; row < KEYBOARD_ROWS.length; row++) {
      const column = KEYBOARD_ROWS[row].indexOf(char);
      if (column >= 0) return { row, column };
    }
    return undefined;
  };
  const [p, q] = [at(a), at(b)];
  if (!p || !q || (p.row === q.row && p.column === q.column)) return false;
  // Rows are staggered: a key touches the two keys below it at its column and one to the left.
  const dc = q.column - p.column;
  return (p.row === q.row && Math.abs(dc) === 1) || (q.row === p.row + 1 && (dc === 0 || dc === -1)) || (q.row === p.row - 1 && (dc === 0 || dc === 1));
}

const VOWELS = /^[aeiouy]$/;

/**
 * How plausible it is that someone meaning `intended` typed `typed` (one edit apart), lower is
 * likelier: two keys swapped, a letter left out, a neighbouring key or a vowel for a vowel; then
 * a letter too many; then any other letter for another. The first letter is rarely the wrong one
 * (studies of typing and spelling errors put it at a few per cent of misspellings), so a change
 * there is the least likely of all.
 */
export function slipCost(typed: string, intended: string): number {
  const firstLetterChanged = typed[0] !== intended[0] ? 4 : 0;
  if (isTransposition(typed, intended)) return firstLetterChanged;
  if (intended.length === typed.length + 1) return 1 + firstLetterChanged;
  if (intended.length + 1 === typed.length) {
    // The extra letter doubles its neighbour ("untill") or sits next to it on the keyboard.
    let i = 0;
    while (i < intended.length && typed[i] === intended[i]) i++;
    const extra = typed[i];
    const neighbour = (char: string | undefined) => char !== undefined && (char === extra || keyboardNeighbours(extra, char));
    return (neighbour(typed[i - 1]) || neighbour(typed[i + 1]) ? 1 : 2) + firstLetterChanged;
  }
  if (intended.length === typed.length) {
    let i = 0;
    while (i < typed.length && typed[i] === intended[i]) i++;
    const [a, b] = [typed[i], intended[i]];
    return (keyboardNeighbours(a, b) || (VOWELS.test(a) && VOWELS.test(b)) ? 1 : 3) + firstLetterChanged;
  }
  return 3 + firstLetterChanged;
}

/** The suggestion changes the word's first letter: a weak guess (see slipCost). */
export function changesFirstLetter(word: string, suggestion: string): boolean {
  return word[0]?.toLowerCase() !== suggestion[0]?.toLowerCase();
}

export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differences: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences.push(i);
  return differences.length === 2 && differences[1] === differences[0] + 1 && a[differences[0]] === b[differences[1]] && a[differences[1]] === b[differences[0]];
}

/**
 * A word built from a dictionary word with an agent ending ("breaststroker", "skater"): real
 * words the dictionary lacks more often than slips.
 */
export function derivedAgentNoun(word: string, isWord: (w: string) => boolean): boolean {
  const match = /^(.*?)(e?rs?)$/.exec(word);
  if (!match) return false;
  const [, stem, ending] = match;
  if (stem.length < 4) return false;
  return ending.startsWith("e") ? isWord(stem) || isWord(`${stem}e`) : stem.endsWith("e") && isWord(stem);
}

/** Suffixes English adds to almost any noun or adjective, faster than dictionaries list them. */
const PRODUCTIVE_SUFFIXES = /^(.{3,}?)(less|lessly|ness|like|wise|ship|hood)$/;

/** "winless", "fanlike", "lawlessness": a dictionary word with a productive suffix. */
export function derivedWithSuffix(word: string, isWord: (w: string) => boolean): boolean {
  const match = PRODUCTIVE_SUFFIXES.exec(word);
  if (!match) return false;
  const stem = match[1];
  // "happiness" from "happy": the y turns to i before the suffix.
  return isWord(stem) || (stem.endsWith("i") && isWord(`${stem.slice(0, -1)}y`));
}

/**
 * The plural of a noun made from a verb's -ing form ("snatchings", "sightings"): dictionaries list
 * only the commonest ("findings", "meetings"); the rest are real words too, not slips.
 */
export function gerundPlural(word: string, isWord: (w: string) => boolean): boolean {
  const match = /^(.{3,}ing)s$/.exec(word);
  return match !== null && isWord(match[1]);
}

export class Speller {
  private readonly correctCache = new Map<string, boolean>();
  private readonly commonCache = new Map<string, boolean>();
  private readonly acceptCache = new Map<string, boolean>();
  private readonly suggestionCache = new Map<string, SpellingSuggestion>();
  private readonly deferred = new Set<string>();
  /** `defer` calls so far: a check that made one left words without their suggestion. */
  deferrals = 0;

  /**
   * The first dictionary orders suggestions; a word any of them has is a word. `affixFlags` maps
   * each listed lower-case stem to its hunspell affix flags, which tell nouns from verbs for the
   * grammar rules.
   */
  constructor(
    private readonly dictionaries: NSpell[],
    private readonly dictionaryNames: Set<string>,
    private readonly affixFlags: Map<string, string> = new Map(),
  ) {}

  /** Listed as a stem (not only derived): "lens", "news", "artist"; not "artists". */
  isListedStem(word: string): boolean {
    return this.affixFlags.has(word.toLowerCase());
  }

  /** A stem that takes -ing or -ed: a verb ("wave", "perform"). */
  isVerbStem(word: string): boolean {
    return /[GD]/.test(this.affixFlags.get(word.toLowerCase()) ?? "");
  }

  /** A stem that takes a possessive: a noun ("athlete", "performer"). */
  isNounStem(word: string): boolean {
    return (this.affixFlags.get(word.toLowerCase()) ?? "").includes("M");
  }

  /**
   * Listed with affix flags of its own ("lens/MS", "news/M"): a stem in its own right, not a plural
   * the dictionary spells out ("concerns", listed bare beside "concern/UMD").
   */
  isFlaggedStem(word: string): boolean {
    return (this.affixFlags.get(word.toLowerCase()) ?? "") !== "";
  }

  /** A verb whose agent noun the dictionary derives ("protest" → "protesters", "dance" → "dancers"). */
  takesAgentNoun(word: string): boolean {
    return (this.affixFlags.get(word.toLowerCase()) ?? "").includes("Z");
  }

  /** The dictionary lists the word as a proper noun ("Phoenix"), not only as an ordinary word. */
  isDictionaryName(word: string): boolean {
    return this.dictionaryNames.has(word);
  }

  /** The dictionary knows the word as written (a capitalised form of a lower-case word counts). */
  isWord(word: string): boolean {
    const normalised = word.replace(/’/g, "'");
    const cached = this.correctCache.get(normalised);
    if (cached !== undefined) return cached;
    return boundedSet(this.correctCache, normalised, this.dictionaries.some((dictionary) => dictionary.correct(normalised)));
  }

  /**
   * The first (American) dictionary has this word in lower case: an ordinary word, not only a
   * name. Only the first: the British dictionary adds spellings that are parts of names elsewhere
   * ("Red Hot Chilli Peppers" beside "Chili"), and a capitalised word it alone knows is kept as
   * name evidence, as before it was added.
   */
  isCommonWord(word: string): boolean {
    const lower = word.toLowerCase().replace(/’/g, "'");
    const cached = this.commonCache.get(lower);
    if (cached !== undefined) return cached;
    return boundedSet(this.commonCache, lower, this.dictionaries[0].correct(lower));
  }

  /**
   * A lower-case word is acceptable English: in the dictionary, a British spelling of a dictionary
   * word, a hyphenated or closed compound of dictionary words.
   */
  accepts(word: string): boolean {
    const cached = this.acceptCache.get(word);
    if (cached !== undefined) return cached;
    return boundedSet(this.acceptCache, word, this.computeAccepts(word));
  }

  private computeAccepts(word: string): boolean {
    if (this.isWord(word) || this.isBritish(word)) return true;
    // "café", "naïve", "élite": the dictionary spells loanwords without their accents.
    const unaccented = word.normalize("NFD").replace(/\p{M}/gu, "");
    if (unaccented !== word && this.isWord(unaccented)) return true;
    const hyphenParts = word.split(/[‐-]/);
    if (hyphenParts.length > 1) return hyphenParts.every((part) => part.length <= 1 || this.accepts(part));
    const apostropheParts = word.split(/['’]/);
    if (apostropheParts.length > 1) {
      return apostropheParts.every((part) => part.length <= 2 || this.isWord(part) || this.isBritish(part));
    }
    return false;
  }

  private isBritish(word: string): boolean {
    const lower = word.toLowerCase();
    if (BRITISH_WORDS.has(lower)) return true;
    const once = new Set<string>();
    for (const [pattern, replacement] of BRITISH_REWRITES) {
      const rewritten = lower.replace(pattern, replacement);
      if (rewritten !== lower) once.add(rewritten);
    }
    for (const candidate of once) if (this.isWord(candidate)) return true;
    // Two differences in one word: "travellers' colourings" style.
    for (const candidate of once) {
      for (const [pattern, replacement] of BRITISH_REWRITES) {
        const twice = candidate.replace(pattern, replacement);
        if (twice !== candidate && this.isWord(twice)) return true;
      }
    }
    return false;
  }

  /**
   * "flagbearers", "chatbot": two dictionary words closed up, as newsrooms do faster than
   * dictionaries follow. Halves of three letters or more, one of them four, so "alot" and
   * "infact" ("inf" is a dictionary abbreviation) are not compounds.
   */
  isClosedCompound(word: string): boolean {
    for (let i = 3; i <= word.length - 3; i++) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      if (head.length < 4 && tail.length < 4) continue;
      if ((this.isWord(head) || this.isBritish(head)) && (this.isWord(tail) || this.isBritish(tail))) return true;
    }
    return false;
  }

  /**
   * The capitalised form of a lower-case word the dictionaries know only as a proper noun
   * ("halloween" → "Halloween"), or undefined.
   */
  properNounFor(word: string): string | undefined {
    if (!/^\p{Ll}/u.test(word) || this.isWord(word)) return undefined;
    const capitalised = word[0].toUpperCase() + word.slice(1);
    return this.isWord(capitalised) ? capitalised : undefined;
  }

  /** The suggestion for this word is already worked out. */
  hasSuggestion(word: string): boolean {
    return this.suggestionCache.has(word);
  }

  /** Likely intended spellings of a rejected lower-case word; cached, so cheap on re-checks. */
  suggest(word: string): SpellingSuggestion {
    const cached = this.suggestionCache.get(word);
    if (cached) return cached;
    this.deferred.delete(word);
    return boundedSet(this.suggestionCache, word, this.computeSuggestion(word));
  }

  /**
   * A word a check had no time to suggest for (its suggestion budget was spent): worked out when
   * the worker is idle (`suggestDeferred`), so the next check finds it ready instead of spending
   * its own budget on it, and the one after on the next few (issue 9: a long article's re-checks
   * each spent their budget on a dozen more words, for as many checks as it had unseen words).
   */
  defer(word: string): void {
    this.deferrals++;
    if (!this.suggestionCache.has(word) && this.deferred.size < MAX_DEFERRED) this.deferred.add(word);
  }

  /** Deferred by an earlier check and not worked out yet: the idle work's, not a check's. */
  isDeferred(word: string): boolean {
    return this.deferred.has(word);
  }

  /** Words deferred and not suggested for yet. */
  get deferredCount(): number {
    return this.deferred.size;
  }

  /** Works out deferred suggestions until `deadline` (performance.now()); how many are left. */
  suggestDeferred(deadline: number): number {
    for (const word of this.deferred) {
      if (performance.now() >= deadline) break;
      this.suggest(word);
    }
    return this.deferred.size;
  }

  /**
   * `isWord` for a suggestion's candidates: answered from the cache when it has the word, but not
   * stored. A suggestion tries hundreds to thousands of candidates, nearly all of them no word;
   * stored, a few hundred suggestions filled the cache to its bound, which then dropped the words
   * every check looks up.
   */
  private isCandidateWord(word: string): boolean {
    const normalised = word.replace(/’/g, "'");
    return this.correctCache.get(normalised) ?? this.dictionaries.some((dictionary) => dictionary.correct(normalised));
  }

  private computeSuggestion(word: string): SpellingSuggestion {
    const lower = word.toLowerCase();
    const common: string[] = [];
    let properNouns = 0;
    for (const edit of singleEdits(lower)) {
      if (!edit) continue;
      if (this.isCandidateWord(edit)) common.push(edit);
      else if (this.isCandidateWord(edit[0].toUpperCase() + edit.slice(1))) properNouns++;
    }
    if (common.length > 0) return { suggestion: this.rank(lower, common), distance: 1, onlyProperNouns: false };

    const twoEdits = new Set<string>();
    for (const variant of doubledLetterVariants(lower)) {
      if (this.isCandidateWord(variant)) twoEdits.add(variant);
      for (const edit of singleEdits(variant)) if (this.isCandidateWord(edit)) twoEdits.add(edit);
    }
    twoEdits.delete(lower);
    if (twoEdits.size > 0) {
      const ranked = this.rank(lower, [...twoEdits]);
      return { suggestion: ranked, distance: editDistance(lower, ranked, 3), onlyProperNouns: false };
    }
    // "alot" → "a lot", "chatbot" → "chat bot": a missing space, tried last because a closed-up
    // compound is often meant ("publically" is "publicly", not "public ally").
    // Halves of two letters or less are dictionary words too often ("if tar", "fa vela"): only the
    // small words people really run into the next one count.
    const half = (part: string) => part.length >= 3 || RUN_ON_WORDS.has(part);
    for (let i = 1; i < lower.length; i++) {
      const head = lower.slice(0, i);
      const tail = lower.slice(i);
      if (half(head) && half(tail) && this.isWord(head) && this.isWord(tail)) {
        return { suggestion: `${head} ${tail}`, distance: 1, onlyProperNouns: false, split: true };
      }
    }
    return { distance: Infinity, onlyProperNouns: properNouns > 0 };
  }

  private rank(word: string, candidates: string[]): string {
    if (candidates.length === 1) return candidates[0];
    // Two letters swapped is the commonest slip at a keyboard ("thier", "recieve").
    const swapped = candidates.filter((candidate) => isTransposition(word, candidate));
    if (swapped.length === 1) return swapped[0];
    // Among single slips, the likeliest kind of slip: "stuggle" is "struggle" with a letter left
    // out, not "smuggle" with a key far from the one meant.
    const single = candidates.filter((candidate) => editDistance(word, candidate, 1) === 1);
    if (single.length === candidates.length) {
      const cost = (candidate: string) => slipCost(word, candidate);
      const lowest = Math.min(...single.map(cost));
      const likeliest = single.filter((candidate) => cost(candidate) === lowest);
      if (likeliest.length === 1) return likeliest[0];
      return this.preferred(word, likeliest);
    }
    return this.preferred(word, candidates);
  }

  // nspell orders candidates well (by its affix-aware similarity); it is fast when there are
  // near candidates to find, which is the only case this is called in.
  private preferred(word: string, candidates: string[]): string {
    const allowed = new Set(candidates);
    for (const dictionary of this.dictionaries) {
      const preferred = dictionary.suggest(word).find((suggestion) => allowed.has(suggestion));
      if (preferred) return preferred;
    }
    return [...candidates].sort((a, b) => editDistance(word, a, 3) - editDistance(word, b, 3) || a.localeCompare(b))[0];
  }
}

/** Lower-case stems of a hunspell .dic file with their affix flags (flags of both files merged). */
function affixFlagsFromDic(dic: string, into: Map<string, string>): void {
  for (const line of dic.split("\n")) {
    const slash = line.indexOf("/");
    const word = (slash < 0 ? line : line.slice(0, slash)).trim();
    if (!/^\p{Ll}+$/u.test(word)) continue;
    const flags = slash < 0 ? "" : line.slice(slash + 1).trim();
    into.set(word, (into.get(word) ?? "") + flags);
  }
}

/** Capitalised single-word entries of a hunspell .dic file: the dictionary's proper nouns. */
function properNounsFromDic(dic: string): Set<string> {
  const names = new Set<string>();
  for (const line of dic.split("\n")) {
    const word = line.split("/")[0].trim();
    if (/^\p{Lu}\p{Ll}+$/u.test(word)) names.add(word);
  }
  return names;
}

// On globalThis: Next's server bundle has its own copy of this module, and the server warms the
// speller at start (server/main.ts) so that no request pays for compiling the dictionaries.
const holder = globalThis as unknown as Record<symbol, Promise<Speller> | undefined>;
const spellerKey = Symbol.for("copydesk.factcheck.speller");

/** The one speller of this process; the dictionaries are read and compiled once. */
export function loadSpeller(): Promise<Speller> {
  return (holder[spellerKey] ??= (async () => {
    const [{ default: american }, { default: british }] = await Promise.all([import("dictionary-en"), import("dictionary-en-gb")]);
    const [americanDic, britishDic] = [new TextDecoder().decode(american.dic), new TextDecoder().decode(british.dic)];
    const names = properNounsFromDic(americanDic);
    for (const name of properNounsFromDic(britishDic)) names.add(name);
    const flags = new Map<string, string>();
    affixFlagsFromDic(americanDic, flags);
    affixFlagsFromDic(britishDic, flags);
    return new Speller([nspell(american), nspell(british)], names, flags);
  })());
}
