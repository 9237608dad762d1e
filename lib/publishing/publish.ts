import "server-only";
import { articleContentSchema } from "@/lib/articles/edit-schema";
import { revisionSnapshotSql } from "@/lib/articles/revision-store";
import { readStoredSnapshot } from "@/lib/articles/snapshot";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/access";
import { db } from "@/lib/db";
import type { Prisma, PublishKind } from "@/lib/db/generated/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { invalidateReaderContent } from "@/lib/site/invalidate";
import { isNotedKind, PUBLIC_UPDATE_KINDS, type PublishKindName, type PublishRequest, type UnpublishRequest } from "./schemas";

/** `ConflictError.details` when the article was saved after the publisher last looked at it. */
export interface PublishConflict {
  currentVersion: number;
  changedBy: { name: string } | null;
  changedAt: string;
}

export interface PublishResult {
  articleId: string;
  slug: string;
  kind: PublishKindName;
  version: number;
  publicationId: string;
  correctionId: string | null;
  publishedAt: string;
}

export interface UnpublishResult {
  articleId: string;
  slug: string;
}

type Tx = Prisma.TransactionClient;

const NOTHING_CHANGED =
  "Nothing has changed since the last publication: readers already see this version. Edit and save the article first.";

async function lockArticle(tx: Tx, articleId: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "Article" WHERE "id" = ${articleId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("This article does not exist.");
  return tx.article.findUniqueOrThrow({
    where: { id: articleId },
    // Not the published snapshot: ~200 KB for a 500-photo article, compared in SQL instead.
    select: { id: true, slug: true, status: true, version: true, firstPublishedAt: true },
  });
}

/** The kind this publication is, given whether readers have seen the article before. */
function resolveKind(request: PublishRequest, publishedBefore: boolean): PublishKindName {
  if (!publishedBefore) {
    if (request.kind !== undefined && request.kind !== "first") {
      throw ValidationError.forField(
        "kind",
        "This article has never been published, so this is its first publication, not a change.",
      );
    }
    return "first";
  }
  if (request.kind === undefined || request.kind === "first") {
    throw ValidationError.forField(
      "kind",
      "Readers have seen this article before: choose whether this is a silent fix, an update, a correction or a clarification.",
    );
  }
  return request.kind;
}

async function staleVersionConflict(tx: Tx, articleId: string, currentVersion: number): Promise<ConflictError> {
  const revision = await tx.revision.findUnique({
    where: { articleId_version: { articleId, version: currentVersion } },
    select: { createdAt: true, author: { select: { name: true } } },
  });
  const details: PublishConflict = {
    currentVersion,
    changedBy: revision?.author ? { name: revision.author.name } : null,
    changedAt: (revision?.createdAt ?? new Date()).toISOString(),
  };
  const who = details.changedBy?.name ?? "Someone";
  return new ConflictError(
    `${who} saved a newer version (version ${currentVersion}) since you looked. Nothing was published: reload and check the text before publishing it.`,
    details,
  );
}

/** A credit is a legal matter: no photo with an image goes out without one. */
function assertImagesCredited(photos: ReadonlyArray<{ position: number; imageId?: string; creditId: string | null }>) {
  const ordered = [...photos].sort((a, b) => a.position - b.position);
  const missing = ordered.flatMap((photo, index) => (photo.imageId && !photo.creditId ? [index + 1] : []));
  if (missing.length === 0) return;
  const which = missing.length === 1 ? `Photo ${missing[0]} has` : `Photos ${missing.join(", ")} have`;
  throw new ValidationError(`${which} an image but no credit. Add the credit before publishing.`);
}

/** Reader caches are dropped after the commit; the publication stands even if that fails (it is logged). */
export async function invalidateAfterCommit(slug: string) {
  try {
    await invalidateReaderContent({ slugs: [slug] });
  } catch (error) {
    console.error(`[copydesk] reader caches for "${slug}" could not be invalidated`, error);
  }
}

/**
 * Makes the current draft (the revision of the article's current version) what readers see.
 * Refuses a stale `expectedVersion` (409: you would publish text you have not seen), a request
 * without a kind once readers have seen the article, and a publication that changes nothing.
 * Corrections and clarifications also record their dated public note, linked to the revision.
 * Editors only: the action declares the role (lib/actions); this takes the parsed request.
 */
export async function publishArticle(request: PublishRequest, actor: Actor): Promise<PublishResult> {
  const result = await db.$transaction((tx) => publishInTransaction(tx, request, actor, new Date()));
  await invalidateAfterCommit(result.slug);
  return result;
}

/**
 * The publication itself, inside the caller's transaction, at `now`: `publishArticle` (the desk)
 * and the scheduled-publish job both come here, so there is one publish path. The caller
 * invalidates reader caches after its commit (`invalidateAfterPublishing`).
 */
export async function publishInTransaction(tx: Tx, request: PublishRequest, actor: Actor, now: Date): Promise<PublishResult> {
  const article = await lockArticle(tx, request.articleId);
  if (article.version !== request.expectedVersion) throw await staleVersionConflict(tx, article.id, article.version);

  const kind = resolveKind(request, article.firstPublishedAt !== null);
  // The revision's whole snapshot, put together once (lib/articles/revision-store.ts) and sent
  // as text: read here, then copied to what readers see.
  const [revision] = await tx.$queryRawUnsafe<Array<{ id: string; version: number; snapshot: string | null }>>(
    `SELECT r."id", r."version", (${revisionSnapshotSql("r")})::text AS snapshot FROM "Revision" r WHERE r."articleId" = $1 AND r."version" = $2`,
    article.id,
    article.version,
  );
  // Imports and saves write a revision for every version; a missing one is a bug, not a user error.
  if (!revision) throw new Error(`Article ${article.id} has no revision for its current version ${article.version}.`);
  const snapshot = readStoredSnapshot(revision.snapshot === null ? null : JSON.parse(revision.snapshot), `Version ${revision.version} of article ${article.id}`);
  assertImagesCredited(snapshot.photos);
  // The limits a save and an import obey hold here too: readers never get what editors could
  // not have saved (only content written before these limits can fail this).
  const content = articleContentSchema.safeParse(snapshot);
  if (!content.success) {
    throw ValidationError.fromZod(content.error, "This version is over the editor's limits; shorten it and save before publishing.");
  }

  // The snapshot becomes what readers see, unless they see it already: jsonb equality ignores
  // key order, as sameJson does; a never-published article compares NULL; putting an unpublished
  // article back up is a publication even when its text is the same. Refused, the transaction
  // rolls back. (Sent as text, parsed once: ~5 ms for the long article's 200 KB, where Prisma's
  // Json parameter went through its query engine.)
  const at = now.toISOString();
  const publicUpdate = (PUBLIC_UPDATE_KINDS as readonly string[]).includes(kind);
  const shown = await tx.$executeRawUnsafe(
    `WITH s AS (SELECT $2::text::jsonb AS snapshot)
     UPDATE "Article" a
        SET "status" = 'published'::"ArticleStatus",
            "publishedSnapshot" = s.snapshot,
            "firstPublishedAt" = coalesce(a."firstPublishedAt", $3::timestamp(3)),
            "publicUpdatedAt" = CASE WHEN $4::boolean THEN $3::timestamp(3) ELSE a."publicUpdatedAt" END,
            "updatedAt" = $5::timestamp(3)
       FROM s
      WHERE a."id" = $1 AND (a."status" <> 'published'::"ArticleStatus" OR a."publishedSnapshot" IS DISTINCT FROM s.snapshot)`,
    article.id,
    revision.snapshot,
    at,
    publicUpdate,
    new Date().toISOString(),
  );
  if (shown === 0) throw new ValidationError(NOTHING_CHANGED);

  const publication = await tx.publication.create({
    data: {
      articleId: article.id,
      revisionId: revision.id,
      kind: kind as PublishKind,
      publishedAt: now,
      publishedById: actor.id,
    },
    select: { id: true },
  });
  const correction = isNotedKind(kind)
    ? await tx.correction.create({
        data: {
          articleId: article.id,
          revisionId: revision.id,
          publicationId: publication.id,
          kind,
          note: request.note!,
          createdAt: now,
        },
        select: { id: true },
      })
    : null;
  const details = { kind, version: revision.version, revisionId: revision.id, publicationId: publication.id };
  await recordAudit(tx, { actorId: actor.id, action: "article.publish", targetType: "article", targetId: article.id, details });
  if (correction) {
    await recordAudit(tx, {
      actorId: actor.id,
      action: "article.correction",
      targetType: "article",
      targetId: article.id,
      details: { ...details, correctionId: correction.id, note: request.note! },
    });
  }

  return {
    articleId: article.id,
    slug: article.slug,
    kind,
    version: revision.version,
    publicationId: publication.id,
    correctionId: correction?.id ?? null,
    publishedAt: now.toISOString(),
  };
}

/**
 * Takes the article away from readers at once. The published snapshot, publications and
 * corrections stay: publishing again puts the article back, with its correction history.
 */
export async function unpublishArticle(request: UnpublishRequest, actor: Actor): Promise<UnpublishResult> {
  const result = await db.$transaction((tx) => unpublishInTransaction(tx, request, actor));
  await invalidateAfterCommit(result.slug);
  return result;
}

/** The unpublication inside the caller's transaction (the desk and the scheduled-unpublish job). */
export async function unpublishInTransaction(tx: Tx, input: UnpublishRequest, actor: Actor): Promise<UnpublishResult> {
  const article = await lockArticle(tx, input.articleId);
  if (article.status !== "published") {
    throw new ConflictError("This article is not published (someone may have unpublished it already). Reload to see its status.");
  }
  await tx.article.update({ where: { id: article.id }, data: { status: "unpublished" } });
  await recordAudit(tx, {
    actorId: actor.id,
    action: "article.unpublish",
    targetType: "article",
    targetId: article.id,
    details: { version: article.version },
  });
  return { articleId: article.id, slug: article.slug };
}
