import "server-only";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { slugify } from "@/lib/importer/slug";
import { sectionNameSchema } from "./schemas";

// Sections (Sport, World): one per article, created by name on first use.

export { sectionNameSchema };

/** The section named `name` (case-insensitively the same slug), created when missing. */
export async function ensureSection(name: string): Promise<{ id: string; slug: string; name: string }> {
  const clean = sectionNameSchema.parse(name);
  const slug = slugify(clean);
  return db.section.upsert({ where: { slug }, update: {}, create: { slug, name: clean }, select: { id: true, slug: true, name: true } });
}

/** Puts articles in a section (the CLI's `import --section`); `actorId` null is the command line. */
export async function setArticlesSection(articleIds: readonly string[], name: string, actorId: string | null = null): Promise<{ section: string; updated: number }> {
  const section = await ensureSection(name);
  if (articleIds.length === 0) return { section: section.name, updated: 0 };
  return db.$transaction(async (tx) => {
    const { count } = await tx.article.updateMany({ where: { id: { in: [...articleIds] } }, data: { sectionId: section.id } });
    await recordAudit(tx, { actorId, action: "article.section", targetType: "section", targetId: section.id, details: { section: section.name, articles: count } });
    return { section: section.name, updated: count };
  });
}
