import "server-only";
import { createHash } from "node:crypto";
import { db as defaultDb, type Database } from "@/lib/db";
import { BoundedCache } from "@/lib/factcheck/bounded-cache";
import type { Prisma } from "@/lib/db/generated/client";
import type { RawSql } from "@/lib/db/sql";
import { nameDeletionKeys, withinNameEdits } from "@/lib/factcheck/edit-distance";
import { isVariableForm, type ArchiveLookup, type Exclusion } from "@/lib/factcheck/name-index";
import { isNearVariant } from "@/lib/factcheck/rules/name-variants";
import { MIN_VARIABLE_LENGTH, skeletonKey } from "@/lib/factcheck/names";
import { ARCHIVE_TERM_KIND, type ArchiveContribution, type ArchiveSource, type CheckField, type CheckOptions, type CheckOutcome, type FactChecker, type HeadlineShare } from "@/lib/factcheck/types";

// The fact-check's archive in PostgreSQL (issue 9). What the rules need to know about the other
// articles is kept in tables every instance shares:
//   ArchiveArticle   one row per article: what it contributes (so a change subtracts exactly that)
//                    and which of those terms only its credits give it (a credit rename moves
//                    those, keyed by the credit: moveCreditTerms)
//   ArchiveTerm      how many articles use each capitalised form, name, n-gram, word, headline length
//   ArchiveNameKey   deletion keys of the capitalised forms: "near variants of this name" is an
//                    index scan (the symmetric-delete method of lib/factcheck/edit-distance.ts, so
//                    the answers are the in-memory index's exactly)
//   ArchiveSkeleton  n-grams with one variable part blanked: "Stade de France" / "State de France"
// Writers call `writeArchiveContributions` inside their own transaction: one statement upserts the
// batch's rows and applies the differences to the counts; keys and skeletons are added only for
// terms seen for the first time. A check prefetches what the article's words need in one query
// (a second only when the rules ask for something unforeseen) through a byte-bounded cache that
// is invalidated per term: each writer logs the terms it moved (ArchiveChange) and each check
// first drops what the commits it has not seen moved (`validate`). Nothing is built at start-up.

type Client = Database | Prisma.TransactionClient;

export const TERM_KIND = ARCHIVE_TERM_KIND;

export type StoredContribution = ArchiveContribution & {
  articleId: string;
  /** The writer's name for this write, when it keeps what it wrote (ArchiveArticle.stamp); else null. */
  stamp?: string | null;
};

// The batch's contributions replace what the articles contributed before; the counts move by the
// difference, in (kind, term) order so concurrent writers lock rows in one order.
const WRITE_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("articleId" text, c text[], n text[], g text[], w text[], h int, t text[], s text)
),
-- By the ids' array, not a join with input: the planner takes jsonb_to_recordset for 100 rows and
-- hashes them against a scan of the whole table, whose cost grew with the archive (issue 9).
old AS (SELECT a.* FROM "ArchiveArticle" a WHERE a."articleId" = ANY($2::text[])),
written AS (
  INSERT INTO "ArchiveArticle" ("articleId", capitalised, names, ngrams, words, "headlineLength", "creditTerms", stamp)
  SELECT "articleId", c, n, g, w, h, coalesce(t, '{}'), s FROM input
  ON CONFLICT ("articleId") DO UPDATE SET capitalised = EXCLUDED.capitalised, names = EXCLUDED.names,
    ngrams = EXCLUDED.ngrams, words = EXCLUDED.words, "headlineLength" = EXCLUDED."headlineLength",
    "creditTerms" = EXCLUDED."creditTerms", stamp = EXCLUDED.stamp
),
delta AS (
  SELECT kind, term, sum(d)::int AS d FROM (
    SELECT 0::smallint AS kind, unnest(c) AS term, 1 AS d FROM input
    UNION ALL SELECT 1::smallint, unnest(n), 1 FROM input
    UNION ALL SELECT 2::smallint, unnest(g), 1 FROM input
    UNION ALL SELECT 3::smallint, unnest(w), 1 FROM input
    UNION ALL SELECT 4::smallint, h::text, 1 FROM input WHERE h IS NOT NULL
    UNION ALL SELECT 0::smallint, unnest(capitalised), -1 FROM old
    UNION ALL SELECT 1::smallint, unnest(names), -1 FROM old
    UNION ALL SELECT 2::smallint, unnest(ngrams), -1 FROM old
    UNION ALL SELECT 3::smallint, unnest(words), -1 FROM old
    UNION ALL SELECT 4::smallint, "headlineLength"::text, -1 FROM old WHERE "headlineLength" IS NOT NULL
  ) AS x GROUP BY 1, 2 HAVING sum(d) <> 0
),
counted AS (
  INSERT INTO "ArchiveTerm" (kind, term, articles)
  SELECT kind, term, d FROM delta ORDER BY kind, term
  ON CONFLICT (kind, term) DO UPDATE SET articles = "ArchiveTerm".articles + EXCLUDED.articles
  RETURNING kind, term, (xmax = 0) AS inserted
),
-- Which terms moved and which articles' rows were written, for the check workers' caches
-- (ArchiveChange; "everything" when the batch moved too many terms to list).
logged AS (
  INSERT INTO "ArchiveChange" (terms, articles, everything)
  SELECT CASE WHEN count(*) > $3 THEN '{}' ELSE coalesce(array_agg(kind::text || ':' || term), '{}') END,
         CASE WHEN count(*) > $3 THEN '{}' ELSE (SELECT array_agg("articleId") FROM input) END,
         count(*) > $3
    FROM counted
)
-- Only the terms seen for the first time (they need keys and skeletons): an import batch moves
-- hundreds of counts, and each row sent back costs the client time.
SELECT kind, term FROM counted WHERE inserted`;

/**
 * Stores what these articles contribute to the archive, replacing what they contributed before,
 * inside the caller's transaction. Set-based: two or three statements whatever the batch's size.
 */
export async function writeArchiveContributions(tx: RawSql, rows: readonly StoredContribution[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(
    rows.map((row) => ({ articleId: row.articleId, c: row.capitalised, n: row.names, g: row.ngrams, w: row.words, h: row.headlineLength, t: row.creditTerms, s: row.stamp ?? null })),
  );
  const terms = await tx.$queryRawUnsafe<Array<{ kind: number; term: string }>>(
    WRITE_SQL,
    payload,
    rows.map((row) => row.articleId),
    MAX_LISTED_CHANGES,
  );
  await addLookupKeys(tx, terms);
}

/**
 * A writer moving more terms than this (an import batch) tells the caches "everything" rather
 * than listing them: a reader would spend longer dropping them one by one than reading afresh.
 */
const MAX_LISTED_CHANGES = 2_000;
/** How long ArchiveChange keeps its rows; a reader that looked longer ago than READER_GAP_MS drops its cache instead. */
const CHANGE_RETENTION = "1 hour";
const READER_GAP_MS = 10 * 60_000;

// One article's contribution changed by a difference: the terms it gains ($3-$6: capitalised
// forms, names, n-grams, words) and loses ($7-$10), its headline length now ($11) and the
// credit-only terms gained and lost ($12, $13). Applied only while the row still holds what
// the sender wrote (stamp $2); the row then takes stamp $14. The counts move as WRITE_SQL moves
// them for the same change (its sum over old and new is this difference), in the same order.
const WRITE_DELTA_SQL = `
WITH before AS (
  SELECT a."headlineLength" FROM "ArchiveArticle" a WHERE a."articleId" = $1 AND a.stamp = $2
),
updated AS (
  UPDATE "ArchiveArticle" a
     SET capitalised = ARRAY(SELECT x FROM unnest(a.capitalised) AS x WHERE x <> ALL($7::text[])) || $3::text[],
         names = ARRAY(SELECT x FROM unnest(a.names) AS x WHERE x <> ALL($8::text[])) || $4::text[],
         ngrams = ARRAY(SELECT x FROM unnest(a.ngrams) AS x WHERE x <> ALL($9::text[])) || $5::text[],
         words = ARRAY(SELECT x FROM unnest(a.words) AS x WHERE x <> ALL($10::text[])) || $6::text[],
         "headlineLength" = $11::int,
         "creditTerms" = ARRAY(SELECT x FROM unnest(a."creditTerms") AS x WHERE x <> ALL($13::text[])) || $12::text[],
         stamp = $14
   WHERE a."articleId" = $1 AND a.stamp = $2
  RETURNING 1
),
delta AS (
  SELECT kind, term, sum(d)::int AS d FROM (
    SELECT 0::smallint AS kind, unnest($3::text[]) AS term, 1 AS d
    UNION ALL SELECT 1::smallint, unnest($4::text[]), 1
    UNION ALL SELECT 2::smallint, unnest($5::text[]), 1
    UNION ALL SELECT 3::smallint, unnest($6::text[]), 1
    UNION ALL SELECT 4::smallint, $11::int::text, 1 WHERE $11::int IS NOT NULL
    UNION ALL SELECT 0::smallint, unnest($7::text[]), -1
    UNION ALL SELECT 1::smallint, unnest($8::text[]), -1
    UNION ALL SELECT 2::smallint, unnest($9::text[]), -1
    UNION ALL SELECT 3::smallint, unnest($10::text[]), -1
    UNION ALL SELECT 4::smallint, "headlineLength"::text, -1 FROM before WHERE "headlineLength" IS NOT NULL
  ) AS x WHERE EXISTS (SELECT 1 FROM updated) GROUP BY 1, 2 HAVING sum(d) <> 0
),
counted AS (
  INSERT INTO "ArchiveTerm" (kind, term, articles)
  SELECT kind, term, d FROM delta ORDER BY kind, term
  ON CONFLICT (kind, term) DO UPDATE SET articles = "ArchiveTerm".articles + EXCLUDED.articles
  RETURNING kind, term, (xmax = 0) AS inserted
),
-- As WRITE_SQL logs it: the terms moved and the article whose row was written ($15: MAX_LISTED_CHANGES).
logged AS (
  INSERT INTO "ArchiveChange" (terms, articles, everything)
  SELECT CASE WHEN count(*) > $15 THEN '{}' ELSE coalesce(array_agg(kind::text || ':' || term), '{}') END,
         CASE WHEN count(*) > $15 THEN '{}' ELSE ARRAY[$1::text] END,
         count(*) > $15
    FROM counted HAVING EXISTS (SELECT 1 FROM updated)
)
SELECT (SELECT count(*) FROM updated)::int AS applied, kind, term FROM counted WHERE inserted
UNION ALL SELECT (SELECT count(*) FROM updated)::int, NULL, NULL`;

/** What `after` adds to `before` and takes from it, per list. */
function difference(before: readonly string[], after: readonly string[]): { gained: string[]; lost: string[] } {
  const had = new Set(before);
  const has = new Set(after);
  return { gained: after.filter((term) => !had.has(term)), lost: before.filter((term) => !has.has(term)) };
}

/**
 * Replaces one article's contribution `known.contribution`, which its row holds under
 * `known.stamp`, with `after` (stamped `stamp`), sending only the difference: a long article's
 * save whose one caption changed sends a few terms, not its ~5,000. False, with nothing written,
 * when the row no longer holds that write (another writer, instance or a rolled-back
 * transaction came between): the caller writes the whole contribution. The stored lists then
 * hold the same terms as writeArchiveContributions would store, in another order (the lists are
 * sets; a credit rename reorders them too), and every other table is the same.
 */
export async function writeArchiveContributionDelta(
  tx: RawSql,
  articleId: string,
  known: { stamp: string; contribution: ArchiveContribution },
  after: ArchiveContribution,
  stamp: string,
): Promise<boolean> {
  const before = known.contribution;
  const capitalised = difference(before.capitalised, after.capitalised);
  const names = difference(before.names, after.names);
  const ngrams = difference(before.ngrams, after.ngrams);
  const words = difference(before.words, after.words);
  const credited = difference(before.creditTerms, after.creditTerms);
  const rows = await tx.$queryRawUnsafe<Array<{ applied: number; kind: number | null; term: string | null }>>(
    WRITE_DELTA_SQL,
    articleId,
    known.stamp,
    capitalised.gained,
    names.gained,
    ngrams.gained,
    words.gained,
    capitalised.lost,
    names.lost,
    ngrams.lost,
    words.lost,
    after.headlineLength,
    credited.gained,
    credited.lost,
    stamp,
    MAX_LISTED_CHANGES,
  );
  if ((rows[0]?.applied ?? 0) === 0) return false;
  await addLookupKeys(
    tx,
    rows.flatMap((row) => (row.kind === null || row.term === null ? [] : [{ kind: row.kind, term: row.term }])),
  );
  return true;
}

/** Near-variant keys and skeletons of terms seen for the first time; prunes the change log now and then. */
async function addLookupKeys(tx: RawSql, terms: ReadonlyArray<{ kind: number; term: string }>): Promise<void> {
  const keys: string[] = [];
  const keyForms: string[] = [];
  const skeletons: string[] = [];
  const skeletonForms: string[] = [];
  const skeletonNgrams: string[] = [];
  for (const { kind, term } of terms) {
    if (kind === TERM_KIND.capitalised && term.length >= MIN_VARIABLE_LENGTH) {
      for (const key of nameDeletionKeys(term)) {
        keys.push(key);
        keyForms.push(term);
      }
    } else if (kind === TERM_KIND.ngram) {
      const forms = term.split(" ");
      forms.forEach((form, position) => {
        if (!isVariableForm(form)) return;
        skeletons.push(skeletonKey(forms, position));
        skeletonForms.push(form);
        skeletonNgrams.push(term);
      });
    }
  }
  if (keys.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ArchiveNameKey" (key, form) SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2 ON CONFLICT DO NOTHING`,
      keys,
      keyForms,
    );
  }
  if (skeletons.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ArchiveSkeleton" (skeleton, form, ngram) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ORDER BY 1, 2 ON CONFLICT DO NOTHING`,
      skeletons,
      skeletonForms,
      skeletonNgrams,
    );
  }
  // One write in a hundred prunes the log (an index range on "at"): rows no reader needs any more.
  if (Math.random() < 0.01) await tx.$executeRawUnsafe(`DELETE FROM "ArchiveChange" WHERE at < now() - interval '${CHANGE_RETENTION}'`);
}

// A credit renamed (or merged into another): every article showing it loses the terms only the
// old name gave it and gains the new name's, in one statement keyed by the credit, whatever the
// number of its photos. An article keeps a term its own text or another of its credits gives it
// ("creditTerms" tells the first; $4/$5, the other credits' terms among the old name's, the
// second). The result is what analysing each article again gives (archiveContributionOf reads
// each credit on its own). Articles not in the archive yet are left to the backfill.
const MOVE_CREDIT_SQL = `
WITH terms AS (
  SELECT left(code, 1)::smallint AS kind, substr(code, 3) AS term, code, bool_or(in_new_name) AS in_new_name
    FROM (SELECT code, false AS in_new_name FROM unnest($2::text[]) AS code
          UNION ALL SELECT code, true FROM unnest($3::text[]) AS code) AS x
   GROUP BY code
),
articles AS (
  SELECT a.* FROM "ArchiveArticle" a WHERE a."articleId" IN (SELECT "articleId" FROM "Photo" WHERE "creditId" = $1)
),
others AS (
  SELECT DISTINCT p."articleId", o.code
    FROM articles a
    JOIN "Photo" p ON p."articleId" = a."articleId"
    JOIN unnest($4::text[], $5::text[]) AS o("creditId", code) ON o."creditId" = p."creditId"
),
decided AS (
  SELECT a."articleId", t.kind, t.term, t.code,
         CASE t.kind WHEN 0 THEN t.term = ANY(a.capitalised) WHEN 1 THEN t.term = ANY(a.names)
                     WHEN 2 THEN t.term = ANY(a.ngrams) ELSE t.term = ANY(a.words) END AS has,
         t.code = ANY(a."creditTerms") AS only_credited,
         t.in_new_name OR EXISTS (SELECT 1 FROM others o WHERE o."articleId" = a."articleId" AND o.code = t.code) AS credited
    FROM articles a CROSS JOIN terms t
),
moves AS (
  SELECT "articleId", kind, term, code, CASE WHEN has THEN -1 ELSE 1 END AS d
    FROM decided
   WHERE (has AND only_credited AND NOT credited) OR (NOT has AND credited)
),
per_article AS (
  SELECT "articleId",
         coalesce(array_agg(term) FILTER (WHERE kind = 0 AND d < 0), '{}') AS c_out, coalesce(array_agg(term) FILTER (WHERE kind = 0 AND d > 0), '{}') AS c_in,
         coalesce(array_agg(term) FILTER (WHERE kind = 1 AND d < 0), '{}') AS n_out, coalesce(array_agg(term) FILTER (WHERE kind = 1 AND d > 0), '{}') AS n_in,
         coalesce(array_agg(term) FILTER (WHERE kind = 2 AND d < 0), '{}') AS g_out, coalesce(array_agg(term) FILTER (WHERE kind = 2 AND d > 0), '{}') AS g_in,
         coalesce(array_agg(term) FILTER (WHERE kind = 3 AND d < 0), '{}') AS w_out, coalesce(array_agg(term) FILTER (WHERE kind = 3 AND d > 0), '{}') AS w_in,
         coalesce(array_agg(code) FILTER (WHERE d < 0), '{}') AS t_out, coalesce(array_agg(code) FILTER (WHERE d > 0), '{}') AS t_in
    FROM moves GROUP BY 1
),
updated AS (
  UPDATE "ArchiveArticle" a
     SET capitalised = ARRAY(SELECT x FROM unnest(a.capitalised) AS x WHERE x <> ALL(m.c_out)) || m.c_in,
         names = ARRAY(SELECT x FROM unnest(a.names) AS x WHERE x <> ALL(m.n_out)) || m.n_in,
         ngrams = ARRAY(SELECT x FROM unnest(a.ngrams) AS x WHERE x <> ALL(m.g_out)) || m.g_in,
         words = ARRAY(SELECT x FROM unnest(a.words) AS x WHERE x <> ALL(m.w_out)) || m.w_in,
         "creditTerms" = ARRAY(SELECT x FROM unnest(a."creditTerms") AS x WHERE x <> ALL(m.t_out)) || m.t_in,
         stamp = NULL
    FROM per_article m
   WHERE a."articleId" = m."articleId"
),
counted AS (
  INSERT INTO "ArchiveTerm" (kind, term, articles)
  SELECT kind, term, sum(d)::int FROM moves GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
  ON CONFLICT (kind, term) DO UPDATE SET articles = "ArchiveTerm".articles + EXCLUDED.articles
  RETURNING kind, term, (xmax = 0) AS inserted
),
logged AS (
  INSERT INTO "ArchiveChange" (terms, articles, everything)
  SELECT CASE WHEN count(*) > $6 THEN '{}' ELSE coalesce(array_agg(kind::text || ':' || term), '{}') END,
         CASE WHEN count(*) > $6 THEN '{}' ELSE (SELECT coalesce(array_agg("articleId"), '{}') FROM per_article) END,
         count(*) > $6
    FROM counted HAVING count(*) > 0 OR EXISTS (SELECT 1 FROM per_article)
)
SELECT kind, term FROM counted WHERE inserted`;

export interface CreditMove {
  creditId: string;
  /** The credit's terms under its old name and its new one (`creditArchiveTerms`). */
  from: readonly string[];
  to: readonly string[];
  /** Terms of `from` that other credits give (creditId, code): an article showing one keeps them. */
  others: ReadonlyArray<{ creditId: string; code: string }>;
}

/**
 * Moves the archive's counts for a credit's new name, inside the caller's transaction, before
 * its photos move (a merge): a few statements whatever the number of its articles and photos.
 */
export async function moveCreditTerms(tx: Client, move: CreditMove): Promise<void> {
  const terms = await tx.$queryRawUnsafe<Array<{ kind: number; term: string }>>(
    MOVE_CREDIT_SQL,
    move.creditId,
    move.from,
    move.to,
    move.others.map((other) => other.creditId),
    move.others.map((other) => other.code),
    MAX_LISTED_CHANGES,
  );
  await addLookupKeys(tx, terms);
}

// ─── Reading, for one check ──────────────────────────────────────────────────────────────────────

/** Cache entries: a count, a list of forms, an exclusion, the headline histogram. */
type CacheValue = number | string[] | Exclusion | Array<[number, number]>;

/** Bytes an entry holds, roughly (UTF-16 strings, object and map overheads). */
function sizeOf(key: string, value: CacheValue): number {
  let bytes = 64 + key.length * 2;
  if (typeof value === "number") return bytes + 8;
  // A near entry is also indexed under each of its form's deletion keys (ArchiveCache.nearByKey).
  if (key.startsWith("n\u0000")) bytes += 48 * nameDeletionKeys(key.slice(2)).length;
  if (Array.isArray(value)) {
    for (const item of value) bytes += typeof item === "string" ? 40 + item.length * 2 : 48;
    return bytes;
  }
  for (const set of Object.values(value)) {
    if (set instanceof Set) for (const item of set as Set<string>) bytes += 48 + item.length * 2;
  }
  return bytes;
}

const addTo = (index: Map<string, Set<string>>, key: string, item: string) => {
  const items = index.get(key);
  if (items) items.add(item);
  else index.set(key, new Set([item]));
};
const takeFrom = (index: Map<string, Set<string>>, key: string, item: string) => {
  const items = index.get(key);
  if (!items) return;
  items.delete(item);
  if (items.size === 0) index.delete(key);
};

/**
 * What the checks of one process have read, bounded in bytes, least recently used dropped first.
 * Entries are dropped per term when another transaction moved that term (`validate`, from
 * ArchiveChange): a near-variant list when a form sharing one of its deletion keys moved, a
 * skeleton's list when an n-gram of that skeleton moved, an article's own row when it was written.
 */
export class ArchiveCache extends BoundedCache<CacheValue> {
  /** The snapshot (pg_current_snapshot) at which ArchiveChange was last read; null: never, the cache is empty. */
  snapshot: string | null = null;
  /** When (the database's clock, ms) it was read. */
  checkedAt = 0;
  /** Entries dropped for changes since the cache was made, and whole drops (tests and benchmarks read them). */
  dropped = { entries: 0, all: 0 };
  /** A read still filling the cache after the check that started it ran out of time. */
  reading: Promise<void> | null = null;
  /**
   * The last complete check asked to be kept (`reuse`) and what it found: the same text with the
   * same options, while no transaction has written the archive and the house dictionary has not
   * changed, finds the same. What the editor's retries send (grammar or spelling pending).
   */
  lastCheck: { key: string; outcome: CheckOutcome & { archiveSize: number } } | null = null;
  /** Deletion key → the cached near-variant lists' forms having it. */
  private readonly nearByKey = new Map<string, Set<string>>();
  /** Skeleton → the forms whose lists in its blank are cached. */
  private readonly formsBySkeleton = new Map<string, Set<string>>();

  constructor(maxBytes: number) {
    super(maxBytes, sizeOf);
  }

  protected override added(key: string): void {
    this.index(key, addTo);
  }

  protected override removed(key: string): void {
    this.index(key, takeFrom);
  }

  private index(key: string, apply: typeof addTo) {
    if (key.startsWith("n\u0000")) {
      const form = key.slice(2);
      for (const deletionKey of nameDeletionKeys(form)) apply(this.nearByKey, deletionKey, form);
    } else if (key.startsWith("s\u0000")) {
      const [, skeleton, form] = key.split("\u0000");
      apply(this.formsBySkeleton, skeleton, form);
    }
  }

  override clear(): void {
    super.clear();
    this.lastCheck = null;
    this.nearByKey.clear();
    this.formsBySkeleton.clear();
  }

  private drop(key: string) {
    if (this.has(key)) this.dropped.entries++;
    this.delete(key);
  }

  /** Drops what a change of this term (an `archiveTermCode`) may have made wrong. */
  forgetTerm(code: string): void {
    const colon = code.indexOf(":");
    const kind = Number(code.slice(0, colon));
    const term = code.slice(colon + 1);
    this.drop(termKey(kind, term));
    if (kind === TERM_KIND.capitalised) {
      // Lists of near variants that may now gain or lose this form (they share a deletion key).
      if (term.length < MIN_VARIABLE_LENGTH) return;
      for (const deletionKey of nameDeletionKeys(term)) {
        for (const form of [...(this.nearByKey.get(deletionKey) ?? [])]) this.drop(nearKey(form));
      }
    } else if (kind === TERM_KIND.ngram) {
      const forms = term.split(" ");
      forms.forEach((form, position) => {
        if (!isVariableForm(form)) return;
        const skeleton = skeletonKey(forms, position);
        for (const wanting of [...(this.formsBySkeleton.get(skeleton) ?? [])]) this.drop(skeletonCacheKey(skeleton, wanting));
      });
    } else if (kind === TERM_KIND.headlineLength) this.drop(HEADLINES_KEY);
  }

  /** Drops an article's own row (what it contributes, left out of its own check). */
  forgetArticle(id: string): void {
    this.drop(exclusionKey(id));
  }

  /** Runs a read of the archive into this cache; the next check waits for it rather than reading again. */
  track(read: Promise<void>): Promise<void> {
    const tracked = read.finally(() => {
      if (this.reading === tracked) this.reading = null;
    });
    this.reading = tracked;
    // A read that outlives its check has nobody awaiting it: its failure is the next check's to see.
    tracked.catch(() => {});
    return tracked;
  }
}

const DEFAULT_CACHE_MB = 32;

function defaultCacheBytes(): number {
  const configured = Number(process.env.COPYDESK_ARCHIVE_CACHE_MB);
  return (Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_CACHE_MB) * 1024 * 1024;
}

// On globalThis so that Next's dev reloads of this module keep the one cache.
const cacheKey = Symbol.for("copydesk.factcheck.archive-cache");
const globalCache = globalThis as unknown as Record<symbol, ArchiveCache | undefined>;
export function archiveCache(): ArchiveCache {
  return (globalCache[cacheKey] ??= new ArchiveCache(defaultCacheBytes()));
}

/** What a check needs read: term counts, near-variant keys, skeletons, an article's own row. */
type Wanted = {
  terms: Map<string, [number, string]>;
  near: Set<string>;
  /** Skeleton → the forms whose near variants in its blank are wanted. */
  skeletons: Map<string, Set<string>>;
  exclusion?: string;
  headlines: boolean;
};

const termKey = (kind: number, term: string) => `${kind}\u0000${term}`;
const nearKey = (form: string) => `n\u0000${form}`;
const skeletonCacheKey = (skeleton: string, form: string) => `s\u0000${skeleton}\u0000${form}`;
const exclusionKey = (id: string) => `e\u0000${id}`;
const HEADLINES_KEY = "h";

function wantSkeleton(wanted: Wanted, skeleton: string, form: string) {
  const forms = wanted.skeletons.get(skeleton);
  if (forms) forms.add(form);
  else wanted.skeletons.set(skeleton, new Set([form]));
}

function emptyWanted(): Wanted {
  return { terms: new Map(), near: new Set(), skeletons: new Map(), headlines: false };
}

/**
 * The archive as one check sees it: answers from the cache; what is not there is noted as missing
 * (and answered as absent), to be read before the check runs again.
 */
class PrefetchedArchive implements ArchiveLookup {
  missing = emptyWanted();

  constructor(private readonly cache: ArchiveCache) {}

  private count(kind: number, term: string): number {
    const value = this.cache.get(termKey(kind, term));
    if (value === undefined) {
      this.missing.terms.set(termKey(kind, term), [kind, term]);
      return 0;
    }
    return value as number;
  }

  exclusion(id: string | undefined): Exclusion | undefined {
    if (id === undefined) return undefined;
    const value = this.cache.get(exclusionKey(id));
    if (value === undefined) {
      this.missing.exclusion = id;
      return undefined;
    }
    // An article not in the archive (yet) is stored as an empty exclusion.
    return value as Exclusion;
  }

  nameCount(form: string, excluded?: Exclusion): number {
    return this.count(TERM_KIND.name, form) - (excluded?.names.has(form) ? 1 : 0);
  }

  ngramCount(key: string, excluded?: Exclusion): number {
    return this.count(TERM_KIND.ngram, key) - (excluded?.ngrams.has(key) ? 1 : 0);
  }

  wordCount(word: string, excluded?: Exclusion): number {
    return this.count(TERM_KIND.word, word) - (excluded?.words.has(word) ? 1 : 0);
  }

  /** Only the forms near `form`: read so (readWanted), a thousand-form skeleton costs what its near ones do. */
  skeletonVariants(skeleton: string, form = ""): string[] {
    const value = this.cache.get(skeletonCacheKey(skeleton, form));
    if (value === undefined) {
      wantSkeleton(this.missing, skeleton, form);
      return [];
    }
    return value as string[];
  }

  nearForms(form: string): readonly string[] {
    const value = this.cache.get(nearKey(form));
    if (value === undefined) {
      this.missing.near.add(form);
      return [];
    }
    return value as string[];
  }

  headlineShare(maxChars: number, excludedId: string | undefined): HeadlineShare {
    const value = this.cache.get(HEADLINES_KEY) as Array<[number, number]> | undefined;
    if (value === undefined) {
      this.missing.headlines = true;
      return { total: 0, over: 0 };
    }
    let total = 0;
    let over = 0;
    for (const [length, count] of value) {
      total += count;
      if (length > maxChars) over += count;
    }
    const own = excludedId === undefined ? undefined : (this.cache.get(exclusionKey(excludedId)) as (Exclusion & { headlineLength?: number }) | undefined);
    if (own?.headlineLength !== undefined) {
      total--;
      if (own.headlineLength > maxChars) over--;
    }
    return { total, over };
  }

  get size(): number {
    const value = this.cache.get(HEADLINES_KEY) as Array<[number, number]> | undefined;
    return value ? value.reduce((sum, [, count]) => sum + count, 0) : 0;
  }

  isComplete(): boolean {
    const m = this.missing;
    return m.terms.size === 0 && m.near.size === 0 && m.skeletons.size === 0 && m.exclusion === undefined && !m.headlines;
  }
}

// One query reads everything wanted: rows tagged by what they answer. The near-variant keys and
// the skeletons give candidates alone, from their primary keys (index-only): a skeleton such as
// "Getty _" has thousands of forms in its blank and a name's deletion keys hundreds of forms, of
// which a handful are near; joined to their counts in the query, a cold check of one article at
// 100,000 articles probed ArchiveTerm ~14,000 times (1.4 s, issue 9). The counts of the near ones
// are read next (COUNTS_SQL), in a second, small query.
// A skeleton's candidates are paired with the forms wanting them, and only those of a length a
// near variant can have are sent (withinNameEdits allows 1 edit below 9 letters, 2 from 9): the
// blank of a long article's skeletons holds ~90,000 forms.
// Each wanted key or term is looked up in its index on its own (LATERAL … OFFSET 0, which the
// planner cannot turn into a join): for an ordinary article's ~3,000 keys it estimated an index
// scan dearer than reading the whole table, and at 100,000 articles `key = ANY($3)` scanned all
// 412,000 key rows (200-280 ms against 25 ms probing the index; EXPLAIN ANALYZE, PostgreSQL 15),
// a cost that grows with the archive; a long article's 10,000 terms were hashed against a scan of
// ArchiveTerm's 570,000 rows the same way.
const READ_SQL = `
SELECT 't' AS part, t.term AS a, t.kind::text AS b, NULL::text AS c, t.articles AS n
  FROM unnest($1::smallint[], $2::text[]) AS q(kind, term)
 CROSS JOIN LATERAL (SELECT t.term, t.kind, t.articles FROM "ArchiveTerm" t WHERE t.kind = q.kind AND t.term = q.term OFFSET 0) t
UNION ALL
SELECT 'k', k.key, k.form, NULL, NULL
  FROM unnest($3::text[]) AS q(key)
 CROSS JOIN LATERAL (SELECT k.key, k.form FROM "ArchiveNameKey" k WHERE k.key = q.key OFFSET 0) k
UNION ALL
SELECT 's', s.skeleton, s.form, w.form, NULL
  FROM unnest($4::text[], $6::text[]) AS w(skeleton, form)
 CROSS JOIN LATERAL (SELECT s.skeleton, s.form FROM "ArchiveSkeleton" s WHERE s.skeleton = w.skeleton OFFSET 0) s
 WHERE s.form <> w.form
   AND abs(length(s.form) - length(w.form)) <= CASE WHEN length(s.form) < 9 OR length(w.form) < 9 THEN 1 ELSE 2 END
UNION ALL
SELECT 'h', term, NULL, NULL, articles FROM "ArchiveTerm" WHERE $5 AND kind = 4 AND articles > 0`;

const COUNTS_SQL = `
SELECT t.kind, t.term, t.articles AS n
  FROM unnest($1::smallint[], $2::text[]) AS q(kind, term)
 CROSS JOIN LATERAL (SELECT t.kind, t.term, t.articles FROM "ArchiveTerm" t WHERE t.kind = q.kind AND t.term = q.term OFFSET 0) t`;

/** The n-gram a skeleton row stands for: its blank filled with the row's form. */
const ngramOf = (skeleton: string, form: string) => skeleton.replace("\u0001", () => form);

async function readWanted(client: RawSql, cache: ArchiveCache, wanted: Wanted): Promise<void> {
  const terms = [...wanted.terms.values()];
  const near = [...wanted.near];
  // Each form's keys, to tell which answers belong to which form.
  const keysOf = new Map(near.map((form) => [form, nameDeletionKeys(form)]));
  const keys = [...new Set([...keysOf.values()].flat())];
  const skeletonPairs = [...wanted.skeletons].flatMap(([skeleton, forms]) => [...forms].map((form) => [skeleton, form] as const));
  const [rows, own] = await Promise.all([
    client.$queryRawUnsafe<Array<{ part: string; a: string; b: string | null; c: string | null; n: number | null }>>(
      READ_SQL,
      terms.map(([kind]) => kind),
      terms.map(([, term]) => term),
      keys,
      skeletonPairs.map(([skeleton]) => skeleton),
      wanted.headlines,
      skeletonPairs.map(([, form]) => form),
    ),
    wanted.exclusion === undefined
      ? Promise.resolve([])
      : client.$queryRawUnsafe<Array<{ capitalised: string[]; names: string[]; ngrams: string[]; words: string[]; headlineLength: number | null }>>(
          `SELECT capitalised, names, ngrams, words, "headlineLength" FROM "ArchiveArticle" WHERE "articleId" = $1`,
          wanted.exclusion,
        ),
  ]);

  for (const [kind, term] of terms) cache.set(termKey(kind, term), 0);
  const candidatesByKey = new Map<string, string[]>();
  // (skeleton, wanting form) → its near candidates in the blank (counts not read yet).
  const skeletonCandidates = new Map<string, Array<{ skeleton: string; form: string; candidate: string }>>();
  const headlines: Array<[number, number]> = [];
  for (const row of rows) {
    if (row.part === "t") cache.set(termKey(Number(row.b), row.a), row.n!);
    else if (row.part === "k") {
      const forms = candidatesByKey.get(row.a);
      if (forms) forms.push(row.b!);
      else candidatesByKey.set(row.a, [row.b!]);
    } else if (row.part === "s") {
      const form = row.c!;
      if (!isNearVariant(form, row.b!)) continue;
      const key = skeletonCacheKey(row.a, form);
      const found = { skeleton: row.a, form, candidate: row.b! };
      const list = skeletonCandidates.get(key);
      if (list) list.push(found);
      else skeletonCandidates.set(key, [found]);
    } else if (row.part === "h") headlines.push([Number(row.a), row.n!]);
  }
  // Near candidates of each wanted form, by its keys (counts not read yet).
  const nearCandidates = new Map<string, Set<string>>();
  for (const [form, formKeys] of keysOf) {
    const found = new Set<string>();
    for (const key of formKeys) {
      for (const candidate of candidatesByKey.get(key) ?? []) {
        if (candidate !== form && withinNameEdits(form, candidate)) found.add(candidate);
      }
    }
    nearCandidates.set(form, found);
  }

  // The counts of the near candidates: a capitalised form counts when the archive still uses it
  // (articles > 0), a skeleton's when its n-gram does; their name counts come with them.
  const countKinds: number[] = [];
  const countTerms: string[] = [];
  const wantCount = (kind: number, term: string) => {
    countKinds.push(kind);
    countTerms.push(term);
  };
  for (const found of nearCandidates.values()) {
    for (const candidate of found) {
      wantCount(TERM_KIND.capitalised, candidate);
      wantCount(TERM_KIND.name, candidate);
    }
  }
  for (const list of skeletonCandidates.values()) {
    for (const { skeleton, candidate } of list) {
      wantCount(TERM_KIND.ngram, ngramOf(skeleton, candidate));
      wantCount(TERM_KIND.name, candidate);
    }
  }
  const counts = new Map<string, number>();
  if (countTerms.length > 0) {
    for (const row of await client.$queryRawUnsafe<Array<{ kind: number; term: string; n: number }>>(COUNTS_SQL, countKinds, countTerms)) {
      counts.set(termKey(row.kind, row.term), row.n);
    }
  }
  const countOf = (kind: number, term: string) => counts.get(termKey(kind, term)) ?? 0;

  for (const [form, found] of nearCandidates) {
    const kept: string[] = [];
    for (const candidate of found) {
      if (countOf(TERM_KIND.capitalised, candidate) <= 0) continue;
      kept.push(candidate);
      cache.set(termKey(TERM_KIND.name, candidate), countOf(TERM_KIND.name, candidate));
    }
    cache.set(nearKey(form), kept);
  }
  const skeletonForms = new Map<string, string[]>();
  for (const [key, list] of skeletonCandidates) {
    for (const { skeleton, candidate } of list) {
      const ngram = ngramOf(skeleton, candidate);
      const ngramCount = countOf(TERM_KIND.ngram, ngram);
      if (ngramCount <= 0) continue;
      const forms = skeletonForms.get(key);
      if (forms) forms.push(candidate);
      else skeletonForms.set(key, [candidate]);
      cache.set(termKey(TERM_KIND.ngram, ngram), ngramCount);
      cache.set(termKey(TERM_KIND.name, candidate), countOf(TERM_KIND.name, candidate));
    }
  }
  for (const [skeleton, forms] of wanted.skeletons) {
    for (const form of forms) cache.set(skeletonCacheKey(skeleton, form), skeletonForms.get(skeletonCacheKey(skeleton, form)) ?? []);
  }
  if (wanted.headlines) cache.set(HEADLINES_KEY, headlines);
  if (wanted.exclusion !== undefined) {
    const [row] = own;
    const exclusion: Exclusion & { headlineLength?: number } = {
      capitalised: new Set(row?.capitalised ?? []),
      standalone: new Set(),
      names: new Set(row?.names ?? []),
      ngrams: new Set(row?.ngrams ?? []),
      words: new Set(row?.words ?? []),
      headlineLength: row?.headlineLength ?? undefined,
    };
    cache.set(exclusionKey(wanted.exclusion), exclusion);
  }
}

// The commits this cache has not seen: rows of ArchiveChange written by transactions not visible
// in the snapshot it last read at (from that snapshot's xmin on, by the xid index), and the
// snapshot now, in one statement (both parts see the same snapshot).
const CHANGES_SQL = `
SELECT pg_current_snapshot()::text AS snapshot, (extract(epoch FROM now()) * 1000)::float8 AS at, NULL::text[] AS terms, NULL::text[] AS articles, false AS everything
UNION ALL
SELECT NULL, NULL, terms, articles, everything FROM "ArchiveChange"
 WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)`;

/**
 * Brings the cache up to what the database has committed now: drops the entries of the terms and
 * articles other transactions wrote since it last looked (every instance's writers log them in
 * ArchiveChange, in their own transaction), or everything when a writer listed too many, when it
 * never looked, or looked too long ago for the log to be trusted. One small query per check, as
 * the generation number it replaces was. True if anything was dropped.
 */
export async function validate(client: RawSql, cache: ArchiveCache): Promise<boolean> {
  const rows = await client.$queryRawUnsafe<Array<{ snapshot: string | null; at: number | null; terms: string[] | null; articles: string[] | null; everything: boolean }>>(
    CHANGES_SQL,
    cache.snapshot,
  );
  const now = rows.find((row) => row.snapshot !== null)!;
  const changes = rows.filter((row) => row.snapshot === null);
  const whole = cache.snapshot === null || Number(now.at) - cache.checkedAt > READER_GAP_MS || changes.some((change) => change.everything);
  cache.snapshot = now.snapshot;
  cache.checkedAt = Number(now.at);
  // Any write of the archive: the last check's findings may have weighed what it moved.
  if (changes.length > 0) cache.lastCheck = null;
  if (whole) {
    if (cache.size > 0) cache.dropped.all++;
    cache.clear();
    return true;
  }
  const before = cache.dropped.entries;
  for (const change of changes) {
    for (const code of change.terms ?? []) cache.forgetTerm(code);
    for (const id of change.articles ?? []) cache.forgetArticle(id);
  }
  return cache.dropped.entries > before;
}

/** What the article's own words will ask the archive: read ahead, all in one query. */
function foreseen(checker: FactChecker, fields: CheckField[], excludeId: string | undefined): Wanted {
  const wanted = emptyWanted();
  const own = checker.archiveContribution(fields);
  const want = (kind: number, term: string) => wanted.terms.set(termKey(kind, term), [kind, term]);
  for (const form of own.capitalised) {
    want(TERM_KIND.name, form);
    if (checker.comparesNearVariants(form)) wanted.near.add(form);
  }
  for (const key of own.ngrams) {
    want(TERM_KIND.ngram, key);
    const forms = key.split(" ");
    forms.forEach((form, position) => {
      if (isVariableForm(form)) wantSkeleton(wanted, skeletonKey(forms, position), form);
    });
  }
  for (const word of own.words) want(TERM_KIND.word, word);
  wanted.exclusion = excludeId;
  wanted.headlines = true;
  return wanted;
}

/** Leaves out what the cache already holds. */
function notCached(cache: ArchiveCache, wanted: Wanted): Wanted {
  const left = emptyWanted();
  for (const [key, value] of wanted.terms) if (cache.get(key) === undefined) left.terms.set(key, value);
  for (const form of wanted.near) if (cache.get(nearKey(form)) === undefined) left.near.add(form);
  for (const [skeleton, forms] of wanted.skeletons) {
    for (const form of forms) if (cache.get(skeletonCacheKey(skeleton, form)) === undefined) wantSkeleton(left, skeleton, form);
  }
  if (wanted.exclusion !== undefined && cache.get(exclusionKey(wanted.exclusion)) === undefined) left.exclusion = wanted.exclusion;
  left.headlines = wanted.headlines && cache.get(HEADLINES_KEY) === undefined;
  return left;
}

const isEmpty = (w: Wanted) => w.terms.size === 0 && w.near.size === 0 && w.skeletons.size === 0 && w.exclusion === undefined && !w.headlines;

/** Rounds of "read what is missing, check again" at most; the first usually finds all it needs. */
const MAX_ROUNDS = 4;

/**
 * `checker.assess` against the PostgreSQL archive. After a change to the archive (or on a cold
 * cache) what the article's words will need is read ahead in one query; a re-check with the
 * cache current runs straight away. Whatever the rules asked for and the cache lacked (a spelling
 * suggestion's count, say) is read and the check runs again, within what is left of its budget.
 */
export async function assessWithArchive(
  checker: FactChecker,
  fields: CheckField[],
  options: CheckOptions = {},
  {
    client = defaultDb,
    cache = archiveCache(),
    reuse,
  }: {
    client?: RawSql;
    cache?: ArchiveCache;
    /** Keep this check's outcome for an identical one, if `keep()` says it is as complete as it will get (no spelling suggestion deferred). */
    reuse?: { keep: () => boolean };
  } = {},
): Promise<CheckOutcome & { archiveSize: number }> {
  const started = performance.now();
  const left = () => (options.budgetMs === undefined ? undefined : Math.max(0, options.budgetMs - (performance.now() - started)));
  // A cold read for a long article at 100,000 articles can outlast the budget. The check then
  // answers "not checked" when its budget is spent, and the read goes on filling the cache, so
  // the next check (the editor re-checks after each pause in typing) finds it warm. Stopping the
  // worker instead would throw the cache away and every check would start cold again.
  const outOfTime = { findings: [], omitted: 0, complete: false, archiveSize: 0 };
  const inTime = (read: Promise<void>) => withinBudget(cache.track(read), left());
  if (cache.reading && !(await withinBudget(cache.reading, left()))) return outOfTime;
  let readAhead = false;
  const readAheadNow = async () => {
    readAhead = true;
    const ahead = notCached(cache, foreseen(checker, fields, options.excludeArchiveId));
    if (!isEmpty(ahead)) await readWanted(client, cache, ahead);
  };
  // Read ahead when another transaction's changes dropped entries (reading what is not cached
  // costs less than a round of the rules run only to learn what is missing), when the cache is
  // empty, and for an article's first check since it was filled (its own row is not cached yet):
  // with a cache warm from other articles, the first round ran with most of this one's words
  // missing, only to be run again once they were read.
  const firstOfArticle = options.excludeArchiveId !== undefined && cache.get(exclusionKey(options.excludeArchiveId)) === undefined;
  const changed = await validate(client, cache);
  const key = reuse ? checkKey(fields, options) : undefined;
  if (key !== undefined && cache.lastCheck?.key === key) return structuredClone(cache.lastCheck.outcome);
  if ((changed || cache.size === 0 || firstOfArticle) && !(await inTime(readAheadNow()))) return outOfTime;
  for (let round = 1; ; round++) {
    const archive = new PrefetchedArchive(cache);
    const source: ArchiveSource = { lookup: archive, headlineShare: (max, id) => archive.headlineShare(max, id) };
    const outcome = checker.assessAgainst(source, fields, { ...options, budgetMs: left() });
    if (archive.isComplete() && outcome.complete && key !== undefined && reuse!.keep()) {
      cache.lastCheck = { key, outcome: structuredClone({ ...outcome, archiveSize: archive.size }) };
    }
    // Cut short by its budget: another round would have no time either.
    if (archive.isComplete() || !outcome.complete || round >= MAX_ROUNDS) return { ...outcome, archiveSize: archive.size };
    const missing = archive.missing;
    const more = async () => {
      if (!readAhead) await readAheadNow();
      await readWanted(client, cache, notCached(cache, missing));
    };
    // This round counted what it lacked as absent: its findings are not shown.
    if (!(await inTime(more()))) return { ...outOfTime, archiveSize: archive.size };
  }
}

/** What decides a check's outcome besides the archive and the dictionaries: the text and the options. */
function checkKey(fields: CheckField[], options: CheckOptions): string {
  return createHash("sha256").update(JSON.stringify([fields, options, [...(options.ignoredFingerprints ?? [])]])).digest("hex");
}

/** Whether `work` settled within `ms` (always, without a budget); its failure is thrown either way. */
async function withinBudget(work: Promise<void>, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) {
    await work;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Articles in the archive (those with a headline: all of them). */
export async function archiveSize(client: RawSql = defaultDb): Promise<number> {
  const [row] = await client.$queryRawUnsafe<Array<{ n: number }>>(`SELECT coalesce(sum(articles), 0)::int AS n FROM "ArchiveTerm" WHERE kind = 4`);
  return row.n;
}

/**
 * What a cold check of these fields reads ahead, and how long the read takes, on a fresh cache
 * (bench/factcheck-archive.ts prints it; nothing in the app calls it).
 */
export async function describeArchiveRead(checker: FactChecker, fields: CheckField[], excludeId: string | undefined, client: RawSql = defaultDb) {
  const wanted = foreseen(checker, fields, excludeId);
  const nearKeys = new Set([...wanted.near].flatMap((form) => nameDeletionKeys(form))).size;
  const cache = new ArchiveCache(Number.MAX_SAFE_INTEGER);
  const started = performance.now();
  await readWanted(client, cache, wanted);
  return { terms: wanted.terms.size, nearForms: wanted.near.size, nearKeys, skeletons: wanted.skeletons.size, rows: cache.size, ms: performance.now() - started };
}
