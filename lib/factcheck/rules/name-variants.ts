// One name, two spellings. A capitalised word or name phrase is compared with its near variants in
// the same article, in the archive and in the house dictionary; the spelling with less behind it
// is the suspect. Two comparisons:
//   - phrases: the same neighbours around a word one slip away ("State de France" / "Stade de
//     France", "Alaine Roche" / "Alain Roche"). The neighbours make even a dictionary word suspect.
//   - single words the dictionary does not know ("Phonenix" / "Phoenix").

import { ArticleNearForms } from "@/lib/factcheck/article-near-forms";
import { isInflection, withinNameEdits, withoutAccents } from "@/lib/factcheck/edit-distance";
import type { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import type { ArchiveLookup, Exclusion } from "@/lib/factcheck/name-index";
import { MIN_VARIABLE_LENGTH, isVariablePart, ngramKey, skeletonKey, type ArticleNames, type CapitalisedOccurrence, type Ngram, type NgramOccurrence } from "@/lib/factcheck/names";
import { describeField, type Draft, type EvidenceSource } from "@/lib/factcheck/rules/draft";
import type { Speller } from "@/lib/factcheck/speller";
import type { FindingFix, Location } from "@/lib/factcheck/types";

export type NameRuleContext = {
  names: ArticleNames;
  archive: ArchiveLookup;
  excluded?: Exclusion;
  house: HouseDictionary;
  speller: Speller;
  /** Lower-case words of this article: a capitalised form also written in lower case is a word, not a name. */
  lowerCaseWords: ReadonlySet<string>;
  /** The gazetteer knows this as a place. */
  isPlace?: (form: string) => boolean;
  /**
   * The article's forms by deletion key, kept by the caller from one check to the next so that a
   * re-check re-keys only the forms that changed; a fresh one when absent.
   */
  articleForms?: ArticleNearForms;
};

/** What stands behind one spelling. */
type Evidence = {
  /** Occurrences in this article. */
  article: number;
  /** Archive articles using it. */
  archive: number;
  /** A canonical house spelling. */
  house: boolean;
  /** Listed in the house dictionary as a misspelling. */
  listedVariant: boolean;
  /** The dictionary has the differing word. */
  dictionary: boolean;
  /** … as a proper noun. */
  dictionaryName: boolean;
  /** … as an ordinary lower-case word. */
  common: boolean;
  /** Letters with diacritics in the differing word. */
  accents: number;
  /** The gazetteer has the differing word as a place. */
  place?: boolean;
  /** For a phrase: the same counts for the differing word on its own. */
  word?: { article: number; archive: number };
};

type Verdict = { confidence: number; basis: "house" | "counts" | "word-counts" | "accents" | "dictionary" | "tie" };

/** Which independent sources favour the other spelling over the suspect. */
function sourcesOf(suspect: Evidence, other: Evidence, verdict: Verdict): EvidenceSource[] {
  const sources = new Set<EvidenceSource>();
  // A listed misspelling is the editors' own decision: the house dictionary names both the right
  // spelling and this wrong one.
  if (suspect.listedVariant) return ["house", "house-misspelling"];
  if (other.house) sources.add("house");
  const word = verdict.basis === "word-counts" && suspect.word && other.word;
  if (other.article > suspect.article || (word && other.word!.article > suspect.word!.article)) sources.add("article");
  if (other.archive > suspect.archive || (word && other.word!.archive > suspect.word!.archive)) sources.add("archive");
  if (!suspect.dictionary && (other.dictionaryName || (other.dictionary && !other.common))) sources.add("dictionary");
  if (other.place && !suspect.place) sources.add("gazetteer");
  return [...sources];
}

type Position = { block: { fieldIndex: number; blockIndex: number }; from: number };

/** Reading order: is `a` before `b`? */
function before(a: Position, b: Position): boolean {
  return (a.block.fieldIndex - b.block.fieldIndex || a.block.blockIndex - b.block.blockIndex || a.from - b.from) < 0;
}

type Level = "phrase" | "word";

/** How the two spellings relate: the varied word is a given name ("Mohamed Salah"). */
type Pair = { givenName: boolean };

const MAX_OTHER_LOCATIONS = 5;

/** A tie is worth a look (below "possible", 0.6) and still over the default threshold (0.5). */
const TIE_CONFIDENCE = 0.5;

/** Letters with diacritics: "Pogačar" has one. */
export function accentCount(text: string): number {
  return withoutAccents(text) === text ? 0 : text.normalize("NFD").replace(/[^\p{M}]/gu, "").length;
}

/** Who has clearly more behind it: at least twice as much, and at least two. */
function clearlyMore(mine: number, theirs: number): boolean {
  return mine >= 2 * theirs && mine >= 2;
}

/**
 * One word, no shared neighbours, seen only in other articles: a big archive holds a near
 * neighbour for many names ("Angele" / "Angela"). Only a one-off against a well-used spelling
 * can be a slip. (Decidable from the other spelling's archive count alone, so compareWords asks
 * it before weighing anything else about that spelling.)
 */
function archiveOnlyCanOutweigh(suspect: Pick<Evidence, "article" | "archive">, otherArchive: number): boolean {
  return suspect.article <= 1 && otherArchive >= 4 * Math.max(1, suspect.article + suspect.archive);
}

/**
 * Is the suspect spelling the wrong one, and how sure are we? Null when it is probably right or
 * nothing tells the two apart.
 */
function judge(suspect: Evidence, other: Evidence, level: Level, pair: Pair): Verdict | null {
  if (suspect.house && !suspect.listedVariant) return null;
  if (other.house) {
    const confidence = suspect.listedVariant ? 0.96 : level === "phrase" ? 0.9 : 0.85;
    return { confidence, basis: "house" };
  }
  // A real place spelt as the gazetteer spells it ("Porth", a town in Wales) beside a name that
  // is no place, or a place only as an ordinary word ("North" is a region of Cameroon): two
  // names, however often the other is used. Counts alone never make a correct place an error.
  if (suspect.place && !(other.place && !other.common)) return null;
  const suspectSupport = suspect.article + suspect.archive;
  const otherSupport = other.article + other.archive;
  const onlyArchive = other.article === 0;
  if (level === "word" && onlyArchive && !archiveOnlyCanOutweigh(suspect, other.archive)) return null;
  if (clearlyMore(otherSupport, suspectSupport)) {
    let confidence = level === "phrase" ? 0.74 : onlyArchive ? 0.56 : 0.66;
    confidence += 0.07 * Math.log2(otherSupport / Math.max(1, suspectSupport));
    if (!suspect.dictionary && other.dictionary) confidence += 0.05;
    if (suspect.dictionary) confidence -= 0.06;
    // Written the same way several times in this article: more likely a different name.
    if (suspect.article >= 2) confidence -= 0.1;
    const cap = level === "word" && onlyArchive ? 0.62 : 0.98;
    return { confidence: Math.min(confidence, cap), basis: "counts" };
  }
  if (clearlyMore(suspectSupport, otherSupport)) return null;
  // Comparable support. Several uses of each spelling are two names, not one misspelt.
  if (suspectSupport > 2 || otherSupport > 3) return null;
  // The differing word on its own may still decide: "Jasprit Bumrah" and "Jasprit Bumbrah" once
  // each, but "Bumrah" once more elsewhere.
  // Not for given names: "Mohammed" elsewhere is usually somebody else.
  if (suspect.word && other.word && !pair.givenName) {
    const suspectWord = suspect.word.article + suspect.word.archive;
    const otherWord = other.word.article + other.word.archive;
    if (clearlyMore(otherWord, suspectWord)) {
      return { confidence: Math.min(0.8, 0.68 + 0.05 * Math.log2(otherWord / Math.max(1, suspectWord))), basis: "word-counts" };
    }
    if (clearlyMore(suspectWord, otherWord)) return null;
  }
  // Accents get dropped by keyboards and habit far more often than added by mistake; but when
  // each form is used twice or more (for a phrase: its differing word on its own, here or in the
  // archive) they are two words, as Irish "Garda" and "Gardaí" are, not one misspelt.
  if (suspect.accents !== other.accents) {
    const used = (evidence: Evidence) =>
      level === "phrase" ? (evidence.word ? evidence.word.article + evidence.word.archive : 0) : evidence.article + evidence.archive;
    if (used(suspect) >= 2 && used(other) >= 2) return null;
    return other.accents > suspect.accents ? { confidence: level === "phrase" ? 0.68 : 0.6, basis: "accents" } : null;
  }
  // The dictionary's proper nouns (places, bands, well-known names) are evidence for a name
  // standing alone: "Phonenix" is nothing, "Phoenix" a name. A part of a longer name may be any
  // word ("Edmund de Waal" / "de Wall", "Red Hot Chilli" / "Chili"), and given names come in many
  // real spellings (Mohamed / Mohammed, Mikey / Mickey): there the dictionary says little.
  // Inside a longer name, only a proper noun that is no ordinary word counts ("Cape Canaveral").
  const counts = (evidence: Evidence) => evidence.dictionaryName && (level === "word" || (!pair.givenName && !evidence.common));
  if (!suspect.dictionary && counts(other)) return { confidence: level === "phrase" ? 0.7 : 0.62, basis: "dictionary" };
  if (counts(suspect) && !other.dictionary) return null;
  // Nothing decides between one use of each. One of them is wrong, but which is anyone's guess:
  // one finding naming both (tieDraft), worth a look, never a likely error.
  if (suspect.article === 1 && other.article === 1 && suspect.archive === 0 && other.archive === 0) {
    return { confidence: TIE_CONFIDENCE, basis: "tie" };
  }
  return null;
}

const innerCapitals = (form: string) => form.slice(1).replace(/[^\p{Lu}]/gu, "").length;

/** Two spellings one slip apart (within the name edits, not an inflection, same inner capitals). */
export function isNearVariant(a: string, b: string): boolean {
  // A capital gained or lost inside the word ("SpaceX" / "Space") is a different name, not a slip.
  if (innerCapitals(a) !== innerCapitals(b)) return false;
  return withinNameEdits(a, b) && !isInflection(a, b);
}

function locationOf(occurrence: { block: { fieldKey: string; blockIndex: number }; from: number; to: number }): Location {
  return { fieldKey: occurrence.block.fieldKey, block: occurrence.block.blockIndex, from: occurrence.from, to: occurrence.to };
}

function times(count: number): string {
  return count === 1 ? "once" : count === 2 ? "twice" : `${count} times`;
}

function articles(count: number): string {
  return count === 1 ? "1 archive article" : `${count} archive articles`;
}

function explain(
  text: string,
  suggestion: string,
  suspect: Evidence,
  other: Evidence,
  verdict: Verdict,
  where: string | undefined,
  differing: { suspect: string; other: string },
): { rule: Draft["rule"]; message: string } {
  if (verdict.basis === "house") {
    return {
      rule: "house-dictionary",
      message: suspect.listedVariant
        ? `The house dictionary spells it "${suggestion}"; "${text}" is a known misspelling.`
        : `The house dictionary spells it "${suggestion}".`,
    };
  }
  const rule = other.article > 0 ? "name-variant" : "archive-variant";
  const inArticle = where ? `This article spells it "${suggestion}" ${where}` : `The archive spells it "${suggestion}"`;
  let reason: string;
  if (verdict.basis === "counts") {
    const parts: string[] = [];
    if (other.article > 0) parts.push(`"${suggestion}" appears ${times(other.article)} in this article`);
    if (other.archive > 0) parts.push(`${other.article > 0 ? "and in" : "in"} ${articles(other.archive)}`);
    const suspectParts = [`"${text}" ${suspect.article > 1 ? times(suspect.article) : "once"} here`];
    if (suspect.archive > 0) suspectParts.push(`in ${articles(suspect.archive)}`);
    reason = `${parts.join(" ")}; ${suspectParts.join(", ")}.`;
  } else if (verdict.basis === "word-counts") {
    reason = `Both spellings appear, but "${differing.other}" is used more often on its own.`;
  } else if (verdict.basis === "accents") {
    reason = `The two differ only in accents, which are dropped by mistake far more often than added.`;
  } else {
    reason = `Both spellings appear once or twice; the dictionary has "${differing.other}", not "${differing.suspect}".`;
  }
  return { rule, message: `${inArticle}. ${reason}` };
}

/**
 * A tie's one finding. It stands on the later spelling, but suggests neither: each spelling is a
 * fix the editor may choose (the later rewritten as the earlier, or the earlier as the later).
 * Without a `suggestion`, nothing downstream (Fix everywhere, the dictionary) takes one for right.
 */
function tieDraft(later: FindingFix, earlier: FindingFix, sources: EvidenceSource[]): Draft {
  return {
    rule: "name-variant",
    confidence: TIE_CONFIDENCE,
    message: `${earlier.text} or ${later.text}? Both spellings appear once, and nothing here says which is right: choose one.`,
    text: later.text,
    location: later.location,
    otherLocations: [earlier.location],
    alternatives: [later, earlier],
    scope: "",
    sources,
  };
}

function otherPlace(locations: Location[], fieldKinds: Map<string, string>): string | undefined {
  const first = locations[0];
  if (!first) return undefined;
  return describeField(fieldKinds.get(first.fieldKey) ?? "body", first.fieldKey);
}

/**
 * Keeps, for each suspect word, the most confident finding; on a tie the one with more context.
 * Only the kept draft is written (`draft` is called once per span at the end): a name used 500
 * times with ten near variants weighs ten verdicts per use, not ten messages.
 */
type Keep = (key: string, confidence: number, contextParts: number, draft: () => Draft) => void;

export function findNameVariants(context: NameRuleContext, fieldKinds: Map<string, string>): Draft[] {
  const best = new Map<string, { confidence: number; contextParts: number; draft: () => Draft }>();
  const keep: Keep = (key, confidence, contextParts, draft) => {
    const existing = best.get(key);
    if (
      !existing ||
      confidence > existing.confidence + 1e-9 ||
      (Math.abs(confidence - existing.confidence) <= 1e-9 && contextParts > existing.contextParts)
    ) {
      best.set(key, { confidence, contextParts, draft });
    }
  };
  const facts = new FormFacts(context);
  comparePhrases(context, facts, fieldKinds, keep);
  compareWords(context, facts, fieldKinds, keep);
  return [...best.values()].map(({ draft }) => draft());
}

type FormKnowledge = Omit<Evidence, "article" | "listedVariant" | "word">;

/**
 * What one check knows of a form apart from how often this article uses it (archive counts, the
 * dictionaries, the gazetteer), asked once however many pairs the form is in: a form is the
 * suspect of one comparison and the other spelling in each of its neighbours'. Each answer is
 * asked only when first needed, so the archive is asked what it was asked before, no more.
 */
class FormFacts {
  private readonly nameCounts = new Map<string, number>();
  private readonly knowledge = new Map<string, FormKnowledge>();
  private readonly support = new Map<string, { article: number; archive: number }>();

  constructor(private readonly context: NameRuleContext) {}

  nameCount(form: string): number {
    let count = this.nameCounts.get(form);
    if (count === undefined) this.nameCounts.set(form, (count = this.context.archive.nameCount(form, this.context.excluded)));
    return count;
  }

  wordEvidence(form: string, article: number, listed: boolean): Evidence {
    let known = this.knowledge.get(form);
    if (!known) {
      const { isPlace, house, speller } = this.context;
      known = {
        place: isPlace?.(form),
        archive: this.nameCount(form),
        house: house.isName(form),
        dictionary: speller.isWord(form),
        dictionaryName: speller.isDictionaryName(form),
        common: speller.isCommonWord(form),
        accents: accentCount(form),
      };
      this.knowledge.set(form, known);
    }
    return { ...known, article, listedVariant: listed };
  }

  /**
   * The varied word used on its own ("Bumrah" after "Jasprit Bumrah"). Archive uses count only for
   * words that are not also ordinary words: "Wall" elsewhere is rarely the same name.
   */
  wordSupport(form: string): { article: number; archive: number } {
    let support = this.support.get(form);
    if (!support) {
      support = {
        article: this.context.names.capitalised.get(form)?.length ?? 0,
        archive: this.context.speller.isCommonWord(form) ? 0 : this.nameCount(form),
      };
      this.support.set(form, support);
    }
    return support;
  }
}

/**
 * One pair's message for each way the suspect is written (a phrase may be spaced differently):
 * written once, not once per use.
 */
function messages(explainText: (text: string, suggestion: string) => { rule: Draft["rule"]; message: string }) {
  const written = new Map<string, { rule: Draft["rule"]; message: string }>();
  return (text: string, suggestion: string) => {
    let explained = written.get(text);
    if (!explained) written.set(text, (explained = explainText(text, suggestion)));
    return explained;
  };
}

function comparePhrases(context: NameRuleContext, facts: FormFacts, fieldKinds: Map<string, string>, keep: Keep) {
  const { names, archive, excluded, house, speller } = context;
  const articleSkeletons = new Map<string, Map<string, Ngram>>();
  for (const ngram of names.ngrams.values()) {
    ngram.forms.forEach((form, position) => {
      if (!isVariablePart(form, ngram.roles[position])) return;
      const skeleton = skeletonKey(ngram.forms, position);
      const variants = articleSkeletons.get(skeleton) ?? new Map<string, Ngram>();
      variants.set(form, ngram);
      articleSkeletons.set(skeleton, variants);
    });
  }

  for (const ngram of names.ngrams.values()) {
    ngram.forms.forEach((suspectForm, position) => {
      if (!isVariablePart(suspectForm, ngram.roles[position])) return;
      const skeleton = skeletonKey(ngram.forms, position);
      const alternatives = new Set<string>([
        ...(articleSkeletons.get(skeleton)?.keys() ?? []),
        ...archive.skeletonVariants(skeleton, suspectForm),
        ...house.names.skeletonVariants(skeleton),
      ]);
      // The suspect's side is the same against every alternative: weighed at the first that needs it.
      let suspect: Evidence | undefined;
      for (const otherForm of alternatives) {
        if (otherForm === suspectForm || !isNearVariant(suspectForm, otherForm)) continue;
        const suspectIsWord = speller.isWord(suspectForm);
        const otherIsWord = speller.isWord(otherForm);
        // Two ordinary English words ("Grand Hotel" / "Grand Motel") are more likely two names
        // than a slip; two dictionary names ("Micheal" / "Michael") are judged on the counts.
        if (speller.isCommonWord(suspectForm) && speller.isCommonWord(otherForm)) continue;
        const otherForms = ngram.forms.map((form, i) => (i === position ? otherForm : form));
        const otherKey = ngramKey(otherForms);
        const otherNgram = names.ngrams.get(otherKey);
        suspect ??= {
          article: ngram.occurrences.length,
          archive: archive.ngramCount(ngram.key, excluded),
          house: house.names.ngramCount(ngram.key) > 0,
          listedVariant: house.isListedVariant(ngram.key),
          dictionary: suspectIsWord,
          dictionaryName: speller.isDictionaryName(suspectForm),
          common: speller.isCommonWord(suspectForm),
          accents: accentCount(suspectForm),
          // The whole name as a place: "Stade" alone is a German town, "Stade de France" is none.
          place: context.isPlace?.(ngram.key),
          word: facts.wordSupport(suspectForm),
        };
        const other: Evidence = {
          article: otherNgram?.occurrences.length ?? 0,
          archive: archive.ngramCount(otherKey, excluded),
          house: house.names.ngramCount(otherKey) > 0,
          listedVariant: false,
          dictionary: otherIsWord,
          dictionaryName: speller.isDictionaryName(otherForm),
          common: speller.isCommonWord(otherForm),
          accents: accentCount(otherForm),
          place: context.isPlace?.(otherKey),
          word: facts.wordSupport(otherForm),
        };
        // "Mohamed Salah": the first of two or three name parts, followed by another name.
        const givenName = position === 0 && ngram.forms.length <= 3 && ngram.roles[1] === "name";
        const verdict = judge(suspect, other, "phrase", { givenName });
        if (!verdict) continue;
        // A tie is one finding, on the later of the two spellings, naming both.
        if (verdict.basis === "tie" && otherNgram && before(ngram.occurrences[0], otherNgram.occurrences[0])) continue;
        const judged = suspect;
        const sources = sourcesOf(judged, other, verdict);
        // The phrase as it stands at one use, with the varied word written as `form`.
        const rewritten = (occurrence: NgramOccurrence, form: string): FindingFix => {
          const text = occurrence.block.text.slice(occurrence.from, occurrence.to);
          const part = occurrence.parts[position];
          return { location: locationOf(occurrence), text, suggestion: text.slice(0, part.from - occurrence.from) + form + text.slice(part.to - occurrence.from) };
        };
        if (verdict.basis === "tie" && otherNgram) {
          const [later, earlier] = [ngram.occurrences[0], otherNgram.occurrences[0]];
          keep(`${later.block.fieldIndex}:${later.block.blockIndex}:${later.parts[position].from}`, verdict.confidence, ngram.forms.length, () =>
            tieDraft(rewritten(later, otherForm), rewritten(earlier, suspectForm), sources),
          );
          continue;
        }
        const otherLocations = (otherNgram?.occurrences ?? []).slice(0, MAX_OTHER_LOCATIONS).map(locationOf);
        const explained = messages((text, suggestion) =>
          explain(text, suggestion, judged, other, verdict, otherPlace(otherLocations, fieldKinds), { suspect: suspectForm, other: otherForm }),
        );
        const draftAt = (occurrence: NgramOccurrence): Draft => {
          const { text, suggestion } = rewritten(occurrence, otherForm);
          const { rule, message } = explained(text, suggestion);
          return {
            rule,
            confidence: verdict.confidence,
            message,
            text,
            suggestion,
            location: locationOf(occurrence),
            otherLocations: otherLocations.length > 0 ? otherLocations : undefined,
            scope: "",
            sources,
          };
        };
        for (const occurrence of ngram.occurrences) {
          keep(`${occurrence.block.fieldIndex}:${occurrence.block.blockIndex}:${occurrence.parts[position].from}`, verdict.confidence, ngram.forms.length, () => draftAt(occurrence));
        }
      }
    });
  }
}

/**
 * Whether a capitalised form is compared with its near variants at all: one the dictionary, the
 * house dictionary or a digit already accounts for never is. The archive's read-ahead asks for
 * near variants of these forms only (lib/factcheck/archive-store.ts), so both use this test.
 */
export function isNearVariantSuspect(form: string, speller: Speller, house: HouseDictionary): boolean {
  return form.length >= MIN_VARIABLE_LENGTH && !speller.isWord(form) && !house.isName(form) && !/\p{N}/u.test(form);
}

function compareWords(context: NameRuleContext, facts: FormFacts, fieldKinds: Map<string, string>, keep: Keep) {
  const { names, archive, house, speller } = context;
  const articleForms = context.articleForms ?? new ArticleNearForms();
  articleForms.update(names.capitalised.keys());

  for (const [suspectForm, occurrences] of names.capitalised) {
    if (!isNearVariantSuspect(suspectForm, speller, house)) continue;
    // Capitalised only where a sentence starts, and written in lower case elsewhere here: a word
    // ("Gardaí arrived…" beside "gardaí said"), not a name to compare with names.
    if (occurrences.every((occurrence) => occurrence.positional) && context.lowerCaseWords.has(suspectForm.toLowerCase())) continue;
    const candidates = new Set<string>([...archive.nearForms(suspectForm), ...house.names.nearForms(suspectForm)]);
    for (const form of articleForms.sharingKeys(suspectForm)) candidates.add(form);
    const suspectStandalone = occurrences.some((occurrence) => occurrence.standalone);
    // Weighed in full only when a candidate gets as far as the judge: most never do.
    const uses = { article: occurrences.length, archive: facts.nameCount(suspectForm) };
    let suspectEvidence: Evidence | undefined;
    for (const otherForm of candidates) {
      if (!isNearVariant(suspectForm, otherForm)) continue;
      const otherOccurrences = names.capitalised.get(otherForm) ?? [];
      const inHouse = house.isName(otherForm);
      // An ordinary word capitalised only by its place ("Still, negotiators…") is no name to
      // compare with, unless the dictionary or the archive knows it as one ("Phoenix performs…").
      const otherIsName =
        inHouse ||
        otherOccurrences.length === 0 ||
        otherOccurrences.some((o) => o.asName) ||
        speller.isDictionaryName(otherForm) ||
        facts.nameCount(otherForm) > 0;
      if (!otherIsName) continue;
      // Inside longer names on both sides ("Jagger Eaton" / "Easton Park"): different names; when
      // they share neighbours the phrase comparison has judged them.
      const otherStandalone = inHouse || otherOccurrences.some((o) => o.standalone);
      if (!suspectStandalone && !otherStandalone) continue;
      // In the archive only: it must be used there as a name, not just capitalised by position,
      // and the suspect must stand alone: "Washington Sundar" is not a slip for "Sunday".
      if (otherOccurrences.length === 0 && !inHouse) {
        if (!suspectStandalone || facts.nameCount(otherForm) < 2) continue;
        // Most candidates are such archive forms; judge would turn these away unweighed.
        if (!archiveOnlyCanOutweigh(uses, facts.nameCount(otherForm))) continue;
      }
      const suspect = (suspectEvidence ??= facts.wordEvidence(suspectForm, occurrences.length, house.isListedVariant(suspectForm)));
      const other = facts.wordEvidence(otherForm, otherOccurrences.length, false);
      const verdict = judge(suspect, other, "word", { givenName: false });
      if (!verdict) continue;
      if (verdict.basis === "tie" && otherOccurrences.length > 0 && before(occurrences[0], otherOccurrences[0])) continue;
      const sources = sourcesOf(suspect, other, verdict);
      if (verdict.basis === "tie" && otherOccurrences.length > 0) {
        const [later, earlier] = [occurrences[0], otherOccurrences[0]];
        const fix = (occurrence: CapitalisedOccurrence, form: string): FindingFix => ({
          location: locationOf(occurrence),
          text: occurrence.block.text.slice(occurrence.from, occurrence.to),
          suggestion: form,
        });
        keep(`${later.block.fieldIndex}:${later.block.blockIndex}:${later.from}`, verdict.confidence, 1, () => tieDraft(fix(later, otherForm), fix(earlier, suspectForm), sources));
        continue;
      }
      const otherLocations = otherOccurrences.slice(0, MAX_OTHER_LOCATIONS).map(locationOf);
      const explained = messages((text) =>
        explain(text, otherForm, suspect, other, verdict, otherPlace(otherLocations, fieldKinds), { suspect: suspectForm, other: otherForm }),
      );
      const draftAt = (occurrence: CapitalisedOccurrence): Draft => {
        const text = occurrence.block.text.slice(occurrence.from, occurrence.to);
        const { rule, message } = explained(text, otherForm);
        return {
          rule,
          confidence: verdict.confidence,
          message,
          text,
          suggestion: otherForm,
          location: locationOf(occurrence),
          otherLocations: otherLocations.length > 0 ? otherLocations : undefined,
          scope: "",
          sources,
        };
      };
      for (const occurrence of occurrences) {
        keep(`${occurrence.block.fieldIndex}:${occurrence.block.blockIndex}:${occurrence.from}`, verdict.confidence, 1, () => draftAt(occurrence));
      }
    }
  }
}
