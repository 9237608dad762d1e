"use client";

import { useState, type RefObject } from "react";
import { PLAIN_FIELD_IDS, type ArticleEditorBridge } from "@/components/desk/editor/editor-bridge";
import type { FindingFixView, FindingView } from "@/lib/factcheck/findings";
import { focusInEditor, locateInEditor, replaceAllInEditor, replaceInEditor, replaceWholeWords } from "./editor-text";
import { altPhotoId, findingKey, focusAltText, isCredit, plainField, plainRange, quoted, teachOffer, type TeachOffer } from "./finding-rules";
import type { FactcheckActions } from "./actions";
import type { FactcheckRun } from "./use-factcheck-run";
import type { FindingMark } from "./use-finding-mark";
import { useFindingSelection } from "./use-finding-selection";
import { useLatest } from "./use-latest";

/** What the last action did, in words, with the dictionary entry it could teach. */
export type Outcome = { text: string; teach?: TeachOffer } | null;

/**
 * What an editor does with a finding: choose it (marked in the text), go to it, fix it (here or
 * everywhere), ignore it or show it again, and teach the house dictionary its spelling. Fixes are
 * editor transactions (undoable, autosaved); ignores and dictionary entries are server actions.
 */
export function useFindingActions({
  bridge,
  actions,
  run,
  mark,
  headingRef,
  listRef,
}: {
  bridge: ArticleEditorBridge;
  actions: FactcheckActions;
  run: FactcheckRun;
  mark: FindingMark;
  /** The panel's heading, focused when the last finding is removed. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Around the findings' buttons: the next one is focused when one is removed. */
  listRef: RefObject<HTMLElement | null>;
}) {
  const { articleId } = bridge;
  const { setResult, recheck } = run;
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const selection = useFindingSelection(run.result, mark);
  const draftRef = useLatest(bridge.draft);

  const stale = (finding: FindingView) => {
    setOutcome({ text: `“${finding.text}” has changed since the check; checking again.` });
    void recheck();
  };

  const choose = (finding: FindingView) => {
    if (selection.selected === findingKey(finding)) {
      selection.deselect();
      mark.clear();
      return;
    }
    selection.select(finding);
    setOutcome(null);
    const photoId = altPhotoId(finding);
    if (photoId) focusAltText(photoId);
    else if (!mark.show(finding) && !isCredit(finding)) stale(finding);
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
    selection.deselect();
    mark.clear();
    // Focus the finding that takes the removed one's place, or the heading when none is left.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>("button.factcheck-choose");
      const next = buttons?.[Math.min(fromIndex, (buttons?.length ?? 1) - 1)];
      (next ?? headingRef.current)?.focus();
    });
  };

  /** Makes one of the finding's fixes (fixesOf): its suggestion, or the spelling chosen in a tie. */
  const fix = (finding: FindingView, index: number, chosen: FindingFixView) => {
    const { location, text, suggestion } = chosen;
    const field = bridge.richTextEditor(location.fieldKey) ? null : plainField(location.fieldKey);
    if (field) {
      const value = draftRef.current[field];
      if (!plainRange(value, location, text)) return stale(finding);
      bridge.setPlainField(field, value.slice(0, location.from) + suggestion + value.slice(location.to));
    } else {
      const editor = bridge.richTextEditor(location.fieldKey);
      const positions = editor ? locateInEditor(editor, location, text) : null;
      if (!editor || !positions) return stale(finding);
      replaceInEditor(editor, positions, suggestion);
    }
    removeFindings((other) => findingKey(other) === findingKey(finding), index);
    setOutcome({ text: `Replaced “${text}” with “${suggestion}” (${chosen.where}).`, teach: teachOffer(finding, chosen) });
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
    void recheck();
  };

  const teach = async (offer: TeachOffer) => {
    setBusy(true);
    const response = await actions.addToDictionary(offer);
    setBusy(false);
    if (!response.ok) return setOutcome({ text: response.fieldErrors ? Object.values(response.fieldErrors).flat().join(" ") : response.error });
    setOutcome({
      text: response.data.changed
        ? `The house dictionary now lists “${offer.variant}” as a misspelling of “${offer.canonical}”.`
        : `The house dictionary already lists “${offer.variant}” as a misspelling of “${offer.canonical}”.`,
    });
    void recheck();
  };

  return { selected: selection.selected, outcome, busy, choose, goToText, fix, fixEverywhere, ignore, unignore, teach };
}

export type FindingActions = ReturnType<typeof useFindingActions>;
