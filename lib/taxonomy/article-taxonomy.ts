import "server-only";
import type { Actor } from "@/lib/auth/access";
import { replaceTaxonomyRows, writeTaxonomyRevision } from "@/lib/articles/editing";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { uniqueSlug } from "@/lib/importer/slug";
import { invalidateReaderContent } from "@/lib/site/invalidate";
import { recordAudit } from "@/lib/audit";
import { PUBLISHED_ARTICLE } from "@/lib/site/queries";
import type { ArticleTaxonomyRequest, ContributorUpdate } from "./schemas";
import { termSlug } from "./slug";

// An article's bylines, section and tags. They are set beside the text and are not held back
// for the next publication: a published article's section page, tag pages, author pages and
// its own page show a change at once (the reader caches are invalidated here). Each change is a
// revision of its own (snapshot and diff like any field) and an audit event.

type Tx = Prisma.TransactionClient;

/** A name's URL form (termSlug), refused when the name has no letter or digit to make one from. */
export function nameSlug(name: string, field: string): string {
  const slug = termSlug(name);
  if (slug === null) throw ValidationError.forField(field, `“${name}” needs at least one letter or digit for its web address.`);
  return slug;
}

async function freeContributorSlug(tx: Tx, name: string, field: string): Promise<string> {
  const base = nameSlug(name, field);
  const taken = new Set(
    (await tx.contributor.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((row) => row.slug),
  );
  return uniqueSlug(base, (candidate) => taken.has(candidate));
}

/** The contributor ids the bylines name, in order, creating outside contributors and desk users' own. */
async function resolveBylines(tx: Tx, bylines: ArticleTaxonomyRequest["bylines"]): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, byline] of bylines.entries()) {
    const field = `bylines.${index}`;
    if ("contributorId" in byline) {
      const found = await tx.contributor.findUnique({ where: { id: byline.contributorId }, select: { id: true } });
      if (!found) throw ValidationError.forField(field, "This contributor no longer exists. Choose another one.");
      ids.push(found.id);
    } else if ("userId" in byline) {
      const user = await tx.user.findUnique({ where: { id: byline.userId }, select: { id: true, name: true, disabled: true, contributor: { select: { id: true } } } });
      if (!user || user.disabled) throw ValidationError.forField(field, "Choose an active desk user.");
      if (user.contributor) ids.push(user.contributor.id);
      else {
        const slug = await freeContributorSlug(tx, user.name, field);
        ids.push((await tx.contributor.create({ data: { slug, displayName: user.name, userId: user.id }, select: { id: true } })).id);
      }
    } else {
      const slug = await freeContributorSlug(tx, byline.name, field);
      ids.push((await tx.contributor.create({ data: { slug, displayName: byline.name, bio: byline.bio }, select: { id: true } })).id);
    }
  }
  const seen = new Set<string>();
  ids.forEach((contributorId, index) => {
    if (seen.has(contributorId)) throw ValidationError.forField(`bylines.${index}`, "This byline is listed twice.");
    seen.add(contributorId);
  });
  return ids;
}

async function resolveTags(tx: Tx, names: string[]): Promise<string[]> {
  const slugs = names.map((name, index) => nameSlug(name, `tags.${index}`));
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const [index, slug] of slugs.entries()) {
    if (seen.has(slug)) continue; // "Paris" and "paris" are one tag
    seen.add(slug);
    const tag = await tx.tag.upsert({ where: { slug }, update: {}, create: { slug, name: names[index] }, select: { id: true } });
    ids.push(tag.id);
  }
  return ids;
}

/** The section named `name` (the same slug, or the same name), created when missing; null for none. */
export async function resolveSection(tx: Tx, name: string | null): Promise<string | null> {
  if (name === null) return null;
  const slug = nameSlug(name, "section");
  const existing = await tx.section.findUnique({ where: { slug }, select: { id: true } });
  if (existing) return existing.id;
  const byName = await tx.section.findUnique({ where: { name }, select: { id: true } });
  if (byName) return byName.id;
  return (await tx.section.create({ data: { slug, name }, select: { id: true } })).id;
}

export interface TaxonomyResult {
  articleId: string;
  changed: boolean;
  version: number;
  summary: string;
}

/**
 * Changes an article's bylines, section or tags through `apply`, as a revision of its own
 * (writeTaxonomyRevision); when readers see the article, its pages are refreshed at once.
 */
export async function writeArticleTaxonomy(
  params: Parameters<typeof writeTaxonomyRevision>[0],
  apply: Parameters<typeof writeTaxonomyRevision>[1],
): Promise<Awaited<ReturnType<typeof writeTaxonomyRevision>>> {
  const result = await writeTaxonomyRevision(params, apply);
  if (result.changed && result.published) {
    try {
      await invalidateReaderContent({ slugs: [result.slug] });
    } catch (error) {
      console.error(`[copydesk] reader caches for "${result.slug}" could not be invalidated`, error);
    }
  }
  return result;
}

/** Sets an article's bylines, section and tags (the whole set). Editors; the action declares the role. */
export async function setArticleTaxonomy(input: ArticleTaxonomyRequest, actor: Actor): Promise<TaxonomyResult> {
  const result = await writeArticleTaxonomy({ articleId: input.articleId, actor }, async (tx, current) => {
    const [sectionId, tagIds, contributorIds] = [
      await resolveSection(tx, input.section),
      await resolveTags(tx, input.tags),
      await resolveBylines(tx, input.bylines),
    ];
    await replaceTaxonomyRows(tx, current.id, { sectionId, tagIds, contributorIds });
  });
  return { articleId: input.articleId, changed: result.changed, version: result.version, summary: result.summary };
}

export interface DeskTaxonomy {
  section: string | null;
  tags: string[];
  bylines: Array<{ contributorId: string; name: string; bio: string; userId: string | null }>;
}

/** What the desk's byline, section and tag controls show for one article. */
export async function getArticleTaxonomy(articleId: string): Promise<DeskTaxonomy> {
  const article = await db.article.findUnique({
    where: { id: articleId },
    select: {
      section: { select: { name: true } },
      tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true } } } },
      bylines: { orderBy: { position: "asc" }, select: { contributor: { select: { id: true, displayName: true, bio: true, userId: true } } } },
    },
  });
  if (!article) throw new NotFoundError("This article does not exist.");
  return {
    section: article.section?.name ?? null,
    tags: article.tags.map(({ tag }) => tag.name),
    bylines: article.bylines.map(({ contributor }) => ({ contributorId: contributor.id, name: contributor.displayName, bio: contributor.bio, userId: contributor.userId })),
  };
}

export interface TaxonomyOptions {
  sections: string[];
  contributors: Array<{ id: string; name: string; bio: string; userId: string | null }>;
}

/** Sections and contributors to choose from (a bounded list; new ones are typed in). */
export async function listTaxonomyOptions(): Promise<TaxonomyOptions> {
  const [sections, contributors] = await Promise.all([
    db.section.findMany({ orderBy: { name: "asc" }, take: 500, select: { name: true } }),
    db.contributor.findMany({ orderBy: [{ displayName: "asc" }, { id: "asc" }], take: 1000, select: { id: true, displayName: true, bio: true, userId: true } }),
  ]);
  return {
    sections: sections.map((section) => section.name),
    contributors: contributors.map((row) => ({ id: row.id, name: row.displayName, bio: row.bio, userId: row.userId })),
  };
}

/**
 * Corrects a contributor's printed name or bio. Every published story with their byline shows it
 * at once (their reader pages are invalidated); the author page keeps its address.
 */
export async function updateContributor(input: ContributorUpdate, actor: Actor): Promise<{ contributorId: string; changed: boolean }> {
  const result = await db.$transaction(async (tx) => {
    const current = await tx.contributor.findUnique({ where: { id: input.contributorId }, select: { id: true, displayName: true, bio: true } });
    if (!current) throw new NotFoundError("This contributor does not exist.");
    if (current.displayName === input.name && current.bio === input.bio) return { changed: false, slugs: [] as string[] };
    await tx.contributor.update({ where: { id: current.id }, data: { displayName: input.name, bio: input.bio } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "contributor.update",
      targetType: "contributor",
      targetId: current.id,
      details: { from: { name: current.displayName, bio: current.bio }, to: { name: input.name, bio: input.bio } },
    });
    const published = await tx.article.findMany({ where: { ...PUBLISHED_ARTICLE, bylines: { some: { contributorId: current.id } } }, select: { slug: true }, take: 5000 });
    return { changed: true, slugs: published.map((row) => row.slug) };
  });
  if (result.changed) {
    try {
      // A contributor on more stories than a NOTIFY can name is sent as "everything changed".
      await invalidateReaderContent(result.slugs.length >= 5000 ? { all: true } : { slugs: result.slugs });
    } catch (error) {
      console.error("[copydesk] reader caches could not be invalidated after a contributor change", error);
    }
  }
  return { contributorId: input.contributorId, changed: result.changed };
}
