"use client";

import Link from "next/link";
import { Button } from "@/components/ui";
import type { FindingView } from "@/lib/factcheck/findings";
import { altPhotoId, canFixEverywhere, canTeach, creditPageHref, fixesOf, focusAltText, isCredit, quoted, teachOffer } from "./finding-rules";
import type { FindingActions } from "./use-finding-actions";

/** One finding in the list: a button that chooses it, its message, and (chosen) what can be done. */
export function FindingItem({
  finding,
  badge,
  index,
  selected,
  actions,
}: {
  finding: FindingView;
  badge: string;
  /** Its place in the whole list (every group), for focus after it is removed. */
  index: number;
  selected: boolean;
  actions: FindingActions;
}) {
  const fixes = fixesOf(finding);
  return (
    <li className={`factcheck-item factcheck-${finding.severity}${selected ? " factcheck-selected" : ""}`}>
      <button type="button" className="factcheck-choose" aria-pressed={selected} onClick={() => actions.choose(finding)}>
        <span className={`badge factcheck-badge factcheck-badge-${finding.severity}`}>{badge}</span>{" "}
        <span className="factcheck-change">
          {finding.alternatives ? (
            // A tie: both spellings, neither marked as the right one.
            <span className="factcheck-text">{finding.alternatives.map((fix) => fix.suggestion).join(" or ")}?</span>
          ) : (
            <span className="factcheck-text">{finding.text}</span>
          )}
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
      {selected ? (
        <div className="factcheck-actions" role="group" aria-label={`Actions for ${quoted(finding)}`}>
          {finding.alternatives
            ? fixes.map((fix) => (
                <Button key={`${fix.location.fieldKey}:${fix.location.block}:${fix.location.from}`} onClick={() => actions.fix(finding, index, fix)}>
                  Use “{fix.suggestion}”
                </Button>
              ))
            : fixes.map((fix) => (
                <Button key="fix" variant="primary" onClick={() => actions.fix(finding, index, fix)}>
                  Fix
                </Button>
              ))}
          {canFixEverywhere(finding) ? <Button onClick={() => actions.fixEverywhere(finding, index)}>Fix everywhere</Button> : null}
          {altPhotoId(finding) ? (
            <Button variant="link" onClick={() => focusAltText(altPhotoId(finding)!)}>
              Write the alt text
            </Button>
          ) : isCredit(finding) ? (
            <Link href={creditPageHref(finding)}>Fix on the credits page</Link>
          ) : (
            <Button variant="link" onClick={() => actions.goToText(finding)}>
              Go to text
            </Button>
          )}
          <Button onClick={() => void actions.ignore(finding, index)} disabled={actions.busy}>
            Ignore
          </Button>
          {canTeach(finding) ? (
            <Button onClick={() => void actions.teach(teachOffer(finding)!)} disabled={actions.busy}>
              Add to dictionary
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
