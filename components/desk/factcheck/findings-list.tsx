"use client";

import { useMemo, type RefObject } from "react";
import { Button } from "@/components/ui";
import type { FindingView } from "@/lib/factcheck/findings";
import { FindingItem } from "./finding-item";
import { findingKey, groupBySeverity, quoted } from "./finding-rules";
import type { FindingActions } from "./use-finding-actions";

/** The open findings, grouped by severity, most severe first. */
export function FindingsList({
  findings,
  actions,
  listRef,
}: {
  findings: readonly FindingView[];
  actions: FindingActions;
  listRef: RefObject<HTMLDivElement | null>;
}) {
  const groups = useMemo(() => groupBySeverity(findings), [findings]);
  const ordered = groups.flatMap((group) => group.findings);
  return (
    <div ref={listRef}>
      {groups.map((group) => (
        <section key={group.severity} className="factcheck-group" aria-label={`${group.title} (${group.findings.length})`}>
          <h3>
            {group.title} ({group.findings.length})
          </h3>
          <ul className="factcheck-list">
            {group.findings.map((finding) => {
              const key = findingKey(finding);
              return (
                <FindingItem
                  key={key}
                  finding={finding}
                  badge={group.badge}
                  index={ordered.indexOf(finding)}
                  selected={actions.selected === key}
                  actions={actions}
                />
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Findings ignored in this article, one line per error, each with "Show again". */
export function IgnoredFindings({ ignored, actions }: { ignored: readonly FindingView[]; actions: FindingActions }) {
  if (ignored.length === 0) return null;
  const distinct = [...new Map(ignored.map((finding) => [finding.fingerprint, finding])).values()];
  return (
    <details className="factcheck-ignored">
      <summary>Ignored in this article ({distinct.length})</summary>
      <ul className="factcheck-list">
        {distinct.map((finding) => (
          <li key={finding.fingerprint} className="factcheck-item">
            <span>
              {quoted(finding)} <span className="factcheck-where">{finding.where}</span>
            </span>{" "}
            <Button variant="link" onClick={() => void actions.unignore(finding)} disabled={actions.busy}>
              Show again
            </Button>
          </li>
        ))}
      </ul>
    </details>
  );
}
