import "server-only";
import { formatCredit } from "@/lib/articles";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import { articleCheckFields, type CheckableArticle } from "@/lib/factcheck/article-fields";
import { createFactChecker } from "@/lib/factcheck/fact-checker";
import type { CheckField, FactChecker, HouseEntry } from "@/lib/factcheck/types";

// The archive the fact-check compares an article with, as the check workers hold it: one checker
// per worker whose archive is every
// stored article, built once (lazily, on the first check) and then kept current incrementally.
// Before each check it asks the database only what changed since it last looked — articles by
// `updatedAt`, credits renamed (audit events), the house dictionary (a digest) — and re-indexes
// just those. Other server instances and CLI imports write to the same database, so this also
// keeps several instances in step without any messaging between them.

/**
 * Rows are looked for a little before the newest change seen: `updatedAt` is stamped when a
 * transaction starts (or by the writer's clock), so a long transaction commits rows older than
 * changes already seen. Longer than the importer's longest transaction.
 */
const SYNC_OVERLAP_MS = 150_000;
/**
 * Looking back over the overlap costs a scan of every row changed in it (all 50,000 after a big
 * import), so checks do it at most this often; in between they look only from the newest change
 * seen on. A row committed late is then picked up within this long.
 */
const OVERLAP_SCAN_INTERVAL_MS = 5_000;
export const BUILD_PAGE_SIZE = 250;

// ─── Reading stored articles ─────────────────────────────────────────────────────────────────────

export const archiveSelect = {
  id: true,
  slug: true,
  headline: true,
  standfirst: true,
  body: true,
  version: true,
  updatedAt: true,
  photos: {
    select: { id: true, position: true, caption: true, credit: { select: { id: true, agency: true, photographer: true } } },
    orderBy: { position: "asc" },
  },
} satisfies Prisma.ArticleSelect;

export type StoredArticle = Prisma.ArticleGetPayload<{ select: typeof archiveSelect }>;

export function checkableFromStored(article: StoredArticle): CheckableArticle {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body as unknown as RichTextDoc,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption as unknown as CaptionDoc,
      credit: photo.credit ? { id: photo.credit.id, label: formatCredit(photo.credit) } : null,
    })),
  };
}

/** A stored article's fields, or null when its JSON does not fit the editor schema (it is skipped, not fatal). */
export function storedFields(article: StoredArticle): CheckField[] | null {
  try {
    return articleCheckFields(checkableFromStored(article));
  } catch (error) {
    console.error(`[copydesk] fact-check: article ${article.id} has content the editor schema cannot read`, error);
    return null;
  }
}

const changeKey = (row: { updatedAt: Date; version: number }) => `${row.updatedAt.getTime()}:${row.version}`;

// ─── The per-process checker ─────────────────────────────────────────────────────────────────────

interface Archive {
  checker: FactChecker;
  /** Article id → the change key (updatedAt, version) of what is indexed. */
  indexed: Map<string, string>;
  /** Newest `updatedAt` (ms) seen; changes are looked for from a little before it. */
  articleWatermark: number;
  /** When (this process's clock) the last sync looked back over the overlap. */
  lastOverlapScan: number;
  /** Newest credit.update audit event seen (ms), and the ids of recent ones already applied. */
  creditWatermark: number;
  creditEventsApplied: Map<string, number>;
  /** What the house dictionary looked like when loaded; "" forces a reload. */
  dictionaryDigest: string;
}

export interface ArchiveStats {
  /** Times the archive was built from scratch (once per process, unless reset). */
  builds: number;
  /** Incremental syncs run. */
  syncs: number;
  /** Articles (re)indexed by syncs after the build. */
  articlesReindexed: number;
  /** House dictionary reloads after the build. */
  dictionaryReloads: number;
  archiveSize: number;
}

interface Holder {
  archive: Promise<Archive> | null;
  syncing: Promise<Archive> | null;
  stats: Omit<ArchiveStats, "archiveSize">;
}

// On globalThis so that Next's dev reloads of this module keep the one index.
const holderKey = Symbol.for("copydesk.factcheck.archive");
const globalHolder = globalThis as unknown as Record<symbol, Holder | undefined>;
const holder: Holder = (globalHolder[holderKey] ??= {
  archive: null,
  syncing: null,
  stats: { builds: 0, syncs: 0, articlesReindexed: 0, dictionaryReloads: 0 },
});

async function dictionaryDigest(): Promise<string> {
  // Entries have no updatedAt; a digest of the (small) table tells whether anything changed,
  // whoever changed it.
  const [row] = await db.$queryRaw<Array<{ entries: number; digest: string | null }>>`
    SELECT count(*)::int AS entries,
           md5(string_agg("canonical" || chr(31) || array_to_string("variants", chr(30)), chr(29) ORDER BY "canonical")) AS digest
      FROM "DictionaryEntry"`;
  return `${row?.entries ?? 0}:${row?.digest ?? ""}`;
}

async function loadHouseDictionary(): Promise<HouseEntry[]> {
  const entries = await db.dictionaryEntry.findMany({ select: { canonical: true, variants: true }, orderBy: { canonical: "asc" } });
  return entries.map((entry) => ({ canonical: entry.canonical, variants: entry.variants }));
}

async function newestCreditEvent(): Promise<number> {
  const newest = await db.auditEvent.findFirst({ where: { action: "credit.update" }, orderBy: { at: "desc" }, select: { at: true } });
  return newest?.at.getTime() ?? 0;
}

function index(archive: Archive, article: StoredArticle): void {
  const fields = storedFields(article);
  if (fields) archive.checker.addArchiveDocument(article.id, fields);
  else archive.checker.removeArchiveDocument(article.id);
  archive.indexed.set(article.id, changeKey(article));
}

async function buildArchive(): Promise<Archive> {
  holder.stats.builds++;
  const startedAt = Date.now();
  // Read the change markers before the content, so nothing changed meanwhile is missed.
  const [digest, creditWatermark] = await Promise.all([dictionaryDigest(), newestCreditEvent()]);
  const checker = await createFactChecker({ houseDictionary: await loadHouseDictionary() });
  const archive: Archive = {
    checker,
    indexed: new Map(),
    articleWatermark: 0,
    lastOverlapScan: 0,
    creditWatermark,
    creditEventsApplied: new Map(),
    dictionaryDigest: digest,
  };
  let newest = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await db.article.findMany({
      select: archiveSelect,
      orderBy: { id: "asc" },
      take: BUILD_PAGE_SIZE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const article of page) {
      index(archive, article);
      newest = Math.max(newest, article.updatedAt.getTime());
    }
    if (page.length < BUILD_PAGE_SIZE) break;
    cursor = page.at(-1)!.id;
  }
  // An article edited while the pages were read may carry a time older than rows read later.
  archive.articleWatermark = Math.min(newest, startedAt);
  return archive;
}

async function syncArchive(archive: Archive): Promise<void> {
  holder.stats.syncs++;
  const overlap = Date.now() - archive.lastOverlapScan >= OVERLAP_SCAN_INTERVAL_MS;
  if (overlap) archive.lastOverlapScan = Date.now();
  const since = new Date(archive.articleWatermark - (overlap ? SYNC_OVERLAP_MS : 0));
  const creditsSince = new Date(archive.creditWatermark - SYNC_OVERLAP_MS);
  const [changed, creditEvents, digest, articleCount] = await Promise.all([
    db.article.findMany({ where: { updatedAt: { gte: since } }, select: { id: true, updatedAt: true, version: true } }),
    db.auditEvent.findMany({
      where: { action: "credit.update", at: { gt: creditsSince } },
      select: { id: true, at: true, targetId: true },
    }),
    dictionaryDigest(),
    db.article.count(),
  ]);

  const stale = new Set(changed.filter((row) => archive.indexed.get(row.id) !== changeKey(row)).map((row) => row.id));
  for (const row of changed) archive.articleWatermark = Math.max(archive.articleWatermark, row.updatedAt.getTime());

  // A renamed credit changes the credit field of every article using it, without touching them.
  const renamedCredits = new Set<string>();
  for (const event of creditEvents) {
    if (archive.creditEventsApplied.has(event.id)) continue;
    archive.creditEventsApplied.set(event.id, event.at.getTime());
    archive.creditWatermark = Math.max(archive.creditWatermark, event.at.getTime());
    if (event.targetId) renamedCredits.add(event.targetId);
  }
  for (const [id, at] of archive.creditEventsApplied) {
    if (at < archive.creditWatermark - 2 * SYNC_OVERLAP_MS) archive.creditEventsApplied.delete(id);
  }

  const reload: Prisma.ArticleWhereInput[] = [];
  if (stale.size > 0) reload.push({ id: { in: [...stale] } });
  if (renamedCredits.size > 0) reload.push({ photos: { some: { creditId: { in: [...renamedCredits] } } } });
  if (reload.length > 0) {
    const articles = await db.article.findMany({ where: { OR: reload }, select: archiveSelect });
    for (const article of articles) index(archive, article);
    holder.stats.articlesReindexed += articles.length;
  }

  // Articles are not deleted by the desk; if the count still disagrees (a deletion, or a row whose
  // time fell outside the overlap), compare ids once and fetch what is missing.
  if (articleCount !== archive.indexed.size) {
    const ids = new Set((await db.article.findMany({ select: { id: true } })).map((row) => row.id));
    for (const id of archive.indexed.keys()) {
      if (ids.has(id)) continue;
      archive.checker.removeArchiveDocument(id);
      archive.indexed.delete(id);
    }
    const missing = [...ids].filter((id) => !archive.indexed.has(id));
    if (missing.length > 0) {
      const articles = await db.article.findMany({ where: { id: { in: missing } }, select: archiveSelect });
      for (const article of articles) index(archive, article);
      holder.stats.articlesReindexed += articles.length;
    }
  }

  if (digest !== archive.dictionaryDigest) {
    archive.checker.setHouseDictionary(await loadHouseDictionary());
    archive.dictionaryDigest = digest;
    holder.stats.dictionaryReloads++;
  }
}

/** The checker, built on first use and brought up to date with the database. */
export async function archiveChecker(): Promise<FactChecker> {
  if (!holder.archive) {
    const building = buildArchive();
    holder.archive = building;
    // A failed build (database down) is retried by the next check rather than cached.
    building.catch(() => {
      if (holder.archive === building) holder.archive = null;
    });
    return (await building).checker;
  }
  const archive = await holder.archive;
  // Checks arriving together share one sync.
  holder.syncing ??= syncArchive(archive)
    .then(() => archive)
    .finally(() => {
      holder.syncing = null;
    });
  await holder.syncing;
  return archive.checker;
}

/** The house dictionary changed: reload it before the next check. */
export function invalidateHouseDictionary(): void {
  void holder.archive?.then(
    (archive) => {
      archive.dictionaryDigest = "";
    },
    () => {},
  );
}

export async function archiveStats(): Promise<ArchiveStats> {
  const archive = holder.archive ? await holder.archive.catch(() => null) : null;
  return { ...holder.stats, archiveSize: archive?.checker.archiveSize ?? 0 };
}

/** For tests: forget the archive and the counts, so the next check builds it again. */
export function resetArchive(): void {
  holder.archive = null;
  holder.syncing = null;
  holder.stats = { builds: 0, syncs: 0, articlesReindexed: 0, dictionaryReloads: 0 };
}
