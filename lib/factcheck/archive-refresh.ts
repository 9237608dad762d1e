import "server-only";
import { db as defaultDb, type Database } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import { formatCredit } from "@/lib/articles/credit";
import { archiveSelect, storedFields, BUILD_PAGE_SIZE } from "@/lib/factcheck/archive";
import { articleCheckFields } from "@/lib/factcheck/article-fields";
import { randomUUID } from "node:crypto";
import { BoundedCache } from "@/lib/factcheck/bounded-cache";
import { moveCreditTerms, writeArchiveContributionDelta, writeArchiveContributions, type StoredContribution } from "@/lib/factcheck/archive-store";
import { archiveContributionInWorker, creditTermsInWorker } from "@/lib/factcheck/pool";
import type { ArchiveContribution, CheckField } from "@/lib/factcheck/types";

// Keeping the fact-check's archive current for writes other than imports (which work out their
// contributions from the parsed documents): a save or a restore re-reads the article it changed,
// inside its own transaction, and stores what it now contributes; a credit rename moves the
// counts by what the credit's name adds, keyed by the credit (renameCreditInArchive).
// A save (the editor's, a live session's) works its contribution out beforehand, on a fact-check
// worker: the analysis then costs its transaction nothing but a comparison and the write. What is
// left to analyse inside a transaction goes to a worker too: the speller (and the rest of the
// fact-check) never loads on the thread that serves requests.

type Client = Database | Prisma.TransactionClient;

const EMPTY = { capitalised: [], names: [], ngrams: [], words: [], headlineLength: null, creditTerms: [] };

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
    // One array parameter: Prisma's `in` sends a long article's ~430 credit ids as as many
    // parameters through its query engine (10–150 ms on a busy machine, for 433 short rows).
    const credits = creditIds.length
      ? new Map(
          (
            await client.$queryRawUnsafe<Array<{ id: string; agency: string; photographer: string }>>(
              `SELECT "id", "agency", "photographer" FROM "Credit" WHERE "id" = ANY($1::text[])`,
              creditIds,
            )
          ).map((credit) => [credit.id, credit]),
        )
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

/** An article's content as a snapshot holds it (lib/articles/snapshot.ts), the parts the archive reads. */
export interface ArchiveReadContent {
  headline: string;
  standfirst: string;
  body: unknown;
  photos: ReadonlyArray<{ position: number; caption: unknown; creditId: string | null; credit: string | null }>;
}

/**
 * What the archive's analysis reads of this content: equal parts (sameJson), equal
 * contributions. Photos by position, not id (a contribution does not depend on field keys), so
 * an edit of alt texts, images or focal points alone leaves the archive, and the checkers'
 * caches, as they are (an image replaced in 300 articles analyses none of them).
 */
export function archiveReadContent(content: ArchiveReadContent): unknown[] {
  const photos = [...content.photos].sort((a, b) => a.position - b.position);
  return [
    content.headline,
    content.standfirst,
    content.body,
    photos.map((photo) => [photo.caption, photo.creditId === null ? null : [photo.creditId, photo.credit]]),
  ];
}

/**
 * Re-reads these articles (as written so far in `tx`) and stores their archive contributions:
 * a prepared one when the article has the text it was prepared from, else analysed on a worker.
 */
export async function refreshArchiveArticles(tx: Client, articleIds: readonly string[], prepared: readonly PreparedContribution[] = []): Promise<void> {
  const ids = [...new Set(articleIds)];
  if (ids.length === 0) return;
  const preparedById = new Map(prepared.map((entry) => [entry.articleId, entry]));
  for (let start = 0; start < ids.length; start += BUILD_PAGE_SIZE) {
    const articles = await tx.article.findMany({ where: { id: { in: ids.slice(start, start + BUILD_PAGE_SIZE) } }, select: archiveSelect });
    const rows = await Promise.all(
      articles.map(async (article): Promise<StoredContribution> => {
        const fields = storedFields(article);
        // Content the editor schema cannot read contributes nothing (it is skipped, not fatal).
        if (!fields) return { articleId: article.id, ...EMPTY };
        const ready = preparedById.get(article.id);
        if (ready && ready.fieldsKey === fieldsKeyOf(fields)) return { articleId: article.id, ...ready.contribution };
        return { articleId: article.id, ...(await archiveContributionInWorker(fields)) };
      }),
    );
    await writeArchiveContributions(tx, rows);
  }
}

/** An article as a save has just written it (lib/articles' snapshot of it): photos in position order. */
export interface WrittenArticle {
  headline: string;
  standfirst: string;
  body: unknown;
  photos: ReadonlyArray<{ id: string | null; position: number; caption: unknown; creditId: string | null; credit: string | null }>;
}

/**
 * Stores what `written` contributes, in `tx`: the prepared contribution when it was worked out
 * from exactly this text, else an analysis on a worker. The save hands over what it wrote, so the
 * article (500 photos and their credits) is not read back (refreshArchiveArticles does).
 */
export async function storeWrittenContribution(tx: Client, articleId: string, written: WrittenArticle, prepared: PreparedContribution | null): Promise<void> {
  let fields: CheckField[] | null;
  try {
    fields = articleCheckFields({
      headline: written.headline,
      standfirst: written.standfirst,
      body: written.body as RichTextDoc,
      photos: [...written.photos]
        .sort((a, b) => a.position - b.position)
        .map((photo, index) => ({
          id: photo.id ?? String(index),
          caption: photo.caption as CaptionDoc,
          credit: photo.creditId !== null && photo.credit !== null ? { id: photo.creditId, label: photo.credit } : null,
        })),
    });
  } catch (error) {
    console.error(`[copydesk] fact-check: article ${articleId} has content the editor schema cannot read`, error);
    fields = null;
  }
  const contribution = !fields
    ? EMPTY
    : prepared && prepared.articleId === articleId && prepared.fieldsKey === fieldsKeyOf(fields)
      ? prepared.contribution
      : await archiveContributionInWorker(fields);
  await storeContribution(tx, articleId, contribution);
}

/**
 * What this process last stored for an article from a save, under which stamp: the next save of
 * it (an autosave of the article open on the desk) sends only the difference. Dropped any time;
 * a stale entry costs one statement that changes nothing, then the whole write.
 */
const writtenKey = Symbol.for("copydesk.factcheck.written-contributions");
const writtenHolder = globalThis as unknown as Record<symbol, BoundedCache<{ stamp: string; contribution: ArchiveContribution }> | undefined>;

const WRITTEN_CACHE_BYTES = 16 * 1024 * 1024;

function writtenContributions(): BoundedCache<{ stamp: string; contribution: ArchiveContribution }> {
  return (writtenHolder[writtenKey] ??= new BoundedCache(WRITTEN_CACHE_BYTES, (key, { stamp, contribution }) => {
    let bytes = 2 * (key.length + stamp.length) + 200;
    for (const list of [contribution.capitalised, contribution.names, contribution.ngrams, contribution.words, contribution.creditTerms]) {
      for (const term of list) bytes += 2 * term.length + 24;
    }
    return bytes;
  }));
}

/**
 * Stores an article's contribution in `tx`: as a difference from what this process stored for it
 * last, when the row still holds that (writeArchiveContributionDelta), else whole. The tables end
 * the same either way.
 */
async function storeContribution(tx: Client, articleId: string, contribution: ArchiveContribution): Promise<void> {
  const cache = writtenContributions();
  const known = cache.get(articleId);
  const stamp = randomUUID();
  const applied = known ? await writeArchiveContributionDelta(tx, articleId, known, contribution, stamp) : false;
  if (!applied) await writeArchiveContributions(tx, [{ articleId, ...contribution, stamp }]);
  // Before the commit: if the transaction rolls back, the row keeps its old stamp and the next
  // save's difference is refused, then written whole.
  cache.set(articleId, { stamp, contribution });
}

/**
 * A credit is renamed from `from` to `to` (or merged into the credit labelled `to`), in `tx`,
 * before its photos move: the archive of every article showing it becomes what analysing the
 * article again would give, in a few statements whatever the number of its photos. Only the two
 * labels are analysed, and the other credits of its articles whose label has a word of the old
 * one (an article keeps a term another of its credits gives it).
 */
export async function renameCreditInArchive(tx: Client, creditId: string, from: string, to: string): Promise<void> {
  const [before, after] = await creditTermsInWorker([from, to]);
  const kept = new Set(after);
  const dropped = new Set(before.filter((code) => !kept.has(code)));
  let others: Array<{ creditId: string; code: string }> = [];
  if (dropped.size > 0) {
    // A credit gives a term only if its label holds the term's first word (apostrophes as the
    // analysis normalises them): the other credits cannot share it and are not read.
    const needles = [...new Set([...dropped].map((code) => code.slice(2).split(" ")[0]))];
    const candidates = await tx.$queryRaw<Array<{ id: string; agency: string; photographer: string }>>`
      SELECT c.id, c.agency, c.photographer FROM "Credit" c
       WHERE c.id IN (SELECT q."creditId" FROM "Photo" q
                       WHERE q."articleId" IN (SELECT p."articleId" FROM "Photo" p WHERE p."creditId" = ${creditId})
                         AND q."creditId" <> ${creditId})
         AND EXISTS (SELECT 1 FROM unnest(${needles}::text[]) AS needle
                      WHERE strpos(replace(c.agency || '/' || c.photographer, '’', ''''), needle) > 0)`;
    const terms = candidates.length ? await creditTermsInWorker(candidates.map((credit) => formatCredit(credit))) : [];
    others = candidates.flatMap((credit, index) => terms[index].filter((code) => dropped.has(code)).map((code) => ({ creditId: credit.id, code })));
  }
  await moveCreditTerms(tx, { creditId, from: before, to: after, others });
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
