import "server-only";
import { formatCredit } from "@/lib/articles/credit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { RawSql } from "@/lib/db/sql";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import { articleCheckFields, type CheckableArticle } from "@/lib/factcheck/article-fields";
import { createFactChecker } from "@/lib/factcheck/fact-checker";
import { houseDictionaryDigest, houseDictionaryEntries } from "@/lib/factcheck/archive-contribution";
import { archiveCache, archiveSize } from "@/lib/factcheck/archive-store";
import type { CheckField, FactChecker } from "@/lib/factcheck/types";

// The fact-check as the check workers hold it: one checker per worker (the dictionaries and the
// gazetteer), its house dictionary kept current, and the archive read from PostgreSQL per check
// (lib/factcheck/archive-store.ts) — nothing proportional to the archive is built or held, and
// every instance sees the same archive without syncing it.

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

// ─── The per-process checker ─────────────────────────────────────────────────────────────────────

export interface ArchiveStats {
  /** House dictionary reloads (it changed since the last check). */
  dictionaryReloads: number;
  /** Articles in the PostgreSQL archive. */
  archiveSize: number;
  /** The look-up cache: entries and bytes held, and its bound. */
  cacheEntries: number;
  cacheBytes: number;
  cacheMaxBytes: number;
}

interface Holder {
  checker: Promise<FactChecker> | null;
  /** What the house dictionary looked like when loaded; "" forces a reload. */
  dictionaryDigest: string;
  dictionaryReloads: number;
}

// On globalThis so that Next's dev reloads of this module keep the one checker.
const holderKey = Symbol.for("copydesk.factcheck.archive");
const globalHolder = globalThis as unknown as Record<symbol, Holder | undefined>;
const holder: Holder = (globalHolder[holderKey] ??= { checker: null, dictionaryDigest: "", dictionaryReloads: 0 });

/** The checker, made on first use, with the house dictionary as the database (`client`) has it now. */
export async function archiveChecker(client: RawSql = db): Promise<FactChecker> {
  if (!holder.checker) {
    const creating = createFactChecker();
    holder.checker = creating;
    creating.catch(() => {
      if (holder.checker === creating) holder.checker = null;
    });
  }
  const [checker, digest] = await Promise.all([holder.checker, houseDictionaryDigest(client)]);
  if (digest !== holder.dictionaryDigest) {
    checker.setHouseDictionary(await houseDictionaryEntries(client));
    // The last check's findings weighed the old dictionary.
    archiveCache().lastCheck = null;
    if (holder.dictionaryDigest !== "") holder.dictionaryReloads++;
    holder.dictionaryDigest = digest;
  }
  return checker;
}

/** The house dictionary changed: reload it before the next check. */
export function invalidateHouseDictionary(): void {
  holder.dictionaryDigest = "";
}

export async function archiveStats(client: RawSql = db): Promise<ArchiveStats> {
  const cache = archiveCache();
  return {
    dictionaryReloads: holder.dictionaryReloads,
    archiveSize: await archiveSize(client),
    cacheEntries: cache.size,
    cacheBytes: cache.bytes,
    cacheMaxBytes: cache.maxBytes,
  };
}
