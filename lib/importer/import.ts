import "server-only";
import { buildSnapshot } from "@/lib/articles/snapshot";
import { creditLabelSql } from "@/lib/articles/credit";
import { db as defaultDb, type Database } from "@/lib/db";
import { sqlTransaction, type RawSql } from "@/lib/db/sql";
import { inBatches, listDocumentFiles } from "./files";
import { newId } from "./ids";
import { recordImportProgress, type ImportRun } from "./audit";
import type { ParseWarning, PhotoCredit } from "./parse";
import { checkFieldsOf, failed, type Prepared, type PreparedDocument } from "./prepare";
import { inThreadPreparer, workerPreparer, type Preparer } from "./preparer";
import { slugify, uniqueSlug } from "./slug";
import { PRESENCE_STALE_MS } from "@/lib/collab/presence";
import { writeArchiveContributions } from "@/lib/factcheck/archive-store";
import { contributionAnalyser, houseDictionaryEntries } from "@/lib/factcheck/archive-contribution";
import type { ArchiveContribution, CheckField } from "@/lib/factcheck/types";

// Imports wire documents into articles, idempotently.
//
// An article remembers the file it came from (`sourceFile`: the file's base name, so moving the
// folder or importing from another working directory finds the same article) and the SHA-256 of
// the bytes imported (`sourceHash`). Importing again:
//   same bytes                                → unchanged (nothing is written)
//   changed bytes, nobody edited since import → updated in place (version + 1, new revision)
//   changed bytes, edited since the import    → skipped; with `force`, the editors' text is kept
//                                               as a revision, then replaced
//   changed bytes, open in a live session     → skipped, `force` or not: the people co-editing it
//                                               may have typed what is not stored yet
// ("edited since import" is `version !== importedVersion`: every save bumps `version`.)
//
// Speed and memory: files are read, parsed, checked against the editor's limits and analysed for
// the fact-check's archive a batch at a time — in a worker thread for a large import (preparer.ts),
// outside any transaction — while earlier batches are being written (two transactions in
// flight), and a batch's articles, photos and revisions are written
// by one SQL statement that reads the whole batch from a single JSON parameter, sent through `pg`
// on the Prisma client's pool (lib/db/sql.ts: Prisma's raw queries cost more CPU than building
// the batch, for parameters this size). Credits are looked
// up once per import and cached. Only the list of file names is held for all files; everything
// else is per batch. (bench/import.ts measures it.)
//
// Atomicity: a batch is one transaction. If it fails, its files are written again one transaction
// each, so a failing file never leaves partial rows and never takes other files down with it.

export type ImportStatus = "created" | "updated" | "unchanged" | "skipped" | "failed";

export interface ImportFileResult {
  /** The file's path as given (or as found walking a folder given). */
  file: string;
  status: ImportStatus;
  articleId?: string;
  slug?: string;
  /** Parser warnings: lines imported in a form editors should check. */
  warnings: ParseWarning[];
  /** Why a file was skipped, or what a forced update replaced. */
  reason?: string;
  /** Why a file failed: "file:line: reason" for bad documents. */
  error?: string;
  /** An update that replaced editors' changes (`force`). */
  forced?: boolean;
}

export interface ImportSummary {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Photos written (or, in a dry run, that would be). */
  photos: number;
  warnings: number;
  /**
   * Per-file results in file order. With `keepResults: "problems"` only files that failed, were
   * skipped or have warnings are kept (every result still goes to `onEvent`).
   */
  results: ImportFileResult[];
  durationMs: number;
}

export type ImportEvent =
  | { type: "file"; result: ImportFileResult }
  /** A batch's transaction failed; its files are being written one transaction each. */
  | { type: "batch-retry"; files: string[]; error: string };

export interface ImportOptions {
  /** Replace articles editors have changed since their import, keeping their text as a revision. */
  force?: boolean;
  /** Parse and decide what would happen; write nothing. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
  onEvent?: (event: ImportEvent) => void;
  db?: Database;
  /** Documents per transaction. */
  batchSize?: number;
  /** Batches written at the same time (each on its own connection). */
  concurrency?: number;
  keepResults?: "all" | "problems";
  /** Who runs the import, for its audit event: null for the CLI and the seeding at start. */
  actorId?: string | null;
  /**
   * Where files are read, parsed and analysed: in a worker thread (the default for imports of
   * more than WORKER_MIN_FILES files) or in this thread.
   */
  prepareIn?: "worker" | "thread";
}

// A batch's statements, round trips and commit cost the same whatever its size, so larger batches
// cost less per document; what is held at once grows with the size, not with the import's. Measured
// with bench/import.ts (5,000 documents, load 10): 200 against 50 cut PostgreSQL's CPU per document
// from 3.0 to 2.6 ms and Node's from 4.1 to 3.2 ms, for 50 MB more peak RSS (441 MB).
const DEFAULT_BATCH_SIZE = 200;
// Two transactions at a time keep PostgreSQL busy while Node parses and serialises the next batch.
const DEFAULT_CONCURRENCY = 2;
const TRANSACTION_TIMEOUT_MS = 120_000;
// Below this many files a worker's start-up (and its own copy of the speller) costs more than it saves.
const WORKER_MIN_FILES = 200;

type Tx = RawSql;

interface ExistingArticle {
  id: string;
  sourceFile: string;
  sourceHash: string | null;
  version: number;
  importedVersion: number | null;
  slug: string;
  /** People in the article's live session now (lib/collab/presence). */
  editing: number;
}

/** Shared by the batches of one import. */
interface ImportState {
  creditIds: Map<string, string>;
  /**
   * File names found in more than one folder, with the path of the first such file. An article
   * is matched to its file by name, so only that first file is imported.
   */
  repeatedNames: ReadonlyMap<string, string>;
  /** Slugs chosen by batches whose transactions have not finished yet (in a dry run: all planned). */
  reservedSlugs: Set<string>;
  /** The run's one audit event (lib/importer/audit.ts). */
  run: ImportRun;
  /**
   * The fact-check's reading of an article, for documents prepared in this thread (null in a dry
   * run, which stores nothing, and when the preparation worker has worked it out already).
   */
  contributionOf: ((fields: CheckField[]) => ArchiveContribution) | null;
}

const creditKey = (credit: PhotoCredit) => `${credit.agency}\u0000${credit.photographer}`;


// ─── Deciding ────────────────────────────────────────────────────────────────────────────────────

type Plan =
  | { action: "create"; document: PreparedDocument }
  | { action: "update"; document: PreparedDocument; existing: ExistingArticle; forced: boolean }
  | { action: "unchanged" | "skipped"; document: PreparedDocument; existing: ExistingArticle };

function decide(document: PreparedDocument, existing: ExistingArticle | undefined, force: boolean): Plan {
  if (!existing) return { action: "create", document };
  if (existing.sourceHash === document.parsed.sourceHash) return { action: "unchanged", document, existing };
  if (existing.editing > 0) return { action: "skipped", document, existing };
  const edited = existing.importedVersion === null || existing.version !== existing.importedVersion;
  if (!edited) return { action: "update", document, existing, forced: false };
  if (force) return { action: "update", document, existing, forced: true };
  return { action: "skipped", document, existing };
}

function editedReason(existing: ExistingArticle) {
  return existing.editing > 0
    ? `${existing.editing === 1 ? "1 person is" : `${existing.editing} people are`} editing it live`
    : existing.importedVersion === null
    ? "the article was not created by an import"
    : `edited since its import (version ${existing.version}, imported as version ${existing.importedVersion})`;
}

async function findExisting(tx: Tx, sourceFiles: string[], lock: boolean): Promise<Map<string, ExistingArticle>> {
  const rows = await tx.$queryRawUnsafe<ExistingArticle[]>(
    `SELECT id, "sourceFile", "sourceHash", version, "importedVersion", slug,
            (SELECT COUNT(DISTINCT p."userId")::int FROM "CollabPresence" p
              WHERE p."articleId" = "Article".id AND p."seenAt" > $2::timestamp) AS editing
       FROM "Article" WHERE "sourceFile" = ANY($1::text[])${lock ? " FOR UPDATE" : ""}`,
    sourceFiles,
    // An ISO string (UTC), read as the column's UTC "timestamp without time zone".
    new Date(Date.now() - PRESENCE_STALE_MS).toISOString(),
  );
  return new Map(rows.map((row) => [row.sourceFile, row]));
}

/** Slugs for new articles: from the headline, with -2, -3 … when taken (in the db or this batch). */
async function assignSlugs(tx: Tx, headlines: string[], reserved: ReadonlySet<string>): Promise<string[]> {
  const bases = headlines.map(slugify);
  const taken = new Set(
    (await tx.$queryRawUnsafe<Array<{ slug: string }>>(`SELECT slug FROM "Article" WHERE slug = ANY($1::text[])`, [
      ...new Set(bases),
    ])).map((row) => row.slug),
  );
  // Only for the bases already in use: which numbered variants exist. Slugs are [a-z0-9-], so
  // they hold no LIKE wildcards.
  const crowded = [...new Set(bases.filter((base) => taken.has(base) || reserved.has(base)))];
  if (crowded.length > 0) {
    const variants = await tx.$queryRawUnsafe<Array<{ slug: string }>>(
      `SELECT slug FROM "Article" WHERE slug LIKE ANY($1::text[]) AND slug ~ '-[0-9]+$'`,
      crowded.map((base) => `${base}-%`),
    );
    for (const row of variants) taken.add(row.slug);
  }
  return bases.map((base) => {
    const slug = uniqueSlug(base, (candidate) => taken.has(candidate) || reserved.has(candidate));
    taken.add(slug);
    return slug;
  });
}

// ─── Writing ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Ids of the credits these documents use: from the cache, else inserted (or found) with one
 * statement for all of the batch's new credits. New ids go to `pending`, which joins the cache
 * only once the transaction has committed.
 */
async function resolveCredits(tx: Tx, plans: Plan[], state: ImportState, pending: Map<string, string>) {
  const missing = new Map<string, PhotoCredit>();
  for (const plan of plans) {
    if (plan.action !== "create" && plan.action !== "update") continue;
    for (const photo of plan.document.content.photos) {
      if (!photo.credit) continue;
      const key = creditKey(photo.credit);
      if (!state.creditIds.has(key) && !pending.has(key)) missing.set(key, photo.credit);
    }
  }
  if (missing.size === 0) return;
  // In one order for every batch, so two batches inserting the same new credits cannot deadlock.
  const credits = [...missing.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, credit]) => credit);
  const agencies = credits.map((c) => c.agency);
  const photographers = credits.map((c) => c.photographer);
  const rows = await tx.$queryRawUnsafe<Array<{ id: string; agency: string; photographer: string }>>(
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS w(id, agency, photographer)),
          inserted AS (
            INSERT INTO "Credit" (id, agency, photographer) SELECT id, agency, photographer FROM wanted
            ON CONFLICT (agency, photographer) DO NOTHING
            RETURNING id, agency, photographer)
     SELECT id, agency, photographer FROM inserted
     UNION ALL
     SELECT c.id, c.agency, c.photographer FROM "Credit" c JOIN wanted w USING (agency, photographer)`,
    credits.map(() => newId()),
    agencies,
    photographers,
  );
  for (const row of rows) pending.set(creditKey(row), row.id);
  // A credit another import inserted while this statement ran is visible only to a new statement.
  const unresolved = credits.filter((credit) => !pending.has(creditKey(credit)));
  if (unresolved.length > 0) {
    const late = await tx.$queryRawUnsafe<Array<{ id: string; agency: string; photographer: string }>>(
      `SELECT c.id, c.agency, c.photographer FROM "Credit" c
         JOIN unnest($1::text[], $2::text[]) AS w(agency, photographer) USING (agency, photographer)`,
      unresolved.map((c) => c.agency),
      unresolved.map((c) => c.photographer),
    );
    for (const row of late) pending.set(creditKey(row), row.id);
    if (late.length !== unresolved.length) throw new Error("could not create the photo credits");
  }
}

interface StoredArticleRow {
  id: string;
  headline: string;
  standfirst: string;
  body: unknown;
}
interface StoredPhotoRow {
  articleId: string;
  id: string;
  position: number;
  caption: unknown;
  alt: string | null;
  imageUrl: string | null;
  creditId: string | null;
  agency: string | null;
  photographer: string | null;
  imageId: string | null;
  focalX: number | null;
  focalY: number | null;
}
interface StoredTaxonomyRow {
  articleId: string;
  kind: "section" | "tag" | "byline";
  id: string;
  name: string;
  position: number;
}

/**
 * Before forced updates: the editors' current text of each article is kept as a revision (unless
 * a save already wrote that version's). Read and written in a few statements for the whole batch,
 * the snapshots built by `buildSnapshot` like every other revision's.
 */
async function keepCurrentAsRevisions(tx: Tx, forced: ReadonlyArray<{ articleId: string; version: number; file: string }>) {
  if (forced.length === 0) return;
  const articles = await tx.$queryRawUnsafe<StoredArticleRow[]>(
    `SELECT a.id, a.headline, a.standfirst, a.body
       FROM "Article" a JOIN unnest($1::text[], $2::int[]) AS f(id, version) ON f.id = a.id
      WHERE NOT EXISTS (SELECT 1 FROM "Revision" r WHERE r."articleId" = f.id AND r.version = f.version)`,
    forced.map((f) => f.articleId),
    forced.map((f) => f.version),
  );
  if (articles.length === 0) return;
  const ids = articles.map((article) => article.id);
  // One after the other: statements on one connection queue anyway.
  const photos = await tx.$queryRawUnsafe<StoredPhotoRow[]>(
      `SELECT p."articleId", p.id, p.position, p.caption, p.alt, p."imageUrl", p."creditId", c.agency, c.photographer,
              p."imageId", p."focalX", p."focalY"
         FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId" WHERE p."articleId" = ANY($1::text[])`,
    ids,
  );
  const taxonomy = await tx.$queryRawUnsafe<StoredTaxonomyRow[]>(
      `SELECT a.id AS "articleId", 'section' AS kind, s.id, s.name, 0 AS position
         FROM "Article" a JOIN "Section" s ON s.id = a."sectionId" WHERE a.id = ANY($1::text[])
       UNION ALL
       SELECT at."articleId", 'tag', t.id, t.name, at.position FROM "ArticleTag" at JOIN "Tag" t ON t.id = at."tagId" WHERE at."articleId" = ANY($1::text[])
       UNION ALL
       SELECT b."articleId", 'byline', c.id, c."displayName", b.position
         FROM "ArticleByline" b JOIN "Contributor" c ON c.id = b."contributorId" WHERE b."articleId" = ANY($1::text[])`,
    ids,
  );
  const fileOf = new Map(forced.map((f) => [f.articleId, f]));
  const rows = articles.map((article) => {
    const mine = taxonomy.filter((row) => row.articleId === article.id);
    const section = mine.find((row) => row.kind === "section");
    const snapshot = buildSnapshot({
      ...article,
      photos: photos
        .filter((photo) => photo.articleId === article.id)
        .map((photo) => ({
          ...photo,
          credit: photo.agency !== null && photo.photographer !== null ? { agency: photo.agency, photographer: photo.photographer } : null,
        })),
      section: section ? { id: section.id, name: section.name } : null,
      tags: mine.filter((row) => row.kind === "tag").map((row) => ({ position: row.position, tag: { id: row.id, name: row.name } })),
      bylines: mine
        .filter((row) => row.kind === "byline")
        .map((row) => ({ position: row.position, contributor: { id: row.id, displayName: row.name } })),
    });
    const { version, file } = fileOf.get(article.id)!;
    return { id: newId(), articleId: article.id, version, summary: `Editors' version, kept before ${file} was re-imported with --force`, snapshot };
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "Revision" (id, "articleId", version, kind, summary, snapshot, "createdAt")
     SELECT id, "articleId", version, 'save', summary, snapshot, ${UTC_NOW}
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, "articleId" text, version int, summary text, snapshot jsonb)`,
    JSON.stringify(rows),
  );
}

/** One article of a batch as the write statement reads it (one JSON array for the whole batch). */
interface WriteBatchDocument {
  id: string;
  isNew: boolean;
  slug: string;
  sourceFile: string;
  headline: string;
  standfirst: string;
  body: unknown;
  date: string;
  hash: string;
  /** The version this write makes; its revision has the same number. */
  version: number;
  revisionId: string;
  kind: "import" | "reimport";
  summary: string;
  /** In position order: [photo id, credit id or null, caption doc]. Compact, as every byte is serialised twice. */
  photos: Array<[string, string | null, unknown]>;
}

// Prisma stores DateTime as UTC in "timestamp without time zone" columns.
const UTC_NOW = `(now() AT TIME ZONE 'UTC')`;

// One statement writes a batch: articles (new ones inserted, changed ones updated), their photos
// and a revision each. Foreign keys are checked at the end of the statement, when the articles
// the photos and revisions point to are in place. Photo ids come from `newId`, in time order like
// every other id, so a batch's photos go to the last pages of the primary key's index; random ones
// (they were gen_random_uuid's) went to any page, so the pages a batch touched and dirtied were
// spread over an index that grows with the archive (25 photos per document).
//
// The revision snapshots are built here too, from the same JSON the rows are written from, rather
// than sent a second time: that halves what is serialised and parsed per document. The shape is
// `buildSnapshot`'s (lib/articles/snapshot.ts) and the label `formatCredit`'s (creditLabelSql); the integration
// tests compare the stored snapshots with `buildSnapshot` of the stored articles.
const WRITE_BATCH_SQL = `
WITH docs AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS d(id text, "isNew" boolean, slug text, "sourceFile" text, headline text, standfirst text, body jsonb, date date,
         hash text, version int, "revisionId" text, kind "RevisionKind", summary text, photos jsonb)
),
photo_rows AS (
  SELECT ph.value->>0 AS id, d.id AS "articleId",
         (ph.n - 1)::int AS position, ph.value->2 AS caption, ph.value->>1 AS "creditId"
    FROM docs d, jsonb_array_elements(d.photos) WITH ORDINALITY AS ph(value, n)
),
created AS (
  INSERT INTO "Article" (id, slug, headline, standfirst, body, "documentDate", status, version,
                         "createdAt", "updatedAt", "sourceFile", "sourceHash", "importedVersion")
  SELECT id, slug, headline, standfirst, body, date, 'draft', version, ${UTC_NOW}, ${UTC_NOW}, "sourceFile", hash, version
    FROM docs WHERE "isNew"
),
updated AS (
  UPDATE "Article" AS target
     SET headline = d.headline, standfirst = d.standfirst, body = d.body, "documentDate" = d.date, "sourceHash" = d.hash,
         version = d.version, "importedVersion" = d.version, "updatedAt" = ${UTC_NOW}
    FROM docs d
   -- The ids' array lets the planner look the rows up by key: joined with jsonb_to_recordset alone
   -- (estimated at 100 rows) it scanned the whole table.
   WHERE NOT d."isNew" AND target.id = d.id AND target.id = ANY($2::text[])
),
photos AS (
  INSERT INTO "Photo" (id, "articleId", position, caption, "creditId")
  SELECT id, "articleId", position, caption, "creditId" FROM photo_rows
),
snapshot_photos AS (
  SELECT p."articleId",
         jsonb_agg(jsonb_build_object(
           'id', p.id, 'position', p.position, 'caption', p.caption, 'alt', NULL, 'imageUrl', NULL,
           'creditId', p."creditId", 'credit', ${creditLabelSql("c")}) ORDER BY p.position) AS photos
    FROM photo_rows p LEFT JOIN "Credit" c ON c.id = p."creditId"
   GROUP BY p."articleId"
),
-- An article updated in place keeps its bylines, section and tags (set beside the text), and so
-- does its revision: the snapshot's "taxonomy" key, absent when it names nothing.
snapshot_taxonomy AS (
  SELECT d.id AS "articleId", jsonb_build_object(
           'section', (SELECT jsonb_build_object('id', s.id, 'name', s.name)
                         FROM "Article" a JOIN "Section" s ON s.id = a."sectionId" WHERE a.id = d.id),
           'tags', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY at.position), '[]'::jsonb)
                      FROM "ArticleTag" at JOIN "Tag" t ON t.id = at."tagId" WHERE at."articleId" = d.id),
           'bylines', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', c.id, 'name', c."displayName") ORDER BY b.position), '[]'::jsonb)
                         FROM "ArticleByline" b JOIN "Contributor" c ON c.id = b."contributorId" WHERE b."articleId" = d.id)
         ) AS taxonomy
    FROM docs d WHERE NOT d."isNew"
)
INSERT INTO "Revision" (id, "articleId", version, kind, summary, snapshot, "createdAt")
SELECT d."revisionId", d.id, d.version, d.kind, d.summary,
       jsonb_build_object('headline', d.headline, 'standfirst', d.standfirst, 'body', d.body,
                          'photos', COALESCE(sp.photos, '[]'::jsonb))
         || CASE WHEN st.taxonomy IS NULL
                   OR st.taxonomy = '{"section": null, "tags": [], "bylines": []}'::jsonb THEN '{}'::jsonb
                 ELSE jsonb_build_object('taxonomy', st.taxonomy) END,
       ${UTC_NOW}
  FROM docs d LEFT JOIN snapshot_photos sp ON sp."articleId" = d.id
              LEFT JOIN snapshot_taxonomy st ON st."articleId" = d.id`;

/** Writes one batch inside `tx`; returns the per-file results. Throws if any statement fails. */
async function writeDocuments(
  tx: Tx,
  documents: PreparedDocument[],
  state: ImportState,
  options: { force: boolean },
  pendingCredits: Map<string, string>,
  slugsToRelease: string[],
): Promise<{ results: ImportFileResult[]; photos: number }> {
  const existing = await findExisting(
    tx,
    documents.map((d) => d.sourceFile),
    true,
  );
  const plans = documents.map((document) => decide(document, existing.get(document.sourceFile), options.force));

  const creates = plans.filter((p): p is Extract<Plan, { action: "create" }> => p.action === "create");
  const updates = plans.filter((p): p is Extract<Plan, { action: "update" }> => p.action === "update");
  const slugs = creates.length > 0 ? await assignSlugs(tx, creates.map((p) => p.document.content.headline), state.reservedSlugs) : [];
  for (const slug of slugs) state.reservedSlugs.add(slug);
  slugsToRelease.push(...slugs);
  await resolveCredits(tx, plans, state, pendingCredits);
  const creditId = (credit: PhotoCredit) => pendingCredits.get(creditKey(credit)) ?? state.creditIds.get(creditKey(credit))!;

  await keepCurrentAsRevisions(
    tx,
    updates.filter((plan) => plan.forced).map((plan) => ({ articleId: plan.existing.id, version: plan.existing.version, file: plan.document.sourceFile })),
  );

  const articleIds = new Map<PreparedDocument, { id: string; slug: string; version: number }>();
  creates.forEach((plan, i) => articleIds.set(plan.document, { id: newId(), slug: slugs[i], version: 1 }));
  for (const plan of updates) {
    articleIds.set(plan.document, { id: plan.existing.id, slug: plan.existing.slug, version: plan.existing.version + 1 });
  }

  // The whole batch goes to PostgreSQL as one JSON parameter, read with jsonb_to_recordset: the
  // body and caption documents reach their jsonb columns without being escaped and parsed a
  // second time (as text[] array elements would be).
  const batch: WriteBatchDocument[] = [];
  let photoCount = 0;
  for (const plan of [...creates, ...updates]) {
    const { document } = plan;
    const { content, parsed } = document;
    const target = articleIds.get(document)!;
    const isNew = plan.action === "create";
    batch.push({
      id: target.id,
      isNew,
      slug: target.slug,
      sourceFile: document.sourceFile,
      headline: content.headline,
      standfirst: content.standfirst,
      body: content.body,
      date: parsed.date,
      hash: parsed.sourceHash,
      version: target.version,
      revisionId: newId(),
      kind: isNew ? "import" : "reimport",
      summary: isNew
        ? `Imported from ${document.sourceFile}`
        : plan.forced
          ? `Re-imported from ${document.sourceFile} with --force, replacing editors' changes`
          : `Re-imported from ${document.sourceFile} (the file changed)`,
      photos: content.photos.map((photo) => [newId(), photo.credit ? creditId(photo.credit) : null, photo.caption]),
    });
    photoCount += content.photos.length;
  }

  if (updates.length > 0) {
    // Before the inserts, in its own statement: a statement's CTEs run in no guaranteed order.
    await tx.$executeRawUnsafe(
      `DELETE FROM "Photo" WHERE "articleId" = ANY($1::text[])`,
      updates.map((plan) => plan.existing.id),
    );
  }
  if (batch.length > 0) {
    await tx.$executeRawUnsafe(
      WRITE_BATCH_SQL,
      JSON.stringify(batch),
      updates.map((plan) => plan.existing.id),
    );
  }
  // The fact-check's archive, in this same transaction (lib/factcheck/archive-store.ts). Worked
  // out only for what is written: re-importing unchanged files costs no analysis.
  await writeArchiveContributions(
    tx,
    [...creates, ...updates].map((plan) => {
      plan.document.contribution ??= state.contributionOf!(checkFieldsOf(plan.document.content));
      return { articleId: articleIds.get(plan.document)!.id, ...plan.document.contribution };
    }),
  );

  if (batch.length > 0) {
    // Last, so the run's one event row is locked only until this batch commits.
    await recordImportProgress(tx, state.run, {
      created: creates.length,
      updated: updates.length,
      forced: updates.filter((plan) => plan.forced).length,
      photos: photoCount,
    });
  }

  return { results: plans.map((plan) => resultOf(plan, articleIds.get(plan.document))), photos: photoCount };
}

function resultOf(plan: Plan, written: { id: string; slug: string } | undefined): ImportFileResult {
  const { document } = plan;
  const base = { file: document.file, warnings: document.parsed.warnings };
  switch (plan.action) {
    case "create":
      return { ...base, status: "created", articleId: written?.id, slug: written?.slug };
    case "update":
      return {
        ...base,
        status: "updated",
        articleId: plan.existing.id,
        slug: plan.existing.slug,
        ...(plan.forced ? { forced: true, reason: `replaced editors' changes (${editedReason(plan.existing)})` } : {}),
      };
    case "unchanged":
      return { ...base, status: "unchanged", articleId: plan.existing.id, slug: plan.existing.slug };
    case "skipped":
      return {
        ...base,
        status: "skipped",
        articleId: plan.existing.id,
        slug: plan.existing.slug,
        reason:
          plan.existing.editing > 0
            ? `${editedReason(plan.existing)}; import it again once they have left the story`
            : `${editedReason(plan.existing)}; use --force to replace it (the current text is kept as a revision)`,
      };
  }
}

/** Dry run: the same decisions, read without locks, nothing written. */
async function planDocuments(client: Database, documents: PreparedDocument[], force: boolean, reservedSlugs: Set<string>) {
  return sqlTransaction(
    client,
    async (tx) => {
      const existing = await findExisting(
        tx,
        documents.map((d) => d.sourceFile),
        false,
      );
      const plans = documents.map((document) => decide(document, existing.get(document.sourceFile), force));
      const creates = plans.filter((p) => p.action === "create");
      const slugs = creates.length > 0 ? await assignSlugs(tx, creates.map((p) => p.document.content.headline), reservedSlugs) : [];
      for (const slug of slugs) reservedSlugs.add(slug);
      const slugOf = new Map(creates.map((plan, i) => [plan.document, slugs[i]]));
      const photos = plans
        .filter((p) => p.action === "create" || p.action === "update")
        .reduce((sum, p) => sum + p.document.content.photos.length, 0);
      const results = plans.map((plan) =>
        plan.action === "create"
          ? { file: plan.document.file, status: "created" as const, slug: slugOf.get(plan.document), warnings: plan.document.parsed.warnings }
          : resultOf(plan, undefined),
      );
      return { results, photos };
    },
    { statementTimeoutMs: TRANSACTION_TIMEOUT_MS, isolationLevel: "RepeatableRead" },
  );
}

async function writeInTransaction(client: Database, documents: PreparedDocument[], state: ImportState, force: boolean) {
  const pending = new Map<string, string>();
  const reserved: string[] = [];
  try {
    const outcome = await sqlTransaction(client, (tx) => writeDocuments(tx, documents, state, { force }, pending, reserved), {
      statementTimeoutMs: TRANSACTION_TIMEOUT_MS,
    });
    for (const [key, id] of pending) state.creditIds.set(key, id);
    return outcome;
  } finally {
    // Committed slugs are in the table now; those of a rolled-back batch are free again.
    for (const slug of reserved) state.reservedSlugs.delete(slug);
  }
}

async function writeBatch(
  client: Database,
  documents: PreparedDocument[],
  state: ImportState,
  options: ImportOptions,
): Promise<{ results: ImportFileResult[]; photos: number }> {
  const force = Boolean(options.force);
  try {
    return await writeInTransaction(client, documents, state, force);
  } catch (error) {
    if (documents.length === 1) {
      const [document] = documents;
      return { results: [failed(document.file, `${document.file}: not imported: ${(error as Error).message}`, document.parsed.warnings)], photos: 0 };
    }
    options.onEvent?.({ type: "batch-retry", files: documents.map((d) => d.file), error: (error as Error).message });
    const results: ImportFileResult[] = [];
    let photos = 0;
    for (const document of documents) {
      const single = await writeBatch(client, [document], state, options);
      results.push(...single.results);
      photos += single.photos;
    }
    return { results, photos };
  }
}

// ─── The import ──────────────────────────────────────────────────────────────────────────────────

/**
 * Imports the documents at `paths` (files, or folders walked for `*.txt`). Never throws for a bad
 * document or a failed write: each file's outcome is in the summary.
 */
export async function importDocuments(paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const client = options.db ?? defaultDb;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const keepAll = (options.keepResults ?? "all") === "all";
  const list = await listDocumentFiles(paths);
  const { unreadable } = list;

  const summary: ImportSummary = {
    dryRun: Boolean(options.dryRun),
    total: list.count + unreadable.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    photos: 0,
    warnings: 0,
    results: [],
    durationMs: 0,
  };
  let done = 0;
  const record = (result: ImportFileResult) => {
    summary[result.status]++;
    summary.warnings += result.warnings.length;
    if (keepAll || result.status === "failed" || result.status === "skipped" || result.warnings.length > 0) {
      summary.results.push(result);
    }
    options.onEvent?.({ type: "file", result });
    done++;
  };

  for (const given of unreadable) record(failed(given.file, `${given.file}: ${given.error}`));
  if (unreadable.length > 0) options.onProgress?.(done, summary.total);

  const state: ImportState = {
    creditIds: new Map(),
    repeatedNames: list.repeatedNames,
    reservedSlugs: new Set(),
    run: { eventId: newId(), actorId: options.actorId ?? null, paths, force: Boolean(options.force) },
    contributionOf: null,
  };
  const stores = !options.dryRun && list.count > 0;
  const inWorker = (options.prepareIn ?? (list.count > WORKER_MIN_FILES ? "worker" : "thread")) === "worker";
  let preparer: Preparer;
  if (inWorker) {
    preparer = workerPreparer(list.repeatedNames, stores ? await houseDictionaryEntries(client) : null);
  } else {
    preparer = inThreadPreparer(list.repeatedNames);
    if (stores) state.contributionOf = await contributionAnalyser(client);
  }
  const batches = inBatches(list, batchSize);

  const writeOrPlan = async (prepared: Prepared[]) => {
    const documents = prepared.flatMap((p) => (p.ok ? [p.document] : []));
    if (documents.length === 0) return { results: [], photos: 0 };
    return options.dryRun
      ? planDocuments(client, documents, Boolean(options.force), state.reservedSlugs)
      : writeBatch(client, documents, state, options);
  };
  const finish = async ({ prepared, outcome }: { prepared: Prepared[]; outcome: ReturnType<typeof writeOrPlan> }) => {
    const { results, photos } = await outcome;
    summary.photos += photos;
    // Report in file order.
    const byFile = new Map(results.map((result) => [result.file, result]));
    for (const item of prepared) record(item.ok ? byFile.get(item.document.file)! : item.result);
    options.onProgress?.(done, summary.total);
  };

  // A pipeline: the next batch is read and parsed while up to `concurrency` batches are written,
  // each in its own transaction on its own connection, so PostgreSQL and Node work at once.
  const inFlight: Array<{ prepared: Prepared[]; outcome: ReturnType<typeof writeOrPlan> }> = [];
  const prepareNext = () => {
    const files = batches.next();
    return files.done ? undefined : preparer.prepare(files.value);
  };
  try {
    let next = prepareNext();
    while (next) {
      const prepared = await next;
      const outcome = writeOrPlan(prepared);
      next = prepareNext();
      // Awaited in order below; until then, a failure must not count as unhandled.
      outcome.catch(() => {});
      inFlight.push({ prepared, outcome });
      while (inFlight.length >= concurrency) await finish(inFlight.shift()!);
    }
    while (inFlight.length > 0) await finish(inFlight.shift()!);
  } finally {
    await preparer.close();
  }

  summary.durationMs = performance.now() - started;
  if (!options.dryRun) {
    await recordImportProgress(
      client,
      state.run,
      { unchanged: summary.unchanged, skipped: summary.skipped, failed: summary.failed },
      { total: summary.total, finished: true, durationMs: Math.round(summary.durationMs) },
    );
  }
  return summary;
}
