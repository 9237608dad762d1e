import "server-only";
import { db as defaultDb, type Database } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { archiveSelect, storedFields, BUILD_PAGE_SIZE } from "@/lib/factcheck/archive";
import { writeArchiveContributions, type StoredContribution } from "@/lib/factcheck/archive-store";
import { contributionAnalyser } from "@/lib/factcheck/archive-contribution";

// Keeping the fact-check's archive current for writes other than imports (which work out their
// contributions from the parsed documents): a save, a restore, a credit rename re-read the
// articles they changed, inside their own transaction, and store what those now contribute.

type Client = Database | Prisma.TransactionClient;

const EMPTY = { capitalised: [], names: [], ngrams: [], words: [], headlineLength: null };

/** Re-reads these articles (as written so far in `tx`) and stores their archive contributions. */
export async function refreshArchiveArticles(tx: Client, articleIds: readonly string[]): Promise<void> {
  const ids = [...new Set(articleIds)];
  if (ids.length === 0) return;
  const contributionOf = await contributionAnalyser(tx);
  for (let start = 0; start < ids.length; start += BUILD_PAGE_SIZE) {
    const articles = await tx.article.findMany({ where: { id: { in: ids.slice(start, start + BUILD_PAGE_SIZE) } }, select: archiveSelect });
    // Content the editor schema cannot read contributes nothing (it is skipped, not fatal).
    const rows: StoredContribution[] = articles.map((article) => {
      const fields = storedFields(article);
      return { articleId: article.id, ...(fields ? contributionOf(fields) : EMPTY) };
    });
    await writeArchiveContributions(tx, rows);
  }
}

export type BackfillProgress = { done: number; total: number; finished: boolean };

/**
 * Fills the archive tables for articles written before them (or whose contribution is missing),
 * a page per transaction in id order; the position is kept in ArchiveBackfill, so an interrupted
 * backfill resumes where it stopped. Safe beside live writes: a page skips articles that already
 * have their row.
 */
export async function backfillArchive(
  options: { client?: Database; onProgress?: (progress: BackfillProgress) => void; pageSize?: number } = {},
): Promise<BackfillProgress> {
  const client = options.client ?? defaultDb;
  const pageSize = options.pageSize ?? BUILD_PAGE_SIZE;
  const state = await client.archiveBackfill.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  const total = await client.article.count();
  let done = state.done;
  let lastId = state.lastId;
  if (state.finishedAt) return { done, total, finished: true };
  for (;;) {
    const page = await client.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "Article" a WHERE ($1::text IS NULL OR a.id > $1)
          AND NOT EXISTS (SELECT 1 FROM "ArchiveArticle" x WHERE x."articleId" = a.id)
        ORDER BY id LIMIT $2`,
      lastId,
      pageSize,
    );
    if (page.length === 0) break;
    const ids = page.map((row) => row.id);
    lastId = ids.at(-1)!;
    await client.$transaction(
      async (tx) => {
        // Locked in id order, so a save racing the backfill waits rather than interleaves.
        await tx.$queryRawUnsafe(`SELECT id FROM "Article" WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, ids);
        const fresh = await tx.$queryRawUnsafe<Array<{ id: string }>>(
          `SELECT a.id FROM unnest($1::text[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM "ArchiveArticle" x WHERE x."articleId" = a.id)`,
          ids,
        );
        await refreshArchiveArticles(tx, fresh.map((row) => row.id));
        done += ids.length;
        await tx.archiveBackfill.update({ where: { id: 1 }, data: { lastId, done } });
      },
      { timeout: 120_000, maxWait: 120_000 },
    );
    options.onProgress?.({ done: Math.min(done, total), total, finished: false });
  }
  await client.archiveBackfill.update({ where: { id: 1 }, data: { finishedAt: new Date() } });
  return { done: Math.min(done, total), total, finished: true };
}
