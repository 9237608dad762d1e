"use client";

import { useCallback, useEffect, useState } from "react";
import type { ArticleForEditing } from "@/lib/articles/editing";
import { draftFromArticle, readLocalDrafts, removeLocalDraft, sameContent, type LocalDraft } from "./draft";
import type { Draft } from "./use-draft";

/** The local copy is written a little after typing, not on every keystroke. */
const LOCAL_COPY_DELAY_MS = 400;

/**
 * The copy of unsaved text kept in this browser: written shortly after typing (so a crash or a
 * closed tab loses nothing), offered on load when it differs from what the server has, and
 * restored or discarded from the "kept text" notice.
 */
export function useLocalDraft({
  article,
  draft,
  dirty,
  keepLocalCopy,
  restoreAt,
}: {
  article: ArticleForEditing;
  draft: Pick<Draft, "draftRef" | "edits" | "loadIntoEditors" | "update">;
  dirty: boolean;
  keepLocalCopy: () => void;
  /** Makes the restored text the working copy of this version (saved against it, conflict-checked). */
  restoreAt: (version: number) => void;
}) {
  const articleId = article.id;
  const { draftRef, edits, loadIntoEditors, update } = draft;
  const [keptDraft, setKeptDraft] = useState<LocalDraft | null>(null);

  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(keepLocalCopy, LOCAL_COPY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [edits, dirty, keepLocalCopy]);

  // On load: offer text kept in this browser that differs from what the server has.
  useEffect(() => {
    const server = draftFromArticle(article);
    const kept = readLocalDrafts(articleId).filter((candidate) => {
      if (!sameContent(candidate.content, server)) return true;
      removeLocalDraft(articleId, candidate.baseVersion);
      return false;
    });
    // localStorage exists only in the browser, after hydration: reading it here is the point.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (kept[0]) setKeptDraft(kept[0]);
    // Only for the article as first loaded; later server refreshes must not re-offer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [articleId]);

  const restoreKept = useCallback(
    (kept: LocalDraft) => {
      loadIntoEditors(kept.content);
      // Saved against the version the text started from, so a newer save by someone else shows as a conflict.
      restoreAt(kept.baseVersion);
      setKeptDraft(null);
      update((current) => current);
    },
    [loadIntoEditors, restoreAt, update],
  );

  const discardKept = useCallback(
    (kept: LocalDraft) => {
      removeLocalDraft(articleId, kept.baseVersion);
      const server = draftRef.current;
      const next = readLocalDrafts(articleId).find((candidate) => !sameContent(candidate.content, server));
      setKeptDraft(next ?? null);
    },
    [articleId, draftRef],
  );

  return { keptDraft, setKeptDraft, restoreKept, discardKept };
}
