import type { ArchiveLookup } from "@/lib/factcheck/name-index";

// The fact-check engine's contract. It works on plain text fields so that the desk, the CLI and the
// tests can all feed it without a database or an editor.

export type CheckFieldKind = "headline" | "standfirst" | "body" | "caption" | "credit";

/**
 * One field of an article. `key` names it for the caller ("body", "caption:<photoId>",
 * "credit:<creditId>"); `blocks` are its text blocks (paragraphs, headings) in order.
 */
export type CheckField = { key: string; kind: CheckFieldKind; blocks: string[] };

export type FindingRule =
  | "name-variant"
  | "archive-variant"
  | "house-dictionary"
  | "spelling"
  | "doubled-word"
  | "quotes"
  | "credit-form"
  | "headline-length"
  | "grammar"
  | "place"
  // A slip of the keys a word rule cannot see: a letter in a number ("7o"), a doubled full stop.
  | "typing"
  // A photo with an image has no alt text (not a text finding: it points at the photo's alt field).
  | "missing-alt";

export type Severity = "high" | "medium" | "low";

/** A span of text: `from`/`to` are character offsets (UTF-16) within one block of one field. */
export type Location = { fieldKey: string; block: number; from: number; to: number };

/** One edit that settles a finding: `suggestion` written in place of `text` at `location`. */
export type FindingFix = { location: Location; text: string; suggestion: string };

export type Finding = {
  /**
   * Stable across re-checks while the finding stands, for "Ignore". Name and spelling findings are
   * keyed by what is wrong and what it should be, so ignoring one ignores every occurrence of the
   * same suspect text with the same suggestion in the article. A tie is keyed by its two spellings,
   * whichever comes first.
   */
  fingerprint: string;
  rule: FindingRule;
  /** 0..1: how sure the engine is that this is an error. Findings are sorted by it. */
  confidence: number;
  severity: Severity;
  /** Why, in plain English. */
  message: string;
  /** The suspect text, exactly as it stands at `location`. */
  text: string;
  /** What the text should probably be; absent when the engine can only point at the problem. */
  suggestion?: string;
  /**
   * A tie (one name spelt two ways, once each, nothing saying which is right): no `suggestion`,
   * but one fix per spelling, in reading order of the spellings they write; the editor chooses.
   */
  alternatives?: FindingFix[];
  location: Location;
  /** Other places that matter, e.g. where the likely-right spelling stands. */
  otherLocations?: Location[];
};

/** A house dictionary entry: the canonical spelling and misspellings editors have seen. */
export type HouseEntry = { canonical: string; variants: string[] };

export type CheckOptions = {
  /** Fingerprints the editor chose to ignore for this article. */
  ignoredFingerprints?: Iterable<string>;
  /** The article being checked, if it is also in the archive: its own spellings are not evidence. */
  excludeArchiveId?: string;
  /** Findings below this confidence are dropped as noise. Default 0.5. */
  minConfidence?: number;
  /** The longest headline the front page fits, in characters. Default 90. */
  headlineMaxChars?: number;
  /**
   * For checks while typing: spend at most this long (ms) working out spelling suggestions for
   * words not seen before; the rest are found by later checks. Default: no limit.
   */
  suggestionBudgetMs?: number;
  /**
   * The longest (ms) the check may take. The mechanical rules (one cheap pass) always run; the
   * name and spelling rules stop when it is spent, and the outcome then says it is incomplete.
   * Default: no limit.
   */
  budgetMs?: number;
  /** Findings returned at most (the most confident); the rest are counted in `omitted`. Default 200. */
  maxFindings?: number;
};

/** What one check found, and whether it looked at everything. */
export type CheckOutcome = {
  /** Most confident first, at most `maxFindings`. */
  findings: Finding[];
  /** Findings left out over `maxFindings`. */
  omitted: number;
  /** False when the time budget ran out before every rule had run. */
  complete: boolean;
};

/**
 * What one article adds to the archive's counts (lib/factcheck/archive-store.ts keeps them in
 * PostgreSQL): capitalised forms, the forms used as names, name n-grams ("Stade de France"),
 * lower-case words, and the headline's length.
 */
export type ArchiveContribution = {
  capitalised: string[];
  names: string[];
  ngrams: string[];
  words: string[];
  headlineLength: number | null;
  /** Of the terms above, those only the article's credits give it (`archiveTermCode`s). */
  creditTerms: string[];
};

/** The kinds of archive terms, as the ArchiveTerm table numbers them. */
export const ARCHIVE_TERM_KIND = { capitalised: 0, name: 1, ngram: 2, word: 3, headlineLength: 4 } as const;

/** A term and its kind in one string ("1:Meissner"): how credits' terms are stored and compared. */
export const archiveTermCode = (kind: number, term: string) => `${kind}:${term}`;

/** Archive headlines longer than a limit, of all archive headlines. */
export type HeadlineShare = { total: number; over: number };

/**
 * An archive to check against: the rules' look-ups and the headline statistics. The checker's own
 * in-memory archive (tests, the evaluation) or the PostgreSQL one (lib/factcheck/archive-store.ts).
 */
export type ArchiveSource = {
  lookup: ArchiveLookup;
  headlineShare(maxChars: number, excludedId: string | undefined): HeadlineShare;
};

export interface FactChecker {
  /** Adds (or replaces) one archive article; only the changed counts are updated. */
  addArchiveDocument(id: string, fields: CheckField[]): void;
  removeArchiveDocument(id: string): void;
  /** What `fields` would add to an archive, read as `addArchiveDocument` reads them. */
  archiveContribution(fields: CheckField[]): ArchiveContribution;
  /** Whether a check looks up this capitalised form's near variants (what an archive reads ahead). */
  comparesNearVariants(form: string): boolean;
  hasArchiveDocument(id: string): boolean;
  readonly archiveSize: number;
  setHouseDictionary(entries: HouseEntry[]): void;
  /** Merges an entry into the dictionary (same canonical: variants are added). */
  addHouseEntry(entry: HouseEntry): void;
  houseDictionary(): HouseEntry[];
  /**
   * Findings for one article, most confident first, low-confidence noise dropped: names,
   * spelling, places, mechanics and the fast grammar rules.
   */
  check(fields: CheckField[], options?: CheckOptions): Finding[];
  /**
   * The grammar checker's findings (harper.js), apart from `check` because its first run in a
   * process takes a moment: the desk shows them when they arrive. Those `check` already has (the
   * fast grammar rules) are not repeated.
   */
  checkGrammar(fields: CheckField[], options?: CheckOptions): Promise<Finding[]>;
  /** `checkGrammar` within `options.budgetMs`: blocks not reached are left for the next check (incomplete). */
  assessGrammar(fields: CheckField[], options?: CheckOptions): Promise<{ findings: Finding[]; complete: boolean }>;
  /** Where the fast rules' grammar and doubled-word drafts stand: grammar-checker findings there are left out. */
  fastGrammarSpans(fields: CheckField[]): Location[];
  /** The same check, saying also whether it was cut short (budget) or capped (maxFindings). */
  assess(fields: CheckField[], options?: CheckOptions): CheckOutcome;
  /** `assess` against another archive than the checker's own (the PostgreSQL one, in the workers). */
  assessAgainst(source: ArchiveSource, fields: CheckField[], options?: CheckOptions): CheckOutcome;
}
