import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { createTestArticle, createTestUser, uniqueSuffix } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { countStatements } from "@/lib/db/test-support/statements";
import { publishArticle as publishParsed, publishSchema } from "@/lib/publishing";
import { stopJobQueue } from "@/lib/scheduling";
import { runDueSchedules, scheduleArticle } from "@/lib/scheduling/schedule";
import { articleTaxonomySchema, setArticleTaxonomy as setParsed, setArticlesSection } from "@/lib/taxonomy";
import { FEED_LIMIT, loadPublishedArticle } from "./queries";
import { readerPageKey, taxonomyFeedPath, taxonomyPath, termSlugFromSegment } from "./reader-invalidation";
import { buildRssFeed, buildSitemap } from "./xml";
import { loadTaxonomyFeed, loadTaxonomyPage, loadTaxonomySitemapEntries, TAXONOMY_PAGE_SIZE } from "./taxonomy-queries";

// Section, tag and author pages, feeds and sitemap entries against a real database: only
// published stories, nothing of an embargoed one (not even a term only it carries) until its
// time, and keyset pages that neither skip nor repeat.

const publishArticle = parsed(publishSchema, publishParsed);
const setArticleTaxonomy = parsed(articleTaxonomySchema, setParsed);
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let editor: TestUser;

beforeAll(async () => {
  editor = await createTestUser("editor");
});
afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

async function publish(articleId: string, at?: Date) {
  const { version } = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { version: true } });
  await publishArticle({ articleId, expectedVersion: version }, editor);
  if (at) await db.article.update({ where: { id: articleId }, data: { firstPublishedAt: at } });
}

const slugsOf = (page: { articles: Array<{ slug: string }> } | null) => page?.articles.map((article) => article.slug) ?? null;

describe("section, tag and author pages", () => {
  it("list published stories with their bylines and show nothing of an embargoed one until its time", async () => {
    const section = `Sport ${uniqueSuffix()}`;
    const sharedTag = `Olympics ${uniqueSuffix()}`;
    const secretTag = `Merger ${uniqueSuffix()}`;
    const author = `Jane ${uniqueSuffix()}`;
    const [older, newer, embargoed] = [await createTestArticle(), await createTestArticle(), await createTestArticle()];
    for (const article of [older, newer]) {
      await setArticleTaxonomy({ articleId: article.id, section, tags: [sharedTag], bylines: article === older ? [{ name: author, bio: "Athletics." }] : [] }, editor);
    }
    const { contributorId } = await db.articleByline.findFirstOrThrow({ where: { articleId: older.id }, select: { contributorId: true } });
    await setArticleTaxonomy({ articleId: embargoed.id, section, tags: [sharedTag, secretTag], bylines: [{ contributorId }, { name: `Embargo Only ${uniqueSuffix()}`, bio: "" }] }, editor);
    await publish(older.id, new Date("2024-08-10T10:00:00Z"));
    await publish(newer.id, new Date("2024-08-11T10:00:00Z"));
    const now = new Date();
    const runAt = new Date(now.getTime() + 3_600_000);
    await scheduleArticle({ articleId: embargoed.id, action: "publish", at: runAt.toISOString() }, editor, { now });

    const [sectionSlug, tagSlug, secretSlug, authorSlug] = [
      (await db.section.findUniqueOrThrow({ where: { name: section } })).slug,
      (await db.tag.findFirstOrThrow({ where: { name: sharedTag } })).slug,
      (await db.tag.findFirstOrThrow({ where: { name: secretTag } })).slug,
      (await db.contributor.findUniqueOrThrow({ where: { id: contributorId } })).slug,
    ];
    const embargoOnlyAuthor = (await db.articleByline.findFirstOrThrow({ where: { articleId: embargoed.id, position: 1 }, select: { contributor: { select: { slug: true } } } })).contributor.slug;

    const sectionPage = await loadTaxonomyPage({ kind: "section", slug: sectionSlug });
    expect(sectionPage).toMatchObject({ kind: "section", name: section, older: null, newer: null });
    expect(slugsOf(sectionPage)).toEqual([newer.slug, older.slug]);
    expect(sectionPage!.articles[1].bylines).toEqual([{ name: author, slug: authorSlug }]);
    expect(slugsOf(await loadTaxonomyPage({ kind: "tag", slug: tagSlug }))).toEqual([newer.slug, older.slug]);
    expect(await loadTaxonomyPage({ kind: "author", slug: authorSlug })).toMatchObject({ name: author, description: "Athletics.", articles: [{ slug: older.slug }] });
    // Terms only the embargoed story carries do not exist for readers yet.
    expect(await loadTaxonomyPage({ kind: "tag", slug: secretSlug })).toBeNull();
    expect(await loadTaxonomyPage({ kind: "author", slug: embargoOnlyAuthor })).toBeNull();
    expect(await loadTaxonomyFeed("tag", secretSlug)).toBeNull();
    expect((await loadTaxonomyFeed("section", sectionSlug))!.items.map((item) => item.slug)).toEqual([newer.slug, older.slug]);
    const sitemap = (await loadTaxonomySitemapEntries()).map((entry) => `${entry.kind}:${entry.slug}`);
    expect(sitemap).toEqual(expect.arrayContaining([`section:${sectionSlug}`, `tag:${tagSlug}`, `author:${authorSlug}`]));
    expect(sitemap).not.toContain(`tag:${secretSlug}`);
    expect(sitemap).not.toContain(`author:${embargoOnlyAuthor}`);
    expect(await loadPublishedArticle(older.slug)).toMatchObject({
      bylines: [{ name: author, slug: authorSlug }],
      section: { name: section, slug: sectionSlug },
      tags: [{ name: sharedTag, slug: tagSlug }],
    });

    // One second before its time: still nowhere. One second after: everywhere.
    await runDueSchedules({ now: new Date(runAt.getTime() - 1000) });
    expect(slugsOf(await loadTaxonomyPage({ kind: "section", slug: sectionSlug }))).not.toContain(embargoed.slug);
    await runDueSchedules({ now: new Date(runAt.getTime() + 1000) });
    expect(slugsOf(await loadTaxonomyPage({ kind: "section", slug: sectionSlug }))).toEqual([embargoed.slug, newer.slug, older.slug]);
    expect(slugsOf(await loadTaxonomyPage({ kind: "tag", slug: secretSlug }))).toEqual([embargoed.slug]);
    expect(slugsOf(await loadTaxonomyPage({ kind: "author", slug: embargoOnlyAuthor }))).toEqual([embargoed.slug]);
    expect((await loadTaxonomySitemapEntries()).map((entry) => `${entry.kind}:${entry.slug}`)).toContain(`tag:${secretSlug}`);
  });

  it("give non-Latin names working pages: Café, Москва, 東京 (links, feed and sitemap percent-encoded)", async () => {
    const suffix = uniqueSuffix().toLowerCase();
    const names = [`Café ${suffix}`, `Москва ${suffix}`, `東京 ${suffix}`];
    const article = await createTestArticle();
    await setArticleTaxonomy({ articleId: article.id, section: `Спорт ${suffix}`, tags: names, bylines: [{ name: `李明 ${suffix}`, bio: "" }] }, editor);
    await publish(article.id);
    const stored = await db.tag.findMany({ where: { name: { in: names } }, select: { name: true, slug: true } });
    expect(Object.fromEntries(stored.map((tag) => [tag.name, tag.slug]))).toEqual({
      [names[0]]: `cafe-${suffix}`,
      [names[1]]: `москва-${suffix}`,
      [names[2]]: `東京-${suffix}`,
    });
    const reader = await loadPublishedArticle(article.slug);
    expect(reader).toMatchObject({ section: { slug: `спорт-${suffix}` }, bylines: [{ slug: `李明-${suffix}` }] });
    for (const { name, slug } of [...stored, reader!.section!, ...reader!.bylines]) {
      const kind = stored.some((tag) => tag.slug === slug) ? "tag" : slug.startsWith("спорт") ? "section" : "author";
      // The route hands the segment over decoded; a still-encoded one reads the same.
      for (const segment of [slug, encodeURIComponent(slug)]) {
        expect(await loadTaxonomyPage({ kind, slug: termSlugFromSegment(segment) }), `${kind} ${segment}`).toMatchObject({ name, articles: [{ slug: article.slug }] });
      }
      const path = taxonomyPath(kind, slug);
      expect(path).toBe(`${{ section: "/sections/", tag: "/tags/", author: "/authors/" }[kind]}${encodeURIComponent(slug)}`);
      expect(readerPageKey(path)).toEqual({ key: path });
    }
    const site = { url: "https://news.example", name: "News", language: "en", timeZone: "UTC" };
    const sitemap = buildSitemap(site, [], await loadTaxonomySitemapEntries());
    expect(sitemap).toContain(`<loc>https://news.example/tags/${encodeURIComponent(`東京-${suffix}`)}</loc>`);
    expect(sitemap).toContain(`<loc>https://news.example/sections/${encodeURIComponent(`спорт-${suffix}`)}</loc>`);
    const feed = (await loadTaxonomyFeed("tag", `москва-${suffix}`))!;
    const rss = buildRssFeed(site, feed.items, new Date(), { title: "t", pagePath: taxonomyPath("tag", feed.term.slug), feedPath: taxonomyFeedPath("tag", feed.term.slug), description: "d" });
    expect(rss).toContain(`https://news.example/tags/${encodeURIComponent(`москва-${suffix}`)}/feed.xml`);
    expect(rss).not.toMatch(/[\u0400-\u04ff]+-[a-z0-9]+\/feed/);
  });

  it("pages newest first by keyset, older and back newer, without skipping or repeating", async () => {
    const section = `Archive ${uniqueSuffix()}`;
    const count = TAXONOMY_PAGE_SIZE + 3;
    const articles = [];
    for (let index = 0; index < count; index++) articles.push(await createTestArticle());
    await setArticlesSection(articles.map((article) => article.id), section);
    // Two stories share a publication time: the id breaks the tie.
    for (const [index, article] of articles.entries()) await publish(article.id, new Date(Date.UTC(2024, 0, 1, 0, Math.min(index, count - 2))));
    const slug = (await db.section.findUniqueOrThrow({ where: { name: section } })).slug;
    const expected = (await db.article.findMany({ where: { id: { in: articles.map((a) => a.id) } }, orderBy: [{ firstPublishedAt: "desc" }, { id: "desc" }], select: { slug: true } })).map((row) => row.slug);

    const first = (await loadTaxonomyPage({ kind: "section", slug }))!;
    expect(slugsOf(first)).toEqual(expected.slice(0, TAXONOMY_PAGE_SIZE));
    expect(first.newer).toBeNull();
    const second = (await loadTaxonomyPage({ kind: "section", slug, older: first.older! }))!;
    expect(slugsOf(second)).toEqual(expected.slice(TAXONOMY_PAGE_SIZE));
    expect(second.older).toBeNull();
    const back = (await loadTaxonomyPage({ kind: "section", slug, newer: second.newer! }))!;
    expect(slugsOf(back)).toEqual(expected.slice(0, TAXONOMY_PAGE_SIZE));
    await expect(loadTaxonomyPage({ kind: "section", slug, older: "not-a-cursor" })).rejects.toMatchObject({ status: 422 });
  });

  it("bound each section's, tag's and author's feed to its newest 30 published stories, newest first, with no draft", async () => {
    const section = `Feeds ${uniqueSuffix()}`;
    const tagName = `Feed tag ${uniqueSuffix()}`;
    const author = `Feed Author ${uniqueSuffix()}`;
    const count = FEED_LIMIT + 3;
    const stories: Array<{ id: string; slug: string }> = [];
    for (let index = 0; index < count; index++) stories.push(await createTestArticle({ photos: [{ caption: `Picture ${index}.` }] }));
    const drafts = [await createTestArticle(), await createTestArticle()];
    let contributorId: string | undefined;
    for (const article of [...stories, ...drafts]) {
      await setArticleTaxonomy({ articleId: article.id, section, tags: [tagName], bylines: [contributorId ? { contributorId } : { name: author, bio: "" }] }, editor);
      contributorId ??= (await db.articleByline.findFirstOrThrow({ where: { articleId: article.id }, select: { contributorId: true } })).contributorId;
    }
    const slugs = {
      section: (await db.section.findUniqueOrThrow({ where: { name: section } })).slug,
      tag: (await db.tag.findFirstOrThrow({ where: { name: tagName } })).slug,
      author: (await db.contributor.findUniqueOrThrow({ where: { id: contributorId! } })).slug,
    };
    const kinds = ["section", "tag", "author"] as const;
    const statementsPerFeed = async () => {
      const counts = [];
      for (const kind of kinds) counts.push((await countStatements(() => loadTaxonomyFeed(kind, slugs[kind]))).statements.length);
      return counts;
    };
    // Published an hour apart, in creation order: the last is the newest.
    const publishFrom = async (from: number, to: number) => {
      for (let index = from; index < to; index++) await publish(stories[index].id, new Date(Date.UTC(2023, 5, 1, index)));
    };
    await publishFrom(0, 2);
    const forTwo = await statementsPerFeed();
    await publishFrom(2, count);
    const expected = stories.slice(-FEED_LIMIT).map((article) => article.slug).reverse();
    for (const kind of kinds) {
      const feed = await loadTaxonomyFeed(kind, slugs[kind]);
      expect(feed!.items.map((item) => item.slug), kind).toEqual(expected);
      expect(feed!.items.every((item) => item.photos.length === 1), kind).toBe(true);
    }
    // No query per story: thirty cost what two do.
    expect(await statementsPerFeed()).toEqual(forTwo);
  });
});
