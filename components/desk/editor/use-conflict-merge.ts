"use client";

import { useCallback, useState, type RefObject } from "react";
import type { EditableCredit, SaveConflict } from "@/lib/articles/edit-schema";
import { draftFromEditable, type DraftContent, type LocalDraft } from "./draft";

/**
 * The way out of a conflict that takes the other version: the user's text is kept in this browser
 * (and offered back), theirs is loaded into the editors as the saved text of its version, and the
 * credits it uses join the pickers. ("Overwrite with mine" is a save; "Copy my text" the panel's.)
 */
export function useConflictMerge({
  articleId,
  conflictRef,
  baseVersionRef,
  draftRef,
  keepLocalCopy,
  loadIntoEditors,
  settleAt,
  addCredits,
  offerKept,
}: {
  articleId: string;
  conflictRef: RefObject<SaveConflict | null>;
  baseVersionRef: RefObject<number>;
  draftRef: RefObject<DraftContent>;
  keepLocalCopy: () => void;
  loadIntoEditors: (content: DraftContent) => void;
  settleAt: (version: number) => void;
  addCredits: (credits: ReadonlyArray<EditableCredit | null>) => void;
  offerKept: (kept: LocalDraft) => void;
}) {
  const [notice, setNotice] = useState<string | null>(null);

  const loadTheirs = useCallback(() => {
    const current = conflictRef.current;
    if (!current) return;
    keepLocalCopy(); // the user's text, under the version it started from
    const mine: LocalDraft = { articleId, baseVersion: baseVersionRef.current, writtenAt: new Date().toISOString(), content: draftRef.current };
    addCredits(current.current.photos.map((photo) => photo.credit));
    loadIntoEditors(draftFromEditable(current.current));
    settleAt(current.currentVersion);
    offerKept(mine);
    setNotice(`Loaded ${current.changedBy?.name ?? "their"} version ${current.currentVersion}.`);
  }, [articleId, conflictRef, baseVersionRef, draftRef, keepLocalCopy, loadIntoEditors, settleAt, addCredits, offerKept]);

  return { loadTheirs, notice, setNotice };
}
