"use client";

import { useState } from "react";
import { Button } from "@/components/ui";
import type { PrefillProposal } from "@/lib/media/prefill";

/**
 * What an uploaded file says about a photo, for the editor to confirm: the caption and credit it
 * proposes for empty fields (ticked, to use or not), what it says where the editor already wrote
 * something (shown, never applied), and the rest (photographer, copyright, date, place).
 */
export function PrefillReview({
  photoNumber,
  proposal,
  onUse,
  onDismiss,
}: {
  photoNumber: number;
  proposal: PrefillProposal;
  onUse: (accept: { caption: boolean; credit: boolean }) => void;
  onDismiss: () => void;
}) {
  const [caption, setCaption] = useState(proposal.caption !== null);
  const [credit, setCredit] = useState(proposal.credit !== null);
  const offers = proposal.caption !== null || proposal.credit !== null;
  const titleId = `prefill-title-${photoNumber}`;
  return (
    <section className="prefill-review" aria-labelledby={titleId} data-testid={`prefill-${photoNumber}`}>
      <h3 id={titleId}>From the file of photo {photoNumber}</h3>
      {proposal.caption !== null ? (
        <label className="prefill-review__choice">
          <input type="checkbox" checked={caption} onChange={(event) => setCaption(event.target.checked)} /> Caption: <q>{proposal.caption}</q>
        </label>
      ) : null}
      {proposal.credit !== null ? (
        <label className="prefill-review__choice">
          <input type="checkbox" checked={credit} onChange={(event) => setCredit(event.target.checked)} /> Credit: <strong>{proposal.credit.label}</strong>
        </label>
      ) : null}
      {proposal.kept.caption ? <p className="muted">The file&apos;s caption differs from yours (yours is kept): “{proposal.kept.caption}”</p> : null}
      {proposal.kept.credit ? <p className="muted">The file credits {proposal.kept.credit} (your credit is kept).</p> : null}
      {proposal.facts.length > 0 ? (
        <dl className="prefill-review__facts">
          {proposal.facts.map((fact) => (
            <div key={fact.label}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <div className="prefill-review__actions">
        {offers ? (
          <Button type="button" variant="primary" disabled={!caption && !credit} onClick={() => onUse({ caption, credit })}>
            Use the file&apos;s {[caption && proposal.caption !== null ? "caption" : null, credit && proposal.credit !== null ? "credit" : null].filter(Boolean).join(" and ") || "details"}
          </Button>
        ) : null}
        <Button type="button" onClick={onDismiss}>
          {offers ? "Don't use" : "Close"}
        </Button>
      </div>
    </section>
  );
}
