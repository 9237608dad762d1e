// What bench:desk adds to the imported archive so the reader's taxonomy pages have something to
// show: every article in one of a dozen sections (one bulk statement per section, as
// `copydesk import --section` does), and a sample of articles given tags and bylines and
// published, each through lib/ as an editor would (setArticleTaxonomy, publishArticle), so
// `/sections/x`, `/tags/x` and `/authors/x` list real published stories.

import type { Actor } from "@/lib/auth";
import type { Database } from "@/lib/db";

export const SECTIONS = ["News", "World", "Politics", "Business", "Sport", "Culture", "Science", "Health", "Travel", "Opinion", "Local", "Weather"];
const TAGS = Array.from({ length: 60 }, (_, index) => `Topic ${index + 1}`);
const WRITERS = Array.from({ length: 40 }, (_, index) => `Writer ${String.fromCharCode(65 + (index % 26))}${index >= 26 ? "b" : ""} Byline`);

export interface TaxonomyOutcome {
  published: number;
  refused: number;
  /** A section, tag and author whose pages have published stories. */
  section: string;
  tag: string;
  author: string;
  seconds: number;
}

/** Reads article ids a page at a time (keyset), in id order. */
async function* articleIds(client: Database, pageSize: number) {
  let after: string | undefined;
  for (;;) {
    const page = await client.article.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true },
    });
    if (page.length === 0) return;
    yield page.map((row) => row.id);
    after = page[page.length - 1].id;
  }
}

/** Sections for all, tags + bylines + publication for every `every`th article (at most `maxPublished`). */
export async function giveTaxonomy(client: Database, actor: Actor, options: { every: number; maxPublished: number }): Promise<TaxonomyOutcome> {
  const started = performance.now();
  const [{ setArticlesSection, setArticleTaxonomy, articleTaxonomySchema }, { publishArticle, publishSchema }] = await Promise.all([
    import("@/lib/taxonomy"),
    import("@/lib/publishing"),
  ]);
  let index = 0;
  const toPublish: Array<{ id: string; section: string; ordinal: number }> = [];
  for await (const ids of articleIds(client, 5_000)) {
    const bySection = new Map<string, string[]>();
    for (const id of ids) {
      const section = SECTIONS[index % SECTIONS.length];
      (bySection.get(section) ?? bySection.set(section, []).get(section)!).push(id);
      if (index % options.every === 0 && toPublish.length < options.maxPublished) toPublish.push({ id, section, ordinal: toPublish.length });
      index++;
    }
    for (const [section, sectionIds] of bySection) await setArticlesSection(sectionIds, section, actor.id);
  }

  let published = 0;
  let refused = 0;
  for (const { id, section, ordinal } of toPublish) {
    const tags = [TAGS[ordinal % TAGS.length], TAGS[(ordinal * 7 + 3) % TAGS.length]].filter((tag, at, all) => all.indexOf(tag) === at);
    const bylines = [{ name: WRITERS[ordinal % WRITERS.length] }];
    const taxonomy = await setArticleTaxonomy(articleTaxonomySchema.parse({ articleId: id, section, tags, bylines }), actor);
    try {
      await publishArticle(publishSchema.parse({ articleId: id, expectedVersion: taxonomy.version }), actor);
      published++;
    } catch (error) {
      refused++;
      if (refused === 1) console.log(`  (a publish was refused: ${(error as Error).message.slice(0, 200)})`);
    }
  }
  return { published, refused, ...(await taxonomySlugs(client, toPublish[0]?.section ?? SECTIONS[0])), seconds: (performance.now() - started) / 1000 };
}

/** The pages to measure, in an archive a previous run gave its taxonomy (`--database`). */
export async function taxonomySlugs(client: Database, sectionName = SECTIONS[0]): Promise<{ section: string; tag: string; author: string }> {
  const [section, tag, author] = await Promise.all([
    client.section.findUniqueOrThrow({ where: { name: sectionName }, select: { slug: true } }),
    client.tag.findFirstOrThrow({ where: { name: TAGS[0] }, select: { slug: true } }),
    client.contributor.findFirstOrThrow({ where: { displayName: WRITERS[0] }, select: { slug: true } }),
  ]);
  return { section: section.slug, tag: tag.slug, author: author.slug };
}
