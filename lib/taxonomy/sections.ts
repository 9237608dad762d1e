import "server-only";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";
import { recordAudit } from "@/lib/audit";
import { collabContentOf, syncLiveDocument } from "@/lib/collab/stored-state";
import { db } from "@/lib/db";
import { newId } from "@/lib/importer/ids";
import { invalidateReaderContent } from "@/lib/site/invalidate";
import { resolveSection, writeArticleTaxonomy } from "./article-taxonomy";
import { sectionNameSchema } from "./schemas";

// Sections (Sport, World): one per article, created by name on first use.

export { sectionNameSchema };

/** Articles one transaction moves (one statement writes their rows and revisions). */
const BATCH = 1000;
/** More published stories than a NOTIFY can name are sent as "everything changed". */
const INVALIDATE_ALL_FROM = 5000;

// The chunk's articles that change, moved and given a revision each in one statement: the
// revision is the current version's snapshot with its "taxonomy" key rebuilt from the rows (text
// and photos are untouched), as `buildSnapshot` would make it.
const MOVE_SQL = `
WITH moved AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(id text, "revisionId" text, version int)
),
updated AS (
  UPDATE "Article" a
     SET "sectionId" = $2, version = m.version + 1,
         "importedVersion" = CASE WHEN $3::boolean AND a."importedVersion" = m.version THEN m.version + 1 ELSE a."importedVersion" END,
         "lastEditorId" = COALESCE($4, a."lastEditorId"), "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM moved m WHERE a.id = m.id
  RETURNING a.id
)
INSERT INTO "Revision" (id, "articleId", version, kind, "authorId", summary, snapshot, pieces, "createdAt")
SELECT m."revisionId", m.id, m.version + 1, 'save', $4, 'Edited section',
       -- Either form of the revision (lib/articles/revision-store.ts) carries its taxonomy itself.
       (r.snapshot - 'taxonomy') || x.taxonomy, (r.pieces - 'taxonomy') || x.taxonomy,
       (now() AT TIME ZONE 'UTC')
  FROM moved m JOIN "Revision" r ON r."articleId" = m.id AND r.version = m.version
 CROSS JOIN LATERAL (SELECT jsonb_build_object('taxonomy', jsonb_build_object(
         'section', (SELECT jsonb_build_object('id', s.id, 'name', s.name) FROM "Section" s WHERE s.id = $2),
         'tags', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY at.position), '[]'::jsonb)
                    FROM "ArticleTag" at JOIN "Tag" t ON t.id = at."tagId" WHERE at."articleId" = m.id),
         'bylines', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', c.id, 'name', c."displayName") ORDER BY b.position), '[]'::jsonb)
                       FROM "ArticleByline" b JOIN "Contributor" c ON c.id = b."contributorId" WHERE b."articleId" = m.id))) AS taxonomy) x
 WHERE m.id IN (SELECT id FROM updated)`;

/**
 * Puts articles in a section (created if new): the CLI's `import --section` for the articles an
 * import just created. Each article that changes gets a revision of its own with a diff ("Edited
 * section"), as an editor's change would; `actorId` null is the command line, and then the change
 * is the importer's, so an article nobody edited still counts as not edited since its import.
 * Set-based, like the import: a batch of articles is one transaction and one statement, with one
 * `article.taxonomy` audit event naming the section and how many articles moved (a 100,000-article
 * archive does not bury the audit log under 100,000 rows; each article's own record is its revision).
 */
export async function setArticlesSection(
  articleIds: readonly string[],
  name: string,
  actorId: string | null = null,
): Promise<{ section: string; updated: number }> {
  const clean = sectionNameSchema.parse(name);
  const ids = [...new Set(articleIds)];
  const section = await db.$transaction(async (tx) => {
    const id = (await resolveSection(tx, clean))!;
    return tx.section.findUniqueOrThrow({ where: { id }, select: { id: true, name: true } });
  });
  let updated = 0;
  const published: string[] = [];
  const withoutRevision: string[] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    const chunk = ids.slice(start, start + BATCH);
    updated += await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string; version: number; slug: string; published: boolean; hasRevision: boolean; live: boolean }>>`
        SELECT a.id, a.version, a.slug, a.status = 'published' AS published,
               EXISTS (SELECT 1 FROM "Revision" r WHERE r."articleId" = a.id AND r.version = a.version) AS "hasRevision",
               EXISTS (SELECT 1 FROM "CollabState" cs WHERE cs."articleId" = a.id) AS live
          FROM "Article" a
         WHERE a.id = ANY(${chunk}) AND a."sectionId" IS DISTINCT FROM ${section.id}
         ORDER BY a.id
           FOR UPDATE OF a`;
      // A version with no revision to build on (damaged or legacy data) goes the one-by-one way below.
      withoutRevision.push(...rows.filter((row) => !row.hasRevision).map((row) => row.id));
      const moving = rows.filter((row) => row.hasRevision);
      if (moving.length === 0) return 0;
      await tx.$executeRawUnsafe(
        MOVE_SQL,
        JSON.stringify(moving.map((row) => ({ id: row.id, revisionId: newId(), version: row.version }))),
        section.id,
        actorId === null,
        actorId,
      );
      // A live co-editing session learns the new version (its text is unchanged), as after any revision.
      for (const row of moving.filter((candidate) => candidate.live)) {
        const snapshot = await readRevisionSnapshot(tx, row.id, row.version + 1);
        if (!snapshot) throw new Error(`Version ${row.version + 1} of article ${row.id} was just written and cannot be read.`);
        await syncLiveDocument(tx, row.id, collabContentOf(snapshot), row.version + 1);
      }
      await recordAudit(tx, {
        actorId,
        action: "article.taxonomy",
        targetType: "section",
        targetId: section.id,
        details: { section: section.name, summary: "Edited section", articles: moving.length, articleIds: moving.slice(0, 20).map((row) => row.id) },
      });
      published.push(...moving.filter((row) => row.published).map((row) => row.slug));
      return moving.length;
    });
  }
  for (const articleId of withoutRevision) {
    const result = await writeArticleTaxonomy({ articleId, actor: actorId === null ? null : { id: actorId }, byImporter: actorId === null }, async (tx, current) => {
      await tx.article.update({ where: { id: current.id }, data: { sectionId: section.id } });
    });
    if (result.changed) updated += 1;
  }
  if (published.length > 0) {
    try {
      await invalidateReaderContent(published.length >= INVALIDATE_ALL_FROM ? { all: true } : { slugs: published });
    } catch (error) {
      console.error("[copydesk] reader caches could not be invalidated after a section change", error);
    }
  }
  return { section: section.name, updated };
}
