import "server-only";
import { db as defaultDb, type Database } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import { formatCredit } from "@/lib/articles/credit";
import { archiveSelect, storedFields, BUILD_PAGE_SIZE } from "@/lib/factcheck/archive";
import { articleCheckFields } from "@/lib/factcheck/article-fields";
import { writeArchiveContributions, type StoredContribution } from "@/lib/factcheck/archive-store";
import { contributionAnalyser } from "@/lib/factcheck/archive-contribution";
import { archiveContributionInWorker } from "@/lib/factcheck/pool";
import type { ArchiveContribution, CheckField } from "@/lib/factcheck/types";

// Keeping the fact-check's archive current for writes other than imports (which work out their
// contributions from the parsed documents): a save, a restore, a credit rename re-read the
// articles they changed, inside their own transaction, and store what those now contribute.
// A save (the editor's, a live session's) works its contribution out beforehand, on a fact-check
// worker: the analysis then costs its transaction nothing but a comparison and the write.

type Client = Database | Prisma.TransactionClient;

const EMPTY = { capitalised: [], names: [], ngrams: [], words: [], headlineLength: null };

/** What an article will contribute once a text is written, worked out before the write. */
export interface PreparedContribution {
  articleId: string;
  /** The fields it was worked out from: used only if the written article has exactly these. */
  fieldsKey: string;
  contribution: ArchiveContribution;
}

const fieldsKeyOf = (fields: CheckField[]) => JSON.stringify(fields);

/** The text about to be written: an edit's, a live document's. */
export interface ContentToWrite {
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  photos: ReadonlyArray<{ id: string; caption: CaptionDoc; creditId: string | null }>;
}

/**
 * Works out on a fact-check worker what `content` will contribute to the archive, outside any
 * transaction. Null when the pool cannot answer (busy, stopped): the write then analyses in its
 * transaction, as the other writers do.
 */
export async function prepareArchiveContribution(articleId: string, content: ContentToWrite, client: Client = defaultDb): Promise<PreparedContribution | null> {
  try {
    const creditIds = [...new Set(content.photos.flatMap((photo) => (photo.creditId ? [photo.creditId] : [])))];
    const credits = creditIds.length
      ? new Map((await client.credit.findMany({ where: { id: { in: creditIds } }, select: { id: true, agency: true, photographer: true } })).map((credit) => [credit.id, credit]))
      : new Map<string, never>();
    const fields = articleCheckFields({
      headline: content.headline,
      standfirst: content.standfirst,
      body: content.body,
      photos: content.photos.map((photo) => {
        const credit = photo.creditId ? credits.get(photo.creditId) : undefined;
        return { id: photo.id, caption: photo.caption, credit: credit ? { id: credit.id, label: formatCredit(credit) } : null };
      }),
    });
    return { articleId, fieldsKey: fieldsKeyOf(fields), contribution: await archiveContributionInWorker(fields) };
  } catch (error) {
    console.error(`[copydesk] fact-check: could not prepare article ${articleId}'s archive contribution; it is worked out in the save`, error);
    return null;
  }
}

/**
 * Re-reads these articles (as written so far in `tx`) and stores their archive contributions:
 * a prepared one when the article has the text it was prepared from, else analysed here.
 */
export async function refreshArchiveArticles(tx: Client, articleIds: readonly string[], prepared: readonly PreparedContribution[] = []): Promise<void> {
  const ids = [...new Set(articleIds)];
  if (ids.length === 0) return;
  const preparedById = new Map(prepared.map((entry) => [entry.articleId, entry]));
  // Loaded only when something is left to analyse (the speller costs seconds the first time).
  let contributionOf: ((fields: CheckField[]) => ArchiveContribution) | null = null;
  for (let start = 0; start < ids.length; start += BUILD_PAGE_SIZE) {
    const articles = await tx.article.findMany({ where: { id: { in: ids.slice(start, start + BUILD_PAGE_SIZE) } }, select: archiveSelect });
    const rows: StoredContribution[] = [];
    for (const article of articles) {
      const fields = storedFields(article);
      // Content the editor schema cannot read contributes nothing (it is skipped, not fatal).
      if (!fields) {
        rows.push({ articleId: article.id, ...EMPTY });
        continue;
      }
      const ready = preparedById.get(article.id);
      if (ready && ready.fieldsKey === fieldsKeyOf(fields)) {
        rows.push({ articleId: article.id, ...ready.contribution });
        continue;
      }
      contributionOf ??= await contributionAnalyser(tx);
      rows.push({ articleId: article.id, ...contributionOf(fields) });
    }
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
