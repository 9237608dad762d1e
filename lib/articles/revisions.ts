import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, RevisionKind } from "@/lib/db/generated/client";
import { roleAtLeast } from "@/lib/auth/roles";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { compareSnapshots, type FieldChange } from "./changes";
import type { Actor } from "@/lib/auth/access";
import { writeRestore } from "./editing";
import { readRevisionSnapshot } from "./revision-store";
import { articleEditSchema, type SaveResult } from "./edit-schema";
import { EMPTY_TAXONOMY, sameJson, taxonomySnapshotOf, type ArticleSnapshot, type TaxonomySnapshot } from "./snapshot";
import { invalidateReaderContent } from "@/lib/site/invalidate";

export interface RevisionListItem {
  version: number;
  kind: RevisionKind;
  authorName: string | null;
  createdAt: Date;
  summary: string;
  /** Readers have been shown this revision (it was published at some point). */
  published: boolean;
}

/** Every revision of an article, newest first. */
export async function listRevisions(articleId: string): Promise<RevisionListItem[]> {
  const rows = await db.revision.findMany({
    where: { articleId },
    orderBy: { version: "desc" },
    select: {
      version: true,
      kind: true,
      createdAt: true,
      summary: true,
      author: { select: { name: true } },
      _count: { select: { publications: true } },
    },
  });
  return rows.map((row) => ({
    version: row.version,
    kind: row.kind,
    authorName: row.author?.name ?? null,
    createdAt: row.createdAt,
    summary: row.summary,
    published: row._count.publications > 0,
  }));
}

async function loadSnapshot(articleId: string, version: number): Promise<ArticleSnapshot> {
  const snapshot = await readRevisionSnapshot(db, articleId, version);
  if (!snapshot) throw new NotFoundError(`Version ${version} of this article does not exist.`);
  return snapshot;
}

export interface RevisionComparison {
  fromVersion: number;
  toVersion: number;
  /** Only the fields that differ, in reading order: headline, standfirst, body, then each photo's caption, alt text and credit. */
  changes: FieldChange[];
}

/** What changed from `fromVersion` to `toVersion` (either order), as word diffs per field. */
export async function compareRevisions(
  articleId: string,
  fromVersion: number,
  toVersion: number,
): Promise<RevisionComparison> {
  const [from, to] = await Promise.all([loadSnapshot(articleId, fromVersion), loadSnapshot(articleId, toVersion)]);
  return { fromVersion, toVersion, changes: compareSnapshots(from, to) };
}

export const restoreRevisionSchema = z.strictObject({
  articleId: z.string().trim().min(1).max(64),
  version: z.number().int().min(1),
  expectedVersion: z.number().int().min(1),
});

type Tx = Prisma.TransactionClient;

/**
 * An old revision's bylines, section and tags as they can be restored: the rows that still exist,
 * named as they read now (a contributor's corrected name stays corrected). One that no longer
 * exists is left out.
 */
async function restorableTaxonomy(tx: Tx, taxonomy: TaxonomySnapshot): Promise<TaxonomySnapshot> {
  const [section, tags, contributors] = await Promise.all([
    taxonomy.section ? tx.section.findUnique({ where: { id: taxonomy.section.id }, select: { id: true, name: true } }) : null,
    tx.tag.findMany({ where: { id: { in: taxonomy.tags.map((tag) => tag.id) } }, select: { id: true, name: true } }),
    tx.contributor.findMany({ where: { id: { in: taxonomy.bylines.map((byline) => byline.id) } }, select: { id: true, displayName: true } }),
  ]);
  const tagsById = new Map(tags.map((tag) => [tag.id, tag]));
  const contributorsById = new Map(contributors.map((contributor) => [contributor.id, contributor]));
  return {
    section,
    tags: taxonomy.tags.flatMap((tag) => (tagsById.has(tag.id) ? [tagsById.get(tag.id)!] : [])),
    bylines: taxonomy.bylines.flatMap((byline) => {
      const contributor = contributorsById.get(byline.id);
      return contributor ? [{ id: contributor.id, name: contributor.displayName }] : [];
    }),
  };
}

/**
 * Makes an old revision the current draft — its text, photos, bylines, section and tags — as a
 * NEW revision (kind "restore", with its diff) written through the same conflict-checked path as
 * a save; the revision it replaces stays in history. Photos are matched by id. A credit that no
 * longer exists (merged into another) keeps the photo's current credit. Bylines, section and tags
 * are not held back for a publication, so when they change on a published story its reader
 * pages are refreshed at once.
 */
export async function restoreRevision(
  { articleId, version, expectedVersion }: z.output<typeof restoreRevisionSchema>,
  actor: Actor,
): Promise<SaveResult> {
  const snapshot = await loadSnapshot(articleId, version);
  let readersSeeTaxonomyChange: string | null = null;
  const result = await writeRestore({ articleId, expectedVersion, actor }, async (tx, current) => {
    const taxonomy = await restorableTaxonomy(tx, snapshot.taxonomy ?? EMPTY_TAXONOMY);
    const taxonomyChanges = !sameJson(taxonomy, taxonomySnapshotOf(current));
    // Restoring is for every desk user, but bylines, section and tags are editors' to set
    // (setArticleTaxonomyAction): a restore that would change them needs an editor. The rule
    // depends on the versions' contents, so it cannot be the action's declaration alone.
    if (taxonomyChanges && !roleAtLeast(actor.role, "editor")) {
      throw new ForbiddenError(`Restoring version ${version} would change the bylines, section or tags, which only editors can do. Ask an editor to restore it.`);
    }
    readersSeeTaxonomyChange = taxonomyChanges && current.status === "published" ? current.slug : null;
    const creditIds = snapshot.photos.map((photo) => photo.creditId).filter((id): id is string => id !== null);
    const existingCredits = new Set(
      (await tx.credit.findMany({ where: { id: { in: creditIds } }, select: { id: true } })).map((credit) => credit.id),
    );
    const photos = current.photos.map((photo) => {
      const old = snapshot.photos.find((candidate) =>
        candidate.id ? candidate.id === photo.id : candidate.position === photo.position,
      );
      if (!old) return { id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.creditId };
      const creditId = old.creditId === null || existingCredits.has(old.creditId) ? old.creditId : photo.creditId;
      // The image as it was then too (none, if the photo was a caption card at that version).
      return { id: photo.id, caption: old.caption, alt: old.alt, creditId, imageId: old.imageId ?? null, focal: old.focal ?? null };
    });
    const candidate = {
      articleId,
      expectedVersion,
      headline: snapshot.headline,
      standfirst: snapshot.standfirst,
      body: snapshot.body,
      photos,
    };
    const parsed = articleEditSchema.safeParse(candidate);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? "it does not pass validation";
      throw new ValidationError(`Version ${version} cannot be restored: ${reason}.`);
    }
    return { edit: parsed.data, summary: (changes) => `Restored version ${version} (${changes.replace(/^Edited /, "")})`, taxonomy };
  });
  const slug: string | null = readersSeeTaxonomyChange;
  if (result.changed && slug) {
    try {
      await invalidateReaderContent({ slugs: [slug] });
    } catch (error) {
      console.error(`[copydesk] reader caches for "${slug}" could not be invalidated after a restore`, error);
    }
  }
  return result;
}
