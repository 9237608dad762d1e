// What an uploaded file proposes for its photo's fields, and applying what the editor accepts.
// Client-safe (the desk's photo fields use it): no Node imports. Nothing the editor typed is ever
// replaced: a proposal is made only for an empty field, and applying re-checks the field is still
// empty, since the editor may have typed while the upload ran.

import { captionFromText, captionToPlainText } from "@/lib/editor/text";
import type { CaptionDoc } from "@/lib/editor/schema";
// A type only: nothing of the metadata reader (exifr) reaches the browser.
import type { EmbeddedMetadata } from "./metadata";

/** What POST /api/media answers about the file (EmbeddedMetadata and the matched Credit). */
export interface UploadFacts {
  metadata: EmbeddedMetadata;
  credit: { id: string; label: string } | null;
}

/** The photo fields a proposal may fill. */
export interface PrefillTarget {
  caption: CaptionDoc;
  creditId: string | null;
}

export interface PrefillProposal {
  /** The file's caption, offered because the caption is empty. */
  caption: string | null;
  /** The file's credit (an existing Credit when the same agency and photographer), offered because the photo has none. */
  credit: { id: string; label: string } | null;
  /** What the file says where the editor already wrote something: shown for comparison, never applied. */
  kept: { caption: string | null; credit: string | null };
  /** The rest of what the file says, for the editor to read (photographer, copyright, date, place). */
  facts: Array<{ label: string; value: string }>;
}

const isEmptyCaption = (caption: CaptionDoc) => captionToPlainText(caption).trim() === "";

/** The proposal for one photo's fields from its uploaded file; null when the file says nothing useful. */
export function prefillProposal(target: PrefillTarget, upload: UploadFacts): PrefillProposal | null {
  const fileCaption = upload.metadata.caption?.trim() || null;
  const captionEmpty = isEmptyCaption(target.caption);
  const sameCaption = fileCaption !== null && captionToPlainText(target.caption).trim() === fileCaption;
  const sameCredit = upload.credit !== null && target.creditId === upload.credit.id;
  const place = [upload.metadata.city, upload.metadata.country].filter(Boolean).join(", ");
  const facts = [
    upload.metadata.creator ? { label: "Photographer", value: upload.metadata.creator } : null,
    upload.metadata.creditLine ? { label: "Credit line", value: upload.metadata.creditLine } : null,
    upload.metadata.copyright ? { label: "Copyright", value: upload.metadata.copyright } : null,
    upload.metadata.dateTaken ? { label: "Taken", value: upload.metadata.dateTaken } : null,
    place ? { label: "Place", value: place } : null,
  ].filter((fact): fact is { label: string; value: string } => fact !== null);
  const proposal: PrefillProposal = {
    caption: captionEmpty ? fileCaption : null,
    credit: target.creditId === null ? upload.credit : null,
    kept: {
      caption: !captionEmpty && fileCaption && !sameCaption ? fileCaption : null,
      credit: target.creditId !== null && upload.credit && !sameCredit ? upload.credit.label : null,
    },
    facts,
  };
  const offersSomething = proposal.caption !== null || proposal.credit !== null || proposal.kept.caption !== null || proposal.kept.credit !== null;
  return offersSomething || facts.length > 0 ? proposal : null;
}

/**
 * The fields after the editor accepted (some of) a proposal. A field the editor filled since the
 * proposal was made keeps what they wrote.
 */
export function applyPrefill<T extends PrefillTarget>(current: T, proposal: PrefillProposal, accept: { caption: boolean; credit: boolean }): T {
  const next = { ...current };
  if (accept.caption && proposal.caption && isEmptyCaption(current.caption)) next.caption = captionFromText(proposal.caption);
  if (accept.credit && proposal.credit && current.creditId === null) next.creditId = proposal.credit.id;
  return next;
}
