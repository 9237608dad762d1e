import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, keysetPage } from "@/lib/db/keyset";
import { parseInput, ValidationError } from "@/lib/errors";
import type { ArticleStatusName } from "@/lib/publishing/schemas";
import type { WorkflowStageName } from "@/lib/workflow/stages";
import { DESK_PAGE_SIZE, RANK_BOUND, TOTAL_BOUND, deskArticleFilterSchema, type DeskArticleFilter, type DeskArticleFilterInput } from "./filters";
import { parseSnippet, SNIPPET_START, SNIPPET_STOP, type SnippetPart } from "./snippet";

export interface DeskArticleRow {
  id: string;
  slug: string;
  headline: string;
  status: ArticleStatusName;
  version: number;
  /** The version readers see (or saw); null when never published. */
  publishedVersion: number | null;
  /** Published (or unpublished) and edited since the last publication. */
  hasDraftChanges: boolean;
  /** The latest edit or publication: what happened, when, by whom. */
  lastChange: { what: "imported" | "reimported" | "edited" | "restored" | "published"; at: string; by: string | null };
  /** Where a search matched (standfirst, body, captions and credits), with the matches marked; null without a search. */
  snippet: SnippetPart[] | null;
  stage: WorkflowStageName;
  /** Pending timed publication and unpublication (ISO), null when none. */
  publishAt: string | null;
  unpublishAt: string | null;
}

export interface DeskArticlePage {
  articles: DeskArticleRow[];
  /** The filters as applied (after parsing), for the form and the page links. */
  filter: DeskArticleFilter;
  /** "relevance" for a search with at most RANK_BOUND matches, else newest change first. */
  order: "relevance" | "recent";
  /**
   * Exact up to a bound: TOTAL_BOUND, or RANK_BOUND for a search with a "quoted phrase";
   * `totalIsBound` says the real number is larger than `total` (then the bound).
   */
  total: number;
  totalIsBound: boolean;
  next: string | null;
  previous: string | null;
  pageSize: number;
  /** Set when the search has no searchable words (only punctuation or very common words). */
  notice: string | null;
}

const REVISION_WHAT = { import: "imported", reimport: "reimported", save: "edited", restore: "restored" } as const;

const SEARCH_CONFIG = Prisma.sql`'public.copydesk_search'::regconfig`;
const tsquery = (text: string) => Prisma.sql`websearch_to_tsquery(${SEARCH_CONFIG}, ${text})`;
const rank = (text: string) => Prisma.sql`ts_rank(s."document", ${tsquery(text)}, 1)`;

/**
 * The WHERE conditions on the article of a filter, each added only when it has a value (never a
 * condition on an undefined value that would match everything). The search's own condition is
 * `searchCondition`, on the "ArticleSearch" row (alias s).
 */
function conditionsFor(filter: DeskArticleFilter, viewerId: string | null): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.stage) conditions.push(Prisma.sql`a."stage" = ${filter.stage}::"WorkflowStage"`);
  if (filter.assigned === "me") {
    // Without a viewer "me" is nobody: the filter matches nothing rather than everything.
    conditions.push(viewerId ? Prisma.sql`(a."assignedReporterId" = ${viewerId} OR a."assignedEditorId" = ${viewerId})` : Prisma.sql`FALSE`);
  }
  if (filter.status) conditions.push(Prisma.sql`a."status" = ${filter.status}::"ArticleStatus"`);
  if (filter.from) conditions.push(Prisma.sql`a."documentDate" >= ${filter.from}::date`);
  if (filter.to) conditions.push(Prisma.sql`a."documentDate" <= ${filter.to}::date`);
  if (filter.editor) conditions.push(Prisma.sql`a."lastEditorId" = ${filter.editor}`);
  if (filter.credit) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "Photo" p WHERE p."articleId" = a.id AND p."creditId" = ${filter.credit})`);
  }
  return conditions;
}

const searchCondition = (q: string) => Prisma.sql`s."document" @@ ${tsquery(q)}`;

/** Every condition of a filter: the article's, and the search's when there is one. */
const allConditions = (filter: DeskArticleFilter, viewerId: string | null) => [
  ...(filter.q ? [searchCondition(filter.q)] : []),
  ...conditionsFor(filter, viewerId),
];

const fromClause = (filter: DeskArticleFilter) =>
  filter.q ? Prisma.sql`"Article" a JOIN "ArticleSearch" s ON s."articleId" = a.id` : Prisma.sql`"Article" a`;

const whereClause = (conditions: Prisma.Sql[]) =>
  conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

interface PageRow {
  id: string;
  slug: string;
  headline: string;
  status: ArticleStatusName;
  version: number;
  updatedAt: Date;
  updatedKey: string;
  rankKey: string | null;
  revisionKind: keyof typeof REVISION_WHAT | null;
  revisionAt: Date | null;
  revisionBy: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  publishedVersion: number | null;
  snippet: string | null;
  stage: WorkflowStageName;
  publishAt: Date | null;
  unpublishAt: Date | null;
}

interface SearchShape {
  /** websearch_to_tsquery drops punctuation and stop words: a text may have nothing left to search. */
  searchable: boolean;
  /** The query has a "quoted phrase": whether a document matches depends on word positions. */
  positional: boolean;
}

const PHRASE_OPERATOR = "' <(-|[0-9]+)> '";

/** What the search text becomes as a query (one round trip, no table read). */
async function searchShape(text: string): Promise<SearchShape> {
  // The text form of a tsquery quotes every lexeme; phrase operators (<->, <2>) stand between them.
  const [row] = await db.$queryRaw<SearchShape[]>`
    SELECT numnode(q) > 0 AS searchable, q::text ~ ${PHRASE_OPERATOR} AS positional FROM ${tsquery(text)} AS q`;
  return row ?? { searchable: false, positional: false };
}

/**
 * The number of matches, counted up to `bound + 1`. A search counts from the GIN index's bitmap
 * of "ArticleSearch": the index alone decides a match of words and exclusions, so no document is
 * read; the join to "Article" is made only when the article's own columns filter. The planner
 * does not know that `@@` on a row reads its document (3 TOAST chunks on average): left alone it
 * walks the table and tests every row until the bound (a second or more at 100,000 articles), so
 * the count is planned with bitmap scans only, in its own transaction.
 */
async function boundedTotal(filter: DeskArticleFilter, viewerId: string | null, bound: number): Promise<number> {
  const articleConditions = conditionsFor(filter, viewerId);
  if (!filter.q) {
    const [row] = await db.$queryRaw<Array<{ total: number }>>`
      SELECT count(*)::int AS total FROM (SELECT 1 FROM "Article" a ${whereClause(articleConditions)} LIMIT ${bound + 1}) AS matches`;
    return row?.total ?? 0;
  }
  const from = articleConditions.length > 0 ? Prisma.sql`"ArticleSearch" s JOIN "Article" a ON a.id = s."articleId"` : Prisma.sql`"ArticleSearch" s`;
  const [, rows] = await db.$transaction([
    db.$queryRaw`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
    db.$queryRaw<Array<{ total: number }>>`
      SELECT count(*)::int AS total FROM (
        SELECT 1 FROM ${from} ${whereClause([searchCondition(filter.q), ...articleConditions])} LIMIT ${bound + 1}
      ) AS matches`,
  ]);
  return rows[0]?.total ?? 0;
}

/**
 * The desk's article list and search, in one query per page: full-text search over headline,
 * standfirst, body, captions and credits (websearch syntax: "quoted phrases", -exclusions, or),
 * accents and case ignored; filters by status, document date, credit and last editor; keyset
 * pages; an exact total up to TOTAL_BOUND (RANK_BOUND for a phrase). A search ranks by relevance when it has at most
 * RANK_BOUND matches (ranking more would read every match's document for a list nobody reads
 * to the end); beyond that, and without a search, the newest change comes first. Snippets are
 * computed for the rows of the page only.
 */
export async function listDeskArticles(input: DeskArticleFilterInput = {}, options: { viewerId?: string } = {}): Promise<DeskArticlePage> {
  const viewerId = options.viewerId ?? null;
  const filter = parseInput(deskArticleFilterSchema, input);
  const empty = (notice: string | null): DeskArticlePage => ({
    articles: [],
    filter,
    order: "recent",
    total: 0,
    totalIsBound: false,
    next: null,
    previous: null,
    pageSize: DESK_PAGE_SIZE,
    notice,
  });
  const shape = filter.q ? await searchShape(filter.q) : null;
  if (shape && !shape.searchable) {
    return empty(`“${filter.q}” has no words to search for (very common words such as “the” are left out). Try other words.`);
  }

  const direction = filter.after ? "after" : filter.before ? "before" : null;
  const cursorText = filter.after ?? filter.before ?? null;
  const cursor = cursorText ? readCursor(cursorText) : null;
  // The order is chosen on the first page and travels in the cursor, so paging never switches it.
  const cursorOrder = cursor?.order ?? null;
  // A phrase is checked in each candidate's document (the index has no positions), so its total
  // is exact only up to RANK_BOUND, the count the order needs: "swimmers gather" has its two
  // words in 78,000 of 100,000 articles, and counting to 10,000 read 62,000 documents.
  const bound = shape?.positional ? RANK_BOUND : TOTAL_BOUND;
  const total = await boundedTotal(filter, viewerId, bound);
  const totalIsBound = total > bound;
  const order: DeskArticlePage["order"] = cursorOrder ?? (filter.q && total <= RANK_BOUND ? "relevance" : "recent");
  if (order === "relevance" && !filter.q) return empty(null);

  const conditions = allConditions(filter, viewerId);
  const backwards = direction === "before";
  const descending = backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const compare = backwards ? Prisma.sql`>` : Prisma.sql`<`;
  if (cursor) {
    const { rankKey, updatedKey, id } = cursor;
    conditions.push(
      order === "relevance"
        ? Prisma.sql`(${rank(filter.q!)}, a."updatedAt", a.id) ${compare} (${rankKey}::real, ${updatedKey}::timestamp, ${id})`
        : Prisma.sql`(a."updatedAt", a.id) ${compare} (${updatedKey}::timestamp, ${id})`,
    );
  }
  const rankColumn = order === "relevance" ? Prisma.sql`${rank(filter.q!)}` : Prisma.sql`NULL::real`;
  const orderBy =
    order === "relevance"
      ? Prisma.sql`ORDER BY "rank" ${descending}, a."updatedAt" ${descending}, a.id ${descending}`
      : Prisma.sql`ORDER BY a."updatedAt" ${descending}, a.id ${descending}`;
  const snippet = filter.q
    ? Prisma.sql`ts_headline(${SEARCH_CONFIG},
        concat_ws(' · ', nullif(a.standfirst, ''), copydesk_rich_text(a.body), photos.text),
        ${tsquery(filter.q)},
        ${`StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "`})`
    : Prisma.sql`NULL::text`;
  const photosText = filter.q
    ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' · ' ORDER BY p.position) AS text
          FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId" WHERE p."articleId" = page.id) AS photos ON true`
    : Prisma.empty;

  const fetched = await db.$queryRaw<PageRow[]>`
    WITH page AS MATERIALIZED (
      SELECT a.id, ${rankColumn} AS "rank", a."updatedAt"
        FROM ${fromClause(filter)} ${whereClause(conditions)}
        ${orderBy} LIMIT ${DESK_PAGE_SIZE + 1}
    )
    SELECT a.id, a.slug, a.headline, a.status::text AS status, a.version, a."updatedAt",
           a."updatedAt"::text AS "updatedKey", page."rank"::text AS "rankKey",
           r.kind::text AS "revisionKind", r."createdAt" AS "revisionAt", ru.name AS "revisionBy",
           pub."publishedAt", pu.name AS "publishedBy", pr.version AS "publishedVersion",
           ${snippet} AS snippet, a.stage::text AS stage,
           (SELECT min(sc."runAt") FROM "ArticleSchedule" sc WHERE sc."articleId" = a.id AND sc.state = 'pending' AND sc.action = 'publish') AS "publishAt",
           (SELECT min(sc."runAt") FROM "ArticleSchedule" sc WHERE sc."articleId" = a.id AND sc.state = 'pending' AND sc.action = 'unpublish') AS "unpublishAt"
      FROM page JOIN "Article" a ON a.id = page.id
      LEFT JOIN LATERAL (SELECT kind, "createdAt", "authorId" FROM "Revision" WHERE "articleId" = a.id ORDER BY version DESC LIMIT 1) r ON true
      LEFT JOIN "User" ru ON ru.id = r."authorId"
      LEFT JOIN LATERAL (SELECT "publishedAt", "publishedById", "revisionId" FROM "Publication" WHERE "articleId" = a.id ORDER BY "publishedAt" DESC LIMIT 1) pub ON true
      LEFT JOIN "User" pu ON pu.id = pub."publishedById"
      LEFT JOIN "Revision" pr ON pr.id = pub."revisionId"
      ${photosText}
     ORDER BY ${order === "relevance" ? Prisma.sql`page."rank" ${descending},` : Prisma.empty} page."updatedAt" ${descending}, page.id ${descending}`;

  const page = keysetPage(fetched, {
    pageSize: DESK_PAGE_SIZE,
    direction,
    key: (row) => [order, row.rankKey ?? "", row.updatedKey, row.id],
  });
  return {
    articles: page.rows.map(toDeskRow),
    filter,
    order,
    total: Math.min(total, bound),
    totalIsBound,
    next: page.next,
    previous: page.previous,
    pageSize: DESK_PAGE_SIZE,
    notice: null,
  };
}

const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const RANK_KEY = /^(\d+(\.\d+)?(e-?\d+)?)?$/;

/** A page link's position, checked part by part: a forged one is a ValidationError, never SQL that fails. */
function readCursor(text: string) {
  const [order, rankKey, updatedKey, id] = decodeCursor(text, 4);
  const valid =
    (order === "recent" || (order === "relevance" && rankKey !== "")) && RANK_KEY.test(rankKey) && TIMESTAMP_KEY.test(updatedKey) && /^[\w-]{1,64}$/.test(id);
  if (!valid) throw new ValidationError("This page link is broken. Start again from the first page.", { cursor: ["This page link is broken."] });
  return { order: order as DeskArticlePage["order"], rankKey, updatedKey, id };
}

function toDeskRow(row: PageRow): DeskArticleRow {
  const publishedVersion = row.publishedVersion;
  const lastChange: DeskArticleRow["lastChange"] =
    row.publishedAt && (!row.revisionAt || row.publishedAt >= row.revisionAt)
      ? { what: "published", at: row.publishedAt.toISOString(), by: row.publishedBy }
      : row.revisionKind && row.revisionAt
        ? { what: REVISION_WHAT[row.revisionKind], at: row.revisionAt.toISOString(), by: row.revisionBy }
        : { what: "edited", at: row.updatedAt.toISOString(), by: null };
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    status: row.status,
    version: row.version,
    publishedVersion,
    hasDraftChanges: row.status !== "draft" && publishedVersion !== null && publishedVersion !== row.version,
    lastChange,
    snippet: row.snippet === null ? null : parseSnippet(row.snippet),
    stage: row.stage,
    publishAt: row.publishAt?.toISOString() ?? null,
    unpublishAt: row.unpublishAt?.toISOString() ?? null,
  };
}
