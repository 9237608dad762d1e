// The house dictionary editors keep in the desk: canonical spellings of names, places and bands,
// each with the misspellings seen so far. Listed misspellings are found exactly; the canonical
// names also join the name evidence, so unlisted near-misses of them are caught too.

import { analyseNames } from "@/lib/factcheck/names";
import { NameIndex, contributionOf } from "@/lib/factcheck/name-index";
import { tokenizeBlock, withoutPossessive, type TextBlock, type Token } from "@/lib/factcheck/tokenize";
import type { HouseEntry } from "@/lib/factcheck/types";

type VariantPattern = { words: string[]; caseSensitive: boolean; canonical: string; variant: string };

export type HouseVariantMatch = { block: TextBlock; from: number; to: number; variant: string; canonical: string };

function clean(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function asBlock(text: string): TextBlock {
  return {
    fieldIndex: 0,
    fieldKey: "house",
    fieldKind: "body",
    blockIndex: 0,
    text,
    tokens: tokenizeBlock(text),
    titleCase: false,
    codeSpans: [],
  };
}

export class HouseDictionary {
  private readonly entries = new Map<string, Set<string>>();
  /** The canonical spellings as name evidence; each entry counts as one source. */
  readonly names = new NameIndex();
  private patterns = new Map<string, VariantPattern[]>();
  private canonicalWords = new Set<string>();
  private variantKeys = new Set<string>();

  constructor(entries: HouseEntry[] = []) {
    this.set(entries);
  }

  set(entries: HouseEntry[]): void {
    this.entries.clear();
    for (const entry of entries) this.merge(entry);
    this.rebuild();
  }

  add(entry: HouseEntry): void {
    this.merge(entry);
    this.rebuild();
  }

  list(): HouseEntry[] {
    return [...this.entries].map(([canonical, variants]) => ({ canonical, variants: [...variants] }));
  }

  private merge(entry: HouseEntry) {
    const canonical = clean(entry.canonical);
    if (!canonical) return;
    const variants = this.entries.get(canonical) ?? new Set<string>();
    for (const variant of entry.variants.map(clean)) if (variant && variant !== canonical) variants.add(variant);
    this.entries.set(canonical, variants);
  }

  // The dictionary is small (hundreds of entries) next to the archive; rebuilding it whole keeps
  // the merge rules in one place.
  private rebuild() {
    this.names.clear();
    this.patterns = new Map();
    this.canonicalWords = new Set();
    this.variantKeys = new Set();
    for (const [canonical, variants] of this.entries) {
      const block = asBlock(canonical);
      const names = analyseNames([block], { isCommonWord: () => false, isDictionaryName: () => false, isKnownName: () => true });
      this.names.add(canonical, contributionOf(names, []));
      for (const token of block.tokens) this.canonicalWords.add(token.text.toLowerCase());
      for (const variant of variants) {
        const words = tokenizeBlock(variant).map((token) => token.text);
        if (words.length === 0) continue;
        const caseSensitive = /\p{Lu}/u.test(variant);
        const pattern: VariantPattern = { words: caseSensitive ? words : words.map((w) => w.toLowerCase()), caseSensitive, canonical, variant };
        const first = words[0].toLowerCase();
        this.patterns.set(first, [...(this.patterns.get(first) ?? []), pattern]);
        this.variantKeys.add(words.join(" "));
      }
    }
  }

  /** A word of a canonical spelling: the spelling rule accepts it. */
  acceptsWord(word: string): boolean {
    return this.canonicalWords.has(word.toLowerCase());
  }

  /** The form is a canonical house spelling (or part of one). */
  isName(form: string): boolean {
    return this.names.formCount(form) > 0;
  }

  /** Editors listed this exact text as a misspelling of something. */
  isListedVariant(text: string): boolean {
    return this.variantKeys.has(text);
  }

  /** Listed misspellings standing in the block. */
  findVariants(block: TextBlock): HouseVariantMatch[] {
    const matches: HouseVariantMatch[] = [];
    if (this.patterns.size === 0) return matches;
    const tokens = block.tokens;
    tokens.forEach((token, start) => {
      const candidates = this.patterns.get(withoutPossessive(token.text).toLowerCase());
      if (!candidates) return;
      for (const pattern of candidates) {
        const end = start + pattern.words.length - 1;
        if (end >= tokens.length || !this.matchesAt(tokens, start, pattern)) continue;
        const last = tokens[end];
        const to = last.from + withoutPossessive(last.text).length;
        matches.push({ block, from: token.from, to, variant: pattern.variant, canonical: pattern.canonical });
      }
    });
    return matches;
  }

  private matchesAt(tokens: Token[], start: number, pattern: VariantPattern): boolean {
    return pattern.words.every((word, offset) => {
      const token = tokens[start + offset];
      if (offset > 0 && !/^\s+$/.test(token.gapBefore)) return false;
      const text = offset === pattern.words.length - 1 ? withoutPossessive(token.text) : token.text;
      return pattern.caseSensitive ? text === word : text.toLowerCase() === word;
    });
  }
}
