import type { PlainField } from "@/components/desk/editor/editor-bridge";
import type { ArticleCheckResult, FindingFixView, FindingView } from "@/lib/factcheck/findings";
import type { FindingFix, Severity } from "@/lib/factcheck/types";
import type { BlockRange } from "./editor-text";

// What the fact-check panel can do with a finding, and how it names it: plain functions shared by
// the panel's hooks and components.

export const SEVERITY_GROUPS: Array<{ severity: Severity; title: string; badge: string }> = [
  { severity: "high", title: "Likely errors", badge: "High" },
  { severity: "medium", title: "Possible errors", badge: "Medium" },
  { severity: "low", title: "Worth a look", badge: "Low" },
];

export type SeverityGroup = (typeof SEVERITY_GROUPS)[number] & { findings: FindingView[] };

/** The open findings by severity, most severe first; empty groups left out. */
export function groupBySeverity(findings: readonly FindingView[]): SeverityGroup[] {
  return SEVERITY_GROUPS.map((group) => ({ ...group, findings: findings.filter((finding) => finding.severity === group.severity) })).filter(
    (group) => group.findings.length > 0,
  );
}

// Rules whose suggestion is a spelling the house dictionary can learn ("Phonenix" → "Phoenix").
const TEACHABLE_RULES = new Set<FindingView["rule"]>(["name-variant", "archive-variant", "spelling", "place"]);

/** Each occurrence is its own finding; occurrences of one error share the fingerprint. */
export const findingKey = (finding: FindingView) =>
  `${finding.fingerprint}@${finding.location.fieldKey}:${finding.location.block}:${finding.location.from}`;

export const plainField = (fieldKey: string): PlainField | null => (fieldKey === "headline" || fieldKey === "standfirst" ? fieldKey : null);
export const isCredit = (finding: FindingView) => finding.location.fieldKey.startsWith("credit:");
/** Where a credit finding is fixed: that credit (by the id the server gave it) on the credits page. */
export const creditPageHref = (finding: FindingView) => (finding.creditId ? `/desk/credits?credit=${encodeURIComponent(finding.creditId)}` : "/desk/credits");
/** The photo a missing-alt finding is about (its fieldKey is "alt:<photoId>"), else null. */
export const altPhotoId = (finding: FindingView) => (finding.location.fieldKey.startsWith("alt:") ? finding.location.fieldKey.slice(4) : null);
/** Brings the photo's alt-text input into view with the cursor in it (PhotoFields gives it this id). */
export function focusAltText(photoId: string) {
  const input = document.getElementById(`photo-alt-${photoId}`) as HTMLInputElement | null;
  input?.scrollIntoView({ block: "center", behavior: "smooth" });
  input?.focus();
}
const inCredit = (fix: FindingFix) => fix.location.fieldKey.startsWith("credit:");

/**
 * The edits the panel offers for a finding: its suggestion, or for a tie one per spelling (the
 * editor chooses). None in a credit: credits are shared by other articles and fixed on the credits page.
 */
export function fixesOf(finding: FindingView): FindingFixView[] {
  if (finding.alternatives) return finding.alternatives.filter((fix) => !inCredit(fix));
  if (finding.suggestion === undefined || isCredit(finding)) return [];
  return [{ location: finding.location, text: finding.text, suggestion: finding.suggestion, where: finding.where }];
}

export const canFix = (finding: FindingView) => fixesOf(finding).length > 0;
// A grammar fix belongs to its sentence: the same words elsewhere may be right ("its" / "it's").
// A tie has no one replacement to make everywhere.
export const canFixEverywhere = (finding: FindingView) => canFix(finding) && finding.rule !== "grammar" && !finding.alternatives;
export const canTeach = (finding: FindingView) => teachOffer(finding) !== undefined;

/** A misspelling the house dictionary could learn from this finding. */
export type TeachOffer = { canonical: string; variant: string };

/** What the dictionary could learn from a fix of this finding (by default, its suggestion). */
export function teachOffer(finding: FindingView, fix?: FindingFix): TeachOffer | undefined {
  const change = fix ?? (finding.suggestion !== undefined ? { text: finding.text, suggestion: finding.suggestion } : undefined);
  if (!change || !TEACHABLE_RULES.has(finding.rule) || change.suggestion === change.text) return undefined;
  return { canonical: change.suggestion, variant: change.text };
}

export function quoted(finding: FindingView) {
  if (finding.text === "") return finding.where;
  if (finding.alternatives) return finding.alternatives.map((fix) => `“${fix.suggestion}”`).join(" or ");
  return finding.suggestion !== undefined ? `“${finding.text}” → “${finding.suggestion}”` : `“${finding.text}”`;
}

export function summaryOf(result: ArticleCheckResult | null, checking: boolean): string {
  if (!result) return checking ? "Checking the article…" : "";
  const open = result.findings.length;
  const high = result.findings.filter((finding) => finding.severity === "high").length;
  if (open === 0) return "No problems found.";
  const likely = high > 0 ? `, ${high} likely ${high === 1 ? "error" : "errors"}` : "";
  return `${open} ${open === 1 ? "finding" : "findings"}${likely}.`;
}

/** The text of a plain field's input, with the finding's range, if it still reads the same. */
export function plainRange(value: string, range: BlockRange, text: string): BlockRange | null {
  return range.block === 0 && value.slice(range.from, range.to) === text ? range : null;
}
