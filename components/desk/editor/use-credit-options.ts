"use client";

import { useCallback, useMemo, useState } from "react";
import type { EditableCredit } from "@/lib/articles/edit-schema";
import type { ArticleForEditing } from "@/lib/articles/editing";

/**
 * The credits the editor's pickers offer without a search: the article's own (as the page last
 * loaded it, so a credit someone else chose arrives with the next stored version), plus credits met
 * since (made or found in a picker, named by an uploaded file or a library image, used by a
 * version loaded after a conflict). Never every credit: the pickers search for the others.
 * Credits arrive as objects from the server; nothing here parses a label.
 */
export function useCreditOptions(article: Pick<ArticleForEditing, "photos">) {
  const [met, setMet] = useState<EditableCredit[]>([]);

  const credits = useMemo(() => {
    const byId = new Map<string, EditableCredit>();
    for (const photo of article.photos) if (photo.credit) byId.set(photo.credit.id, photo.credit);
    for (const credit of met) if (!byId.has(credit.id)) byId.set(credit.id, credit);
    return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label));
  }, [article.photos, met]);

  const addCredits = useCallback((added: ReadonlyArray<EditableCredit | null>) => {
    setMet((list) => {
      const known = new Set(list.map((credit) => credit.id));
      const fresh = added.filter((credit): credit is EditableCredit => credit !== null && !known.has(credit.id));
      if (fresh.length === 0) return list;
      return [...list, ...new Map(fresh.map((credit) => [credit.id, credit])).values()];
    });
  }, []);

  const creditLabel = useCallback(
    (creditId: string | null) => (creditId ? (credits.find((credit) => credit.id === creditId)?.label ?? null) : null),
    [credits],
  );

  return { credits, addCredits, creditLabel };
}
