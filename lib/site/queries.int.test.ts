import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, getArticleForEditing, saveArticle as saveParsed } from "@/lib/articles";
import type { Actor } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { db, disconnectDatabase } from "@/lib/db";
import { countStatements } from "@/lib/db/test-support/statements";
import { importDocuments } from "@/lib/importer";
import { publishArticle as publishParsed, publishSchema, unpublishArticle as unpublishParsed, unpublishSchema } from "@/lib/publishing";
import { FEED_LIMIT, loadCorrections, loadFeedItems, loadFrontPage, loadPublishedArticle, loadSitemapEntries, loadSitemapSummary } from "./queries";

const saveArticle = parsed(articleEditSchema, saveParsed);
const publishArticle = parsed(publishSchema, publishParsed);
const unpublishArticle = parsed(unpublishSchema, unpublishParsed);

// The reader queries against a real database: only published articles, only their published
// snapshot, credits read live.

const suffix = () => randomUUID().slice(0, 8);
let workDir: string;
let editor: Actor;

async function importArticle(headline: string, paragraphs: string[], captions: string[] = []) {
  const file = path.join(workDir, `reader-${suffix()}.txt`);
  const text = [` date 2024-08-11 ${headline}`, "", headline, "", paragraphs.join("\n\n"), "", captions.join("\n"), ""].join("\n");
  await fs.writeFile(file, text);
  const result = (await importDocuments([file])).results[0];
  expect(result?.status, result?.error).toBe("created");
  return { id: result.articleId!, slug: result.slug! };
}

async function publish(articleId: string, kind?: "update" | "correction" | "silent", note?: string) {
  const { version } = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { version: true } });
  return publishArticle({ articleId, expectedVersion: version, kind, note }, editor);
}

async function editBody(articleId: string, from: string, to: string) {
  const article = await getArticleForEditing(articleId);
  const replace = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;
  await saveArticle(
    {
      articleId,
      expectedVersion: article.version,
      headline: replace(article.headline),
      standfirst: article.standfirst,
      body: replace(article.body),
      photos: article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.credit?.id ?? null })),
    },
    editor,
  );
}

let published: { id: string; slug: string };
let draft: { id: string; slug: string };
let unpublished: { id: string; slug: string };
let agency: string;
const tag = suffix();

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "copydesk-reader-"));
  const user = await createUser({ email: `editor-${tag}@reader.test`, name: `Editor ${tag}`, role: "editor", password: "a-long-test-password" });
  editor = { id: user.id, email: user.email, name: user.name, role: "editor" };
  agency = `AGENCY${tag}`.toUpperCase();

  published = await importArticle(`Published story ${tag}`, ["The closing ceremony was spectacular."], [
    `Athletes gather at the stadium - ${agency}/Martin Meisner`,
    `Tom Cruise holds the flag - ${agency}/Dita Alangkara`,
  ]);
  await publish(published.id);
  await editBody(published.id, "spectacular", "spectacular and long");
  await publish(published.id, "correction", "An earlier version understated how long it was.");

  draft = await importArticle(`Draft story ${tag}`, ["Not ready for readers."]);

  unpublished = await importArticle(`Withdrawn story ${tag}`, ["This was pulled."]);
  await publish(unpublished.id);
  await editBody(unpublished.id, "pulled", "pulled later");
  await publish(unpublished.id, "correction", "A correction on a withdrawn story.");
  await unpublishArticle({ articleId: unpublished.id }, editor);

  // Edits saved after publication are the draft's, not the readers'.
  await editBody(published.id, "closing ceremony", "UNPUBLISHED DRAFT EDIT");
});

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
  await disconnectDatabase();
});

describe("reader queries", () => {
  it("show a published article from its published snapshot, with dates, photos, credits and corrections", async () => {
    const article = await loadPublishedArticle(published.slug);
    expect(article).not.toBeNull();
    expect(article!.headline).toBe(`Published story ${tag}`);
    expect(article!.bodyHtml).toContain("The closing ceremony was spectacular and long.");
    expect(article!.bodyHtml).not.toContain("UNPUBLISHED DRAFT EDIT");
    expect(article!.updatedAt).not.toBeNull();
    expect(Date.parse(article!.updatedAt!)).toBeGreaterThanOrEqual(Date.parse(article!.publishedAt));
    expect(article!.photos.map((photo) => [photo.captionText, photo.credit, photo.alt])).toEqual([
      ["Athletes gather at the stadium", `${agency}/Martin Meisner`, "Athletes gather at the stadium"],
      ["Tom Cruise holds the flag", `${agency}/Dita Alangkara`, "Tom Cruise holds the flag"],
    ]);
    expect(article!.corrections).toEqual([
      { kind: "correction", note: "An earlier version understated how long it was.", date: expect.any(String) },
    ]);
  });

  it("never return a draft or an unpublished article", async () => {
    expect(await loadPublishedArticle(draft.slug)).toBeNull();
    expect(await loadPublishedArticle(unpublished.slug)).toBeNull();
    expect(await loadPublishedArticle(`no-such-${tag}`)).toBeNull();

    const slugsIn = (items: Array<{ slug: string }>) => items.map((item) => item.slug);
    for (const slugs of [slugsIn(await loadFrontPage()), slugsIn(await loadFeedItems()), slugsIn(await loadSitemapEntries())]) {
      expect(slugs).toContain(published.slug);
      expect(slugs).not.toContain(draft.slug);
      expect(slugs).not.toContain(unpublished.slug);
    }
    const corrections = await loadCorrections();
    expect(corrections.map((entry) => entry.articleSlug)).toContain(published.slug);
    expect(corrections.map((entry) => entry.articleSlug)).not.toContain(unpublished.slug);
  });

  it("list the front page newest first with the lead photo's caption and credit", async () => {
    const second = await importArticle(`Later story ${tag}`, ["Published after the first."]);
    await publish(second.id);
    const front = await loadFrontPage();
    const positions = [second.slug, published.slug].map((slug) => front.findIndex((item) => item.slug === slug));
    expect(positions[0]).toBeGreaterThanOrEqual(0);
    expect(positions[0]).toBeLessThan(positions[1]);
    const entry = front.find((item) => item.slug === published.slug)!;
    expect(entry.leadPhoto).toMatchObject({ captionText: "Athletes gather at the stadium", credit: `${agency}/Martin Meisner` });
    expect(front.find((item) => item.slug === second.slug)!.leadPhoto).toBeNull();
  });

  it("read credits live: a corrected spelling shows without republishing", async () => {
    const credit = await db.credit.findFirstOrThrow({ where: { agency, photographer: "Martin Meisner" } });
    await db.credit.update({ where: { id: credit.id }, data: { photographer: "Martin Meissner" } });
    const article = await loadPublishedArticle(published.slug);
    expect(article!.photos[0].credit).toBe(`${agency}/Martin Meissner`);
  });

  it("pages the sitemap's articles newest first, each page the next ones, and counts them all", async () => {
    for (let index = 0; index < 3; index++) await publish((await importArticle(`Sitemap page ${index} ${tag}`, ["A short story."])).id);
    const all = await loadSitemapEntries();
    const summary = await loadSitemapSummary();
    expect(summary.articles).toBe(all.length);
    expect(all.length).toBeGreaterThan(2);
    const pages = [await loadSitemapEntries(1, 2), await loadSitemapEntries(2, 2), await loadSitemapEntries(Math.ceil(all.length / 2) + 1, 2)];
    expect(pages[0].map((entry) => entry.slug)).toEqual(all.slice(0, 2).map((entry) => entry.slug));
    expect(pages[1].map((entry) => entry.slug)).toEqual(all.slice(2, 4).map((entry) => entry.slug));
    expect(pages[2]).toEqual([]);
  });

  it("date the sitemap entry by the latest publication", async () => {
    const entry = (await loadSitemapEntries()).find((item) => item.slug === published.slug)!;
    const latest = await db.publication.findFirstOrThrow({ where: { articleId: published.id }, orderBy: { publishedAt: "desc" } });
    expect(entry.lastModified).toBe(latest.publishedAt.toISOString());
  });

  // Last in the file: its stories are the newest published, ahead of every other test's.
  it("bound the feed to the newest 30 published stories, newest first, with no draft", async () => {
    expect(FEED_LIMIT).toBe(30);
    const count = FEED_LIMIT + 3;
    const stories: Array<{ id: string; slug: string }> = [];
    const { statements: before } = await countStatements(loadFeedItems);
    for (let index = 0; index < count; index++) {
      stories.push(await importArticle(`Feed story ${index} ${tag}`, [`Story number ${index}.`, "Here are some pictures."], [`A picture - ${agency}/Feed Photographer`]));
    }
    for (const story of stories) await publish(story.id);
    const publishedUntil = Date.now();
    // Drafts written after every publication: the newest articles of all, and never in the feed.
    const drafts = [await importArticle(`Feed draft one ${tag}`, ["Not yet."]), await importArticle(`Feed draft two ${tag}`, ["Not yet either."])];

    const { result: items, statements } = await countStatements(loadFeedItems);
    expect(items).toHaveLength(FEED_LIMIT);
    // No query per story: thirty with photos and credits cost what the few before did.
    expect(statements.length).toBe(before.length);
    expect(await db.article.count({ where: { status: "published" } })).toBeGreaterThan(FEED_LIMIT);
    const times = items.map((item) => Date.parse(item.publishedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const slugs = items.map((item) => item.slug);
    // These stories, published just now, are the newest: latest first, after only stories of other
    // test files dated ahead of now (embargoed, scheduled), which lead the feed.
    const ours = slugs.filter((slug) => stories.some((story) => story.slug === slug));
    const ahead = items.filter((item) => !ours.includes(item.slug));
    expect(slugs.slice(0, ahead.length)).toEqual(ahead.map((item) => item.slug));
    for (const item of ahead) expect(Date.parse(item.publishedAt)).toBeGreaterThan(publishedUntil);
    expect(ours.length).toBe(FEED_LIMIT - ahead.length);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(stories.slice(-ours.length).map((story) => story.slug).reverse());
    expect(items.filter((item) => ours.includes(item.slug)).every((item) => item.photos.length === 1)).toBe(true);
    for (const draftStory of drafts) expect(slugs).not.toContain(draftStory.slug);
    expect(slugs).not.toContain(draft.slug);
  });
});
