import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import { compareSnapshots, type FieldChange } from "@/lib/articles/changes";
import { readStoredSnapshot, sameJson, type ArticleSnapshot } from "@/lib/articles/snapshot";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";
import { db } from "@/lib/db";
import type { DiffSegment } from "@/lib/editor";
import { NotFoundError } from "@/lib/errors";
import { newsroomTimeZone } from "@/lib/scheduling/time-zone";
import { readerTaxonomy, READER_TAXONOMY_SELECT } from "@/lib/site/reader-taxonomy";
import type { ReaderTaxonomy } from "@/lib/site/types";
import type { ArticleStatusName, PublishKindName } from "./schemas";

// Read models for the desk's publishing UI: plain, serialisable objects (dates as ISO strings).

export interface PublishStateCorrection {
  id: string;
  kind: "correction" | "clarification";
  note: string;
  createdAt: string;
  /** The revision whose changes the note describes. */
  version: number;
}

export interface PublishState {
  articleId: string;
  slug: string;
  status: ArticleStatusName;
  currentVersion: number;
  /** The version readers see (or saw, when unpublished); null when never published. */
  publishedVersion: number | null;
  /** The current draft reads differently from the last publication (always true before the first). */
  hasUnpublishedChanges: boolean;
  firstPublishedAt: string | null;
  publicUpdatedAt: string | null;
  /** Readers have seen the article, so a publication must say what kind of change it is. */
  needsKind: boolean;
  lastPublication: { kind: PublishKindName; at: string; by: string | null } | null;
  /** Oldest first. */
  corrections: PublishStateCorrection[];
  /** Pending timed publication and unpublication, soonest first. */
  schedules: Array<{ action: "publish" | "unpublish"; runAt: string; createdBy: string | null }>;
  /** NEWSROOM_TIME_ZONE: the zone a scheduled time is entered in. */
  newsroomTimeZone: string;
}

type Client = typeof db | Prisma.TransactionClient;

/**
 * Reads an article and then its current version's revision as one snapshot of the database: a
 * live save that coalesces into its author's last revision renumbers that revision, so between two
 * plain reads the version read first may no longer have a revision.
 */
function readConsistently<T>(read: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(read, { isolationLevel: "RepeatableRead" });
}

async function currentRevisionSnapshot(client: Client, articleId: string, version: number): Promise<ArticleSnapshot | null> {
  return readRevisionSnapshot(client, articleId, version);
}

/**
 * Whether version `version` of the draft reads differently from `publishedSnapshot`, the article's
 * last publication (always true before the first): PublishState.hasUnpublishedChanges.
 */
export async function draftDiffersFromPublished(
  articleId: string,
  version: number,
  publishedSnapshot: Prisma.JsonValue | null,
  client: Client = db,
): Promise<boolean> {
  if (publishedSnapshot === null) return true;
  const current = await currentRevisionSnapshot(client, articleId, version);
  return current === null || !sameJson(current, publishedSnapshot);
}

/** What an editor reviews before publishing: the article's state and the diff readers would see. */
export interface PublishReview {
  state: PublishState;
  diff: PublishDiff;
}

export async function getPublishState(articleId: string): Promise<PublishState> {
  return readConsistently((tx) => readPublishState(tx, articleId));
}

async function readPublishState(tx: Prisma.TransactionClient, articleId: string): Promise<PublishState> {
  const article = await tx.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      slug: true,
      status: true,
      version: true,
      firstPublishedAt: true,
      publicUpdatedAt: true,
      publishedSnapshot: true,
      publications: {
        orderBy: { publishedAt: "desc" },
        take: 1,
        select: { kind: true, publishedAt: true, publishedBy: { select: { name: true } }, revision: { select: { version: true } } },
      },
      corrections: {
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, note: true, createdAt: true, revision: { select: { version: true } } },
      },
      schedules: {
        where: { state: "pending" },
        orderBy: [{ runAt: "asc" }, { id: "asc" }],
        select: { action: true, runAt: true, createdBy: { select: { name: true } } },
      },
    },
  });
  if (!article) throw new NotFoundError("This article does not exist.");

  const last = article.publications[0] ?? null;
  const hasUnpublishedChanges = await draftDiffersFromPublished(article.id, article.version, article.publishedSnapshot, tx);

  return {
    articleId: article.id,
    slug: article.slug,
    status: article.status,
    currentVersion: article.version,
    publishedVersion: last?.revision.version ?? null,
    hasUnpublishedChanges,
    firstPublishedAt: article.firstPublishedAt?.toISOString() ?? null,
    publicUpdatedAt: article.publicUpdatedAt?.toISOString() ?? null,
    needsKind: article.firstPublishedAt !== null,
    schedules: article.schedules.map((row) => ({ action: row.action, runAt: row.runAt.toISOString(), createdBy: row.createdBy?.name ?? null })),
    newsroomTimeZone: newsroomTimeZone(),
    lastPublication: last ? { kind: last.kind, at: last.publishedAt.toISOString(), by: last.publishedBy?.name ?? null } : null,
    corrections: article.corrections
      .filter((row): row is typeof row & { kind: "correction" | "clarification" } =>
        row.kind === "correction" || row.kind === "clarification",
      )
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        note: row.note,
        createdAt: row.createdAt.toISOString(),
        version: row.revision.version,
      })),
  };
}

export interface PublishDiffChange {
  label: string;
  segments: DiffSegment[];
  formattingOnly: boolean;
}

export interface PublishDiff {
  /** The published version the diff starts from; null before the first publication (no diff then). */
  fromVersion: number | null;
  toVersion: number;
  /** Fields whose text differs, in reading order (headline, standfirst, body, then photos). */
  changes: PublishDiffChange[];
}

const toChange = (change: FieldChange): PublishDiffChange => ({
  label: change.label,
  segments: change.segments,
  formattingOnly: change.formattingOnly,
});

/**
 * What publishing now would change for readers: word diffs from the published snapshot to the
 * current draft, so the editor sees what a correction note describes.
 */
export async function diffSincePublished(articleId: string): Promise<PublishDiff> {
  return readConsistently((tx) => readDiffSincePublished(tx, articleId));
}

async function readDiffSincePublished(tx: Prisma.TransactionClient, articleId: string): Promise<PublishDiff> {
  const article = await tx.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      version: true,
      publishedSnapshot: true,
      publications: { orderBy: { publishedAt: "desc" }, take: 1, select: { revision: { select: { version: true } } } },
    },
  });
  if (!article) throw new NotFoundError("This article does not exist.");
  const fromVersion = article.publications[0]?.revision.version ?? null;
  if (article.publishedSnapshot === null) return { fromVersion: null, toVersion: article.version, changes: [] };
  const published = readStoredSnapshot(article.publishedSnapshot, `The published snapshot of article ${article.id}`);
  const current = await currentRevisionSnapshot(tx, article.id, article.version);
  if (!current) return { fromVersion, toVersion: article.version, changes: [] };
  return {
    fromVersion,
    toVersion: article.version,
    changes: compareSnapshots(published, current).map(toChange),
  };
}

export interface DraftForPreview {
  articleId: string;
  slug: string;
  status: ArticleStatusName;
  version: number;
  documentDate: Date;
  firstPublishedAt: Date | null;
  publicUpdatedAt: Date | null;
  /** Exactly what publishing now would show readers: the revision of the current version. */
  snapshot: ArticleSnapshot;
  corrections: Array<{ kind: string; note: string; createdAt: Date }>;
  /** Bylines, section and tags as readers see them: they are not held back for a publication, so the draft has the live ones. */
  taxonomy: ReaderTaxonomy;
}

/** The current draft as publishing would show it. */
export async function getDraftForPreview(articleId: string): Promise<DraftForPreview> {
  return readConsistently((tx) => readDraftForPreview(tx, articleId));
}

async function readDraftForPreview(tx: Prisma.TransactionClient, articleId: string): Promise<DraftForPreview> {
  const article = await tx.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      slug: true,
      status: true,
      version: true,
      documentDate: true,
      firstPublishedAt: true,
      publicUpdatedAt: true,
      corrections: { orderBy: { createdAt: "asc" }, select: { kind: true, note: true, createdAt: true } },
      ...READER_TAXONOMY_SELECT,
    },
  });
  if (!article) throw new NotFoundError("This article does not exist.");
  const snapshot = await currentRevisionSnapshot(tx, article.id, article.version);
  if (!snapshot) throw new Error(`Article ${article.id} has no revision for its current version ${article.version}.`);
  return {
    articleId: article.id,
    slug: article.slug,
    status: article.status,
    version: article.version,
    documentDate: article.documentDate,
    firstPublishedAt: article.firstPublishedAt,
    publicUpdatedAt: article.publicUpdatedAt,
    snapshot,
    corrections: article.corrections,
    taxonomy: readerTaxonomy(article),
  };
}
