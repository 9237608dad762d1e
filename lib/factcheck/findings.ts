import type { FieldDescription } from "@/lib/factcheck/article-fields";
import { describeLocation } from "@/lib/factcheck/article-fields";
import type { DraftReceipts } from "@/lib/factcheck/draft-packing";
import type { Finding, FindingFix } from "@/lib/factcheck/types";

// Findings as the desk and the CLI show them: where they stand in words, open or ignored.
// Client-safe types: the desk panel imports them.

/** One of a tie's fixes, with where it stands in words. */
export interface FindingFixView extends FindingFix {
  where: string;
}

/** A finding with where it stands in words ("Body ¶3", "Caption 4"). */
export interface FindingView extends Finding {
  alternatives?: FindingFixView[];
  /** "Body ¶3", "Caption 4", "Headline". */
  where: string;
  /** "caption-4": the field as the CLI prints it. */
  fieldToken: string;
  /** The 1-based photo number, for captions and credits. */
  photoNumber?: number;
  /** For a finding in a photo credit: the Credit row, which is fixed on the credits page (shared by every photo using it). */
  creditId?: string;
}

export function viewOf(finding: Finding, descriptions: Map<string, FieldDescription>): FindingView {
  const description = descriptions.get(finding.location.fieldKey);
  const where = (location: Finding["location"]) => describeLocation(descriptions.get(location.fieldKey), location.fieldKey, location.block);
  const { alternatives, ...rest } = finding;
  return {
    ...rest,
    where: where(finding.location),
    ...(alternatives ? { alternatives: alternatives.map((fix) => ({ ...fix, where: where(fix.location) })) } : {}),
    fieldToken: description?.token ?? finding.location.fieldKey,
    ...(description?.photoNumber ? { photoNumber: description.photoNumber } : {}),
    ...(description?.creditId ? { creditId: description.creditId } : {}),
  };
}

export interface CheckTuning {
  /** Findings below this confidence are dropped (engine default 0.5). */
  minConfidence?: number;
  /** For checks while typing: the longest (ms) to spend on spelling suggestions. */
  suggestionBudgetMs?: number;
  /** The longest (ms) the engine may spend on the text; it returns what it found by then. */
  budgetMs?: number;
  /** Findings returned at most (engine default 200). */
  maxFindings?: number;
}

/** Whether a check saw everything: `complete` is false when its time budget ran out first. */
export interface CheckCoverage {
  complete: boolean;
  /** Findings left out because there were more than the cap. */
  omitted: number;
}

export interface ArticleCheckResult extends CheckCoverage {
  /** Open findings, most confident first. */
  findings: FindingView[];
  /** Findings editors chose to ignore for this article (still shown, so the choice can be undone). */
  ignored: FindingView[];
  archiveSize: number;
  /** The grammar checker was still loading (just after a start): grammar findings follow on the next check. */
  grammarPending: boolean;
  /** Some unfamiliar words had no time for their spelling suggestion: the worker works them out, and the next check shows them. */
  spellingPending: boolean;
  durationMs: number;
  /** Handles for the body's blocks and the captions as sent, for the editor's next check (lib/factcheck/draft-packing.ts). */
  receipts?: DraftReceipts;
}

export function partition(findings: Finding[], ignored: ReadonlySet<string>, descriptions: Map<string, FieldDescription>) {
  const open: FindingView[] = [];
  const set: FindingView[] = [];
  for (const finding of findings) (ignored.has(finding.fingerprint) ? set : open).push(viewOf(finding, descriptions));
  return { findings: open, ignored: set };
}
