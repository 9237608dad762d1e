"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { CommentThreadView } from "@/lib/comments";
import type { ActionResult, ServerAction } from "@/lib/errors";
import { CommentAnchorStore } from "./anchor-store";

export interface CommentActions {
  list: ServerAction<CommentThreadView[]>;
  create: ServerAction<{ id: string }>;
  reply: ServerAction<{ id: string }>;
  edit: ServerAction<{ id: string }>;
  remove: ServerAction<{ id: string }>;
  resolve: ServerAction<{ id: string }>;
  reopen: ServerAction<{ id: string }>;
}

export interface CommentsSetup {
  threads: CommentThreadView[];
  users: Array<{ id: string; name: string }>;
  actions: CommentActions;
}

/**
 * A story's comment threads, kept current: loaded with the page, reloaded after each of this
 * person's changes and whenever the collab server says someone else's changed them (on any instance).
 */
export function useComments(articleId: string, setup: CommentsSetup, provider: HocuspocusProvider | null) {
  // One store per mounted editor, starting from the threads the page was rendered with.
  const [store] = useState(() => {
    const made = new CommentAnchorStore();
    made.setThreads(setup.threads);
    return made;
  });
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await setup.actions.list({ articleId });
    if (result.ok) {
      store.setThreads(result.data);
      setLoadError(null);
    } else setLoadError(result.error);
  }, [articleId, setup.actions, store]);

  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: { payload: string }) => {
      if (payload.includes('"comments"')) void reload();
    };
    // Reconnected after a gap: changes may have been missed.
    const onSynced = () => void reload();
    provider.on("stateless", onStateless);
    provider.on("synced", onSynced);
    return () => {
      provider.off("stateless", onStateless);
      provider.off("synced", onSynced);
    };
  }, [provider, reload]);

  /** Runs a change, then reloads; answers the action's result for the form to show. */
  const run = useCallback(
    async <T,>(action: ServerAction<T>, input: unknown): Promise<ActionResult<T>> => {
      const result = await action(input);
      if (result.ok) await reload();
      return result;
    },
    [reload],
  );

  useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
  return { store, run, loadError };
}
