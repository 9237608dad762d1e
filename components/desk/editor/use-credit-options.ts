"use client";

import { useCallback, useState } from "react";
import type { EditableCredit } from "@/lib/articles/edit-schema";

/**
 * The credits the editor's pickers offer: the list the page was rendered with, plus credits met
 * since (made in a picker, named by an uploaded file, used by a version loaded after a conflict).
 * Credits arrive as objects from the server; nothing here parses a label.
 */
export function useCreditOptions(initial: EditableCredit[]) {
  const [credits, setCredits] = useState(initial);

  const addCredits = useCallback((added: ReadonlyArray<EditableCredit | null>) => {
    setCredits((list) => {
      const known = new Set(list.map((credit) => credit.id));
      const fresh = added.filter((credit): credit is EditableCredit => credit !== null && !known.has(credit.id));
      if (fresh.length === 0) return list;
      const byId = new Map(fresh.map((credit) => [credit.id, credit]));
      return [...list, ...byId.values()].sort((a, b) => a.label.localeCompare(b.label));
    });
  }, []);

  const creditLabel = useCallback(
    (creditId: string | null) => (creditId ? (credits.find((credit) => credit.id === creditId)?.label ?? null) : null),
    [credits],
  );

  return { credits, addCredits, creditLabel };
}
