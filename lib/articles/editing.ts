import "server-only";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { ArticleStatus, Prisma } from "@/lib/db/generated/client";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor";
import type { Actor } from "@/lib/auth/access";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { StoredVariant } from "@/lib/media/formats";
import { compareSnapshots, summarizeChanges } from "./changes";
import { formatCredit } from "./credit";
import { insertRevisionSnapshot, readRevisionSnapshot, rewriteRevisionSnapshot } from "./revision-store";
import {
  type ArticleEdit,
  type EditableContent,
  type EditableCredit,
  type SaveConflict,
  type SaveResult,
} from "./edit-schema";
import {
  buildSnapshot,
  contentOf,
  sameJson,
  taxonomySnapshotOf,
  type ArticleSnapshot,
  type SnapshotSource,
  type TaxonomySnapshot,
} from "./snapshot";
import { collabContentOf, syncLiveDocument } from "@/lib/collab/stored-state";
import { newId } from "@/lib/importer/ids";
import { archiveReadContent, prepareArchiveContribution, storeWrittenContribution, type PreparedContribution } from "@/lib/factcheck/archive-refresh";


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
    credit: EditableCredit | null;
    image: EditorImage | null;
    focal: { x: number; y: number } | null;
  }>;
}

/** An uploaded image as the desk shows it beside a photo's fields. */
export interface EditorImage {
  id: string;
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
}

const editableInclude = {
  photos: {
    include: { credit: true, image: { select: { id: true, hash: true, width: true, height: true, variants: true } } },
    orderBy: { position: "asc" },
  },
  lastEditor: { select: { name: true } },
  // Carried into every revision's snapshot (a text save keeps the bylines, section and tags).
  section: { select: { id: true, name: true } },
  tags: { select: { position: true, tag: { select: { id: true, name: true } } } },
  bylines: { select: { position: true, contributor: { select: { id: true, displayName: true } } } },
} satisfies Prisma.ArticleInclude;

/**
 * The article as a write starts from it. Without the published snapshot: a save never needs the
 * ~200 KB readers' copy (the media library's replace reads it itself when it needs it).
 */
type LoadedArticle = Omit<Prisma.ArticleGetPayload<{ include: typeof editableInclude }>, "publishedSnapshot">;
type Tx = Prisma.TransactionClient;

const { photos: _photosInclude, ...rowInclude } = editableInclude;
void _photosInclude;
/** What loadArticleRow reads besides the row's columns, as a Prisma include (for its test). */
export const articleRowInclude = rowInclude;

type LoadedPhotoRow = {
  id: string;
  articleId: string;
  position: number;
  caption: Prisma.JsonValue;
  alt: string | null;
  imageUrl: string | null;
  creditId: string | null;
  imageId: string | null;
  focalX: number | null;
  focalY: number | null;
  agency: string | null;
  photographer: string | null;
  hash: string | null;
  width: number | null;
  height: number | null;
  variants: Prisma.JsonValue | null;
};

/**
 * Loads the locked article for a write: its row through Prisma, its photos (with credit and image)
 * in one raw query. Prisma's include reads the photos, their credits and their images in three
 * queries and maps each of a long article's 500 rows through its query engine: 45–60 ms for the
 * bench's long article, the raw query 7–20 ms (measured on a busy machine).
 */
async function loadForWrite(tx: Tx, articleId: string): Promise<LoadedArticle> {
  const article = await loadArticle(tx, articleId);
  if (!article) throw new NotFoundError("This article does not exist any more.");
  return article;
}

type LoadedArticleRow = Omit<LoadedArticle, "photos">;

/**
 * The article's row with its last editor, section, tags and bylines in one query: what Prisma's
 * `include: rowInclude` gives (editing.int.test.ts compares them), which Prisma read in five
 * queries, one after another on a transaction's connection (10–28 ms for the long article on a
 * busy machine, this query 8–10 ms). Every column but the published snapshot.
 */
export async function loadArticleRow(client: Tx | typeof db, articleId: string): Promise<LoadedArticleRow | null> {
  const [row] = await client.$queryRaw<LoadedArticleRow[]>`
    SELECT a."id", a."slug", a."headline", a."standfirst", a."body", a."documentDate", a."status"::text AS "status", a."version",
           a."createdAt", a."updatedAt", a."lastEditorId", a."sourceFile", a."sourceHash", a."importedVersion",
           a."firstPublishedAt", a."publicUpdatedAt", a."stage"::text AS "stage", a."assignedReporterId", a."assignedEditorId", a."sectionId",
           (SELECT jsonb_build_object('name', u."name") FROM "User" u WHERE u."id" = a."lastEditorId") AS "lastEditor",
           (SELECT jsonb_build_object('id', s."id", 'name', s."name") FROM "Section" s WHERE s."id" = a."sectionId") AS "section",
           coalesce((SELECT jsonb_agg(jsonb_build_object('position', t."position", 'tag', jsonb_build_object('id', g."id", 'name', g."name")) ORDER BY t."position")
                       FROM "ArticleTag" t JOIN "Tag" g ON g."id" = t."tagId" WHERE t."articleId" = a."id"), '[]'::jsonb) AS "tags",
           coalesce((SELECT jsonb_agg(jsonb_build_object('position', b."position", 'contributor', jsonb_build_object('id', c."id", 'displayName', c."displayName")) ORDER BY b."position")
                       FROM "ArticleByline" b JOIN "Contributor" c ON c."id" = b."contributorId" WHERE b."articleId" = a."id"), '[]'::jsonb) AS "bylines"
      FROM "Article" a WHERE a."id" = ${articleId}`;
  return row ?? null;
}

/** The article with its photos (see loadForWrite), or null; the editor opens it the same way. */
async function loadArticle(client: Tx | typeof db, articleId: string): Promise<LoadedArticle | null> {
  const [article, photos] = await Promise.all([
    loadArticleRow(client, articleId),
    client.$queryRaw<LoadedPhotoRow[]>`
      SELECT p."id", p."articleId", p."position", p."caption", p."alt", p."imageUrl", p."creditId", p."imageId", p."focalX", p."focalY",
             c."agency", c."photographer", m."hash", m."width", m."height", m."variants"
        FROM "Photo" p
        LEFT JOIN "Credit" c ON c."id" = p."creditId"
        LEFT JOIN "MediaAsset" m ON m."id" = p."imageId"
       WHERE p."articleId" = ${articleId}
       ORDER BY p."position"`,
  ]);
  if (!article) return null;
  return {
    ...article,
    photos: photos.map(({ agency, photographer, hash, width, height, variants, ...photo }) => ({
      ...photo,
      credit: photo.creditId !== null && agency !== null && photographer !== null ? { id: photo.creditId, agency, photographer } : null,
      image: photo.imageId !== null && hash !== null ? { id: photo.imageId, hash, width: width!, height: height!, variants: variants as Prisma.JsonValue } : null,
    })),
  };
}

function editableCredit(credit: { id: string; agency: string; photographer: string } | null): EditableCredit | null {
  return credit ? { id: credit.id, agency: credit.agency, photographer: credit.photographer, label: formatCredit(credit) } : null;
}

export async function getArticleForEditing(id: string): Promise<ArticleForEditing> {
  const [article, lastPublication] = await Promise.all([
    loadArticle(db, id),
    db.publication.findFirst({
      where: { articleId: id },
      orderBy: { publishedAt: "desc" },
      select: { revision: { select: { version: true } } },
    }),
  ]);
  if (!article) throw new NotFoundError("This article does not exist.");
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
      credit: editableCredit(photo.credit),
      image: photo.image ? { ...photo.image, variants: photo.image.variants as unknown as StoredVariant[] } : null,
      focal: photo.imageId ? { x: photo.focalX ?? 50, y: photo.focalY ?? 50 } : null,
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
      credit: editableCredit(photo.credit),
      ...(photo.imageId ? { imageId: photo.imageId, focal: { x: photo.focalX ?? 50, y: photo.focalY ?? 50 } } : {}),
    })),
  };
}

/** The article as it stands as an edit: the starting point for a change made on the server (writeCurrentContent). */
export function editOfLoaded(article: LoadedArticle): ArticleEdit {
  return {
    articleId: article.id,
    expectedVersion: article.version,
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body as RichTextDoc,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption as CaptionDoc,
      alt: photo.alt,
      creditId: photo.creditId,
      imageId: photo.imageId,
      focal: photo.imageId ? { x: photo.focalX ?? 50, y: photo.focalY ?? 50 } : null,
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

const NEW_PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One photo row as the save writes it (position = its place in the edit's list). */
interface PhotoRow {
  id: string;
  position: number;
  caption: unknown;
  alt: string | null;
  imageUrl: string | null;
  creditId: string | null;
  credit: { agency: string; photographer: string } | null;
  imageId: string | null;
  focalX: number | null;
  focalY: number | null;
}

/**
 * The photo rows and snapshot the article would have after `edit`, checking photo, credit and
 * image ids against the db. Photos are kept in the edit's order; one left out is removed; one
 * with a new UUID is added. Linear in the number of photos (maps, no nested searches).
 */
async function snapshotAfterEdit(
  tx: Tx,
  article: LoadedArticle,
  edit: ArticleEdit,
  taxonomy?: TaxonomySnapshot,
): Promise<{ snapshot: ArticleSnapshot; rows: PhotoRow[]; added: Set<string> }> {
  const photosById = new Map(article.photos.map((photo) => [photo.id, photo]));
  const added = new Set<string>();
  edit.photos.forEach((photo, index) => {
    if (photosById.has(photo.id)) return;
    // Photo ids come from the client: one that is not this article's is refused, never written;
    // a fresh UUID is a photo the desk just added.
    if (!NEW_PHOTO_ID.test(photo.id)) {
      throw ValidationError.forField(`photos.${index}.id`, "This photo does not belong to this article.");
    }
    added.add(photo.id);
  });
  if (added.size > 0) {
    const taken = await tx.photo.findMany({ where: { id: { in: [...added] } }, select: { id: true } });
    if (taken.length > 0) {
      const index = edit.photos.findIndex((photo) => photo.id === taken[0].id);
      throw ValidationError.forField(`photos.${index}.id`, "This photo does not belong to this article.");
    }
  }

  // Credits and images the article's photos show already were read with it (in this transaction);
  // only ids new to the article are looked up: a caption edit of a 500-photo article reads none.
  const credits = new Map<string, { id: string; agency: string; photographer: string }>();
  for (const photo of article.photos) if (photo.credit) credits.set(photo.credit.id, photo.credit);
  const creditIds = [...new Set(edit.photos.map((photo) => photo.creditId).filter((id): id is string => id !== null && !credits.has(id)))];
  if (creditIds.length > 0) {
    for (const credit of await tx.credit.findMany({ where: { id: { in: creditIds } } })) credits.set(credit.id, credit);
  }
  edit.photos.forEach((photo, index) => {
    if (photo.creditId !== null && !credits.has(photo.creditId)) {
      throw ValidationError.forField(`photos.${index}.creditId`, "This credit no longer exists. Choose another one.");
    }
  });
  const images = new Set(article.photos.flatMap((photo) => (photo.imageId ? [photo.imageId] : [])));
  const imageIds = [...new Set(edit.photos.map((photo) => photo.imageId).filter((id): id is string => typeof id === "string" && !images.has(id)))];
  if (imageIds.length > 0) {
    for (const image of await tx.mediaAsset.findMany({ where: { id: { in: imageIds } }, select: { id: true } })) images.add(image.id);
  }
  edit.photos.forEach((photo, index) => {
    if (typeof photo.imageId === "string" && !images.has(photo.imageId)) {
      throw ValidationError.forField(`photos.${index}.imageId`, "This image no longer exists. Upload it again.");
    }
  });

  const rows: PhotoRow[] = edit.photos.map((change, position) => {
    const current = photosById.get(change.id);
    const imageId = change.imageId === undefined ? (current?.imageId ?? null) : change.imageId;
    const focal = imageId === null ? null : change.focal === undefined || change.focal === null ? (current?.imageId ? { x: current.focalX ?? 50, y: current.focalY ?? 50 } : null) : change.focal;
    return {
      id: change.id,
      position,
      caption: change.caption,
      alt: change.alt,
      imageUrl: current?.imageUrl ?? null,
      creditId: change.creditId,
      credit: change.creditId ? credits.get(change.creditId)! : null,
      imageId,
      focalX: focal?.x ?? null,
      focalY: focal?.y ?? null,
    };
  });
  const snapshot = buildSnapshot({
    headline: edit.headline,
    standfirst: edit.standfirst,
    body: edit.body,
    photos: rows,
    ...(taxonomy ? taxonomySource(taxonomy) : { section: article.section, tags: article.tags, bylines: article.bylines }),
  });
  return { snapshot, rows, added };
}

/**
 * Writes the photo rows that differ from `before`: removes the ones left out, adds new ones,
 * updates changed ones. Unchanged photos are not written. Moved photos step aside to negative
 * positions first, so the unique (article, position) never sees two at one place.
 */
async function writePhotos(tx: Tx, article: LoadedArticle, before: ArticleSnapshot, rows: PhotoRow[], after: ArticleSnapshot, added: Set<string>) {
  const beforeById = new Map(before.photos.map((photo) => [photo.id, photo]));
  const afterIds = new Set(rows.map((row) => row.id));
  const removed = article.photos.filter((photo) => !afterIds.has(photo.id)).map((photo) => photo.id);
  if (removed.length > 0) await tx.photo.deleteMany({ where: { articleId: article.id, id: { in: removed } } });

  const changed = after.photos.flatMap((photo, index) => {
    const row = rows[index];
    if (added.has(row.id)) return [];
    const old = beforeById.get(row.id);
    return old && sameJson(old, photo) ? [] : [row];
  });
  const moved = changed.filter((row) => beforeById.get(row.id)!.position !== row.position).map((row) => row.id);
  if (moved.length > 0) {
    await tx.$executeRaw`UPDATE "Photo" SET "position" = -1 - "position" WHERE "articleId" = ${article.id} AND "id" = ANY(${moved})`;
  }
  for (const row of changed) await tx.photo.update({ where: { id: row.id }, data: editableColumns(row) });
  const creates = rows.filter((row) => added.has(row.id));
  if (creates.length > 0) {
    await tx.photo.createMany({ data: creates.map((row) => ({ id: row.id, articleId: article.id, ...editableColumns(row) })) });
  }
}

/** A taxonomy snapshot in the shape `buildSnapshot` reads from loaded rows. */
function taxonomySource(taxonomy: TaxonomySnapshot): Pick<SnapshotSource, "section" | "tags" | "bylines"> {
  return {
    section: taxonomy.section,
    tags: taxonomy.tags.map((tag, position) => ({ position, tag })),
    bylines: taxonomy.bylines.map((byline, position) => ({ position, contributor: { id: byline.id, displayName: byline.name } })),
  };
}

/**
 * Internal to lib: replaces an article's section, tags and bylines (ids, in print order). The one
 * writer of these rows, for a byline/section/tag change (lib/taxonomy) and a restore.
 */
export async function replaceTaxonomyRows(
  tx: Tx,
  articleId: string,
  { sectionId, tagIds, contributorIds }: { sectionId: string | null; tagIds: readonly string[]; contributorIds: readonly string[] },
): Promise<void> {
  await tx.article.update({ where: { id: articleId }, data: { sectionId } });
  await tx.articleTag.deleteMany({ where: { articleId } });
  if (tagIds.length > 0) await tx.articleTag.createMany({ data: tagIds.map((tagId, position) => ({ articleId, tagId, position })) });
  await tx.articleByline.deleteMany({ where: { articleId } });
  if (contributorIds.length > 0) {
    await tx.articleByline.createMany({ data: contributorIds.map((contributorId, position) => ({ articleId, contributorId, position })) });
  }
}

/** The Photo columns a save writes (the same for a new photo and a changed one). */
function editableColumns(row: PhotoRow) {
  return {
    position: row.position,
    caption: row.caption as Prisma.InputJsonValue,
    alt: row.alt,
    creditId: row.creditId,
    imageId: row.imageId,
    focalX: row.focalX,
    focalY: row.focalY,
  };
}


interface RevisionWrite {
  articleId: string;
  /**
   * The version the change started from; "live" for a co-editing session, which is always current;
   * "current" for a change made to whatever the article is now (the media library's reuse and
   * replace), which is checked against the locked row instead.
   */
  expectedVersion: number | "live" | "current";
  kind: "save" | "restore";
  actor: Actor;
  /**
   * The edit to apply, built from the locked, current article (restore reads the old revision
   * here); `taxonomy`, when given, replaces the bylines, section and tags too (a restore's, with
   * ids that exist and their names as they read now).
   */
  prepare(tx: Tx, current: LoadedArticle): Promise<{ edit: ArticleEdit; summary?: (changes: string) => string; taxonomy?: TaxonomySnapshot }>;
  /** Runs in the same transaction after the content is written (or found unchanged). */
  finish?(tx: Tx, result: SaveResult): Promise<void>;
  /**
   * The fact-check archive's analysis of the text being written, worked out on a worker; a
   * promise when it runs while the transaction does (saveArticle), awaited only at the end of it.
   */
  archive?: PreparedContribution | null | Promise<PreparedContribution | null>;
}

/**
 * True when the versions after `version` changed only bylines, section or tags (set beside the
 * editor, lib/taxonomy): the text the editor started from is still the current text, so their
 * save is no conflict.
 */
async function onlyTaxonomySince(tx: Tx, current: LoadedArticle, version: number): Promise<boolean> {
  if (version > current.version) return false;
  const snapshot = await readRevisionSnapshot(tx, current.id, version);
  if (!snapshot) return false;
  return sameJson(contentOf(snapshot), contentOf(buildSnapshot(current)));
}

/** A live session's saves by one author within this window make one revision, so history stays readable. */
export const LIVE_REVISION_WINDOW_MS = 5 * 60_000;

/**
 * The revision a live save by `authorId` may fold into: the latest one, if it is theirs, a save,
 * recent, and never published (a publish always closes a revision).
 */
async function revisionToCoalesce(tx: Tx, articleId: string, version: number, authorId: string) {
  const latest = await tx.revision.findUnique({
    where: { articleId_version: { articleId, version } },
    select: { id: true, kind: true, authorId: true, createdAt: true, _count: { select: { publications: true, corrections: true } } },
  });
  if (!latest || latest.kind !== "save" || latest.authorId !== authorId) return null;
  if (latest._count.publications > 0 || latest._count.corrections > 0) return null;
  if (Date.now() - latest.createdAt.getTime() > LIVE_REVISION_WINDOW_MS) return null;
  const previous = await tx.revision.findFirst({
    where: { articleId, version: { lt: version } },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  return {
    id: latest.id,
    previous: previous ? await readRevisionSnapshot(tx, articleId, previous.version) : null,
  };
}

/** How long a transaction waits, at its end, for an archive analysis still running on a worker. */
const ARCHIVE_WAIT_IN_TRANSACTION_MS = 150;

/** The analysis was not ready in time: the transaction rolls back and runs again once it is. */
class ArchiveNotReady extends Error {}

/** The prepared analysis, or ArchiveNotReady if it is still running after `ms`. */
async function preparedWithin(archive: RevisionWrite["archive"], ms: number): Promise<PreparedContribution | null> {
  if (!(archive instanceof Promise)) return archive ?? null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ArchiveNotReady()), ms)));
  try {
    return await Promise.race([archive, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The one write path for article content. In a transaction: lock the article row, refuse a stale
 * version with a ConflictError, and when something changed write the content, bump the version,
 * and record a Revision (its snapshot, lib/articles/revision-store.ts) and an audit event. Unchanged content writes nothing.
 *
 * A save's archive analysis runs on a worker while this transaction does its own work, and is
 * needed only at its end. It is usually ready by then (a changed caption is read in milliseconds);
 * when it is not (the worker is busy with a check), the transaction does not hold the article's
 * lock waiting for it: it rolls back, and runs again once the analysis is done.
 */
async function writeRevision(write: RevisionWrite): Promise<SaveResult> {
  try {
    return await writeRevisionOnce(write);
  } catch (error) {
    if (!(error instanceof ArchiveNotReady)) throw error;
    return writeRevisionOnce({ ...write, archive: await write.archive });
  }
}

async function writeRevisionOnce(write: RevisionWrite): Promise<SaveResult> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ version: number }>>`
      SELECT "version" FROM "Article" WHERE "id" = ${write.articleId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("This article does not exist any more.");
    const current = await loadForWrite(tx, write.articleId);
    if (
      typeof write.expectedVersion === "number" &&
      current.version !== write.expectedVersion &&
      !(await onlyTaxonomySince(tx, current, write.expectedVersion))
    ) {
      throw await conflictFor(tx, current);
    }

    const { edit, summary: wrapSummary, taxonomy } = await write.prepare(tx, current);
    const before = buildSnapshot(current);
    const { snapshot: after, rows, added } = await snapshotAfterEdit(tx, current, edit, taxonomy);
    if (sameJson(before, after)) {
      const unchanged = { changed: false, version: current.version, summary: "No changes", savedAt: current.updatedAt.toISOString() };
      await write.finish?.(tx, unchanged);
      return unchanged;
    }

    const live = write.expectedVersion === "live";
    const coalesce = live ? await revisionToCoalesce(tx, current.id, current.version, write.actor.id) : null;
    const changeSummary = summarizeChanges(compareSnapshots(coalesce?.previous ?? before, after));
    const summary = wrapSummary ? wrapSummary(changeSummary) : changeSummary;
    const version = current.version + 1;
    // Only the text that changed is written: a caption edit rewrites neither the 5,000-word body
    // (its TOAST copy and WAL) nor the article's part of the search document.
    const updated = await tx.article.update({
      where: { id: current.id },
      data: {
        ...(after.headline !== before.headline ? { headline: after.headline } : {}),
        ...(after.standfirst !== before.standfirst ? { standfirst: after.standfirst } : {}),
        ...(sameJson(after.body, before.body) ? {} : { body: after.body as Prisma.InputJsonValue }),
        version,
        lastEditorId: write.actor.id,
      },
      select: { updatedAt: true },
    });
    await writePhotos(tx, current, before, rows, after, added);
    if (taxonomy && !sameJson(taxonomy, taxonomySnapshotOf(current))) {
      await replaceTaxonomyRows(tx, current.id, {
        sectionId: taxonomy.section?.id ?? null,
        tagIds: taxonomy.tags.map((tag) => tag.id),
        contributorIds: taxonomy.bylines.map((byline) => byline.id),
      });
    }
    if (coalesce) {
      await rewriteRevisionSnapshot(tx, coalesce.id, { articleId: current.id, version, summary }, after);
    } else {
      await insertRevisionSnapshot(
        tx,
        { id: newId(), articleId: current.id, version, kind: write.kind, authorId: write.actor.id, summary, createdAt: new Date() },
        after,
      );
      await recordAudit(tx, {
        actorId: write.actor.id,
        action: write.kind === "restore" ? "article.restore" : "article.save",
        targetType: "article",
        targetId: current.id,
        details: { fromVersion: current.version, version, summary, ...(live ? { live: true } : {}) },
      });
    }
    const result = { changed: true, version, summary, savedAt: updated.updatedAt.toISOString() };
    // A save or restore from outside a live session also reaches the live document, in this transaction.
    if (!live) await syncLiveDocument(tx, current.id, collabContentOf(after), version);
    // The fact-check's archive follows the content, in this transaction, unless nothing it reads
    // changed (an image, an alt text, a focal point). Last, so that an analysis still running on a
    // worker has had the rest of the transaction's time (see writeRevision).
    if (!sameJson(archiveReadContent(before), archiveReadContent(after))) {
      await storeWrittenContribution(tx, current.id, after, await preparedWithin(write.archive, ARCHIVE_WAIT_IN_TRANSACTION_MS));
    }
    await write.finish?.(tx, result);
    return result;
  });
}

/**
 * Saves the editor's content if nobody saved since `expectedVersion`; otherwise throws a
 * ConflictError whose details (SaveConflict) say who changed it, when, and what it now says.
 * A draft save does not touch what readers see (they read the published snapshot).
 */
export async function saveArticle(edit: ArticleEdit, actor: Actor): Promise<SaveResult> {
  // Started now, awaited at the end of the transaction (writeRevision). A save that ends before
  // then (a stale version, nothing changed) never awaits it: its failure must not go unhandled,
  // which would stop the process; a save that does await it still gets the error.
  const archive = prepareArchiveContribution(edit.articleId, edit);
  archive.catch(() => {});
  return writeRevision({
    articleId: edit.articleId,
    expectedVersion: edit.expectedVersion,
    kind: "save",
    actor,
    prepare: async () => ({ edit }),
    archive,
  });
}

/**
 * Writes a live session's content as the draft: no version check (the live document is the
 * current text), one revision per author per window. `finish` stores the merged live state;
 * `archive` is the text's archive analysis, prepared before (see prepareArchiveContribution).
 */
export function writeLiveContent(
  params: { articleId: string; actor: Actor; archive: PreparedContribution | null; prepare: (tx: Tx, current: LoadedArticle) => Promise<ArticleEdit> },
  finish: (tx: Tx, result: SaveResult) => Promise<void>,
): Promise<SaveResult> {
  return writeRevision({
    articleId: params.articleId,
    expectedVersion: "live",
    kind: "save",
    actor: params.actor,
    prepare: async (tx, current) => ({ edit: await params.prepare(tx, current) }),
    finish,
    archive: params.archive,
  });
}

/**
 * A change to the article as it stands (no version from a client): `prepare` builds the edit from
 * the locked, current article, `finish` runs in the same transaction (e.g. to publish the result).
 * The media library's reuse and replace come here, so they are saves like any other: a revision,
 * an audit entry, and the live document updated.
 */
export function writeCurrentContent(
  params: { articleId: string; actor: Actor; prepare: (tx: Tx, current: LoadedArticle) => Promise<ArticleEdit> },
  finish?: (tx: Tx, result: SaveResult, before: LoadedArticle) => Promise<void>,
): Promise<SaveResult> {
  let loaded: LoadedArticle | null = null;
  return writeRevision({
    articleId: params.articleId,
    expectedVersion: "current",
    kind: "save",
    actor: params.actor,
    prepare: async (tx, current) => {
      loaded = current;
      return { edit: await params.prepare(tx, current) };
    },
    finish: finish ? (tx, result) => finish(tx, result, loaded!) : undefined,
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

/**
 * Internal to lib (lib/taxonomy): changes an article's bylines, section or tags as a revision of
 * its own. In a transaction: lock the article, let `apply` rewrite the rows, and when the
 * snapshot differs, bump the version, record a Revision with the snapshot (text unchanged)
 * and an audit event. No version check: these fields are set beside the text, not from an
 * editor's copy of it, and a text save that started earlier is not refused for them
 * (`onlyTaxonomySince`). Returns the slug and whether readers see the article, for invalidation.
 * `actor` null is the command line (`copydesk import --section`); `byImporter` keeps an article
 * the importer wrote, and nobody edited since, counting as not edited since its import.
 */
export async function writeTaxonomyRevision(
  params: { articleId: string; actor: Pick<Actor, "id"> | null; byImporter?: boolean },
  apply: (tx: Tx, current: LoadedArticle) => Promise<void>,
): Promise<SaveResult & { slug: string; published: boolean }> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ version: number }>>`
      SELECT "version" FROM "Article" WHERE "id" = ${params.articleId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("This article does not exist any more.");
    const current = await tx.article.findUniqueOrThrow({ where: { id: params.articleId }, include: editableInclude });
    const before = buildSnapshot(current);
    await apply(tx, current);
    const reloaded = await tx.article.findUniqueOrThrow({ where: { id: params.articleId }, include: editableInclude });
    const after = buildSnapshot(reloaded);
    const visible = { slug: current.slug, published: current.status === "published" };
    if (sameJson(before, after)) {
      return { changed: false, version: current.version, summary: "No changes", savedAt: current.updatedAt.toISOString(), ...visible };
    }
    const summary = summarizeChanges(compareSnapshots(before, after));
    const version = current.version + 1;
    const actorId = params.actor?.id ?? null;
    const stillAsImported = params.byImporter === true && current.importedVersion === current.version;
    const updated = await tx.article.update({
      where: { id: current.id },
      data: { version, ...(actorId ? { lastEditorId: actorId } : {}), ...(stillAsImported ? { importedVersion: version } : {}) },
      select: { updatedAt: true },
    });
    await insertRevisionSnapshot(tx, { id: newId(), articleId: current.id, version, kind: "save", authorId: actorId, summary, createdAt: new Date() }, after);
    await recordAudit(tx, {
      actorId,
      action: "article.taxonomy",
      targetType: "article",
      targetId: current.id,
      details: { fromVersion: current.version, version, summary, taxonomy: (after.taxonomy ?? null) as Prisma.InputJsonValue | null },
    });
    // The live document's text is unchanged; it learns the new version so it does not reload.
    await syncLiveDocument(tx, current.id, collabContentOf(after), version);
    return { changed: true, version, summary, savedAt: updated.updatedAt.toISOString(), ...visible };
  });
}
