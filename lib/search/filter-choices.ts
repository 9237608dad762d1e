import "server-only";
import { formatCredit } from "@/lib/articles/credit";
import { db } from "@/lib/db";
import type { DeskArticleFilter } from "./filters";

const EDITOR_CHOICES_MAX = 500;

export interface FilterChoices {
  /** People who can be chosen as "last edited by" (the desk's users, by name). */
  editors: Array<{ id: string; name: string }>;
  /** The label of the credit being filtered by; null when none is (or it no longer exists). */
  creditLabel: string | null;
}

/** What the desk's filter form needs besides the filter itself: two small indexed reads. */
export async function listFilterChoices(filter: Pick<DeskArticleFilter, "credit">): Promise<FilterChoices> {
  const [editors, credit] = await Promise.all([
    db.user.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: EDITOR_CHOICES_MAX }),
    filter.credit ? db.credit.findUnique({ where: { id: filter.credit } }) : Promise.resolve(null),
  ]);
  return { editors, creditLabel: credit ? formatCredit(credit) : null };
}
