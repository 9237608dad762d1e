// A re-check while typing sees the paragraphs of the last check but one. What a paragraph's text
// and its field's kind alone decide (its words, its spell-checkable lower-case words, the words
// the dictionaries and the gazetteer do not clear, the grammar, doubled-word and typing slips) is worked out once
// per text and kept, bounded in bytes; the rules that weigh the whole article, the archive or the
// house dictionary (names, spelling, places, house variants, quotes, credits) run on every check.

import { BoundedCache } from "@/lib/factcheck/bounded-cache";
import { findGrammarSlips } from "@/lib/factcheck/grammar/rules";
import type { Gazetteer } from "@/lib/factcheck/places/gazetteer";
import { placeReading, type PlaceReading } from "@/lib/factcheck/places/rule";
import type { Draft } from "@/lib/factcheck/rules/draft";
import { findDoubledWords, findTypingSlips } from "@/lib/factcheck/rules/mechanics";
import { isSpellCheckable, normaliseWord, spellingCandidates } from "@/lib/factcheck/rules/spelling";
import type { Speller } from "@/lib/factcheck/speller";
import { readBlock, type BlockReading, type TextBlock } from "@/lib/factcheck/tokenize";
import type { CheckField, Location } from "@/lib/factcheck/types";

/** Drafts of the rules that read one block alone. */
type BlockDrafts = { grammar: Draft[]; doubled: Draft[]; typing: Draft[] };

type ParagraphWork = BlockReading & BlockDrafts & { lowerCaseWords: string[]; spellingCandidates: number[]; places: PlaceReading };

/** An article read block by block, with the block rules' drafts in reading order. */
export type ArticleReading = BlockDrafts & {
  blocks: TextBlock[];
  lowerCaseWords: Set<string>;
  /** Each block's tokens the spelling rule must weigh (`spellingCandidates`), in the order of `blocks`. */
  spellingCandidates: number[][];
  /** Each block's `placeReading`, in the order of `blocks`. */
  places: PlaceReading[];
};

/** A block's spell-checkable lower-case words, normalised. */
export function lowerCaseWordsOf(block: TextBlock): string[] {
  const words: string[] = [];
  for (const token of block.tokens) if (isSpellCheckable(block, token)) words.push(normaliseWord(token.text));
  return words;
}

const draftBytes = (draft: Draft) => 160 + 2 * (draft.message.length + draft.text.length + (draft.suggestion?.length ?? 0) + draft.scope.length);

/** Bytes a paragraph's work holds, roughly: the key, its tokens, words and drafts. */
function sizeOf(key: string, work: ParagraphWork): number {
  let bytes = 200 + 2 * key.length + 40 * work.codeSpans.length + 8 * (work.spellingCandidates.length + work.places.candidates.length);
  for (const country of work.places.countries) bytes += 40 + 2 * country.length;
  for (const token of work.tokens) bytes += 120 + 2 * (token.text.length + token.gapBefore.length);
  for (const word of work.lowerCaseWords) bytes += 40 + 2 * word.length;
  for (const draft of [...work.grammar, ...work.doubled, ...work.typing]) bytes += draftBytes(draft);
  return bytes;
}

/** 8 MB: some eight 5,000-word articles' paragraphs (about 1 MB each, by the estimate above). */
export const DEFAULT_PARAGRAPH_CACHE_BYTES = 8 * 1024 * 1024;

/** The drafts, located in `block` (fresh objects, so what a check returns never aliases the cache). */
function located(drafts: Draft[], block: TextBlock): Draft[] {
  return drafts.map((draft) => ({ ...draft, location: { ...draft.location, fieldKey: block.fieldKey, block: block.blockIndex } }));
}

export class ParagraphCache {
  private readonly cache: BoundedCache<ParagraphWork>;

  constructor(
    private readonly speller: Speller,
    private readonly gazetteer: Gazetteer,
    maxBytes = DEFAULT_PARAGRAPH_CACHE_BYTES,
  ) {
    this.cache = new BoundedCache(maxBytes, sizeOf);
  }

  get bytes(): number {
    return this.cache.bytes;
  }

  /** The fields' blocks and what each one's text decides, from the cache where it holds them. */
  read(fields: CheckField[]): ArticleReading {
    const reading: ArticleReading = { blocks: [], lowerCaseWords: new Set(), spellingCandidates: [], places: [], grammar: [], doubled: [], typing: [] };
    fields.forEach((field, fieldIndex) => {
      field.blocks.forEach((text, blockIndex) => {
        const key = `${field.kind}\u0000${text}`;
        const cached = this.cache.get(key);
        const base = { fieldIndex, fieldKey: field.key, fieldKind: field.kind, blockIndex, text };
        // Tokens are shared between checks and blocks of the same text: no rule writes to them.
        const block: TextBlock = { ...base, ...(cached ?? readBlock(text, field.kind)) };
        const work = cached ?? this.work(block);
        if (!cached) this.cache.set(key, work);
        reading.blocks.push(block);
        reading.spellingCandidates.push(work.spellingCandidates);
        reading.places.push(work.places);
        for (const word of work.lowerCaseWords) reading.lowerCaseWords.add(word);
        reading.grammar.push(...located(work.grammar, block));
        reading.doubled.push(...located(work.doubled, block));
        reading.typing.push(...located(work.typing, block));
      });
    });
    return reading;
  }

  /**
   * Where the grammar and doubled-word rules' drafts are, in reading order (the grammar checker
   * does not say them twice). Asked after a check read the same fields: its blocks are cached,
   * and a re-check is spared building a whole reading again.
   */
  fastGrammarLocations(fields: CheckField[]): Location[] {
    const grammar: Location[] = [];
    const doubled: Location[] = [];
    for (const field of fields) {
      for (const [blockIndex, text] of field.blocks.entries()) {
        const work = this.cache.get(`${field.kind}\u0000${text}`);
        if (!work) {
          const reading = this.read(fields);
          return [...reading.grammar, ...reading.doubled].map((draft) => draft.location);
        }
        for (const draft of work.grammar) grammar.push({ ...draft.location, fieldKey: field.key, block: blockIndex });
        for (const draft of work.doubled) doubled.push({ ...draft.location, fieldKey: field.key, block: blockIndex });
      }
    }
    return [...grammar, ...doubled];
  }

  private work(block: TextBlock): ParagraphWork {
    const { tokens, titleCase, codeSpans } = block;
    return {
      tokens,
      titleCase,
      codeSpans,
      lowerCaseWords: lowerCaseWordsOf(block),
      spellingCandidates: spellingCandidates(block, this.speller),
      places: placeReading(block, this.gazetteer, this.speller),
      grammar: findGrammarSlips([block], this.speller),
      doubled: findDoubledWords([block]),
      typing: findTypingSlips([block]),
    };
  }
}
