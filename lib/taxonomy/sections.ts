import "server-only";
import { resolveSection, writeArticleTaxonomy } from "./article-taxonomy";
import { sectionNameSchema } from "./schemas";

// Sections (Sport, World): one per article, created by name on first use.

export { sectionNameSchema };

/**
 * Puts articles in a section: the CLI's `import --section`, for the articles that import just
 * created. Each article's change is a revision of its own with a diff ("Edited section") and an
 * `article.taxonomy` audit entry, like an editor's; its author is the command line (none). It is
 * the importer's doing, so the article still counts as not edited since its import.
 */
export async function setArticlesSection(articleIds: readonly string[], name: string): Promise<{ section: string; updated: number }> {
  const clean = sectionNameSchema.parse(name);
  let updated = 0;
  let section = clean;
  for (const articleId of new Set(articleIds)) {
    const result = await writeArticleTaxonomy({ articleId, actor: null, byImporter: true }, async (tx, current) => {
      const sectionId = await resolveSection(tx, clean);
      section = (await tx.section.findUniqueOrThrow({ where: { id: sectionId! }, select: { name: true } })).name;
      await tx.article.update({ where: { id: current.id }, data: { sectionId } });
    });
    if (result.changed) updated += 1;
  }
  return { section, updated };
}
