import "server-only";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { ArticleStatus, Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import type { Actor } from "@/lib/auth/access";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { compareSnapshots, summarizeChanges } from "./changes";
import { formatCredit } from "./credit";
import {
  type ArticleEdit,
  type EditableContent,
  type SaveConflict,
  type SaveResult,
} from "./edit-schema";
import { buildSnapshot, canonicalJson, type ArticleSnapshot } from "./snapshot";


export interface ArticleForEditing {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  body: RichTextDoc;
  status: ArticleStatus;
  version: number;
  updatedAt: Date;
  lastEditor: { name: string } | null;
  firstPublishedAt: Date | null;
  /** The revision version readers currently see (last publication), null when never published. */
  publishedVersion: number | null;
  photos: Array<{
    id: string;
    position: number;
    caption: CaptionDoc;
    alt: string | null;
    imageUrl: string | null;
    credit: { id: string; agency: string; photographer: string; label: string } | null;
  }>;
}

const editableInclude = {
  photos: { include: { credit: true }, orderBy: { position: "asc" } },
  lastEditor: { select: { name: true } },
} satisfies Prisma.ArticleInclude;

type LoadedArticle = Prisma.ArticleGetPayload<{ include: typeof editableInclude }>;
type Tx = Prisma.TransactionClient;

export async function getArticleForEditing(id: string): Promise<ArticleForEditing> {
  const article = await db.article.findUnique({ where: { id }, include: editableInclude });
  if (!article) throw new NotFoundError("This article does not exist.");
  const lastPublication = await db.publication.findFirst({
    where: { articleId: id },
    orderBy: { publishedAt: "desc" },
    select: { revision: { select: { version: true } } },
  });
  return {
    id: article.id,
    slug: article.slug,
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body as RichTextDoc,
    status: article.status,
    version: article.version,
    updatedAt: article.updatedAt,
    lastEditor: article.lastEditor ? { name: article.lastEditor.name } : null,
    firstPublishedAt: article.firstPublishedAt,
    publishedVersion: lastPublication?.revision.version ?? null,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      position: photo.position,
      caption: photo.caption as CaptionDoc,
      alt: photo.alt,
      imageUrl: photo.imageUrl,
      credit: photo.credit
        ? {
            id: photo.credit.id,
            agency: photo.credit.agency,
            photographer: photo.credit.photographer,
            label: formatCredit(photo.credit),
          }
        : null,
    })),
  };
}

function editableContent(article: LoadedArticle): EditableContent {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body as RichTextDoc,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      position: photo.position,
      caption: photo.caption as CaptionDoc,
      alt: photo.alt,
      creditId: photo.creditId,
      credit: photo.credit ? formatCredit(photo.credit) : null,
    })),
  };
}

/** The refusal for a save that started from an older version: who made the current one, when, and its content. */
async function conflictFor(tx: Tx, article: LoadedArticle): Promise<ConflictError> {
  const revision = await tx.revision.findUnique({
    where: { articleId_version: { articleId: article.id, version: article.version } },
    select: { createdAt: true, kind: true, author: { select: { name: true } } },
  });
  // Imports have no author: a re-import (`copydesk import --force`) is the importer's doing.
  const byImporter = revision && !revision.author && (revision.kind === "import" || revision.kind === "reimport");
  const changedBy = revision ? (revision.author ?? (byImporter ? { name: "The importer" } : null)) : article.lastEditor;
  const changedAt = revision?.createdAt ?? article.updatedAt;
  const details: SaveConflict = {
    currentVersion: article.version,
    changedBy: changedBy ? { name: changedBy.name } : null,
    changedAt: changedAt.toISOString(),
    current: editableContent(article),
  };
  const who = changedBy?.name ?? "Someone";
  return new ConflictError(`${who} saved a newer version (version ${article.version}). Your changes were not saved.`, details);
}

/** The snapshot the article would have after `edit`, checking photo and credit ids against the db. */
async function snapshotAfterEdit(tx: Tx, article: LoadedArticle, edit: ArticleEdit): Promise<ArticleSnapshot> {
  const photosById = new Map(article.photos.map((photo) => [photo.id, photo]));
  const editsById = new Map<string, ArticleEdit["photos"][number]>();
  edit.photos.forEach((photo, index) => {
    // Photo ids come from the client: one that is not this article's is refused, never written.
    if (!photosById.has(photo.id)) {
      throw ValidationError.forField(`photos.${index}.id`, "This photo does not belong to this article.");
    }
    editsById.set(photo.id, photo);
  });

  const creditIds = [...new Set(edit.photos.map((photo) => photo.creditId).filter((id): id is string => id !== null))];
  const credits = new Map(
    (await tx.credit.findMany({ where: { id: { in: creditIds } } })).map((credit) => [credit.id, credit]),
  );
  edit.photos.forEach((photo, index) => {
    if (photo.creditId !== null && !credits.has(photo.creditId)) {
      throw ValidationError.forField(`photos.${index}.creditId`, "This credit no longer exists. Choose another one.");
    }
  });

  return buildSnapshot({
    headline: edit.headline,
    standfirst: edit.standfirst,
    body: edit.body,
    photos: article.photos.map((photo) => {
      const change = editsById.get(photo.id);
      if (!change) return photo;
      return {
        ...photo,
        caption: change.caption,
        alt: change.alt,
        creditId: change.creditId,
        credit: change.creditId ? credits.get(change.creditId)! : null,
      };
    }),
  });
}

interface RevisionWrite {
  articleId: string;
  expectedVersion: number;
  kind: "save" | "restore";
  actor: Actor;
  /** The edit to apply, built from the locked, current article (restore reads the old revision here). */
  prepare(tx: Tx, current: LoadedArticle): Promise<{ edit: ArticleEdit; summary?: (changes: string) => string }>;
}

/**
 * The one write path for article content. In a transaction: lock the article row, refuse a stale
 * version with a ConflictError, and when something changed write the content, bump the version,
 * and record a Revision (the full snapshot) and an audit event. Unchanged content writes nothing.
 */
async function writeRevision(write: RevisionWrite): Promise<SaveResult> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ version: number }>>`
      SELECT "version" FROM "Article" WHERE "id" = ${write.articleId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("This article does not exist any more.");
    const current = await tx.article.findUniqueOrThrow({ where: { id: write.articleId }, include: editableInclude });
    if (current.version !== write.expectedVersion) throw await conflictFor(tx, current);

    const { edit, summary: wrapSummary } = await write.prepare(tx, current);
    const before = buildSnapshot(current);
    const after = await snapshotAfterEdit(tx, current, edit);
    if (canonicalJson(before) === canonicalJson(after)) {
      return { changed: false, version: current.version, summary: "No changes", savedAt: current.updatedAt.toISOString() };
    }

    const changeSummary = summarizeChanges(compareSnapshots(before, after));
    const summary = wrapSummary ? wrapSummary(changeSummary) : changeSummary;
    const version = current.version + 1;
    const updated = await tx.article.update({
      where: { id: current.id },
      data: {
        headline: after.headline,
        standfirst: after.standfirst,
        body: after.body as Prisma.InputJsonValue,
        version,
        lastEditorId: write.actor.id,
      },
      select: { updatedAt: true },
    });
    for (const photo of after.photos) {
      const old = before.photos.find((candidate) => candidate.id === photo.id)!;
      if (canonicalJson(old) === canonicalJson(photo)) continue;
      await tx.photo.update({
        where: { id: photo.id! },
        data: { caption: photo.caption as Prisma.InputJsonValue, alt: photo.alt, creditId: photo.creditId },
      });
    }
    await tx.revision.create({
      data: {
        articleId: current.id,
        version,
        kind: write.kind,
        authorId: write.actor.id,
        summary,
        snapshot: after as unknown as Prisma.InputJsonValue,
      },
    });
    await recordAudit(tx, {
      actorId: write.actor.id,
      action: write.kind === "restore" ? "article.restore" : "article.save",
      targetType: "article",
      targetId: current.id,
      details: { fromVersion: current.version, version, summary },
    });
    return { changed: true, version, summary, savedAt: updated.updatedAt.toISOString() };
  });
}

/**
 * Saves the editor's content if nobody saved since `expectedVersion`; otherwise throws a
 * ConflictError whose details (SaveConflict) say who changed it, when, and what it now says.
 * A draft save does not touch what readers see (they read the published snapshot).
 */
export async function saveArticle(edit: ArticleEdit, actor: Actor): Promise<SaveResult> {
  return writeRevision({
    articleId: edit.articleId,
    expectedVersion: edit.expectedVersion,
    kind: "save",
    actor,
    prepare: async () => ({ edit }),
  });
}

/** Internal to lib/articles: restore writes an old snapshot through the same path. */
export function writeRestore(
  params: { articleId: string; expectedVersion: number; actor: Actor },
  prepare: RevisionWrite["prepare"],
): Promise<SaveResult> {
  return writeRevision({ ...params, kind: "restore", prepare });
}

export type { LoadedArticle };
