"use client";

import type { Editor } from "@tiptap/core";
import { createContext, useCallback, useContext, useMemo, useRef } from "react";
import type { BeforePublishHook } from "@/components/desk/publishing/publish-controls";
import type { DraftContent } from "./draft";

// What tools beside the article editor (the fact-check panel in the sidebar) may read and do:
// the text as it stands in the editor, the TipTap editors of the body and captions (to mark and
// replace text with ordinary, undoable transactions), the plain headline and standfirst fields,
// and a check to run before publishing. The page mounts those tools as server-rendered children
// of the editor, so they reach it through context rather than props.

export type PlainField = "headline" | "standfirst";

/** The ids of the headline and standfirst inputs. */
export const PLAIN_FIELD_IDS: Record<PlainField, string> = { headline: "article-headline", standfirst: "article-standfirst" };

export interface ArticleEditorBridge {
  articleId: string;
  /** The text in the editor now, saved or not. */
  draft: DraftContent;
  /** The TipTap editor of "body" or "caption:<photoId>", while it is mounted. */
  richTextEditor(fieldKey: string): Editor | null;
  /** Replaces the headline or standfirst: an ordinary edit (autosaved, a new revision). */
  setPlainField(field: PlainField, value: string): void;
  /** The check to run when an editor confirms publishing (null removes it). */
  setBeforePublish(hook: BeforePublishHook | null): void;
}

const BridgeContext = createContext<ArticleEditorBridge | null>(null);
export const ArticleEditorBridgeProvider = BridgeContext.Provider;

/** The bridge of the article editor around this component; null outside one. */
export function useArticleEditorBridge(): ArticleEditorBridge | null {
  return useContext(BridgeContext);
}

/** For ArticleEditor: the registries behind the bridge. */
export function useArticleEditorBridgeState({
  articleId,
  draft,
  update,
}: {
  articleId: string;
  draft: DraftContent;
  update: (change: (current: DraftContent) => DraftContent) => void;
}) {
  const editors = useRef(new Map<string, Editor>());
  const registrations = useRef(new Map<string, (editor: Editor | null) => void>());
  const beforePublishHook = useRef<BeforePublishHook | null>(null);

  /** A stable `onEditor` callback for the rich-text editor of `fieldKey`. */
  const editorRef = useCallback((fieldKey: string) => {
    let register = registrations.current.get(fieldKey);
    if (!register) {
      register = (editor: Editor | null) => {
        if (editor) editors.current.set(fieldKey, editor);
        else editors.current.delete(fieldKey);
      };
      registrations.current.set(fieldKey, register);
    }
    return register;
  }, []);

  /** For PublishControls' onBeforePublish: runs the registered check, if any. */
  const beforePublish = useCallback<BeforePublishHook>((intent) => beforePublishHook.current?.(intent) ?? true, []);

  const value = useMemo<ArticleEditorBridge>(
    () => ({
      articleId,
      draft,
      richTextEditor: (fieldKey) => {
        const editor = editors.current.get(fieldKey);
        return editor && !editor.isDestroyed ? editor : null;
      },
      setPlainField: (field, text) => update((current) => (field === "headline" ? { ...current, headline: text } : { ...current, standfirst: text })),
      setBeforePublish: (hook) => {
        beforePublishHook.current = hook;
      },
    }),
    [articleId, draft, update],
  );

  return { value, editorRef, beforePublish };
}
