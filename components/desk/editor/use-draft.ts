"use client";

import { useCallback, useRef, useState } from "react";
import type { ArticleForEditing } from "@/lib/articles/editing";
import { draftFromArticle, type DraftContent } from "./draft";

export type DraftUpdate = (change: (current: DraftContent) => DraftContent) => void;

/**
 * The editor's working copy of the article and a count of the edits made to it ("dirty" is
 * "edits since the last save", whichever path saves them). `seed` is what the rich-text editors
 * were created with: loading other content gives it a new key, which remounts them.
 */
export function useDraft(article: ArticleForEditing) {
  const [draft, setDraft] = useState<DraftContent>(() => draftFromArticle(article));
  const draftRef = useRef(draft);
  const [seed, setSeed] = useState<{ key: number; content: DraftContent }>(() => ({ key: 0, content: draft }));
  const [edits, setEdits] = useState(0);
  const editsRef = useRef(0);

  const update = useCallback<DraftUpdate>((change) => {
    const next = change(draftRef.current);
    draftRef.current = next;
    setDraft(next);
    editsRef.current += 1;
    setEdits(editsRef.current);
  }, []);

  /** Replaces the text in the editors (another version, a kept copy); not itself an edit. */
  const loadIntoEditors = useCallback((content: DraftContent) => {
    draftRef.current = content;
    setDraft(content);
    setSeed((current) => ({ key: current.key + 1, content }));
  }, []);

  return { draft, draftRef, seed, edits, editsRef, update, loadIntoEditors };
}

export type Draft = ReturnType<typeof useDraft>;
