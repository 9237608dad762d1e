"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { PLAIN_FIELD_IDS, useArticleEditorBridge, type ArticleEditorBridge, type PlainField } from "@/components/desk/editor/editor-bridge";
import type { DraftContent } from "@/components/desk/editor/draft";
import { ModalDialog } from "@/components/desk/publishing/modal-dialog";
import { Button } from "@/components/ui";
import type { ServerAction } from "@/lib/errors";
import type { AddVariantResult } from "@/lib/factcheck/dictionary";
import type { ArticleCheckResult, FindingView } from "@/lib/factcheck/findings";
import type { Severity } from "@/lib/factcheck/types";
import {
  focusInEditor,
  highlightInEditor,
  locateInEditor,
  replaceAllInEditor,
  replaceInEditor,
  replaceWholeWords,
  type BlockRange,
} from "./editor-text";
import "./factcheck.css";

/** A check runs this long after the last keystroke. */
const CHECK_DELAY_MS = 600;

const SEVERITY_GROUPS: Array<{ severity: Severity; title: string; badge: string }> = [
  { severity: "high", title: "Likely errors", badge: "High" },
  { severity: "medium", title: "Possible errors", badge: "Medium" },
  { severity: "low", title: "Worth a look", badge: "Low" },
];

// Rules whose suggestion is a spelling the house dictionary can learn ("Phonenix" → "Phoenix").
const TEACHABLE_RULES = new Set<FindingView["rule"]>(["name-variant", "archive-variant", "spelling", "place"]);

/** Each occurrence is its own finding; occurrences of one error share the fingerprint. */
const findingKey = (finding: FindingView) =>
  `${finding.fingerprint}@${finding.location.fieldKey}:${finding.location.block}:${finding.location.from}`;

const plainField = (fieldKey: string): PlainField | null => (fieldKey === "headline" || fieldKey === "standfirst" ? fieldKey : null);
const isCredit = (finding: FindingView) => finding.location.fieldKey.startsWith("credit:");
/** The photo a missing-alt finding is about (its fieldKey is "alt:<photoId>"), else null. */
const altPhotoId = (finding: FindingView) => (finding.location.fieldKey.startsWith("alt:") ? finding.location.fieldKey.slice(4) : null);
/** Brings the photo's alt-text input into view with the cursor in it (PhotoFields gives it this id). */
function focusAltText(photoId: string) {
  const input = document.getElementById(`photo-alt-${photoId}`) as HTMLInputElement | null;
  input?.scrollIntoView({ block: "center", behavior: "smooth" });
  input?.focus();
}
const canFix = (finding: FindingView) => finding.suggestion !== undefined && !isCredit(finding);
// A grammar fix belongs to its sentence: the same words elsewhere may be right ("its" / "it's").
const canFixEverywhere = (finding: FindingView) => canFix(finding) && finding.rule !== "grammar";
const canTeach = (finding: FindingView) =>
  finding.suggestion !== undefined && TEACHABLE_RULES.has(finding.rule) && finding.suggestion !== finding.text;

function quoted(finding: FindingView) {
  if (finding.text === "") return finding.where;
  return finding.suggestion !== undefined ? `“${finding.text}” → “${finding.suggestion}”` : `“${finding.text}”`;
}

function summaryOf(result: ArticleCheckResult | null, checking: boolean): string {
  if (!result) return checking ? "Checking the article…" : "";
  const open = result.findings.length;
  const high = result.findings.filter((finding) => finding.severity === "high").length;
  if (open === 0) return "No problems found.";
  const likely = high > 0 ? `, ${high} likely ${high === 1 ? "error" : "errors"}` : "";
  return `${open} ${open === 1 ? "finding" : "findings"}${likely}.`;
}

/** The text of a plain field's input, with the finding's range, if it still reads the same. */
function plainRange(value: string, range: BlockRange, text: string): BlockRange | null {
  return range.block === 0 && value.slice(range.from, range.to) === text ? range : null;
}

type Outcome = { text: string; teach?: { canonical: string; variant: string } } | null;
type Confirmation = { findings: FindingView[]; resolve: (publish: boolean) => void } | null;

/**
 * The article editor's fact-check panel: checks the text as it stands (on load and a moment after
 * each edit), lists the findings by severity, marks the chosen one in the text, and fixes, ignores
 * or teaches the house dictionary. Before publishing it asks for a confirmation when likely errors
 * are still open.
 */
/** The fact-check server actions (app/(desk)/desk/articles/[id]/factcheck-actions.ts, passed in by the page). */
export interface FactcheckActions {
  check: ServerAction<ArticleCheckResult>;
  ignore: ServerAction<null>;
  unignore: ServerAction<null>;
  addToDictionary: ServerAction<AddVariantResult>;
}

export function FactcheckPanel({ actions }: { actions: FactcheckActions }) {
  const bridge = useArticleEditorBridge();
  if (!bridge) return null;
  return <Panel bridge={bridge} actions={actions} />;
}

function Panel({ bridge, actions }: { bridge: ArticleEditorBridge; actions: FactcheckActions }) {
  const { articleId, draft } = bridge;
  const { check } = actions;
  const headingId = useId();
  const [result, setResult] = useState<ArticleCheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState<Confirmation>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const goBackRef = useRef<HTMLButtonElement>(null);
  const chosenRef = useRef<FindingView | null>(null);
  const sequence = useRef(0);
  const draftRef = useRef(draft);
  const bridgeRef = useRef(bridge);
  const resultRef = useRef(result);
  const highlighted = useRef<{ kind: "rich"; fieldKey: string } | { kind: "plain"; field: PlainField } | null>(null);

  useEffect(() => {
    draftRef.current = draft;
    bridgeRef.current = bridge;
    resultRef.current = result;
  });

  /** Checks the text as it is now; a newer check's answer wins over an older one's. */
  const runCheck = useCallback(
    async (content: DraftContent): Promise<ArticleCheckResult | null> => {
      const mine = ++sequence.current;
      setChecking(true);
      try {
        const response = await check({ articleId, ...content });
        if (mine !== sequence.current) return response.ok ? response.data : null;
        if (response.ok) {
          setResult(response.data);
          setFailure(null);
          return response.data;
        }
        // A draft the save would refuse (an empty headline, say) is shown by the editor itself.
        setFailure(response.status === 422 ? "Paused: the text has problems the editor shows; the check resumes once they are fixed." : response.error);
        return null;
      } catch {
        if (mine === sequence.current) setFailure("The check could not reach the server. It will try again after the next edit.");
        return null;
      } finally {
        if (mine === sequence.current) setChecking(false);
      }
    },
    [articleId, check],
  );

  // On load at once, then a moment after the last edit.
  const firstCheck = useRef(true);
  useEffect(() => {
    const delay = firstCheck.current ? 0 : CHECK_DELAY_MS;
    firstCheck.current = false;
    const timer = setTimeout(() => void runCheck(draft), delay);
    return () => clearTimeout(timer);
  }, [draft, runCheck]);

  const clearHighlight = useCallback(() => {
    const current = highlighted.current;
    highlighted.current = null;
    if (current?.kind === "rich") {
      const editor = bridgeRef.current.richTextEditor(current.fieldKey);
      if (editor) highlightInEditor(editor, null);
    } else if (current?.kind === "plain") {
      document.getElementById(PLAIN_FIELD_IDS[current.field])?.removeAttribute("data-factcheck-target");
    }
  }, []);

  useEffect(() => clearHighlight, [clearHighlight]);

  // A newer check moved the chosen finding (text typed before it) or no longer has it (fixed by
  // typing): follow it, or drop the choice and its mark.
  useEffect(() => {
    if (selected === null || !result || result.findings.some((finding) => findingKey(finding) === selected)) return;
    const chosen = chosenRef.current;
    const moved = chosen
      ? result.findings.find(
          (finding) =>
            finding.fingerprint === chosen.fingerprint &&
            finding.location.fieldKey === chosen.location.fieldKey &&
            finding.location.block === chosen.location.block,
        )
      : undefined;
    if (!moved) clearHighlight();
    chosenRef.current = moved ?? null;
    setSelected(moved ? findingKey(moved) : null);
  }, [result, selected, clearHighlight]);

  // Publishing with likely errors open asks first. The check runs again on the text being
  // published (saved: publishing needs no unsaved changes), so the answer is current.
  useEffect(() => {
    bridge.setBeforePublish(async () => {
      const fresh = (await runCheck(draftRef.current)) ?? resultRef.current;
      const open = fresh?.findings.filter((finding) => finding.severity === "high") ?? [];
      if (open.length === 0) return true;
      return new Promise<boolean>((resolve) => setConfirmation({ findings: open, resolve }));
    });
    return () => bridge.setBeforePublish(null);
  }, [bridge, runCheck]);

  // The safe answer has focus: the dialog (shown by ModalDialog's effect, which runs before this
  // one) would otherwise focus its first button, "Publish anyway".
  useEffect(() => {
    if (confirmation) goBackRef.current?.focus();
  }, [confirmation]);

  const answer = (publish: boolean) => {
    confirmation?.resolve(publish);
    setConfirmation(null);
  };

  /** Marks the finding's text in its editor or field and brings it into view; null when the text changed since the check. */
  const show = useCallback(
    (finding: FindingView): boolean => {
      clearHighlight();
      const { fieldKey } = finding.location;
      // Co-edited, the headline and standfirst are editors too: then the rich path below serves them.
      const field = bridgeRef.current.richTextEditor(fieldKey) ? null : plainField(fieldKey);
      if (field) {
        const input = document.getElementById(PLAIN_FIELD_IDS[field]) as HTMLInputElement | HTMLTextAreaElement | null;
        if (!input || !plainRange(input.value, finding.location, finding.text)) return false;
        input.setAttribute("data-factcheck-target", "");
        input.setSelectionRange(finding.location.from, finding.location.to);
        input.scrollIntoView({ block: "center", behavior: "smooth" });
        highlighted.current = { kind: "plain", field };
        return true;
      }
      const editor = bridgeRef.current.richTextEditor(fieldKey);
      const positions = editor ? locateInEditor(editor, finding.location, finding.text) : null;
      if (!editor || !positions) return false;
      highlightInEditor(editor, positions);
      highlighted.current = { kind: "rich", fieldKey };
      return true;
    },
    [clearHighlight],
  );

  const stale = (finding: FindingView) => {
    setOutcome({ text: `“${finding.text}” has changed since the check; checking again.` });
    void runCheck(draftRef.current);
  };

  const choose = (finding: FindingView) => {
    const key = findingKey(finding);
    if (selected === key) {
      setSelected(null);
      clearHighlight();
      return;
    }
    setSelected(key);
    chosenRef.current = finding;
    setOutcome(null);
    const photoId = altPhotoId(finding);
    if (photoId) focusAltText(photoId);
    else if (!show(finding) && !isCredit(finding)) stale(finding);
  };

  const goToText = (finding: FindingView) => {
    const field = bridge.richTextEditor(finding.location.fieldKey) ? null : plainField(finding.location.fieldKey);
    if (field) {
      const input = document.getElementById(PLAIN_FIELD_IDS[field]) as HTMLInputElement | null;
      input?.focus();
      input?.setSelectionRange(finding.location.from, finding.location.to);
      return;
    }
    const editor = bridge.richTextEditor(finding.location.fieldKey);
    const positions = editor ? locateInEditor(editor, finding.location, finding.text) : null;
    if (editor && positions) focusInEditor(editor, positions);
    else stale(finding);
  };

  /** Takes findings out of the list at once (the next check confirms) and keeps focus in the panel. */
  const removeFindings = (gone: (finding: FindingView) => boolean, fromIndex: number) => {
    setResult((current) => (current ? { ...current, findings: current.findings.filter((finding) => !gone(finding)) } : current));
    setSelected(null);
    clearHighlight();
    // Focus the finding that takes the removed one's place, or the heading when none is left.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>("button.factcheck-choose");
      const next = buttons?.[Math.min(fromIndex, (buttons?.length ?? 1) - 1)];
      (next ?? headingRef.current)?.focus();
    });
  };

  const teachOffer = (finding: FindingView) =>
    canTeach(finding) ? { canonical: finding.suggestion!, variant: finding.text } : undefined;

  const fix = (finding: FindingView, index: number) => {
    const suggestion = finding.suggestion;
    if (suggestion === undefined) return;
    const field = bridge.richTextEditor(finding.location.fieldKey) ? null : plainField(finding.location.fieldKey);
    if (field) {
      const value = draftRef.current[field];
      if (!plainRange(value, finding.location, finding.text)) return stale(finding);
      bridge.setPlainField(field, value.slice(0, finding.location.from) + suggestion + value.slice(finding.location.to));
    } else {
      const editor = bridge.richTextEditor(finding.location.fieldKey);
      const positions = editor ? locateInEditor(editor, finding.location, finding.text) : null;
      if (!editor || !positions) return stale(finding);
      replaceInEditor(editor, positions, suggestion);
    }
    removeFindings((other) => findingKey(other) === findingKey(finding), index);
    setOutcome({ text: `Replaced “${finding.text}” with “${suggestion}” (${finding.where}).`, teach: teachOffer(finding) });
  };

  // The headline, the standfirst, the body and every caption; credits are shared by other
  // articles and are fixed on the credits page.
  const fixEverywhere = (finding: FindingView, index: number) => {
    const suggestion = finding.suggestion;
    if (suggestion === undefined) return;
    let count = 0;
    const places = new Set<string>();
    for (const field of ["headline", "standfirst"] as const) {
      if (bridge.richTextEditor(field)) continue; // co-edited: an editor, replaced below with the others
      const replaced = replaceWholeWords(draftRef.current[field], finding.text, suggestion);
      if (replaced.count === 0) continue;
      bridge.setPlainField(field, replaced.text);
      count += replaced.count;
      places.add(field);
    }
    const richFields = ["headline", "standfirst", "body", ...draftRef.current.photos.map((photo) => `caption:${photo.id}`)];
    for (const fieldKey of richFields) {
      const editor = bridge.richTextEditor(fieldKey);
      const replaced = editor ? replaceAllInEditor(editor, finding.text, suggestion) : 0;
      if (replaced === 0) continue;
      count += replaced;
      places.add(fieldKey.startsWith("caption:") ? "captions" : fieldKey);
    }
    if (count === 0) return stale(finding);
    removeFindings((other) => other.text === finding.text && other.suggestion === suggestion, index);
    setOutcome({
      text: `Replaced “${finding.text}” with “${suggestion}” ${count} ${count === 1 ? "time" : "times"} (${[...places].join(", ")}).`,
      teach: teachOffer(finding),
    });
  };

  const ignore = async (finding: FindingView, index: number) => {
    setBusy(true);
    const response = await actions.ignore({ articleId, fingerprint: finding.fingerprint });
    setBusy(false);
    if (!response.ok) return setOutcome({ text: response.error });
    removeFindings((other) => other.fingerprint === finding.fingerprint, index);
    setResult((current) => (current ? { ...current, ignored: [...current.ignored, finding] } : current));
    setOutcome({ text: `Ignored ${quoted(finding)} in this article.` });
  };

  const unignore = async (finding: FindingView) => {
    setBusy(true);
    const response = await actions.unignore({ articleId, fingerprint: finding.fingerprint });
    setBusy(false);
    if (!response.ok) return setOutcome({ text: response.error });
    setOutcome({ text: `${quoted(finding)} is shown again.` });
    void runCheck(draftRef.current);
  };

  const teach = async (offer: { canonical: string; variant: string }) => {
    setBusy(true);
    const response = await actions.addToDictionary(offer);
    setBusy(false);
    if (!response.ok) return setOutcome({ text: response.fieldErrors ? Object.values(response.fieldErrors).flat().join(" ") : response.error });
    setOutcome({
      text: response.data.changed
        ? `The house dictionary now lists “${offer.variant}” as a misspelling of “${offer.canonical}”.`
        : `The house dictionary already lists “${offer.variant}” as a misspelling of “${offer.canonical}”.`,
    });
    void runCheck(draftRef.current);
  };

  const groups = useMemo(
    () =>
      SEVERITY_GROUPS.map((group) => ({ ...group, findings: (result?.findings ?? []).filter((finding) => finding.severity === group.severity) })).filter(
        (group) => group.findings.length > 0,
      ),
    [result],
  );
  const ordered = groups.flatMap((group) => group.findings);

  return (
    <section className="factcheck-panel" aria-labelledby={headingId} data-testid="factcheck-panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Fact-check
      </h2>
      <p className="factcheck-summary" role="status" aria-live="polite" aria-busy={checking || undefined}>
        {summaryOf(result, checking)}
        {checking && result ? <span className="muted"> Checking…</span> : null}
      </p>
      {failure ? <p className="factcheck-failure">{failure}</p> : null}
      <div className="factcheck-outcome" role="status" aria-live="polite">
        {outcome ? (
          <>
            <p>{outcome.text}</p>
            {outcome.teach ? (
              <Button onClick={() => void teach(outcome.teach!)} disabled={busy}>
                Add “{outcome.teach.variant}” to the dictionary
              </Button>
            ) : null}
          </>
        ) : null}
      </div>

      <div ref={listRef}>
        {groups.map((group) => (
          <section key={group.severity} className="factcheck-group" aria-label={`${group.title} (${group.findings.length})`}>
            <h3>
              {group.title} ({group.findings.length})
            </h3>
            <ul className="factcheck-list">
              {group.findings.map((finding) => {
                const key = findingKey(finding);
                const isSelected = selected === key;
                const index = ordered.indexOf(finding);
                return (
                  <li key={key} className={`factcheck-item factcheck-${finding.severity}${isSelected ? " factcheck-selected" : ""}`}>
                    <button type="button" className="factcheck-choose" aria-pressed={isSelected} onClick={() => choose(finding)}>
                      <span className={`badge factcheck-badge factcheck-badge-${finding.severity}`}>{group.badge}</span>{" "}
                      <span className="factcheck-change">
                        <span className="factcheck-text">{finding.text}</span>
                        {finding.suggestion !== undefined ? (
                          <>
                            {" → "}
                            <span className="factcheck-suggestion">{finding.suggestion}</span>
                          </>
                        ) : null}
                      </span>{" "}
                      <span className="factcheck-where">{finding.where}</span>
                    </button>
                    <p className="factcheck-message">{finding.message}</p>
                    {isSelected ? (
                      <div className="factcheck-actions" role="group" aria-label={`Actions for ${quoted(finding)}`}>
                        {canFix(finding) ? (
                          <>
                            <Button variant="primary" onClick={() => fix(finding, index)}>
                              Fix
                            </Button>
                            {canFixEverywhere(finding) ? <Button onClick={() => fixEverywhere(finding, index)}>Fix everywhere</Button> : null}
                          </>
                        ) : null}
                        {altPhotoId(finding) ? (
                          <Button variant="link" onClick={() => focusAltText(altPhotoId(finding)!)}>
                            Write the alt text
                          </Button>
                        ) : isCredit(finding) ? (
                          <Link href={`/desk/credits?q=${encodeURIComponent(finding.text.split("/").at(-1) ?? finding.text)}`}>Fix on the credits page</Link>
                        ) : (
                          <Button variant="link" onClick={() => goToText(finding)}>
                            Go to text
                          </Button>
                        )}
                        <Button onClick={() => void ignore(finding, index)} disabled={busy}>
                          Ignore
                        </Button>
                        {canTeach(finding) ? (
                          <Button onClick={() => void teach(teachOffer(finding)!)} disabled={busy}>
                            Add to dictionary
                          </Button>
                        ) : null}
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>

      {result && result.ignored.length > 0 ? (
        <details className="factcheck-ignored">
          <summary>Ignored in this article ({new Set(result.ignored.map((finding) => finding.fingerprint)).size})</summary>
          <ul className="factcheck-list">
            {[...new Map(result.ignored.map((finding) => [finding.fingerprint, finding])).values()].map((finding) => (
              <li key={finding.fingerprint} className="factcheck-item">
                <span>
                  {quoted(finding)} <span className="factcheck-where">{finding.where}</span>
                </span>{" "}
                <Button variant="link" onClick={() => void unignore(finding)} disabled={busy}>
                  Show again
                </Button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {result && (!result.complete || result.omitted > 0) ? (
        <p className="factcheck-partial" role="status">
          {!result.complete ? "Checked in part only: the text is too long to check in full in the time a check gets. " : null}
          {result.omitted > 0 ? `${result.omitted} less likely ${result.omitted === 1 ? "finding is" : "findings are"} not shown; fix these and check again.` : null}
        </p>
      ) : null}

      <p className="factcheck-footer">
        <Link href="/desk/dictionary">House dictionary</Link>
        {result ? <span className="muted"> · checked against {result.archiveSize} stored articles</span> : null}
      </p>

      <ModalDialog open={confirmation !== null} onClose={() => answer(false)} labelledBy={`${headingId}-confirm`}>
        {confirmation ? (
          <div className="factcheck-confirm">
            <h2 id={`${headingId}-confirm`}>
              {confirmation.findings.length === 1
                ? "1 likely error is still open"
                : `${confirmation.findings.length} likely errors are still open`}
            </h2>
            <ul>
              {confirmation.findings.slice(0, 8).map((finding) => (
                <li key={findingKey(finding)}>
                  {quoted(finding)} ({finding.where})
                </li>
              ))}
              {confirmation.findings.length > 8 ? <li>and {confirmation.findings.length - 8} more</li> : null}
            </ul>
            <p>Publish anyway?</p>
            <div className="factcheck-confirm-actions">
              <Button variant="primary" onClick={() => answer(true)}>
                Publish anyway
              </Button>
              {/* A plain button: the shared Button does not pass a ref on. */}
              <button type="button" className="button button-secondary" onClick={() => answer(false)} ref={goBackRef}>
                Go back and fix
              </button>
            </div>
          </div>
        ) : null}
      </ModalDialog>
    </section>
  );
}
