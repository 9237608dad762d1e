import "server-only";
import { BoundedCache } from "@/lib/factcheck/bounded-cache";
import type { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import { contributionOf, type NameContribution } from "@/lib/factcheck/name-index";
import { addInformativeForms, analyseNames } from "@/lib/factcheck/names";
import { lowerCaseWordsOf } from "@/lib/factcheck/paragraphs";
import type { Speller } from "@/lib/factcheck/speller";
import { tokenizeFields, type TextBlock } from "@/lib/factcheck/tokenize";
import type { CheckField, CheckFieldKind } from "@/lib/factcheck/types";

// How an archive article is read (lib/factcheck/fact-checker.ts, archiveContributionOf): its text
// on its own evidence, each credit on its own. A save sends the whole article each time (one
// caption of 500 changed, say), and reading 5,000 words again cost 35–180 ms of a worker's time
// per save; kept per block here, a save reads again only the blocks it changed.
//
// A block's reading is not its own alone: a capitalised word at a sentence start ("Phoenix …") is
// a name only if the article uses it as one somewhere else. So each block keeps what it tells the
// others (its informative forms, which depend on nothing else) and its reading together with what
// that reading assumed (which of its other capitalised forms the rest of the article made names).
// When the article's informative forms change what a block assumed, that block is read again. The
// result is the whole-article analysis exactly, in the same order (tests compare them).

export interface ArchiveParts {
  text: NameContribution;
  credits: NameContribution[];
}

const knowledgeOf = (speller: Speller, isKnownName: (form: string) => boolean) => ({
  isCommonWord: (word: string) => speller.isCommonWord(word),
  isDictionaryName: (word: string) => speller.isDictionaryName(word),
  isKnownName,
});

/** What some fields contribute, read on their own evidence (plus the house dictionary). */
export function analyseArchiveFields(fields: CheckField[], speller: Speller, house: HouseDictionary): NameContribution {
  const blocks = tokenizeFields(fields);
  // Archive articles are read on their own evidence (plus the house dictionary), so the index
  // does not depend on the order articles were added in.
  const names = analyseNames(blocks, knowledgeOf(speller, (form) => house.isName(form)));
  const words = new Set<string>();
  for (const block of blocks) for (const word of lowerCaseWordsOf(block)) words.add(word);
  return contributionOf(names, words);
}

/** The whole-article reading (no memo): the text, and each credit on its own. */
export function archiveParts(fields: CheckField[], speller: Speller, house: HouseDictionary): ArchiveParts {
  return {
    text: analyseArchiveFields(fields.filter((field) => field.kind !== "credit"), speller, house),
    credits: fields.filter((field) => field.kind === "credit").map((field) => analyseArchiveFields([field], speller, house)),
  };
}

/** One text block, kept: what it tells the other blocks, and its reading under `assumed`. */
type BlockEntry = {
  kind: "block";
  informative: string[];
  /** Its capitalised forms that are not informative here: other blocks may make them names. */
  dependent: string[];
  /** The dependent forms that were names elsewhere when it was read, joined. */
  assumed: string;
  /** Capitalised forms in order of first occurrence, and whether each stood alone / was a name once. */
  forms: string[];
  standalone: boolean[];
  asName: boolean[];
  ngrams: string[];
  words: string[];
};

type CreditEntry = { kind: "credit"; contribution: NameContribution };

type Entry = BlockEntry | CreditEntry;

const stringsBytes = (list: Iterable<string>) => {
  let bytes = 0;
  for (const item of list) bytes += 40 + item.length * 2;
  return bytes;
};

function sizeOf(key: string, entry: Entry): number {
  let bytes = 200 + key.length * 2;
  if (entry.kind === "credit") {
    const c = entry.contribution;
    return bytes + stringsBytes(c.capitalised.keys()) + stringsBytes(c.names) + stringsBytes(c.ngrams.keys()) + stringsBytes(c.words);
  }
  bytes += stringsBytes(entry.informative) + stringsBytes(entry.dependent) + entry.assumed.length * 2;
  bytes += stringsBytes(entry.forms) + 16 * entry.forms.length + stringsBytes(entry.ngrams) + stringsBytes(entry.words);
  return bytes;
}

/** 4 MB: some four 5,000-word, 500-caption articles' blocks (about 1 MB each, by the estimate above). */
export const DEFAULT_ANALYSIS_MEMO_BYTES = 4 * 1024 * 1024;

const blockKey = (kind: CheckFieldKind, text: string) => `${kind}\u0000${text}`;
const creditKey = (field: CheckField) => `credit\u0000${field.blocks.join("\u0001")}`;

/**
 * The archive reading of articles, kept per block for one speller and house dictionary (a new
 * house dictionary needs a new memo), bounded in bytes; dropping it costs only time.
 */
export class ArchiveAnalysisMemo {
  private readonly cache: BoundedCache<Entry>;

  constructor(
    private readonly speller: Speller,
    private readonly house: HouseDictionary,
    maxBytes = DEFAULT_ANALYSIS_MEMO_BYTES,
  ) {
    this.cache = new BoundedCache<Entry>(maxBytes, sizeOf);
  }

  get bytes(): number {
    return this.cache.bytes;
  }

  /** What `archiveParts` gives for these fields, reading only blocks not read before. */
  parts(fields: CheckField[]): ArchiveParts {
    return {
      text: this.text(fields.filter((field) => field.kind !== "credit")),
      credits: fields.filter((field) => field.kind === "credit").map((field) => this.credit(field)),
    };
  }

  private credit(field: CheckField): NameContribution {
    const key = creditKey(field);
    const kept = this.cache.get(key);
    if (kept?.kind === "credit") return kept.contribution;
    const contribution = analyseArchiveFields([field], this.speller, this.house);
    this.cache.set(key, { kind: "credit", contribution });
    return contribution;
  }

  private text(fields: CheckField[]): NameContribution {
    const knowledge = knowledgeOf(this.speller, (form) => this.house.isName(form));
    // 1. Every block's informative forms: kept, or read now (its tokens held for step 2).
    const blocks: Array<{ key: string; kind: CheckFieldKind; text: string; entry: BlockEntry | null; read?: TextBlock; informative: string[] }> = [];
    const informative = new Set<string>();
    for (const field of fields) {
      for (const text of field.blocks) {
        const key = blockKey(field.kind, text);
        const kept = this.cache.get(key);
        const entry = kept?.kind === "block" ? kept : null;
        if (entry) {
          for (const form of entry.informative) informative.add(form);
          blocks.push({ key, kind: field.kind, text, entry, informative: entry.informative });
          continue;
        }
        const read = tokenizeFields([{ key: field.key, kind: field.kind, blocks: [text] }])[0];
        const own = new Set<string>();
        addInformativeForms(read, knowledge, own);
        for (const form of own) informative.add(form);
        blocks.push({ key, kind: field.kind, text, entry: null, read, informative: [...own] });
      }
    }

    // 2. Each block's reading, given the article's informative forms (read again where they differ
    //    from what it assumed), merged in block order as one whole-article reading would be.
    const isName = (form: string) => informative.has(form) || this.house.isName(form);
    const articleKnowledge = knowledgeOf(this.speller, isName);
    const capitalised = new Map<string, boolean>();
    const asName = new Map<string, boolean>();
    const ngrams = new Map<string, string[]>();
    const words = new Set<string>();
    for (const block of blocks) {
      let entry = block.entry;
      if (!entry || assumedNames(entry.dependent, informative) !== entry.assumed) {
        entry = this.read(block.read ?? tokenizeFields([{ key: "", kind: block.kind, blocks: [block.text] }])[0], block.informative, informative, articleKnowledge);
        this.cache.set(block.key, entry);
      }
      entry.forms.forEach((form, index) => {
        capitalised.set(form, entry.standalone[index] || capitalised.get(form) === true);
        asName.set(form, entry.asName[index] || asName.get(form) === true);
      });
      for (const key of entry.ngrams) if (!ngrams.has(key)) ngrams.set(key, key.split(" "));
      for (const word of entry.words) words.add(word);
    }
    const names = new Set<string>();
    for (const form of capitalised.keys()) if (asName.get(form)) names.add(form);
    return { capitalised, names, ngrams, words };
  }

  private read(block: TextBlock, own: string[], informative: ReadonlySet<string>, knowledge: ReturnType<typeof knowledgeOf>): BlockEntry {
    const names = analyseNames([block], knowledge);
    const ownSet = new Set(own);
    const forms: string[] = [];
    const standalone: boolean[] = [];
    const asName: boolean[] = [];
    const dependent: string[] = [];
    for (const [form, occurrences] of names.capitalised) {
      forms.push(form);
      standalone.push(occurrences.some((occurrence) => occurrence.standalone));
      asName.push(occurrences.some((occurrence) => occurrence.asName));
      if (!ownSet.has(form)) dependent.push(form);
    }
    return {
      kind: "block",
      informative: own,
      dependent,
      assumed: assumedNames(dependent, informative),
      forms,
      standalone,
      asName,
      ngrams: [...names.ngrams.keys()],
      words: [...new Set(lowerCaseWordsOf(block))],
    };
  }
}

/** Which of a block's dependent forms the article's informative forms make names (its reading depends on that alone). */
function assumedNames(dependent: readonly string[], informative: ReadonlySet<string>): string {
  let assumed = "";
  for (const form of dependent) if (informative.has(form)) assumed += `${form}\u0000`;
  return assumed;
}
