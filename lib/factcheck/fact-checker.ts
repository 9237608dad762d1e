import "server-only";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { NameIndex, contributionOf } from "@/lib/factcheck/name-index";
import { analyseNames, type WordKnowledge } from "@/lib/factcheck/names";
import { findCreditProblems } from "@/lib/factcheck/rules/credit-form";
import type { Draft } from "@/lib/factcheck/rules/draft";
import { DEFAULT_HEADLINE_MAX_CHARS, findDoubledWords, findLongHeadlines } from "@/lib/factcheck/rules/mechanics";
import { findNameVariants } from "@/lib/factcheck/rules/name-variants";
import { findQuoteProblems } from "@/lib/factcheck/rules/quotes";
import { findSpellingErrors, isSpellCheckable, normaliseWord } from "@/lib/factcheck/rules/spelling";
import { loadSpeller, type Speller } from "@/lib/factcheck/speller";
import { tokenizeFields, type TextBlock } from "@/lib/factcheck/tokenize";
import type { CheckField, CheckOptions, FactChecker, Finding, FindingRule, HouseEntry, Severity } from "@/lib/factcheck/types";

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/**
 * Calibration: a name, spelling or place finding resting on one source of knowledge (only the
 * dictionary, only the archive…) is at most "worth a look"; "likely error" needs two.
 */
export const ONE_SOURCE_MAX_CONFIDENCE = 0.58;
const KNOWLEDGE_RULES = new Set<FindingRule>(["name-variant", "archive-variant", "house-dictionary", "spelling"]);
/** Two sources agreeing make a finding the rule already rates at least "possible" a likely error. */
const TWO_SOURCES_MIN_CONFIDENCE = 0.8;

function calibrated(draft: Draft): number {
  const sources = new Set(draft.sources ?? []).size;
  if (sources < 2) return Math.min(draft.confidence, ONE_SOURCE_MAX_CONFIDENCE);
  return draft.confidence >= 0.6 ? Math.max(draft.confidence, TWO_SOURCES_MIN_CONFIDENCE) : draft.confidence;
}

// Rules that judge the words themselves: one finding per span, the most confident one.
const WORD_RULES = new Set<FindingRule>(["name-variant", "archive-variant", "house-dictionary", "spelling", "doubled-word"]);

function severityOf(confidence: number): Severity {
  if (confidence >= 0.8) return "high";
  if (confidence >= 0.6) return "medium";
  return "low";
}

// FNV-1a, 2 × 32 bits: stable across processes and versions of Node, no dependency.
export function fingerprintOf(parts: string[]): string {
  const text = parts.join("\u0000");
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ code, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

function lowerCaseWords(blocks: TextBlock[]): Set<string> {
  const words = new Set<string>();
  for (const block of blocks) {
    for (const token of block.tokens) if (isSpellCheckable(block, token)) words.add(normaliseWord(token.text));
  }
  return words;
}

function overlaps(a: Finding["location"], b: Finding["location"]): boolean {
  return a.fieldKey === b.fieldKey && a.block === b.block && a.from < b.to && b.from < a.to;
}

/** Headlines in the archive longer than the limit, at least this share: the publication writes them so. */
const LONG_HEADLINE_STYLE_SHARE = 0.2;
const LONG_HEADLINE_STYLE_MIN_ARCHIVE = 10;

const headlineLength = (fields: CheckField[]) =>
  fields
    .filter((field) => field.kind === "headline")
    .map((field) => field.blocks.join(" ").replace(/\s+/g, " ").trim().length)[0];

class Checker implements FactChecker {
  private readonly archive = new NameIndex();
  /** Archive article → its headline's length, and how many archive headlines have each length. */
  private readonly headlineLengths = new Map<string, number>();
  private readonly headlinesByLength: number[] = [];
  private readonly house: HouseDictionary;

  constructor(
    private readonly speller: Speller,
    houseDictionary: HouseEntry[],
  ) {
    this.house = new HouseDictionary(houseDictionary);
  }

  get archiveSize(): number {
    return this.archive.size;
  }

  addArchiveDocument(id: string, fields: CheckField[]): void {
    const blocks = tokenizeFields(fields);
    // Archive articles are read on their own evidence (plus the house dictionary), so the index
    // does not depend on the order articles were added in.
    const names = analyseNames(blocks, {
      isCommonWord: (word) => this.speller.isCommonWord(word),
      isDictionaryName: (word) => this.speller.isDictionaryName(word),
      isKnownName: (form) => this.house.isName(form),
    });
    this.archive.add(id, contributionOf(names, lowerCaseWords(blocks)));
    this.forgetHeadline(id);
    const length = headlineLength(fields);
    if (length !== undefined) {
      this.headlineLengths.set(id, length);
      this.headlinesByLength[length] = (this.headlinesByLength[length] ?? 0) + 1;
    }
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

  /**
   * Publication style, learned: when a good share of the archive's headlines run past the limit,
   * this publication writes long headlines and one more is no error.
   */
  private writesLongHeadlines(maxChars: number, excludedId: string | undefined): boolean {
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
    return total >= LONG_HEADLINE_STYLE_MIN_ARCHIVE && over / total >= LONG_HEADLINE_STYLE_SHARE;
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
    const blocks = tokenizeFields(fields);
    const excluded = this.archive.exclusion(options.excludeArchiveId);
    const knowledge: WordKnowledge = {
      isCommonWord: (word) => this.speller.isCommonWord(word),
      isDictionaryName: (word) => this.speller.isDictionaryName(word),
      isKnownName: (form) => this.house.isName(form) || this.archive.nameCount(form, excluded) > 0,
    };
    const names = analyseNames(blocks, knowledge);
    const fieldKinds = new Map(fields.map((field) => [field.key, field.kind]));
    const articleWords = lowerCaseWords(blocks);

    const drafts: Draft[] = [
      ...this.houseVariants(blocks),
      ...findNameVariants(
        { names, archive: this.archive, excluded, house: this.house, speller: this.speller, lowerCaseWords: articleWords },
        fieldKinds,
      ),
      ...findSpellingErrors({
        blocks,
        names,
        speller: this.speller,
        archive: this.archive,
        excluded,
        house: this.house,
        lowerCaseWords: articleWords,
        suggestionBudgetMs: options.suggestionBudgetMs,
      }),
      ...findDoubledWords(blocks),
      ...findQuoteProblems(fields),
      ...findCreditProblems(fields),
      ...(this.writesLongHeadlines(options.headlineMaxChars ?? DEFAULT_HEADLINE_MAX_CHARS, options.excludeArchiveId)
        ? []
        : findLongHeadlines(fields, options.headlineMaxChars ?? DEFAULT_HEADLINE_MAX_CHARS)),
    ];
    return this.rank(drafts, fields, options);
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
    const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
    const ignored = new Set(options.ignoredFingerprints ?? []);
    const fieldOrder = new Map(fields.map((field, index) => [field.key, index]));
    const byConfidence = drafts
      .map((draft) => (KNOWLEDGE_RULES.has(draft.rule) ? { ...draft, confidence: calibrated(draft) } : draft))
      .filter((draft) => draft.confidence >= minConfidence)
      .sort((a, b) => b.confidence - a.confidence);

    const kept: Finding[] = [];
    for (const { scope, sources, ...draft } of byConfidence) {
      void sources; // judged above; not part of what the desk sees
      const confidence = Math.round(draft.confidence * 100) / 100;
      const fingerprint = fingerprintOf([draft.rule, draft.text, draft.suggestion ?? "", scope]);
      if (ignored.has(fingerprint)) continue;
      if (WORD_RULES.has(draft.rule) && kept.some((f) => WORD_RULES.has(f.rule) && overlaps(f.location, draft.location))) continue;
      if (kept.some((f) => f.fingerprint === fingerprint && overlaps(f.location, draft.location))) continue;
      kept.push({ ...draft, confidence, severity: severityOf(confidence), fingerprint });
    }
    const position = (finding: Finding) => [
      fieldOrder.get(finding.location.fieldKey) ?? 0,
      finding.location.block,
      finding.location.from,
    ];
    return kept.sort((a, b) => {
      if (b.confidence !== a.confidence) return b.confidence - a.confidence;
      const [pa, pb] = [position(a), position(b)];
      return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
    });
  }
}

export type FactCheckerOptions = { houseDictionary?: HouseEntry[] };

/** A fact-checker with an empty archive; the English dictionary is loaded once per process. */
export async function createFactChecker(options: FactCheckerOptions = {}): Promise<FactChecker> {
  const speller = await loadSpeller();
  return new Checker(speller, options.houseDictionary ?? []);
}
