"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { isSaveConflict, type SaveConflict, type SaveResult } from "@/lib/articles/edit-schema";
import type { FieldErrors } from "@/lib/errors";
import { removeLocalDraft, writeLocalDraft } from "./draft";
import { FIELD_WITH_MESSAGE } from "./field-errors";
import type { Draft } from "./use-draft";

export type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "conflict" } | { kind: "error"; message: string };
export type SaveMode = "manual" | "auto" | "overwrite";

const timeOfDay = (date: Date) => date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * The save path of the article editor: POST the whole working copy with the version it started
 * from; a refused save (someone saved first) becomes a conflict, a 422 field errors, anything else
 * a message, and every unsaved outcome keeps a copy in localStorage. One save runs at a time; a
 * Save pressed meanwhile runs after it for the text typed since.
 */
export function useSaveState(articleId: string, initialVersion: number, { draftRef, editsRef, edits }: Pick<Draft, "draftRef" | "editsRef" | "edits">) {
  const router = useRouter();
  const [baseVersion, setBaseVersion] = useState(initialVersion);
  const baseVersionRef = useRef(initialVersion);
  const [savedEdits, setSavedEdits] = useState(0);
  const savedEditsRef = useRef(0);
  // The edit count the last save attempt sent (autosave does not resend the same edits).
  const attemptedEditsRef = useRef(0);

  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const savingRef = useRef(false);
  const queuedSaveRef = useRef(false);
  const [saveAgain, setSaveAgain] = useState(0);
  const [lastSavedAt, setLastSavedAt] = useState<Date | null>(null);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  // An explicit save that hits a conflict moves focus to the conflict view; autosave only announces
  // it, so keystrokes of someone still typing are not sent elsewhere.
  const [focusConflict, setFocusConflict] = useState(false);
  const conflictRef = useRef<SaveConflict | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const dirty = edits !== savedEdits;

  const setConflictState = (next: SaveConflict | null) => {
    conflictRef.current = next;
    setConflict(next);
  };
  const markSaved = (editCount: number) => {
    savedEditsRef.current = editCount;
    setSavedEdits(editCount);
  };
  const setBase = useCallback((version: number) => {
    baseVersionRef.current = version;
    setBaseVersion(version);
  }, []);

  /** Keeps the working copy in this browser, under the version it started from. */
  const keepLocalCopy = useCallback(() => {
    writeLocalDraft({ articleId, baseVersion: baseVersionRef.current, writtenAt: new Date().toISOString(), content: draftRef.current });
  }, [articleId, draftRef]);

  const save = useCallback(
    async (mode: SaveMode) => {
      if (savingRef.current) {
        queuedSaveRef.current = mode !== "auto" || queuedSaveRef.current;
        return;
      }
      const pendingConflict = conflictRef.current;
      if (pendingConflict && mode !== "overwrite") return;

      savingRef.current = true;
      setSaveState({ kind: "saving" });
      const startedEdits = editsRef.current;
      attemptedEditsRef.current = startedEdits;
      const startedBase = baseVersionRef.current;
      const expectedVersion = mode === "overwrite" && pendingConflict ? pendingConflict.currentVersion : startedBase;
      const content = draftRef.current;
      let next: SaveState = { kind: "idle" };
      try {
        const response = await fetch(`/api/articles/${encodeURIComponent(articleId)}/save`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ articleId, expectedVersion, ...content }),
          cache: "no-store",
        });
        const body = (await response.json().catch(() => null)) as
          | (SaveResult & { error?: string; fieldErrors?: FieldErrors; conflict?: unknown })
          | null;
        if (response.ok && body) {
          removeLocalDraft(articleId, startedBase);
          removeLocalDraft(articleId, expectedVersion);
          setBase(body.version);
          markSaved(startedEdits);
          // Typing went on during the request: keep that newer text locally under the new version.
          if (editsRef.current !== startedEdits) keepLocalCopy();
          setConflictState(null);
          setFieldErrors({});
          setFormError(null);
          setLastSavedAt(new Date());
          // The publishing panel shows the current version; let the server page tell it.
          if (body.changed) router.refresh();
        } else if (response.status === 409 && isSaveConflict(body?.conflict)) {
          keepLocalCopy();
          setFocusConflict(mode !== "auto");
          setConflictState(body.conflict);
          next = { kind: "conflict" };
        } else if (response.status === 422) {
          const errors = body?.fieldErrors ?? {};
          setFieldErrors(errors);
          // Errors no field shows (or a refusal without field errors) go above the form.
          const unplaced = Object.entries(errors)
            .filter(([key]) => !FIELD_WITH_MESSAGE.test(key))
            .flatMap(([, messages]) => messages);
          const placed = Object.keys(errors).some((key) => FIELD_WITH_MESSAGE.test(key));
          setFormError(unplaced.length ? unplaced.join(" ") : placed ? null : (body?.error ?? "The server refused the text."));
          next = { kind: "error", message: placed ? "fix the marked fields" : "see the message above the form" };
        } else if (response.status === 401) {
          next = { kind: "error", message: "you are signed out. Sign in in another tab, then save again" };
        } else {
          next = { kind: "error", message: body?.error ?? `the server answered ${response.status}` };
        }
      } catch {
        next = { kind: "error", message: "no connection. Your text is kept in this browser" };
      } finally {
        savingRef.current = false;
      }
      setSaveState(next);
      if (next.kind !== "idle") keepLocalCopy();
      // A Save pressed while this one ran: run it now for the text typed since.
      if (queuedSaveRef.current && next.kind === "idle" && editsRef.current !== savedEditsRef.current) setSaveAgain((n) => n + 1);
      queuedSaveRef.current = false;
    },
    [articleId, draftRef, editsRef, keepLocalCopy, router, setBase],
  );

  useEffect(() => {
    if (saveAgain === 0) return;
    const timer = setTimeout(() => void save("manual"), 0);
    return () => clearTimeout(timer);
  }, [saveAgain, save]);

  /**
   * The editors now hold `version` as saved (their version was loaded after a conflict, or a kept
   * copy restored): the conflict, errors and pending edits are settled.
   */
  const settleAt = useCallback(
    (version: number) => {
      setBase(version);
      markSaved(editsRef.current);
      attemptedEditsRef.current = editsRef.current;
      setConflictState(null);
      setFieldErrors({});
      setSaveState({ kind: "idle" });
      setLastSavedAt(null);
    },
    [editsRef, setBase],
  );

  const statusText =
    saveState.kind === "saving"
      ? "Saving…"
      : saveState.kind === "conflict"
        ? "Conflict: not saved"
        : saveState.kind === "error"
          ? `Not saved: ${saveState.message}`
          : dirty
            ? "Unsaved changes"
            : lastSavedAt
              ? `Saved at ${timeOfDay(lastSavedAt)}`
              : "Saved";
  const statusKind = saveState.kind === "idle" ? (dirty ? "dirty" : "saved") : saveState.kind;

  return {
    save,
    saveState,
    statusText,
    statusKind,
    dirty,
    /** Leaving now would lose something: unsaved edits, a save in flight, an unresolved conflict. */
    unsafeToLeave: dirty || saveState.kind === "saving" || conflict !== null,
    conflict,
    conflictRef,
    focusConflict,
    baseVersion,
    baseVersionRef,
    setBase,
    savedEdits,
    attemptedEditsRef,
    fieldErrors,
    formError,
    keepLocalCopy,
    settleAt,
  };
}

export type SaveStateApi = ReturnType<typeof useSaveState>;

/** Ctrl/Cmd+S saves (instead of the browser's "save page"). */
export function useSaveShortcut(save: (mode: SaveMode) => unknown) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        // During a conflict this does nothing: the conflict view's buttons decide.
        void save("manual");
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);
}
