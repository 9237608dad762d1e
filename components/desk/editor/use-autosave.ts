"use client";

import { useEffect, type RefObject } from "react";
import type { SaveMode } from "./use-save-state";

/** Autosave waits this long after the last keystroke. */
export const AUTOSAVE_DELAY_MS = 2_000;

/**
 * Autosave: a while after typing stops, never while paused (a conflict, a save in flight), and
 * never twice for the same edits (a refused or failed save waits for the next keystroke or an
 * explicit Save).
 */
export function useAutosave({
  save,
  edits,
  savedEdits,
  attemptedEditsRef,
  paused,
}: {
  save: (mode: SaveMode) => unknown;
  edits: number;
  savedEdits: number;
  attemptedEditsRef: RefObject<number>;
  paused: boolean;
}) {
  useEffect(() => {
    if (paused) return;
    if (edits === savedEdits || edits === attemptedEditsRef.current) return;
    const timer = setTimeout(() => void save("auto"), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [edits, savedEdits, paused, save, attemptedEditsRef]);
}
