// How a check's drafts become findings: calibrated by their sources, filtered by confidence, one
// per span, fingerprinted and in the order the desk lists them. Plain functions with no engine
// behind them, so the grammar findings (from their own worker thread) are ranked the same way
// where they meet the name findings (lib/factcheck/pool.ts).

import type { Draft } from "@/lib/factcheck/rules/draft";
import type { CheckField, CheckOptions, Finding, FindingRule, Location, Severity } from "@/lib/factcheck/types";

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/**
 * Calibration: a name, spelling or place finding resting on one source of knowledge (only the
 * dictionary, only the archive…) is at most "worth a look"; "likely error" needs two.
 */
export const ONE_SOURCE_MAX_CONFIDENCE = 0.58;
const KNOWLEDGE_RULES = new Set<FindingRule>(["name-variant", "archive-variant", "house-dictionary", "spelling", "place"]);
/** Two sources agreeing make a finding the rule already rates at least "possible" a likely error. */
const TWO_SOURCES_MIN_CONFIDENCE = 0.8;

function calibrated(draft: Draft): number {
  const sources = new Set(draft.sources ?? []).size;
  if (sources < 2) return Math.min(draft.confidence, ONE_SOURCE_MAX_CONFIDENCE);
  return draft.confidence >= 0.6 ? Math.max(draft.confidence, TWO_SOURCES_MIN_CONFIDENCE) : draft.confidence;
}

// Rules that judge the words themselves: one finding per span, the most confident one.
const WORD_RULES = new Set<FindingRule>(["name-variant", "archive-variant", "house-dictionary", "spelling", "doubled-word", "place", "grammar"]);

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

/**
 * A tie names two spellings with neither as the suggestion, and which of them stands first (where
 * the finding is) may change with an edit: it is keyed by both, sorted, so Ignore outlasts that.
 */
function fingerprintOfDraft(draft: Omit<Draft, "scope" | "sources">, scope: string): string {
  if (draft.alternatives) return fingerprintOf([draft.rule, "tie", ...draft.alternatives.map((fix) => fix.suggestion).sort(), scope]);
  return fingerprintOf([draft.rule, draft.text, draft.suggestion ?? "", scope]);
}

/**
 * Spans within one block that do not overlap one another, sorted: "does this span overlap one of
 * them" is a binary search, so ranking stays O(n log n) however many findings one block holds.
 */
class DisjointSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Index of the last span starting before `to` (-1 if none). */
  private lastStartingBefore(to: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.starts[middle] < to) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  overlaps(from: number, to: number): boolean {
    const index = this.lastStartingBefore(to);
    return index >= 0 && this.ends[index] > from;
  }

  /** Adds a span that overlaps none already held. */
  add(from: number, to: number): void {
    const index = this.lastStartingBefore(to) + 1;
    this.starts.splice(index, 0, from);
    this.ends.splice(index, 0, to);
  }
}

/** Disjoint spans per key (a block, or a block and a fingerprint). */
class SpansByKey {
  private readonly spans = new Map<string, DisjointSpans>();
  overlaps(key: string, from: number, to: number): boolean {
    return this.spans.get(key)?.overlaps(from, to) ?? false;
  }
  add(key: string, from: number, to: number): void {
    let spans = this.spans.get(key);
    if (!spans) this.spans.set(key, (spans = new DisjointSpans()));
    spans.add(from, to);
  }
}

const blockKey = (location: Finding["location"]) => `${location.fieldKey}\u0000${location.block}`;

/** Ranked findings of `drafts` (see above): the one ranking every check uses. */
export function rankDrafts(drafts: Draft[], fields: CheckField[], options: CheckOptions): Finding[] {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const ignored = new Set(options.ignoredFingerprints ?? []);
  const fieldOrder = new Map(fields.map((field, index) => [field.key, index]));
  const byConfidence = drafts
    .map((draft) => (KNOWLEDGE_RULES.has(draft.rule) ? { ...draft, confidence: calibrated(draft) } : draft))
    .filter((draft) => draft.confidence >= minConfidence)
    .sort((a, b) => b.confidence - a.confidence);

  const kept: Finding[] = [];
  // Word findings may not overlap one another; the same finding may not stand twice on one span.
  const wordSpans = new SpansByKey();
  const sameFindingSpans = new SpansByKey();
  for (const { scope, sources, ...draft } of byConfidence) {
    void sources; // judged above; not part of what the desk sees
    const confidence = Math.round(draft.confidence * 100) / 100;
    const fingerprint = fingerprintOfDraft(draft, scope);
    if (ignored.has(fingerprint)) continue;
    const { from, to } = draft.location;
    const block = blockKey(draft.location);
    const isWordRule = WORD_RULES.has(draft.rule);
    if (isWordRule && wordSpans.overlaps(block, from, to)) continue;
    const sameKey = `${block}\u0000${fingerprint}`;
    if (sameFindingSpans.overlaps(sameKey, from, to)) continue;
    if (isWordRule) wordSpans.add(block, from, to);
    sameFindingSpans.add(sameKey, from, to);
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

/**
 * The grammar checker's drafts as findings, leaving out those overlapping what the fast rules
 * (their grammar and doubled-word drafts, `fastSpans`) already say: not said twice.
 */
export function grammarFindings(drafts: Draft[], fastSpans: readonly Location[], fields: CheckField[], options: CheckOptions): Finding[] {
  const overlaps = (a: Location, b: Location) => a.fieldKey === b.fieldKey && a.block === b.block && a.from < b.to && b.from < a.to;
  const kept = drafts.filter((draft) => !fastSpans.some((known) => overlaps(known, draft.location)));
  return rankDrafts(kept, fields, options);
}
