"use client";

import Link from "next/link";
import { useId, useRef } from "react";
import { useArticleEditorBridge, type ArticleEditorBridge } from "@/components/desk/editor/editor-bridge";
import { Button } from "@/components/ui";
import type { FactcheckActions } from "./actions";
import { summaryOf } from "./finding-rules";
import { FindingsList, IgnoredFindings } from "./findings-list";
import { PublishConfirmationDialog } from "./publish-confirmation-dialog";
import { useFactcheckRun } from "./use-factcheck-run";
import { useFindingActions } from "./use-finding-actions";
import { useFindingMark } from "./use-finding-mark";
import { usePublishConfirmation } from "./use-publish-confirmation";
import "./factcheck.css";

export type { FactcheckActions };

/**
 * The article editor's fact-check panel: checks the text as it stands (on load and a moment after
 * each edit), lists the findings by severity, marks the chosen one in the text, and fixes, ignores
 * or teaches the house dictionary. Before publishing it asks for a confirmation when likely errors
 * are still open.
 */
export function FactcheckPanel({ actions }: { actions: FactcheckActions }) {
  const bridge = useArticleEditorBridge();
  if (!bridge) return null;
  return <Panel bridge={bridge} actions={actions} />;
}

function Panel({ bridge, actions }: { bridge: ArticleEditorBridge; actions: FactcheckActions }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const run = useFactcheckRun(bridge.articleId, bridge.draft, actions.check);
  const mark = useFindingMark(bridge);
  const findingActions = useFindingActions({ bridge, actions, run, mark, headingRef, listRef });
  const { confirmation, answer, goBackRef } = usePublishConfirmation(bridge, run.runCheck, run.result);
  const { result, checking, failure } = run;
  const { outcome, busy, teach } = findingActions;

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

      <FindingsList findings={result?.findings ?? []} actions={findingActions} listRef={listRef} />
      {result ? <IgnoredFindings ignored={result.ignored} actions={findingActions} /> : null}

      {result?.grammarPending ? (
        <p className="factcheck-partial" role="status">
          The grammar checker is still starting: its findings follow in a moment.
        </p>
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

      <PublishConfirmationDialog confirmation={confirmation} answer={answer} goBackRef={goBackRef} labelId={`${headingId}-confirm`} />
    </section>
  );
}
