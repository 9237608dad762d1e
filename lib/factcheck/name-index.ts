// Counts of how a body of text (the archive, the house dictionary) spells names, kept so that one
// article can be added or removed without rebuilding anything, and so that the near-variants of a
// name are found with a few map look-ups instead of a scan of the vocabulary.
//
// Ten thousand articles hold millions of words; every string is stored once and entries refer to
// it by number, so an article costs a few typed arrays rather than sets of strings.

import { allowedNameEdits, deletionKeys, nameDeletionKeys, withinNameEdits } from "@/lib/factcheck/edit-distance";
import { MIN_VARIABLE_LENGTH, skeletonKey, type ArticleNames } from "@/lib/factcheck/names";

/** What one entry (an archive article, a dictionary entry) contributes to the counts. */
export type NameContribution = {
  /** Capitalised forms, and whether the form stood alone (outside a longer name) at least once. */
  capitalised: Map<string, boolean>;
  /** Capitalised forms used as names (not only capitalised by their position). */
  names: Set<string>;
  /** Name n-grams: key → the forms of its parts. */
  ngrams: Map<string, string[]>;
  /** Lower-case words, for the spelling rule's view of newsroom vocabulary. */
  words: Set<string>;
};

export function contributionOf(names: ArticleNames, words: Iterable<string>): NameContribution {
  const capitalised = new Map<string, boolean>();
  const asNames = new Set<string>();
  for (const [form, occurrences] of names.capitalised) {
    capitalised.set(form, occurrences.some((occurrence) => occurrence.standalone));
    if (occurrences.some((occurrence) => occurrence.asName)) asNames.add(form);
  }
  const ngrams = new Map<string, string[]>();
  for (const [key, ngram] of names.ngrams) ngrams.set(key, ngram.forms);
  return { capitalised, names: asNames, ngrams, words: new Set(words) };
}

/** A name part whose spelling may vary: capitalised, not an acronym or a particle, long enough. */
export function isVariableForm(form: string): boolean {
  return form.length >= MIN_VARIABLE_LENGTH && form[0] !== form[0].toLowerCase() && form !== form.toUpperCase();
}

type StoredEntry = {
  capitalised: Int32Array;
  standalone: Int32Array;
  names: Int32Array;
  ngrams: Int32Array;
  words: Int32Array;
};

/** The entry left out of the counts (the article being checked): sets for quick look-up. */
export type Exclusion = {
  capitalised: Set<string>;
  standalone: Set<string>;
  names: Set<string>;
  ngrams: Set<string>;
  words: Set<string>;
};

const NEAR_CACHE_LIMIT = 50_000;

/** Counts by string id, in a growable typed array. */
class Counts {
  private values = new Int32Array(1024);
  get(id: number | undefined): number {
    return id === undefined || id >= this.values.length ? 0 : this.values[id];
  }
  add(id: number, by: number): number {
    if (id >= this.values.length) {
      const grown = new Int32Array(Math.max(id + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[id] += by;
    return this.values[id];
  }
}

export class NameIndex {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly entries = new Map<string, StoredEntry>();
  private readonly formCounts = new Counts();
  private readonly standaloneCounts = new Counts();
  private readonly nameCounts = new Counts();
  private readonly ngramCounts = new Counts();
  private readonly wordCounts = new Counts();
  /** Skeleton (an n-gram with one part blanked) → [form id, entries, form id, entries, …]. */
  private readonly skeletons = new Map<string, number[]>();
  /** Deletion key (lower case) → ids of the capitalised forms that reach it. */
  private readonly deletions = new Map<string, number | number[]>();
  /**
   * Answers of nearForms, kept while typing re-checks the same names. A form entering or leaving
   * the index drops the cached answers that share a deletion key with it.
   */
  private nearCache = new Map<string, string[]>();
  private nearCacheByKey = new Map<string, string[]>();
  private exclusionCache: { id: string; exclusion: Exclusion } | undefined;

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  private idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.strings.length;
      // A copy, so the index does not keep the article text a sliced string points into.
      const copy = (" " + text).slice(1);
      this.strings.push(copy);
      this.ids.set(copy, id);
    }
    return id;
  }

  private idsOf(texts: Iterable<string>): Int32Array {
    return Int32Array.from(texts, (text) => this.idOf(text));
  }

  add(id: string, contribution: NameContribution): void {
    this.remove(id);
    const entry: StoredEntry = {
      capitalised: this.idsOf(contribution.capitalised.keys()),
      standalone: this.idsOf([...contribution.capitalised].filter(([, standalone]) => standalone).map(([form]) => form)),
      names: this.idsOf(contribution.names),
      ngrams: this.idsOf(contribution.ngrams.keys()),
      words: this.idsOf(contribution.words),
    };
    this.entries.set(id, entry);
    this.apply(entry, 1);
  }

  remove(id: string): void {
    const existing = this.entries.get(id);
    if (!existing) return;
    this.entries.delete(id);
    if (this.exclusionCache?.id === id) this.exclusionCache = undefined;
    this.apply(existing, -1);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
  }

  private apply(entry: StoredEntry, sign: 1 | -1) {
    for (const formId of entry.capitalised) {
      const count = this.formCounts.add(formId, sign);
      const form = this.strings[formId];
      if (form.length >= MIN_VARIABLE_LENGTH && ((sign === 1 && count === 1) || (sign === -1 && count === 0))) {
        this.updateDeletions(formId, sign);
      }
    }
    for (const formId of entry.standalone) this.standaloneCounts.add(formId, sign);
    for (const formId of entry.names) this.nameCounts.add(formId, sign);
    for (const ngramId of entry.ngrams) {
      this.ngramCounts.add(ngramId, sign);
      const forms = this.strings[ngramId].split(" ");
      forms.forEach((form, position) => {
        if (isVariableForm(form)) this.updateSkeleton(skeletonKey(forms, position), this.idOf(form), sign);
      });
    }
    for (const wordId of entry.words) this.wordCounts.add(wordId, sign);
  }

  private updateSkeleton(skeleton: string, formId: number, sign: 1 | -1) {
    const variants = this.skeletons.get(skeleton);
    if (!variants) {
      if (sign === 1) this.skeletons.set(skeleton, [formId, 1]);
      return;
    }
    for (let i = 0; i < variants.length; i += 2) {
      if (variants[i] !== formId) continue;
      variants[i + 1] += sign;
      if (variants[i + 1] <= 0) {
        variants.splice(i, 2);
        if (variants.length === 0) this.skeletons.delete(skeleton);
      }
      return;
    }
    if (sign === 1) variants.push(formId, 1);
  }

  private updateDeletions(formId: number, sign: 1 | -1) {
    const form = this.strings[formId];
    for (const key of deletionKeys(form.toLowerCase(), allowedNameEdits(form.length))) {
      const cachedQueries = this.nearCacheByKey.get(key);
      if (cachedQueries) {
        for (const query of cachedQueries) this.nearCache.delete(query);
        this.nearCacheByKey.delete(key);
      }
      const existing = this.deletions.get(key);
      if (sign === 1) {
        if (existing === undefined) this.deletions.set(key, formId);
        else if (typeof existing === "number") this.deletions.set(key, [existing, formId]);
        else existing.push(formId);
      } else if (existing !== undefined) {
        if (typeof existing === "number") {
          if (existing === formId) this.deletions.delete(key);
        } else {
          const remaining = existing.filter((id) => id !== formId);
          this.deletions.set(key, remaining.length === 1 ? remaining[0] : remaining);
        }
      }
    }
  }

  /** The stored entry as sets, to leave it out of counts; the last one asked for is kept. */
  exclusion(id: string | undefined): Exclusion | undefined {
    if (id === undefined) return undefined;
    if (this.exclusionCache?.id === id) return this.exclusionCache.exclusion;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const strings = (ids: Int32Array) => new Set(Array.from(ids, (i) => this.strings[i]));
    const exclusion: Exclusion = {
      capitalised: strings(entry.capitalised),
      standalone: strings(entry.standalone),
      names: strings(entry.names),
      ngrams: strings(entry.ngrams),
      words: strings(entry.words),
    };
    this.exclusionCache = { id, exclusion };
    return exclusion;
  }

  // Counts of entries using each thing, leaving out one entry when asked.

  formCount(form: string, excluded?: Exclusion): number {
    return this.formCounts.get(this.ids.get(form)) - (excluded?.capitalised.has(form) ? 1 : 0);
  }

  standaloneCount(form: string, excluded?: Exclusion): number {
    return this.standaloneCounts.get(this.ids.get(form)) - (excluded?.standalone.has(form) ? 1 : 0);
  }

  nameCount(form: string, excluded?: Exclusion): number {
    return this.nameCounts.get(this.ids.get(form)) - (excluded?.names.has(form) ? 1 : 0);
  }

  ngramCount(key: string, excluded?: Exclusion): number {
    return this.ngramCounts.get(this.ids.get(key)) - (excluded?.ngrams.has(key) ? 1 : 0);
  }

  wordCount(word: string, excluded?: Exclusion): number {
    return this.wordCounts.get(this.ids.get(word)) - (excluded?.words.has(word) ? 1 : 0);
  }

  /**
   * Forms seen in the blank of this skeleton. The rules want those near `form` (the one they
   * compare them with): an archive may answer with those only (the PostgreSQL one does, since a
   * skeleton such as "In _" has a thousand forms); this index gives them all.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  skeletonVariants(skeleton: string, form?: string): string[] {
    const variants = this.skeletons.get(skeleton);
    if (!variants) return [];
    const forms: string[] = [];
    for (let i = 0; i < variants.length; i += 2) forms.push(this.strings[variants[i]]);
    return forms;
  }

  /** Capitalised forms within the allowed edits of `form` (see withinNameEdits). */
  nearForms(form: string): readonly string[] {
    const cached = this.nearCache.get(form);
    if (cached) return cached;
    if (this.nearCache.size >= NEAR_CACHE_LIMIT) {
      this.nearCache = new Map();
      this.nearCacheByKey = new Map();
    }
    const found = new Set<string>();
    for (const key of nameDeletionKeys(form)) {
      const ids = this.deletions.get(key);
      if (ids !== undefined) {
        for (const id of typeof ids === "number" ? [ids] : ids) {
          const candidate = this.strings[id];
          if (candidate !== form && withinNameEdits(form, candidate)) found.add(candidate);
        }
      }
      const queries = this.nearCacheByKey.get(key);
      if (queries) queries.push(form);
      else this.nearCacheByKey.set(key, [form]);
    }
    const near = [...found];
    this.nearCache.set(form, near);
    return near;
  }
}

/**
 * What the rules ask of an archive: the in-memory index above (tests, the evaluation) or the
 * PostgreSQL archive as prefetched for one check (lib/factcheck/archive-store.ts).
 */
export type ArchiveLookup = Pick<NameIndex, "exclusion" | "nameCount" | "ngramCount" | "wordCount" | "skeletonVariants" | "nearForms">;
