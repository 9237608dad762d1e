import { z } from "zod";
import { ARTICLE_STATUSES, type ArticleStatusName } from "@/lib/publishing/schemas";
import { WORKFLOW_STAGES } from "@/lib/workflow/stages";

// Client-safe: the desk's search form uses these constants too.

export const SEARCH_QUERY_MAX = 200;
export const DESK_PAGE_SIZE = 25;
/** Totals are counted exactly up to this many matches; beyond it the desk says "10,000+". */
export const TOTAL_BOUND = 10_000;
/**
 * A search ranks by relevance when it has at most this many matches: ranking reads every match's
 * document, and past a thousand matches the newest first is the more useful order anyway.
 */
export const RANK_BOUND = 1_000;

// Search params arrive as string | string[] | undefined; a repeated parameter counts once, and a
// form sends "" for a field left empty ("not given").
const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const given = (value: unknown) => {
  const first = firstValue(value);
  return first === null || (typeof first === "string" && first.trim() === "") ? undefined : first;
};
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(given, schema.optional());

const isoDate = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Give the ${what} as YYYY-MM-DD.`)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, `The ${what} is not a real date.`);

const id = (what: string) => z.string().trim().min(1).max(64, `That ${what} does not exist.`).regex(/^[\w-]+$/, `That ${what} does not exist.`);
const cursor = z.string().trim().max(400, "This page link is broken. Start again from the first page.");

/**
 * The desk article list's filters, from the URL (`?q=…&status=…&from=…&to=…&credit=…&editor=…`)
 * plus the keyset position (`after`/`before`). One parsed object drives one query; a filter added
 * later (stage, assignee) is one more field here and one more condition in `conditionsFor`.
 */
export const deskArticleFilterSchema = z
  .object({
    // Control characters (NUL among them) cannot reach PostgreSQL text; they are spaces here.
    q: optional(
      z
        .string()
        .transform((value) => value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim())
        .pipe(z.string().max(SEARCH_QUERY_MAX, `Search for at most ${SEARCH_QUERY_MAX} characters.`)),
    ),
    status: optional(z.enum(ARTICLE_STATUSES, { error: "Filter by draft, published or unpublished." })),
    from: optional(isoDate("start date")),
    to: optional(isoDate("end date")),
    credit: optional(id("credit")),
    editor: optional(id("editor")),
    stage: optional(z.enum(WORKFLOW_STAGES, { error: "Filter by in progress, ready for edit, ready for copy or ready to publish." })),
    // Stories the signed-in user is assigned to, as reporter or editor.
    assigned: optional(z.literal("me", { error: "Filter by “assigned to me” or not at all." })),
    after: optional(cursor),
    before: optional(cursor),
  })
  .refine((filter) => !(filter.from && filter.to && filter.from > filter.to), {
    path: ["to"],
    message: "The end date is before the start date.",
  })
  .refine((filter) => !(filter.after && filter.before), { path: ["before"], message: "This page link is broken. Start again from the first page." });

export type DeskArticleFilterInput = z.input<typeof deskArticleFilterSchema>;
export type DeskArticleFilter = z.output<typeof deskArticleFilterSchema>;
export type { ArticleStatusName };

/** The filters that narrow the list (everything but the page position), as URL parameters. */
export const FILTER_PARAMS = ["q", "status", "from", "to", "credit", "editor", "stage", "assigned"] as const satisfies ReadonlyArray<keyof DeskArticleFilter>;
