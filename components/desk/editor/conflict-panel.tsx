"use client";

import { useEffect, useRef, useState } from "react";
import { DeskTime } from "@/components/desk/publishing/desk-time";
import { FieldChanges } from "@/components/desk/diff/field-changes";
import { Button } from "@/components/ui";
import { bodyText, captionText, compareSnapshots } from "@/lib/articles/changes";
import type { SaveConflict } from "@/lib/articles/edit-schema";
import type { ArticleSnapshot } from "@/lib/articles/snapshot";
import type { DraftContent } from "./draft";

/** Everything the editor typed, as plain text, for the clipboard. */
export function draftAsPlainText(draft: DraftContent): string {
  const parts = [draft.headline, draft.standfirst, bodyText(draft.body)];
  draft.photos.forEach((photo, index) => {
    const caption = captionText(photo.caption);
    if (caption) parts.push(`Caption ${index + 1}: ${caption}`);
  });
  return parts.filter((part) => part.trim() !== "").join("\n\n");
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (or permission): fall back to a selected textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }
}

/**
 * Shown when a save was refused because someone saved a newer version. The editor keeps the
 * user's text throughout; this panel says who and when, shows their version against the user's
 * as word diffs, and offers the three ways out.
 */
export function ConflictPanel({
  conflict,
  mine,
  creditLabel,
  onLoadTheirs,
  onOverwrite,
  overwriting,
  takeFocus,
}: {
  conflict: SaveConflict;
  mine: DraftContent;
  creditLabel: (creditId: string | null) => string | null;
  onLoadTheirs: () => void;
  onOverwrite: () => void;
  overwriting: boolean;
  /** Move focus to the panel (after an explicit save; not after autosave, mid-typing). */
  takeFocus: boolean;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyNotice, setCopyNotice] = useState<string | null>(null);

  useEffect(() => {
    if (takeFocus) headingRef.current?.focus();
  }, [conflict.currentVersion, takeFocus]);

  // Recomputed on each render (the panel is only shown during a conflict; a diff takes milliseconds).
  const changes = (() => {
    const theirs: ArticleSnapshot = {
      headline: conflict.current.headline,
      standfirst: conflict.current.standfirst,
      body: conflict.current.body,
      photos: conflict.current.photos.map((photo) => ({ ...photo, credit: photo.credit?.label ?? null, imageUrl: null })),
    };
    const yours: ArticleSnapshot = {
      headline: mine.headline,
      standfirst: mine.standfirst,
      body: mine.body,
      photos: mine.photos.map((photo) => {
        const position = conflict.current.photos.find((their) => their.id === photo.id)?.position ?? 0;
        const { imageId, focal, ...text } = photo;
        // As in a snapshot: image keys only on a photo with an image.
        const image = imageId ? { imageId, focal: focal ?? { x: 50, y: 50 } } : {};
        return { ...text, ...image, position, imageUrl: null, credit: creditLabel(photo.creditId) };
      }),
    };
    return compareSnapshots(theirs, yours);
  })();

  const who = conflict.changedBy?.name ?? "Someone";
  return (
    <section className="conflict-panel" aria-labelledby="conflict-title">
      <h2 id="conflict-title" ref={headingRef} tabIndex={-1}>
        Not saved: {who} saved a newer version
      </h2>
      <p>
        <strong>{who}</strong> saved version {conflict.currentVersion} at <DeskTime iso={conflict.changedAt} /> while you were
        editing. Your text is still in the editor and kept in this browser; nothing you typed is lost. Autosave is paused until you
        choose.
      </p>
      <h3>Their version compared with yours</h3>
      <p className="muted conflict-legend">
        <del>Struck through</del>: only in their version. <ins>Underlined</ins>: only in yours.
      </p>
      <FieldChanges changes={changes} emptyMessage="Their version and yours read the same." />
      <div className="conflict-actions">
        <Button
          onClick={async () => setCopyNotice((await copyText(draftAsPlainText(mine))) ? "Your text is on the clipboard." : "Copying failed; select the text in the editor and copy it.")}
        >
          Copy my text
        </Button>
        <Button
          onClick={() => {
            if (window.confirm(`Replace your text in the editor with ${who}'s version ${conflict.currentVersion}? A copy of yours stays in this browser.`)) {
              onLoadTheirs();
            }
          }}
        >
          Load their version
        </Button>
        <Button variant="danger" onClick={onOverwrite} pending={overwriting} pendingLabel="Saving…">
          Overwrite with mine
        </Button>
      </div>
      <p role="status" className="muted">
        {copyNotice}
      </p>
    </section>
  );
}
