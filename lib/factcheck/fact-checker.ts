import "server-only";
import { ArticleNearForms } from "@/lib/factcheck/article-near-forms";
import { analyseArchiveFields, archiveParts, type ArchiveAnalysisMemo } from "@/lib/factcheck/archive-analysis";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { NameIndex, type NameContribution } from "@/lib/factcheck/name-index";
import { analyseNames, type WordKnowledge } from "@/lib/factcheck/names";
import { findHarperProblems } from "@/lib/factcheck/grammar/harper";
import type { Gazetteer } from "@/lib/factcheck/places/gazetteer";
import { findPlaceNearMisses } from "@/lib/factcheck/places/rule";
import { ParagraphCache } from "@/lib/factcheck/paragraphs";
import { grammarFindings, rankDrafts } from "@/lib/factcheck/ranking";
import { loadGazetteer, loadGrammarLinter, loadSpeller } from "@/lib/factcheck/resources";
import { findCreditProblems } from "@/lib/factcheck/rules/credit-form";
import type { Draft } from "@/lib/factcheck/rules/draft";
import { DEFAULT_HEADLINE_MAX_CHARS, findLongHeadlines } from "@/lib/factcheck/rules/mechanics";
import { findNameVariants, isNearVariantSuspect } from "@/lib/factcheck/rules/name-variants";
import { findQuoteProblems } from "@/lib/factcheck/rules/quotes";
import { findSpellingErrors } from "@/lib/factcheck/rules/spelling";
import type { Speller } from "@/lib/factcheck/speller";
import type { TextBlock } from "@/lib/factcheck/tokenize";
import { ARCHIVE_TERM_KIND, archiveTermCode, type ArchiveContribution, type ArchiveSource, type CheckField, type HeadlineShare, type CheckOptions, type CheckOutcome, type FactChecker, type Finding, type HouseEntry, type Location } from "@/lib/factcheck/types";

export { DEFAULT_MIN_CONFIDENCE, fingerprintOf, ONE_SOURCE_MAX_CONFIDENCE } from "@/lib/factcheck/ranking";

/**
 * Findings returned at most: more than an editor works through in one sitting, and a bound on
 * the answer's size whatever the text (a crafted draft once gave 2.4 MB of them).
 */
export const DEFAULT_MAX_FINDINGS = 200;


/** Ends a check early when its time budget is spent; what was found so far is returned. */
class Budget {
  private readonly deadline: number;
  exhausted = false;
  constructor(budgetMs: number | undefined) {
    this.deadline = budgetMs === undefined ? Infinity : performance.now() + budgetMs;
  }
  /** Milliseconds left (Infinity without a budget). */
  remaining(): number {
    return this.deadline - performance.now();
  }
  /** Runs the step unless the budget is spent (then marks the check partial). */
  run<T>(step: () => T[]): T[] {
    if (this.remaining() <= 0) {
      this.exhausted = true;
      return [];
    }
    return step();
  }
}

/** Headlines in the archive longer than the limit, at least this share: the publication writes them so. */
const LONG_HEADLINE_STYLE_SHARE = 0.2;
const LONG_HEADLINE_STYLE_MIN_ARCHIVE = 10;

/**
 * Publication style, learned: when a good share of the archive's headlines run past the limit,
 * this publication writes long headlines and one more is no error.
 */
function writesLongHeadlines({ total, over }: HeadlineShare): boolean {
  return total >= LONG_HEADLINE_STYLE_MIN_ARCHIVE && over / total >= LONG_HEADLINE_STYLE_SHARE;
}

export const headlineLength = (fields: CheckField[]) =>
  fields
    .filter((field) => field.kind === "headline")
    .map((field) => field.blocks.join(" ").replace(/\s+/g, " ").trim().length)[0];

const creditLabelField = (label: string): CheckField => ({ key: "credit", kind: "credit", blocks: [label] });

// How an archive article is read (analyseArchiveFields, archiveParts: lib/factcheck/archive-analysis.ts):
// its text on its own evidence, and each credit on its own. A credit is a label hundreds of
// articles share; read apart, what it adds is the same in every one of them, so renaming it moves
// the archive's counts once per credit, whatever the number of its photos
// (lib/factcheck/archive-store.ts, `moveCreditTerms`), with no article read again.

function mergedContribution({ text, credits }: { text: NameContribution; credits: NameContribution[] }): NameContribution {
  const merged: NameContribution = { capitalised: new Map(text.capitalised), names: new Set(text.names), ngrams: new Map(text.ngrams), words: new Set(text.words) };
  for (const credit of credits) {
    for (const [form, standalone] of credit.capitalised) merged.capitalised.set(form, standalone || merged.capitalised.get(form) === true);
    for (const form of credit.names) merged.names.add(form);
    for (const [key, forms] of credit.ngrams) if (!merged.ngrams.has(key)) merged.ngrams.set(key, forms);
    for (const word of credit.words) merged.words.add(word);
  }
  return merged;
}

function analyseArchiveDocument(fields: CheckField[], speller: Speller, house: HouseDictionary): NameContribution {
  return mergedContribution(archiveParts(fields, speller, house));
}

/** The terms of a contribution as `archiveTermCode`s, credits' kinds only (no headline length). */
function termCodes(contribution: NameContribution): Set<string> {
  const codes = new Set<string>();
  for (const form of contribution.capitalised.keys()) codes.add(archiveTermCode(ARCHIVE_TERM_KIND.capitalised, form));
  for (const form of contribution.names) codes.add(archiveTermCode(ARCHIVE_TERM_KIND.name, form));
  for (const key of contribution.ngrams.keys()) codes.add(archiveTermCode(ARCHIVE_TERM_KIND.ngram, key));
  for (const word of contribution.words) codes.add(archiveTermCode(ARCHIVE_TERM_KIND.word, word));
  return codes;
}

/**
 * What an article adds to the archive, read exactly as `addArchiveDocument` reads it: the one
 * analysis behind the in-memory archive and the PostgreSQL one (lib/factcheck/archive-store.ts).
 */
export function archiveContributionOf(fields: CheckField[], speller: Speller, house: HouseDictionary, memo?: ArchiveAnalysisMemo): ArchiveContribution {
  // The memo (kept per block, for this speller and house dictionary) reads the same, faster.
  const parts = memo ? memo.parts(fields) : archiveParts(fields, speller, house);
  const contribution = mergedContribution(parts);
  // A credit's term the text does not give: looked up in the text's own sets (not as codes of all
  // its ~5,000 terms, which cost a long article's save more than reading its changed caption).
  const { text } = parts;
  const inText = (code: string) => {
    const colon = code.indexOf(":");
    const term = code.slice(colon + 1);
    switch (Number(code.slice(0, colon))) {
      case ARCHIVE_TERM_KIND.capitalised:
        return text.capitalised.has(term);
      case ARCHIVE_TERM_KIND.name:
        return text.names.has(term);
      case ARCHIVE_TERM_KIND.ngram:
        return text.ngrams.has(term);
      default:
        return text.words.has(term);
    }
  };
  const creditTerms = new Set<string>();
  for (const credit of parts.credits) for (const code of termCodes(credit)) if (!inText(code)) creditTerms.add(code);
  return {
    capitalised: [...contribution.capitalised.keys()],
    names: [...contribution.names],
    ngrams: [...contribution.ngrams.keys()],
    words: [...contribution.words],
    headlineLength: headlineLength(fields) ?? null,
    creditTerms: [...creditTerms],
  };
}

/** What a credit with this label adds to every article that shows it, as `archiveTermCode`s. */
export function creditArchiveTerms(label: string, speller: Speller, house: HouseDictionary): string[] {
  return [...termCodes(analyseArchiveFields([creditLabelField(label)], speller, house))];
}

class Checker implements FactChecker {
  private readonly archive = new NameIndex();
  /** Archive article → its headline's length, and how many archive headlines have each length. */
  private readonly headlineLengths = new Map<string, number>();
  private readonly headlinesByLength: number[] = [];
  private readonly house: HouseDictionary;
  /** The last checked article's forms by deletion key: a re-check re-keys only what changed. */
  private readonly articleForms = new ArticleNearForms();
  /** What each paragraph's text alone decides: a re-check after an edit reads only the changed ones. */
  private readonly paragraphs: ParagraphCache;

  constructor(
    private readonly speller: Speller,
    private readonly gazetteer: Gazetteer,
    houseDictionary: HouseEntry[],
    paragraphCacheBytes: number | undefined,
  ) {
    this.house = new HouseDictionary(houseDictionary);
    this.paragraphs = new ParagraphCache(speller, gazetteer, paragraphCacheBytes);
  }

  get archiveSize(): number {
    return this.archive.size;
  }

  private analyseArchiveDocument(fields: CheckField[]): NameContribution {
    return analyseArchiveDocument(fields, this.speller, this.house);
  }

  addArchiveDocument(id: string, fields: CheckField[]): void {
    this.archive.add(id, this.analyseArchiveDocument(fields));
    this.forgetHeadline(id);
    const length = headlineLength(fields);
    if (length !== undefined) {
      this.headlineLengths.set(id, length);
      this.headlinesByLength[length] = (this.headlinesByLength[length] ?? 0) + 1;
    }
  }

  archiveContribution(fields: CheckField[]): ArchiveContribution {
    return archiveContributionOf(fields, this.speller, this.house);
  }

  comparesNearVariants(form: string): boolean {
    return isNearVariantSuspect(form, this.speller, this.house);
  }

  removeArchiveDocument(id: string): void {
    this.archive.remove(id);
    this.forgetHeadline(id);
  }

  private forgetHeadline(id: string): void {
    const length = this.headlineLengths.get(id);
    if (length === undefined) return;
    this.headlinesByLength[length]--;
    this.headlineLengths.delete(id);
  }

  /** The in-memory archive's headline lengths, leaving out one article. */
  private headlineShare(maxChars: number, excludedId: string | undefined): HeadlineShare {
    let total = 0;
    let over = 0;
    this.headlinesByLength.forEach((count, length) => {
      total += count;
      if (length > maxChars) over += count;
    });
    const own = excludedId === undefined ? undefined : this.headlineLengths.get(excludedId);
    if (own !== undefined) {
      total--;
      if (own > maxChars) over--;
    }
    return { total, over };
  }

  hasArchiveDocument(id: string): boolean {
    return this.archive.has(id);
  }

  setHouseDictionary(entries: HouseEntry[]): void {
    this.house.set(entries);
  }

  addHouseEntry(entry: HouseEntry): void {
    this.house.add(entry);
  }

  houseDictionary(): HouseEntry[] {
    return this.house.list();
  }

  check(fields: CheckField[], options: CheckOptions = {}): Finding[] {
    return this.assess(fields, options).findings;
  }

  assess(fields: CheckField[], options: CheckOptions = {}): CheckOutcome {
    return this.assessAgainst({ lookup: this.archive, headlineShare: (max, id) => this.headlineShare(max, id) }, fields, options);
  }

  assessAgainst(source: ArchiveSource, fields: CheckField[], options: CheckOptions = {}): CheckOutcome {
    const archive = source.lookup;
    const budget = new Budget(options.budgetMs);
    const { blocks, lowerCaseWords: articleWords, spellingCandidates, places: placeReadings, grammar, doubled, typing } = this.paragraphs.read(fields);
    const excluded = archive.exclusion(options.excludeArchiveId);
    const knowledge: WordKnowledge = {
      isCommonWord: (word) => this.speller.isCommonWord(word),
      isDictionaryName: (word) => this.speller.isDictionaryName(word),
      isKnownName: (form) => this.house.isName(form) || archive.nameCount(form, excluded) > 0,
    };
    const names = analyseNames(blocks, knowledge);
    const fieldKinds = new Map(fields.map((field) => [field.key, field.kind]));
    // Spelling suggestions for unseen words are the dearest part; they get what the budget leaves.
    const suggestionBudgetMs = () => {
      const left = budget.remaining();
      if (options.suggestionBudgetMs === undefined) return Number.isFinite(left) ? Math.max(0, left) : undefined;
      return Math.max(0, Math.min(options.suggestionBudgetMs, left));
    };

    // The mechanical rules are one cheap pass over the text: they always run, so a check cut short
    // by its budget still has the surest findings. The name and spelling rules consult the archive
    // and the dictionary per word and are what the budget bounds.
    const headlineMaxChars = options.headlineMaxChars ?? DEFAULT_HEADLINE_MAX_CHARS;
    const headlines = writesLongHeadlines(source.headlineShare(headlineMaxChars, options.excludeArchiveId)) ? [] : findLongHeadlines(fields, headlineMaxChars);
    const house = this.houseVariants(blocks);
    const quotes = findQuoteProblems(fields);
    const credits = findCreditProblems(fields);
    const nameVariants = budget.run(() =>
      findNameVariants(
        {
          names,
          archive: archive,
          excluded,
          house: this.house,
          speller: this.speller,
          lowerCaseWords: articleWords,
          isPlace: (form) => this.gazetteer.has(form),
          articleForms: this.articleForms,
        },
        fieldKinds,
      ),
    );
    const spelling = budget.run(() =>
      findSpellingErrors({
        blocks,
        names,
        speller: this.speller,
        archive: archive,
        excluded,
        house: this.house,
        lowerCaseWords: articleWords,
        suggestionBudgetMs: suggestionBudgetMs(),
        // A caller that bounds suggestions (the desk) checks again; its words deferred are the idle work's.
        leaveDeferred: options.suggestionBudgetMs !== undefined,
        isPlace: (form) => this.gazetteer.has(form),
        candidates: spellingCandidates,
      }),
    );
    // The spelling rule stops working out suggestions at the deadline: words were left unchecked.
    if (budget.remaining() <= 0) budget.exhausted = true;
    const places = budget.run(() =>
      findPlaceNearMisses({ blocks, names, gazetteer: this.gazetteer, speller: this.speller, archive, excluded, house: this.house, readings: placeReadings }),
    );
    // Ranking keeps the first of equally confident overlapping drafts: this order decides.
    const drafts: Draft[] = [...house, ...nameVariants, ...spelling, ...(places ?? []), ...doubled, ...typing, ...grammar, ...quotes, ...credits, ...headlines];
    const ranked = this.rank(drafts, fields, options);
    const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
    return {
      findings: ranked.slice(0, maxFindings),
      omitted: Math.max(0, ranked.length - maxFindings),
      complete: !budget.exhausted,
    };
  }

  async checkGrammar(fields: CheckField[], options: CheckOptions = {}): Promise<Finding[]> {
    return (await this.assessGrammar(fields, options)).findings;
  }

  async assessGrammar(fields: CheckField[], options: CheckOptions = {}): Promise<{ findings: Finding[]; complete: boolean }> {
    const deadline = options.budgetMs === undefined ? Infinity : performance.now() + options.budgetMs;
    const { blocks } = this.paragraphs.read(fields);
    const linter = await loadGrammarLinter();
    const { drafts, complete } = await findHarperProblems(blocks, linter, deadline);
    return { findings: grammarFindings(drafts, this.fastGrammarSpans(fields), fields, options), complete };
  }

  fastGrammarSpans(fields: CheckField[]): Location[] {
    // What the fast rules already say (in `check`) the grammar checker does not say twice.
    return this.paragraphs.fastGrammarLocations(fields);
  }

  private houseVariants(blocks: TextBlock[]): Draft[] {
    const drafts: Draft[] = [];
    for (const block of blocks) {
      for (const match of this.house.findVariants(block)) {
        const text = block.text.slice(match.from, match.to);
        // A lower-case entry matches a capitalised word too; keep the text's capital.
        const suggestion =
          /^\p{Lu}/u.test(text) && /^\p{Ll}/u.test(match.canonical)
            ? match.canonical[0].toUpperCase() + match.canonical.slice(1)
            : match.canonical;
        drafts.push({
          rule: "house-dictionary",
          confidence: 0.96,
          message: `The house dictionary spells it "${match.canonical}"; "${match.variant}" is a known misspelling.`,
          text,
          suggestion,
          location: { fieldKey: block.fieldKey, block: block.blockIndex, from: match.from, to: match.to },
          scope: "",
          // The editors recorded both the spelling and this misspelling of it.
          sources: ["house", "house-misspelling"],
        });
      }
    }
    return drafts;
  }

  private rank(drafts: Draft[], fields: CheckField[], options: CheckOptions): Finding[] {
    return rankDrafts(drafts, fields, options);
  }
}

export type FactCheckerOptions = {
  houseDictionary?: HouseEntry[];
  /** The paragraph cache's bound (default lib/factcheck/paragraphs' DEFAULT_PARAGRAPH_CACHE_BYTES); 0 keeps nothing. */
  paragraphCacheBytes?: number;
};

/**
 * A fact-checker with an empty archive. The dictionaries and the gazetteer are loaded once per
 * process (lib/factcheck/resources); the grammar checker on the first `checkGrammar`.
 */
export async function createFactChecker(options: FactCheckerOptions = {}): Promise<FactChecker> {
  const [speller, gazetteer] = await Promise.all([loadSpeller(), loadGazetteer()]);
  return new Checker(speller, gazetteer, options.houseDictionary ?? [], options.paragraphCacheBytes);
}
