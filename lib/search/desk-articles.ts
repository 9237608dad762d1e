import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { databaseErrorCodes } from "@/lib/db/error-code";
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
 * The WHERE conditions of a filter, on the article's "ArticleSearch" row (alias s), which carries
 * copies of the columns filtered by (see the migration *_search_filter_columns): one GIN index
 * over the document and these columns decides them all together. Each is added only when it has
 * a value (never a condition on an undefined value that would match everything); the search's
 * own condition comes last, so that a walk in the desk's order tests the cheap columns first and
 * reads the document (out of line) only of rows that pass them.
 */
function conditionsFor(filter: DeskArticleFilter, viewerId: string | null): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.stage) conditions.push(Prisma.sql`s."stage" = ${filter.stage}::"WorkflowStage"`);
  if (filter.assigned === "me") {
    // Without a viewer "me" is nobody: the filter matches nothing rather than everything.
    conditions.push(viewerId ? Prisma.sql`s."assigneeIds" @> ARRAY[${viewerId}::text]` : Prisma.sql`FALSE`);
  }
  if (filter.status) conditions.push(Prisma.sql`s."status" = ${filter.status}::"ArticleStatus"`);
  if (filter.from) conditions.push(Prisma.sql`s."documentDate" >= ${filter.from}::date`);
  if (filter.to) conditions.push(Prisma.sql`s."documentDate" <= ${filter.to}::date`);
  if (filter.editor) conditions.push(Prisma.sql`s."lastEditorId" = ${filter.editor}`);
  if (filter.credit) conditions.push(Prisma.sql`s."creditIds" @> ARRAY[${filter.credit}::text]`);
  if (filter.q) conditions.push(Prisma.sql`s."document" @@ ${tsquery(filter.q)}`);
  return conditions;
}

const whereClause = (conditions: Prisma.Sql[]) =>
  conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

/**
 * Runs one query in its own transaction with the scans of one plan only: "bitmap" (the GIN
 * index's bitmap, then the rows it names) or "walk" (the (updatedAt, articleId) index, newest
 * first, testing each row). The total is counted first, so the plan is chosen knowing how many
 * rows match; PostgreSQL's planner does not know that `@@` on a row reads its document (3 TOAST
 * chunks on average, out of line), nor, before the first ANALYZE after a bulk import, how common a
 * word is. Left alone it walked the desk's order testing every row for a rare word (1.8 s at
 * 100,000 articles), and without statistics it estimates a filtered common word at a few rows and
 * sorts all its matches (88,395 rows for "swimmers" by one editor: 81 ms, against 6 ms walking).
 */
export async function withPlan<T>(plan: "bitmap" | "walk", query: Prisma.Sql, timeLimitMs = SEARCH_TIME_LIMIT_MS): Promise<T[]> {
  const off = plan === "bitmap" ? "enable_indexscan" : "enable_bitmapscan";
  try {
    const [, rows] = await db.$transaction([
      db.$queryRaw`SELECT set_config('enable_seqscan', 'off', true), set_config(${off}, 'off', true), set_config('statement_timeout', ${String(timeLimitMs)}, true)`,
      db.$queryRaw<T[]>(query),
    ]);
    return rows;
  } catch (error) {
    if (databaseErrorCodes(error).includes(QUERY_CANCELED)) throw new SearchTooSlowError();
    throw error;
  }
}

/**
 * How long one search query may run. A search is decided in the GIN index except a "quoted
 * phrase", whose candidates are checked in their documents (the index keeps no word positions):
 * two common words that are rarely side by side ("ap march") read most of the archive, seconds at
 * 100,000 articles. Stopped here, the desk says so instead of holding a connection that long.
 */
export const SEARCH_TIME_LIMIT_MS = 2_000;
const QUERY_CANCELED = "57014";

/** A search query ran past SEARCH_TIME_LIMIT_MS and was cancelled. */
export class SearchTooSlowError extends Error {
  constructor() {
    super("The search took too long and was stopped.");
    this.name = "SearchTooSlowError";
  }
}

interface PageKey {
  id: string;
  updatedKey: string;
  rankKey: string | null;
}

interface PageRow {
  id: string;
  slug: string;
  headline: string;
  status: ArticleStatusName;
  version: number;
  updatedAt: Date;
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
 * The number of matches, counted up to `bound + 1` from the GIN index's bitmap: the index alone
 * decides a match of words, exclusions and filters, so no document is read (a phrase's candidates
 * are checked in their documents, hence its lower bound).
 */
async function boundedTotal(conditions: Prisma.Sql[], bound: number): Promise<number> {
  const count = Prisma.sql`
    SELECT count(*)::int AS total FROM (SELECT 1 FROM "ArticleSearch" s ${whereClause(conditions)} LIMIT ${bound + 1}) AS matches`;
  // Without conditions there is no index to use: the first rows of the narrow table are counted.
  const [row] = conditions.length > 0 ? await withPlan<{ total: number }>("bitmap", count) : await db.$queryRaw<Array<{ total: number }>>(count);
  return row?.total ?? 0;
}

/**
 * The desk's article list and search, in one query per page: full-text search over headline,
 * standfirst, body, captions and credits (websearch syntax: "quoted phrases", -exclusions, or),
 * accents and case ignored; filters by status, document date, credit, last editor, stage and
 * assignee; keyset pages; an exact total up to TOTAL_BOUND (RANK_BOUND for a phrase). A search
 * ranks by relevance when it has at most RANK_BOUND matches (ranking more would read every
 * match's document for a list nobody reads to the end); beyond that, and without a search, the
 * newest change comes first. Snippets are computed for the rows of the page only.
 *
 * How the page is found depends on the total, counted first: up to the bound, the matches are few
 * and are taken from the GIN index's bitmap and sorted (a walk in the desk's order would test
 * most of the archive to find them); beyond it they are many, and the newest changes are walked
 * until a page is found (sorting tens of thousands would cost more).
 */
export async function listDeskArticles(input: DeskArticleFilterInput = {}, options: { viewerId?: string } = {}): Promise<DeskArticlePage> {
  const viewerId = options.viewerId ?? null;
  const filter = parseInput(deskArticleFilterSchema, input);
  const empty = (notice: string | null) => emptyPage(filter, notice);
  const shape = filter.q ? await searchShape(filter.q) : null;
  if (shape && !shape.searchable) {
    return empty(`“${filter.q}” has no words to search for (very common words such as “the” are left out). Try other words.`);
  }

  const direction = filter.after ? "after" : filter.before ? "before" : null;
  const cursorText = filter.after ?? filter.before ?? null;
  const cursor = cursorText ? readCursor(cursorText) : null;
  // A phrase is checked in each candidate's document (the index has no positions), so its total
  // is exact only up to RANK_BOUND, the count the order needs: "swimmers gather" has its two
  // words in 78,000 of 100,000 articles, and counting to 10,000 read 62,000 documents.
  const bound = shape?.positional ? RANK_BOUND : TOTAL_BOUND;
  const conditions = conditionsFor(filter, viewerId);
  try {
    return await searchPage(filter, conditions, bound, cursor, direction);
  } catch (error) {
    if (!(error instanceof SearchTooSlowError)) throw error;
    return empty(
      filter.q && shape?.positional
        ? `The search for “${filter.q}” took too long and was stopped: a “quoted phrase” of common words is looked for in every article that has them. Add a word or a filter, or search without the quotes.`
        : `The search for “${filter.q ?? ""}” took too long and was stopped. Add a word or a filter to narrow it.`,
    );
  }
}

function emptyPage(filter: DeskArticleFilter, notice: string | null): DeskArticlePage {
  return { articles: [], filter, order: "recent", total: 0, totalIsBound: false, next: null, previous: null, pageSize: DESK_PAGE_SIZE, notice };
}

/** The page of a parsed filter: the bounded total first, then the page's keys, then its rows. */
async function searchPage(
  filter: DeskArticleFilter,
  conditions: Prisma.Sql[],
  bound: number,
  cursor: ReturnType<typeof readCursor> | null,
  direction: "after" | "before" | null,
): Promise<DeskArticlePage> {
  const total = await boundedTotal(conditions, bound);
  const totalIsBound = total > bound;
  // The order is chosen on the first page and travels in the cursor, so paging never switches it.
  const order: DeskArticlePage["order"] = cursor?.order ?? (filter.q && total <= RANK_BOUND ? "relevance" : "recent");
  if (order === "relevance" && !filter.q) return emptyPage(filter, null);

  const backwards = direction === "before";
  const descending = backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const compare = backwards ? Prisma.sql`>` : Prisma.sql`<`;
  const pageConditions = [...conditions];
  if (cursor) {
    const { rankKey, updatedKey, id } = cursor;
    pageConditions.push(
      order === "relevance"
        ? Prisma.sql`(${rank(filter.q!)}, s."updatedAt", s."articleId") ${compare} (${rankKey}::real, ${updatedKey}::timestamp, ${id})`
        : Prisma.sql`(s."updatedAt", s."articleId") ${compare} (${updatedKey}::timestamp, ${id})`,
    );
  }
  const rankColumn = order === "relevance" ? Prisma.sql`${rank(filter.q!)}` : Prisma.sql`NULL::real`;
  const orderBy =
    order === "relevance"
      ? Prisma.sql`ORDER BY "rank" ${descending}, s."updatedAt" ${descending}, s."articleId" ${descending}`
      : Prisma.sql`ORDER BY s."updatedAt" ${descending}, s."articleId" ${descending}`;
  const pageQuery = Prisma.sql`
    SELECT "articleId" AS id, "updatedKey", "rank"::text AS "rankKey" FROM (
      SELECT s."articleId", s."updatedAt"::text AS "updatedKey", ${rankColumn} AS "rank"
        FROM "ArticleSearch" s ${whereClause(pageConditions)}
        ${orderBy} LIMIT ${DESK_PAGE_SIZE + 1}
    ) AS page`;
  const keys = await withPlan<PageKey>(order === "recent" && totalIsBound ? "walk" : "bitmap", pageQuery);
  const page = keysetPage(keys, {
    pageSize: DESK_PAGE_SIZE,
    direction,
    key: (key) => [order, key.rankKey ?? "", key.updatedKey, key.id],
  });
  const rows = await describeArticles(page.rows, filter.q ?? null);
  return {
    // An article deleted between the two reads drops out of the page.
    articles: page.rows.flatMap((key) => {
      const row = rows.get(key.id);
      return row ? [toDeskRow(row)] : [];
    }),
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

/**
 * What the desk shows of the page's articles, by id: last change, publication, schedules and,
 * for a search, the snippet (computed for these rows only).
 */
async function describeArticles(keys: PageKey[], q: string | null): Promise<Map<string, PageRow>> {
  if (keys.length === 0) return new Map();
  const ids = keys.map((key) => key.id);
  const options = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "`;
  const headline = (text: Prisma.Sql) => Prisma.sql`ts_headline(${SEARCH_CONFIG}, ${text}, ${tsquery(q ?? "")}, ${options})`;
  const articleText = Prisma.sql`concat_ws(' · ', nullif(a.standfirst, ''), copydesk_rich_text(a.body))`;
  // The snippet is cut from the part the search matches on its own: the article's text, else its
  // photos' captions and credits, else (words split between them) both. ts_headline reads and
  // stems every word it is given (~1.3 ms for an article's 7 KB with its 25 captions), and a
  // caption's text is assembled from its JSON only when the captions are given.
  const snippet = q
    ? Prisma.sql`CASE WHEN matched."inArticle" THEN ${headline(articleText)}
                      WHEN matched."inPhotos" THEN ${headline(Prisma.sql`photos.text`)}
                      ELSE ${headline(Prisma.sql`concat_ws(' · ', ${articleText}, photos.text)`)} END`
    : Prisma.sql`NULL::text`;
  const searchJoins = q
    ? Prisma.sql`
      LEFT JOIN matched ON matched.id = a.id
      LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' · ' ORDER BY p.position) AS text
          FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId" WHERE p."articleId" = a.id AND NOT matched."inArticle") AS photos ON true`
    : Prisma.empty;
  // Which part matches, read once per article (each test reads that part's vector out of line).
  const matchedCte = q
    ? Prisma.sql`WITH matched AS MATERIALIZED (
        SELECT s."articleId" AS id, s."articleText" @@ ${tsquery(q)} AS "inArticle", s."photoText" @@ ${tsquery(q)} AS "inPhotos"
          FROM "ArticleSearch" s WHERE s."articleId" = ANY(${ids}::text[]))`
    : Prisma.empty;
  const rows = await db.$queryRaw<PageRow[]>`
    ${matchedCte}
    SELECT a.id, a.slug, a.headline, a.status::text AS status, a.version, a."updatedAt",
           r.kind::text AS "revisionKind", r."createdAt" AS "revisionAt", ru.name AS "revisionBy",
           pub."publishedAt", pu.name AS "publishedBy", pr.version AS "publishedVersion",
           ${snippet} AS snippet, a.stage::text AS stage,
           (SELECT min(sc."runAt") FROM "ArticleSchedule" sc WHERE sc."articleId" = a.id AND sc.state = 'pending' AND sc.action = 'publish') AS "publishAt",
           (SELECT min(sc."runAt") FROM "ArticleSchedule" sc WHERE sc."articleId" = a.id AND sc.state = 'pending' AND sc.action = 'unpublish') AS "unpublishAt"
      FROM "Article" a
      LEFT JOIN LATERAL (SELECT kind, "createdAt", "authorId" FROM "Revision" WHERE "articleId" = a.id ORDER BY version DESC LIMIT 1) r ON true
      LEFT JOIN "User" ru ON ru.id = r."authorId"
      LEFT JOIN LATERAL (SELECT "publishedAt", "publishedById", "revisionId" FROM "Publication" WHERE "articleId" = a.id ORDER BY "publishedAt" DESC LIMIT 1) pub ON true
      LEFT JOIN "User" pu ON pu.id = pub."publishedById"
      LEFT JOIN "Revision" pr ON pr.id = pub."revisionId"
      ${searchJoins}
     WHERE a.id = ANY(${ids}::text[])`;
  return new Map(rows.map((row) => [row.id, row]));
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
