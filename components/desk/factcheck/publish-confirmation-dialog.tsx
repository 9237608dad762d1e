"use client";

import type { RefObject } from "react";
import { ModalDialog } from "@/components/desk/publishing/modal-dialog";
import { Button } from "@/components/ui";
import { findingKey, quoted } from "./finding-rules";
import type { Confirmation } from "./use-publish-confirmation";

/** "N likely errors are still open — publish anyway?", with the safe answer focused. */
export function PublishConfirmationDialog({
  confirmation,
  answer,
  goBackRef,
  labelId,
}: {
  confirmation: Confirmation;
  answer: (publish: boolean) => void;
  goBackRef: RefObject<HTMLButtonElement | null>;
  labelId: string;
}) {
  return (
    <ModalDialog open={confirmation !== null} onClose={() => answer(false)} labelledBy={labelId}>
      {confirmation ? (
        <div className="factcheck-confirm">
          <h2 id={labelId}>
            {confirmation.findings.length === 1 ? "1 likely error is still open" : `${confirmation.findings.length} likely errors are still open`}
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
  );
}
