import { encode } from "next-auth/jwt";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ArticleView } from "@/components/site/article-view";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { compareRevisions, getArticleForEditing, saveArticle } from "@/lib/articles";
import { createTestArticle, createTestUser, uniqueSuffix } from "@/lib/articles/test-support/fixtures";
import { passwordVersion } from "@/lib/auth/login";
import { db, disconnectDatabase } from "@/lib/db";
import { replaceTextInDoc, type RichTextDoc } from "@/lib/editor";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";

// Bylines, section and tags through the desk's server action, called the way Next calls it (a
// cookie jar holding a next-auth session): role rules, validation, what is stored, the revision
// and diff it makes, and that an editor's text save started before it is no conflict.
const jar = vi.hoisted(() => new Map<string, string>());
const invalidated = vi.hoisted(() => [] as unknown[]);
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, unstable_cache: <T,>(load: T) => load }));
vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async (change: unknown) => void invalidated.push(change) }));

const { setArticleTaxonomyAction, updateContributorAction } = await import("@/app/(desk)/desk/articles/[id]/taxonomy-actions");
const { getDraftForPreview } = await import("@/lib/publishing");
const { restoreRevisionAction } = await import("@/app/(desk)/desk/articles/[id]/history/actions");
const { setArticlesSection } = await import("@/lib/taxonomy/sections");
const { articleViewFromSnapshot } = await import("@/lib/site/preview");

const SECRET = "taxonomy-actions-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
});
beforeEach(() => {
  jar.clear();
  invalidated.length = 0;
});
afterAll(() => disconnectDatabase());

async function signInAs(user: { id: string }) {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  jar.set("next-auth.session-token", await encode({ token: { sub: user.id, pwv: passwordVersion(passwordHash) }, secret: SECRET }));
}

const stored = (articleId: string) =>
  db.article.findUniqueOrThrow({
    where: { id: articleId },
    select: {
      version: true,
      section: { select: { name: true, slug: true } },
      tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true, slug: true } } } },
      bylines: { orderBy: { position: "asc" }, select: { contributor: { select: { displayName: true, bio: true, userId: true } } } },
    },
  });

describe("setArticleTaxonomyAction", () => {
  it("refuses signed-out callers (401) and reporters (403), and stores nothing", async () => {
    const article = await createTestArticle();
    const request = { articleId: article.id, section: "Sport", tags: ["Olympics"], bylines: [] };
    expect(await setArticleTaxonomyAction(request)).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await setArticleTaxonomyAction(request)).toMatchObject({ ok: false, status: 403 });
    expect(await stored(article.id)).toMatchObject({ version: 1, section: null, tags: [], bylines: [] });
  });

  it("refuses malformed input with 422 and field errors, and a missing article with 404", async () => {
    const article = await createTestArticle();
    await signInAs(editor);
    const valid = { articleId: article.id, section: null, tags: [], bylines: [] };
    expect(await setArticleTaxonomyAction({ ...valid, bylines: [{ name: "" }] })).toMatchObject({ ok: false, status: 422, fieldErrors: { "bylines.0.name": [expect.any(String)] } });
    expect(await setArticleTaxonomyAction({ ...valid, bylines: [{ contributorId: "x", name: "Both" }] })).toMatchObject({ ok: false, status: 422 });
    expect(await setArticleTaxonomyAction({ ...valid, tags: Array.from({ length: 21 }, (_, i) => `tag ${i}`) })).toMatchObject({ ok: false, status: 422, fieldErrors: { tags: [expect.any(String)] } });
    expect(await setArticleTaxonomyAction({ ...valid, section: "x".repeat(61) })).toMatchObject({ ok: false, status: 422, fieldErrors: { section: [expect.any(String)] } });
    expect(await setArticleTaxonomyAction({ ...valid, tags: ["🏅"] })).toMatchObject({ ok: false, status: 422, fieldErrors: { "tags.0": [expect.any(String)] } });
    expect(await setArticleTaxonomyAction({ ...valid, bylines: [{ contributorId: "no-such-contributor" }] })).toMatchObject({ ok: false, status: 422, fieldErrors: { "bylines.0": [expect.any(String)] } });
    expect(await setArticleTaxonomyAction({ ...valid, bylines: [{ userId: editor.id }, { userId: editor.id }] })).toMatchObject({ ok: false, status: 422, fieldErrors: { "bylines.1": [expect.any(String)] } });
    expect(await setArticleTaxonomyAction({ ...valid, sectionId: "x" })).toMatchObject({ ok: false, status: 422 });
    expect(await setArticleTaxonomyAction("nonsense")).toMatchObject({ ok: false, status: 422 });
    expect(await setArticleTaxonomyAction({ ...valid, articleId: "no-such-article" })).toMatchObject({ ok: false, status: 404 });
    // Nothing half-written: no contributor made for the refused duplicate byline, no revision.
    expect(await stored(article.id)).toMatchObject({ version: 1, section: null, tags: [], bylines: [] });
    expect(await db.contributor.count({ where: { userId: editor.id } })).toBe(0);
  });

  it("stores bylines (a desk user and an outside contributor with a bio), a section and tags, as a revision with a diff", async () => {
    const article = await createTestArticle();
    const outside = `Freelancer ${uniqueSuffix()}`;
    const section = `Sport ${uniqueSuffix()}`;
    await signInAs(editor);
    const result = await setArticleTaxonomyAction({
      articleId: article.id,
      section,
      tags: ["Olympics", "Paris 2024", "olympics"],
      bylines: [{ userId: reporter.id }, { name: outside, bio: "Covers athletics for us." }],
    });
    expect(result).toMatchObject({ ok: true, data: { changed: true, version: 2, summary: "Edited bylines, section, tags" } });
    expect(await stored(article.id)).toEqual({
      version: 2,
      section: { name: section, slug: section.toLowerCase().replace(" ", "-") },
      tags: [{ tag: { name: "Olympics", slug: "olympics" } }, { tag: { name: "Paris 2024", slug: "paris-2024" } }],
      bylines: [
        { contributor: { displayName: reporter.name, bio: "", userId: reporter.id } },
        { contributor: { displayName: outside, bio: "Covers athletics for us.", userId: null } },
      ],
    });
    const comparison = await compareRevisions(article.id, 1, 2);
    expect(comparison.changes.map((change) => [change.field, change.before, change.after])).toEqual([
      ["bylines", "", `${reporter.name}, ${outside}`],
      ["section", "", section],
      ["tags", "", "Olympics, Paris 2024"],
    ]);
    expect(await db.auditEvent.count({ where: { targetId: article.id, action: "article.taxonomy", actorId: editor.id } })).toBe(1);
    // A draft: readers see nothing of it, so nothing to invalidate.
    expect(invalidated).toEqual([]);

    // The same set again changes nothing; reordering bylines is a change.
    const [first, second] = (await db.articleByline.findMany({ where: { articleId: article.id }, orderBy: { position: "asc" }, select: { contributorId: true } }));
    const again = await setArticleTaxonomyAction({ articleId: article.id, section, tags: ["Olympics", "Paris 2024"], bylines: [{ contributorId: first.contributorId }, { contributorId: second.contributorId }] });
    expect(again).toMatchObject({ ok: true, data: { changed: false, version: 2 } });
    const swapped = await setArticleTaxonomyAction({ articleId: article.id, section: "", tags: [], bylines: [{ contributorId: second.contributorId }, { contributorId: first.contributorId }] });
    expect(swapped).toMatchObject({ ok: true, data: { changed: true, version: 3, summary: "Edited bylines, section, tags" } });
    expect((await stored(article.id)).bylines.map((byline) => byline.contributor.displayName)).toEqual([outside, reporter.name]);
    // The desk user's contributor is made once and reused.
    expect(await db.contributor.count({ where: { userId: reporter.id } })).toBe(1);
  });

  it("does not make an editor's text save that started before it a conflict, and the save keeps the bylines", async () => {
    const article = await createTestArticle({ paragraphs: ["Wire copy about the race."] });
    const draft = await getArticleForEditing(article.id);
    await signInAs(editor);
    expect(await setArticleTaxonomyAction({ articleId: article.id, section: "World", tags: [], bylines: [{ userId: editor.id }] })).toMatchObject({ ok: true, data: { version: 2 } });

    const { doc: body } = replaceTextInDoc(draft.body as RichTextDoc, "race", "marathon", { all: true });
    const save = await saveArticle(
      { articleId: article.id, expectedVersion: draft.version, headline: draft.headline, standfirst: draft.standfirst, body, photos: [] },
      editor,
    );
    expect(save).toMatchObject({ changed: true, version: 3 });
    const latest = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: 3 } }, select: { summary: true } });
    expect(latest.summary).toBe("Edited body");
    expect(await readRevisionSnapshot(db, article.id, 3)).toMatchObject({ taxonomy: { section: { name: "World" }, bylines: [{ name: editor.name }], tags: [] } });
  });

  it("invalidates the reader pages of a published article", async () => {
    const article = await createTestArticle({ status: "published" });
    invalidated.length = 0;
    await signInAs(editor);
    expect(await setArticleTaxonomyAction({ articleId: article.id, section: "World", tags: ["Weather"], bylines: [] })).toMatchObject({ ok: true });
    expect(invalidated).toEqual([{ slugs: [article.slug] }]);
  });
});

describe("updateContributorAction", () => {
  it("is for editors, validates, and shows the corrected name on every published story with the byline", async () => {
    const [draft, published] = [await createTestArticle(), await createTestArticle({ status: "published" })];
    await signInAs(editor);
    const name = `Ann Lea ${uniqueSuffix()}`;
    for (const article of [draft, published]) {
      const bylines = article === draft ? [{ name, bio: "" }] : [{ contributorId: (await db.contributor.findFirstOrThrow({ where: { displayName: name } })).id }];
      expect(await setArticleTaxonomyAction({ articleId: article.id, section: null, tags: [], bylines })).toMatchObject({ ok: true });
    }
    const contributor = await db.contributor.findFirstOrThrow({ where: { displayName: name } });
    invalidated.length = 0;
    jar.clear();
    const fixed = { contributorId: contributor.id, name: name.replace("Lea", "Lee"), bio: "Writes about rowing." };
    expect(await updateContributorAction(fixed)).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await updateContributorAction(fixed)).toMatchObject({ ok: false, status: 403 });
    await signInAs(editor);
    expect(await updateContributorAction({ ...fixed, name: " " })).toMatchObject({ ok: false, status: 422, fieldErrors: { name: [expect.any(String)] } });
    expect(await updateContributorAction({ ...fixed, contributorId: "no-such-contributor" })).toMatchObject({ ok: false, status: 404 });
    expect(invalidated).toEqual([]);
    expect(await updateContributorAction(fixed)).toMatchObject({ ok: true, data: { changed: true } });
    expect(await db.contributor.findUniqueOrThrow({ where: { id: contributor.id } })).toMatchObject({ displayName: fixed.name, bio: fixed.bio, slug: contributor.slug });
    // Only the published story's pages: the draft's are nobody's to see.
    expect(invalidated).toEqual([{ slugs: [published.slug] }]);
    expect(await updateContributorAction(fixed)).toMatchObject({ ok: true, data: { changed: false } });
    expect(await db.auditEvent.count({ where: { targetId: contributor.id, action: "contributor.update" } })).toBe(1);
  });
});

describe("the desk's draft preview", () => {
  it("shows the story's bylines, section and tags as readers would, linked to their pages", async () => {
    const article = await createTestArticle();
    const [author, section] = [`Ann Lea ${uniqueSuffix()}`, `World ${uniqueSuffix()}`];
    await signInAs(editor);
    expect(await setArticleTaxonomyAction({ articleId: article.id, section, tags: ["Weather", "東京"], bylines: [{ name: author, bio: "" }] })).toMatchObject({ ok: true });
    const draft = await getDraftForPreview(article.id);
    const authorSlug = (await db.contributor.findFirstOrThrow({ where: { displayName: author }, select: { slug: true } })).slug;
    const sectionSlug = (await db.section.findUniqueOrThrow({ where: { name: section }, select: { slug: true } })).slug;
    expect(draft.taxonomy).toEqual({
      bylines: [{ name: author, slug: authorSlug }],
      section: { name: section, slug: sectionSlug },
      tags: [{ name: "Weather", slug: "weather" }, { name: "東京", slug: "東京" }],
    });
    const view = await articleViewFromSnapshot(draft.snapshot, { corrections: draft.corrections, taxonomy: draft.taxonomy });
    const html = renderToStaticMarkup(createElement(ArticleView, view));
    expect(html).toContain(`href="/authors/${authorSlug}"`);
    expect(html).toContain(`>${author}</a>`);
    expect(html).toContain(`href="/sections/${sectionSlug}"`);
    expect(html).toContain(`href="/tags/${encodeURIComponent("東京")}"`);
  });
});

describe("restoring a revision", () => {
  it("restores its bylines, section and tags with its text, as a new revision with a diff; readers of a published story see them at once", async () => {
    const article = await createTestArticle({ status: "published", paragraphs: ["Wire copy about the race."] });
    const [first, second] = [`Ann Lea ${uniqueSuffix()}`, `Bo Chan ${uniqueSuffix()}`];
    await signInAs(editor);
    // v2: the bylines, section and tags to come back to.
    expect(await setArticleTaxonomyAction({ articleId: article.id, section: "Sport", tags: ["Olympics", "東京"], bylines: [{ name: first, bio: "" }] })).toMatchObject({ ok: true, data: { version: 2 } });
    // v3: a text edit; v4: other bylines, section and tags.
    const draft = await getArticleForEditing(article.id);
    const { doc: body } = replaceTextInDoc(draft.body as RichTextDoc, "race", "marathon", { all: true });
    expect(await saveArticle({ articleId: article.id, expectedVersion: 2, headline: draft.headline, standfirst: draft.standfirst, body, photos: [] }, editor)).toMatchObject({ version: 3 });
    expect(await setArticleTaxonomyAction({ articleId: article.id, section: "World", tags: ["Weather"], bylines: [{ name: second, bio: "" }] })).toMatchObject({ ok: true, data: { version: 4 } });
    const [firstId] = (await db.contributor.findMany({ where: { displayName: first }, select: { id: true } })).map((row) => row.id);

    // A reporter may restore text, but not bylines, section and tags: refused, nothing written.
    await signInAs(reporter);
    expect(await restoreRevisionAction({ articleId: article.id, version: 2, expectedVersion: 4 })).toMatchObject({ ok: false, status: 403, error: expect.stringContaining("only editors") });
    expect(await stored(article.id)).toMatchObject({ version: 4, section: { name: "World" } });

    invalidated.length = 0;
    await signInAs(editor);
    const restored = await restoreRevisionAction({ articleId: article.id, version: 2, expectedVersion: 4 });
    expect(restored).toMatchObject({ ok: true, data: { changed: true, version: 5, summary: "Restored version 2 (body, bylines, section, tags)" } });
    expect(await stored(article.id)).toEqual({
      version: 5,
      section: { name: "Sport", slug: "sport" },
      tags: [{ tag: { name: "Olympics", slug: "olympics" } }, { tag: { name: "東京", slug: "東京" } }],
      bylines: [{ contributor: { displayName: first, bio: "", userId: null } }],
    });
    expect((await getArticleForEditing(article.id)).body).toEqual(draft.body);
    const comparison = await compareRevisions(article.id, 4, 5);
    expect(comparison.changes.map((change) => [change.field, change.before, change.after])).toEqual([
      ["body", expect.any(String), expect.any(String)],
      ["bylines", second, first],
      ["section", "World", "Sport"],
      ["tags", "Weather", "Olympics, 東京"],
    ]);
    const revision = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: 5 } }, select: { kind: true, authorId: true } });
    expect(revision).toMatchObject({ kind: "restore", authorId: editor.id });
    expect(await readRevisionSnapshot(db, article.id, 5)).toMatchObject({ taxonomy: { section: { name: "Sport" }, bylines: [{ id: firstId, name: first }] } });
    expect(await db.auditEvent.count({ where: { targetId: article.id, action: "article.restore" } })).toBe(1);
    // The story is published and bylines are not held back for a publication: its pages are refreshed.
    expect(invalidated).toEqual([{ slugs: [article.slug] }]);

    // Version 1 had none: restoring it takes them all away (its text too).
    invalidated.length = 0;
    expect(await restoreRevisionAction({ articleId: article.id, version: 1, expectedVersion: 5 })).toMatchObject({ ok: true, data: { version: 6 } });
    expect(await stored(article.id)).toMatchObject({ version: 6, section: null, tags: [], bylines: [] });
    expect(invalidated).toEqual([{ slugs: [article.slug] }]);

    // Restoring a version whose bylines, section and tags are those of now changes only its text, and invalidates nothing.
    invalidated.length = 0;
    expect(await restoreRevisionAction({ articleId: article.id, version: 3, expectedVersion: 6 })).toMatchObject({ ok: true, data: { version: 7, summary: "Restored version 3 (body, bylines, section, tags)" } });
    invalidated.length = 0;
    await signInAs(reporter);
    expect(await restoreRevisionAction({ articleId: article.id, version: 2, expectedVersion: 7 })).toMatchObject({ ok: true, data: { version: 8, summary: "Restored version 2 (body)" } });
    expect(invalidated).toEqual([]);
  });
});

describe("setArticlesSection", () => {
  it("moves many articles at once, each with a revision of its own; a published one's pages are refreshed", async () => {
    const [draft, published, already] = [await createTestArticle(), await createTestArticle({ status: "published" }), await createTestArticle()];
    const section = `Business ${uniqueSuffix()}`;
    await signInAs(editor);
    expect(await setArticleTaxonomyAction({ articleId: already.id, section, tags: [], bylines: [] })).toMatchObject({ ok: true, data: { version: 2 } });
    invalidated.length = 0;
    expect(await setArticlesSection([draft.id, published.id, already.id, draft.id], section, editor.id)).toEqual({ section, updated: 2 });
    for (const article of [draft, published]) {
      expect(await stored(article.id)).toMatchObject({ version: 2, section: { name: section } });
      const revision = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: 2 } }, select: { authorId: true, summary: true } });
      expect(revision).toEqual({ authorId: editor.id, summary: "Edited section" });
      expect((await compareRevisions(article.id, 1, 2)).changes.map((change) => [change.field, change.after])).toEqual([["section", section]]);
    }
    // An editor's doing, not the importer's: the articles now count as edited since their import.
    expect(await db.article.findUniqueOrThrow({ where: { id: draft.id }, select: { importedVersion: true, lastEditorId: true } })).toEqual({ importedVersion: 1, lastEditorId: editor.id });
    expect(await stored(already.id)).toMatchObject({ version: 2 });
    expect(invalidated).toEqual([{ slugs: [published.slug] }]);
  });
});
