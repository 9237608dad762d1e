import fs, { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { parsed } from "@/lib/actions/test-support";
import { articleEditSchema, creditUpdateSchema, getArticleForEditing, saveArticle as saveParsed, updateCredit as updateParsed } from "@/lib/articles";
import { createTestArticle, createTestUser, uniqueName, wireDocument } from "@/lib/articles/test-support/fixtures";
import { disconnectDatabase } from "@/lib/db";
import { assignArticle, moveArticleStage } from "@/lib/workflow";
import { stopJobQueue } from "@/lib/scheduling";
import { cancelSchedule, scheduleArticle } from "@/lib/scheduling/schedule";
import { encodeCursor } from "@/lib/db/keyset";
import { migrateDatabase } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/db/test-support/scratch-database";
import { ValidationError } from "@/lib/errors";
import { importDocuments } from "@/lib/importer";
import { publishArticle as publishParsed, publishSchema } from "@/lib/publishing";
import { projectPath } from "@/lib/project-root";
import { listDeskArticles, type DeskArticleFilterInput } from "@/lib/search";
import { SEARCH_TIME_LIMIT_MS } from "@/lib/search/desk-articles";
import { mergeSearchIndexPendingList } from "@/lib/search/index-upkeep";

// The mutations behind their actions' parse, as the desk calls them.
const saveArticle = parsed(articleEditSchema, saveParsed);
const updateCredit = parsed(creditUpdateSchema, updateParsed);
const publishArticle = parsed(publishSchema, publishParsed);

vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async () => {} }));

let editor: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  editor = await createTestUser("editor");
});
afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

const ids = async (filter: DeskArticleFilterInput) => (await listDeskArticles(filter)).articles.map((row) => row.id);

const documentsDir = mkdtempSync(path.join(tmpdir(), "copydesk-search-"));
/** Imports a wire document dated `date` (the fixtures date everything 2024-08-11). */
async function importDated(date: string, headline: string, paragraphs: string[]) {
  const file = path.join(documentsDir, `${uniqueName()}.txt`);
  writeFileSync(file, wireDocument(headline, paragraphs, []).replace("2024-08-11", date));
  const summary = await importDocuments([file]);
  expect(summary.results[0]?.status).toBe("created");
  return summary.results[0].articleId!;
}

describe("desk list workflow filters", () => {
  it("filter by stage and by assigned to me (as reporter or editor), combined with a search, and show a scheduled time", async () => {
    const token = uniqueName();
    const reporter = await createTestUser("reporter");
    const [mine, editing, other] = [
      await createTestArticle({ paragraphs: [`${token} one.`] }),
      await createTestArticle({ paragraphs: [`${token} two.`] }),
      await createTestArticle({ paragraphs: [`${token} three.`] }),
    ];
    const deskEditor = await createTestUser("editor");
    await assignArticle({ articleId: mine.id, reporterId: reporter.id, editorId: null }, editor);
    await assignArticle({ articleId: editing.id, reporterId: null, editorId: deskEditor.id }, editor);
    await moveArticleStage({ articleId: mine.id, fromStage: "in_progress", toStage: "ready_for_edit", note: "" }, reporter);
    await moveArticleStage({ articleId: editing.id, fromStage: "in_progress", toStage: "ready_for_copy", note: "" }, editor);
    await moveArticleStage({ articleId: other.id, fromStage: "in_progress", toStage: "ready_for_edit", note: "" }, editor);
    const as = (filter: DeskArticleFilterInput, viewerId?: string) => listDeskArticles({ q: token, ...filter }, { viewerId }).then((page) => page.articles.map((row) => row.id).sort());

    expect(await as({ stage: "ready_for_edit" })).toEqual([mine.id, other.id].sort());
    expect(await as({ assigned: "me" }, reporter.id)).toEqual([mine.id]);
    expect(await as({ assigned: "me" }, deskEditor.id)).toEqual([editing.id]);
    expect(await as({ assigned: "me", stage: "ready_for_edit" }, reporter.id)).toEqual([mine.id]);
    expect(await as({ assigned: "me", stage: "ready_for_copy" }, reporter.id)).toEqual([]);
    expect(await as({ assigned: "me" }, editor.id)).toEqual([]);
    // "me" without a signed-in viewer is nobody, never everybody.
    expect(await as({ assigned: "me" })).toEqual([]);
    await expect(listDeskArticles({ stage: "published" })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ assigned: "someone" })).rejects.toBeInstanceOf(ValidationError);

    const runAt = new Date(Date.now() + 3_600_000);
    await scheduleArticle({ articleId: other.id, action: "publish", at: runAt.toISOString() }, editor);
    const rows = (await listDeskArticles({ q: token, stage: "ready_for_edit" })).articles;
    expect(rows.find((row) => row.id === other.id)).toMatchObject({ stage: "ready_for_edit", publishAt: runAt.toISOString(), unpublishAt: null });
    expect(rows.find((row) => row.id === mine.id)).toMatchObject({ publishAt: null });
    // Tests elsewhere run every due schedule with their own clocks: leave nothing pending.
    await cancelSchedule({ articleId: other.id, action: "publish" }, editor);
  });
});

describe("desk search", () => {
  it("finds a word in every field: headline, standfirst, body, captions and credits, ignoring case and accents", async () => {
    const [inHeadline, inBody, inCaption, photographer, accented] = [uniqueName(), uniqueName(), uniqueName(), uniqueName(), uniqueName()];
    const headlineArticle = await createTestArticle({ headline: `${inHeadline} wins the final` });
    const bodyArticle = await createTestArticle({ paragraphs: [`Crowds cheered as ${inBody} crossed the line.`, "Second paragraph."] });
    const captionArticle = await createTestArticle({
      photos: [
        { caption: `Swimmers and ${inCaption} warm up`, credit: { agency: "AP", photographer: `Ann ${photographer}` } },
        { caption: "Fans in Zürich", credit: { agency: "AP", photographer: `Ann ${photographer}` } },
      ],
    });
    const accentArticle = await createTestArticle({ paragraphs: [`The mayor of Gérardmer-${accented} spoke.`] });

    expect(await ids({ q: inHeadline.toLowerCase() })).toEqual([headlineArticle.id]);
    expect(await ids({ q: inBody.toUpperCase() })).toEqual([bodyArticle.id]);
    expect(await ids({ q: inCaption })).toEqual([captionArticle.id]);
    expect(await ids({ q: photographer })).toEqual([captionArticle.id]);
    // "gerardmer" without its accent, and a caption's "Zürich" found as "zurich" together with the photographer.
    expect(await ids({ q: `gerardmer ${accented}` })).toEqual([accentArticle.id]);
    expect(await ids({ q: `zurich ${photographer}` })).toEqual([captionArticle.id]);
    expect(await ids({ q: `ZÜRICH ${photographer}` })).toEqual([captionArticle.id]);
  });

  it("understands quoted phrases, -exclusions and or", async () => {
    const token = uniqueName();
    const redHouse = await createTestArticle({ paragraphs: [`${token} painted the red house.`] });
    const houseRed = await createTestArticle({ paragraphs: [`${token} saw a house that was red.`] });
    const blue = await createTestArticle({ paragraphs: [`${token} painted it blue.`] });

    expect((await ids({ q: `${token} red house` })).sort()).toEqual([redHouse.id, houseRed.id].sort());
    expect(await ids({ q: `${token} "red house"` })).toEqual([redHouse.id]);
    expect((await ids({ q: `${token} -red` })).sort()).toEqual([blue.id]);
    expect((await ids({ q: `${token} blue or "red house"` })).sort()).toEqual([redHouse.id, blue.id].sort());
    // Totals count what matches, not the articles that merely have the words (the index's candidates
    // for a phrase), with and without a filter on the article itself (counted with a join).
    const total = async (filter: DeskArticleFilterInput) => {
      const page = await listDeskArticles(filter);
      return { total: page.total, totalIsBound: page.totalIsBound, listed: page.articles.length };
    };
    expect(await total({ q: `${token} "red house"` })).toEqual({ total: 1, totalIsBound: false, listed: 1 });
    expect(await total({ q: `${token} "red house"`, status: "draft" })).toEqual({ total: 1, totalIsBound: false, listed: 1 });
    expect(await total({ q: `${token} "red house"`, status: "published" })).toEqual({ total: 0, totalIsBound: false, listed: 0 });
    expect(await total({ q: `${token} -red` })).toEqual({ total: 1, totalIsBound: false, listed: 1 });
    expect(await total({ q: `${token} red house`, from: "2000-01-01" })).toEqual({ total: 2, totalIsBound: false, listed: 2 });
  });

  it("stops a search that runs too long and says so, rather than holding the desk (or failing)", async () => {
    const token = uniqueName();
    await createTestArticle({ paragraphs: [`${token} painted the red house.`] });
    // A table another session holds makes every search query wait: it is stopped at the time limit.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query(`BEGIN; LOCK TABLE "ArticleSearch" IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const phrase = await listDeskArticles({ q: `${token} "red house"` });
      expect(Date.now() - started).toBeGreaterThanOrEqual(SEARCH_TIME_LIMIT_MS - 100);
      expect(phrase.articles).toEqual([]);
      expect(phrase.notice).toMatch(/took too long and was stopped.*quoted phrase/);
      const words = await listDeskArticles({ q: `${token} red` });
      expect(words.notice).toMatch(/took too long and was stopped\. Add a word or a filter/);
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // Once the table is free, the same search answers.
    expect((await listDeskArticles({ q: `${token} "red house"` })).articles).toHaveLength(1);
  });

  it("ranks headline matches above body matches and marks where it matched", async () => {
    const token = uniqueName();
    const inBody = await createTestArticle({ paragraphs: [`Nothing about it here, only ${token} once in the text.`] });
    const inHeadline = await createTestArticle({ headline: `${token} in the headline` });
    const page = await listDeskArticles({ q: token });
    expect(page.order).toBe("relevance");
    expect(page.articles.map((row) => row.id)).toEqual([inHeadline.id, inBody.id]);
    const snippet = page.articles[1].snippet!;
    expect(snippet.filter((part) => part.match).map((part) => part.text.toLowerCase())).toContain(token.toLowerCase());
    expect(snippet.map((part) => part.text).join("")).toContain("only");
  });

  it("cuts the snippet from where the search matched: the article's text, its captions, or both", async () => {
    const [inBody, inCaption] = [uniqueName(), uniqueName()];
    await createTestArticle({
      paragraphs: [`The ${inBody} opened the season at the lido.`, "Nothing else happened."],
      photos: [{ caption: `Swimmers and ${inCaption} warm up before the race`, credit: { agency: "AP", photographer: `Flo ${uniqueName()}` } }],
    });
    const marked = async (q: string) =>
      (await listDeskArticles({ q })).articles[0].snippet!.filter((part) => part.match).map((part) => part.text.toLowerCase());
    expect(await marked(inBody)).toEqual([inBody.toLowerCase()]);
    expect(await marked(inCaption)).toEqual([inCaption.toLowerCase()]);
    expect(await marked(`${inBody} ${inCaption}`)).toEqual([inBody.toLowerCase(), inCaption.toLowerCase()]);
  });

  it("keeps the index in step with saves, credit renames and publishing", async () => {
    const [oldWord, newWord, oldName, newName] = [uniqueName(), uniqueName(), uniqueName(), uniqueName()];
    const created = await createTestArticle({
      paragraphs: [`The ${oldWord} arrived.`],
      photos: [{ caption: "A photo", credit: { agency: "AP", photographer: `Bo ${oldName}` } }],
    });
    const article = await getArticleForEditing(created.id);
    const body = JSON.parse(JSON.stringify(article.body).replace(oldWord, newWord));
    const saved = await saveArticle(
      {
        articleId: article.id,
        expectedVersion: article.version,
        headline: article.headline,
        standfirst: article.standfirst,
        body,
        photos: article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.credit?.id ?? null })),
      },
      editor,
    );
    expect(await ids({ q: oldWord })).toEqual([]);
    expect(await ids({ q: newWord })).toEqual([article.id]);

    await updateCredit({ id: article.photos[0].credit!.id, agency: "AP", photographer: `Bo ${newName}` }, editor);
    expect(await ids({ q: oldName })).toEqual([]);
    expect(await ids({ q: newName })).toEqual([article.id]);

    await publishArticle({ articleId: article.id, expectedVersion: saved.version }, editor);
    expect(await ids({ q: newWord, status: "published" })).toEqual([article.id]);
    expect(await ids({ q: newWord, status: "draft" })).toEqual([]);
  });

  it("merges the index's pending entries on its upkeep, and finds the same articles after", async () => {
    const word = uniqueName();
    await mergeSearchIndexPendingList();
    const article = await createTestArticle({ paragraphs: [`A ${word} was seen.`], photos: [{ caption: `The ${word} at dusk` }] });
    // Its words wait in the pending list until merged; found before and after.
    expect(await ids({ q: word })).toEqual([article.id]);
    expect(await mergeSearchIndexPendingList()).toBeGreaterThan(0);
    expect(await mergeSearchIndexPendingList()).toBe(0);
    expect(await ids({ q: word })).toEqual([article.id]);
  });

  it("re-indexes the articles a re-import rewrites, in the same statement's batch, and only those", async () => {
    const [oldWord, newWord, headlineWord, untouchedWord] = [uniqueName(), uniqueName(), uniqueName(), uniqueName()];
    const [changing, unchanged] = [path.join(documentsDir, `${uniqueName()}.txt`), path.join(documentsDir, `${uniqueName()}.txt`)];
    writeFileSync(changing, wireDocument(`Harbour ${uniqueName()} reopens`, [`The ${oldWord} arrived.`], []));
    writeFileSync(unchanged, wireDocument(`Quay ${uniqueName()} repaired`, [`The ${untouchedWord} stayed.`], []));
    const first = await importDocuments([changing, unchanged]);
    const [changingId, unchangedId] = first.results.map((result) => result.articleId!);
    expect(await ids({ q: oldWord })).toEqual([changingId]);

    writeFileSync(changing, wireDocument(`Harbour ${headlineWord} reopens`, [`The ${newWord} arrived.`], []));
    const second = await importDocuments([changing, unchanged]);
    expect(second).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await ids({ q: oldWord })).toEqual([]);
    expect(await ids({ q: newWord })).toEqual([changingId]);
    expect(await ids({ q: headlineWord })).toEqual([changingId]);
    expect(await ids({ q: untouchedWord })).toEqual([unchangedId]);
  });

  it("filters by status, document date, credit and last editor, together with a search", async () => {
    const token = uniqueName();
    const early = await importDated("2023-01-05", `${token} early`, ["Words."]);
    const late = await importDated("2024-06-30", `${token} late`, ["Words."]);
    const credited = await createTestArticle({
      headline: `${token} credited`,
      photos: [{ caption: "A photo", credit: { agency: "Reuters", photographer: `Cy ${uniqueName()}` } }],
    });
    const creditId = credited.photos[0].creditId!;

    expect(await ids({ q: token, from: "2023-01-01", to: "2023-12-31" })).toEqual([early]);
    expect((await ids({ q: token, from: "2024-01-01" })).sort()).toEqual([late, credited.id].sort());
    expect(await ids({ q: token, to: "2023-01-05" })).toEqual([early]);
    expect(await ids({ q: token, credit: creditId })).toEqual([credited.id]);
    expect(await ids({ credit: creditId })).toEqual([credited.id]);

    const other = await createTestUser("reporter");
    const article = await getArticleForEditing(late);
    await saveArticle(
      { articleId: late, expectedVersion: article.version, headline: `${article.headline} (edited)`, standfirst: article.standfirst, body: article.body, photos: [] },
      other,
    );
    expect(await ids({ editor: other.id })).toEqual([late]);
    expect(await ids({ q: token, editor: other.id, status: "draft" })).toEqual([late]);
    expect(await ids({ q: token, editor: other.id, status: "published" })).toEqual([]);
  });

  it("pages with keyset cursors in both directions, without repeating or skipping", async () => {
    const token = uniqueName();
    const made = new Set<string>();
    for (let index = 0; index < 27; index++) made.add((await createTestArticle({ headline: `${token} story ${index}` })).id);

    const first = await listDeskArticles({ q: token });
    expect(first).toMatchObject({ total: 27, totalIsBound: false, previous: null });
    expect(first.articles).toHaveLength(25);
    const second = await listDeskArticles({ q: token, after: first.next! });
    expect(second.articles).toHaveLength(2);
    expect(second.next).toBeNull();
    expect(new Set([...first.articles, ...second.articles].map((row) => row.id))).toEqual(made);
    const back = await listDeskArticles({ q: token, before: second.previous! });
    expect(back.articles.map((row) => row.id)).toEqual(first.articles.map((row) => row.id));
    expect(back.previous).toBeNull();

    // Without a search: newest change first, the same way.
    const recent = await listDeskArticles({});
    expect(recent.order).toBe("recent");
    const next = await listDeskArticles({ after: recent.next! });
    const times = [...recent.articles, ...next.articles].map((row) => row.id);
    expect(new Set(times).size).toBe(times.length);
  });

  it("answers any input with results or a clear message, never an unexpected error", async () => {
    const odd = ['"', "-", "--", '""', "-\"", "!!!", "&|!():*<->", "'", "\\", "a:*", "😀", "x\u0000y", "或者", "(((", "OR", "or or", "-the", "\"unclosed phrase", "%_"];
    for (const q of odd) {
      await expect(listDeskArticles({ q }), `for ${JSON.stringify(q)}`).resolves.toHaveProperty("articles");
    }
    expect((await listDeskArticles({ q: "the" })).notice).toMatch(/no words to search for/);
    expect((await listDeskArticles({ q: "a".repeat(200) })).articles).toEqual([]);
    await expect(listDeskArticles({ q: "a".repeat(201) })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ status: "publishd" })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ from: "2024-02-30" })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ from: "2024-03-01", to: "2024-02-01" })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ after: "not-a-cursor" })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ after: encodeCursor(["recent", "", "garbage", "x"]) })).rejects.toBeInstanceOf(ValidationError);
    await expect(listDeskArticles({ q: "x", after: encodeCursor(["relevance", "NaN", "2024-01-01 00:00:00", "x"]) })).rejects.toBeInstanceOf(ValidationError);
    expect((await listDeskArticles({ after: encodeCursor(["recent", "", "2024-01-01 00:00:00.123", "x"]) })).articles).toBeDefined();
  });
});

describe("the desk's filters, from the copies on the search row", () => {
  /** Saves the article with a new standfirst (and `photos` changed if given), as `actor`: a new version, a new time. */
  type Photos = Awaited<ReturnType<typeof getArticleForEditing>>["photos"];
  async function saveAs(articleId: string, actor: typeof editor, photos?: (current: Photos) => z.input<typeof articleEditSchema>["photos"]) {
    const article = await getArticleForEditing(articleId);
    return saveArticle(
      {
        articleId,
        expectedVersion: article.version,
        headline: article.headline,
        standfirst: `Edited ${uniqueName()}`,
        body: article.body,
        photos: photos
          ? photos(article.photos)
          : article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.credit?.id ?? null })),
      },
      actor,
    );
  }

  it("lists by last editor newest change first, and follows saves and publication, with and without a search", async () => {
    const token = uniqueName();
    const reporter = await createTestUser("reporter");
    const first = await createTestArticle({ headline: `${token} first` });
    const second = await createTestArticle({ headline: `${token} second` });
    expect(await ids({ editor: reporter.id })).toEqual([]);

    await saveAs(first.id, reporter);
    await saveAs(second.id, reporter);
    expect(await ids({ editor: reporter.id })).toEqual([second.id, first.id]);
    const saved = await saveAs(first.id, reporter);
    expect(await ids({ editor: reporter.id })).toEqual([first.id, second.id]);

    await publishArticle({ articleId: first.id, expectedVersion: saved.version }, editor);
    expect(await ids({ editor: reporter.id, status: "published" })).toEqual([first.id]);
    expect(await ids({ editor: reporter.id, status: "draft" })).toEqual([second.id]);
    expect(await ids({ q: token, status: "published" })).toEqual([first.id]);
    // The list's own order is the copy's: the article published last changed last.
    expect((await listDeskArticles({ editor: reporter.id })).articles[0].id).toBe(first.id);
  });

  it("follows stage moves and assignments, including an assignment taken away", async () => {
    const token = uniqueName();
    const reporter = await createTestUser("reporter");
    const article = await createTestArticle({ headline: `${token} staged` });
    const mine = async (filter: DeskArticleFilterInput = {}) => (await listDeskArticles(filter, { viewerId: reporter.id })).articles.map((row) => row.id);

    await assignArticle({ articleId: article.id, reporterId: reporter.id, editorId: null }, editor);
    expect(await mine({ assigned: "me" })).toEqual([article.id]);
    await moveArticleStage({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_copy", note: "" }, editor);
    expect(await mine({ assigned: "me", stage: "ready_for_copy" })).toEqual([article.id]);
    expect(await mine({ assigned: "me", stage: "in_progress" })).toEqual([]);
    expect(await mine({ assigned: "me", q: token })).toEqual([article.id]);

    await assignArticle({ articleId: article.id, reporterId: null, editorId: null }, editor);
    expect(await mine({ assigned: "me" })).toEqual([]);
    expect(await mine({ assigned: "me", q: token })).toEqual([]);
  });

  it("follows a re-import that changes the document date", async () => {
    const token = uniqueName();
    const file = path.join(documentsDir, `${uniqueName()}.txt`);
    writeFileSync(file, wireDocument(`${token} dated`, ["Words."], []).replace("2024-08-11", "1987-04-04"));
    const [created] = (await importDocuments([file])).results;
    expect(await ids({ from: "1987-04-04", to: "1987-04-04" })).toEqual([created.articleId]);

    writeFileSync(file, wireDocument(`${token} dated`, ["Words."], []).replace("2024-08-11", "1988-05-05"));
    expect(await importDocuments([file])).toMatchObject({ updated: 1 });
    expect(await ids({ from: "1987-04-04", to: "1987-04-04" })).toEqual([]);
    expect(await ids({ q: token, to: "1987-12-31" })).toEqual([]);
    expect(await ids({ q: token, from: "1988-05-05", to: "1988-05-05" })).toEqual([created.articleId]);
  });

  it("follows a photo's credit through a change in a save, a merge of credits and the photo's removal", async () => {
    const [kept, moved, other] = [uniqueName(), uniqueName(), uniqueName()];
    const article = await createTestArticle({
      photos: [
        { caption: "First photo", credit: { agency: "AP", photographer: `Di ${kept}` } },
        { caption: "Second photo", credit: { agency: "AP", photographer: `Di ${moved}` } },
      ],
    });
    const elsewhere = await createTestArticle({ photos: [{ caption: "Elsewhere", credit: { agency: "Reuters", photographer: `Ed ${other}` } }] });
    const [keptId, movedId] = article.photos.map((photo) => photo.creditId!);
    const otherId = elsewhere.photos[0].creditId!;
    expect(await ids({ credit: movedId })).toEqual([article.id]);

    // The second photo is credited to the other article's photographer instead.
    await saveAs(article.id, editor, (photos) =>
      photos.map((photo, index) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: index === 1 ? otherId : (photo.credit?.id ?? null) })),
    );
    expect(await ids({ credit: movedId })).toEqual([]);
    expect((await ids({ credit: otherId })).sort()).toEqual([article.id, elsewhere.id].sort());
    expect(await ids({ credit: keptId, q: moved })).toEqual([]);

    // Renaming that credit to the first photo's merges the two: both articles carry the kept one.
    await updateCredit({ id: otherId, agency: "AP", photographer: `Di ${kept}` }, editor);
    expect(await ids({ credit: otherId })).toEqual([]);
    expect((await ids({ credit: keptId })).sort()).toEqual([article.id, elsewhere.id].sort());
    expect(await ids({ credit: keptId, q: other })).toEqual([]);

    await saveAs(article.id, editor, () => []);
    expect(await ids({ credit: keptId })).toEqual([elsewhere.id]);
  });
});

describe("the search index migration", () => {
  it("indexes the articles of a database that existed before it", async () => {
    const all = fs.readdirSync(projectPath("prisma", "migrations")).filter((name) => /^\d+_/.test(name)).sort();
    const own = all.find((name) => name.endsWith("_desk_search"))!;
    const before = fs.mkdtempSync(path.join(tmpdir(), "copydesk-migrations-"));
    for (const name of all.filter((name) => name < own)) fs.cpSync(projectPath("prisma", "migrations", name), path.join(before, name), { recursive: true });

    const scratch = await createScratchDatabase(process.env.COPYDESK_TEST_ADMIN_URL!, "copydesk_search_migration", { migrate: false });
    const client = new pg.Client({ connectionString: scratch.url });
    try {
      await migrateDatabase(scratch.url, { migrationsDir: before });
      await client.connect();
      const doc = (text: string) => JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
      await client.query(`INSERT INTO "Credit" (id, agency, photographer) VALUES ('c1', 'AP', 'Olga Quernby')`);
      await client.query(
        `INSERT INTO "Article" (id, slug, headline, body, "documentDate", "updatedAt") VALUES ('a1', 'a1', 'Old story', $1, '2020-01-01', now())`,
        [doc("An archived paragraph about lighthouses.")],
      );
      await client.query(`INSERT INTO "Photo" (id, "articleId", position, caption, "creditId") VALUES ('p1', 'a1', 0, $1, 'c1')`, [doc("Keepers at work")]);

      await migrateDatabase(scratch.url);
      const found = async (words: string) =>
        (
          await client.query<{ id: string }>(
            `SELECT "articleId" AS id FROM "ArticleSearch" WHERE document @@ websearch_to_tsquery('copydesk_search', $1)`,
            [words],
          )
        ).rows.map((row) => row.id);
      expect(await found("lighthouse")).toEqual(["a1"]);
      expect(await found("keepers quernby")).toEqual(["a1"]);
      expect(await found("old story")).toEqual(["a1"]);
    } finally {
      await client.end().catch(() => {});
      await scratch.drop();
    }
  });
  it("fills the copied filter columns of the rows indexed before them", async () => {
    const all = fs.readdirSync(projectPath("prisma", "migrations")).filter((name) => /^\d+_/.test(name)).sort();
    const own = all.find((name) => name.endsWith("_search_filter_columns"))!;
    const before = fs.mkdtempSync(path.join(tmpdir(), "copydesk-migrations-"));
    for (const name of all.filter((name) => name < own)) fs.cpSync(projectPath("prisma", "migrations", name), path.join(before, name), { recursive: true });

    const scratch = await createScratchDatabase(process.env.COPYDESK_TEST_ADMIN_URL!, "copydesk_search_filters_migration", { migrate: false });
    const client = new pg.Client({ connectionString: scratch.url });
    try {
      await migrateDatabase(scratch.url, { migrationsDir: before });
      await client.connect();
      const doc = (text: string) => JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
      await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('u1', 'u1@test', 'Una', 'x', 'editor', now())`);
      await client.query(`INSERT INTO "Credit" (id, agency, photographer) VALUES ('c1', 'AP', 'Olga Quernby'), ('c2', 'AFP', 'Piet Rask')`);
      await client.query(
        `INSERT INTO "Article" (id, slug, headline, body, "documentDate", "updatedAt", status, stage, "lastEditorId", "assignedEditorId")
         VALUES ('a1', 'a1', 'Old story', $1, '2020-01-01', '2021-02-03 04:05:06.789', 'published', 'ready_for_copy', 'u1', 'u1'),
                ('a2', 'a2', 'Other story', $1, '2020-06-01', '2021-02-04 00:00:00', 'draft', 'in_progress', NULL, NULL)`,
        [doc("An archived paragraph about lighthouses.")],
      );
      await client.query(
        `INSERT INTO "Photo" (id, "articleId", position, caption, "creditId") VALUES ('p1', 'a1', 0, $1, 'c1'), ('p2', 'a1', 1, $1, 'c2'), ('p3', 'a1', 2, $1, 'c1')`,
        [doc("Keepers at work")],
      );

      await migrateDatabase(scratch.url);
      const { rows } = await client.query(
        `SELECT "articleId", status::text, stage::text, "documentDate"::text, "updatedAt"::text, "lastEditorId", "assigneeIds", "creditIds"
           FROM "ArticleSearch" ORDER BY 1`,
      );
      expect(rows).toEqual([
        { articleId: "a1", status: "published", stage: "ready_for_copy", documentDate: "2020-01-01", updatedAt: "2021-02-03 04:05:06.789", lastEditorId: "u1", assigneeIds: ["u1"], creditIds: ["c1", "c2"] },
        { articleId: "a2", status: "draft", stage: "in_progress", documentDate: "2020-06-01", updatedAt: "2021-02-04 00:00:00", lastEditorId: null, assigneeIds: [], creditIds: [] },
      ]);
      // And kept from then on by the trigger, the document untouched.
      await client.query(`UPDATE "Article" SET status = 'draft', "lastEditorId" = NULL WHERE id = 'a1'`);
      const found = await client.query(
        `SELECT "articleId" AS id FROM "ArticleSearch" WHERE status = 'draft' AND "creditIds" @> ARRAY['c2'] AND document @@ websearch_to_tsquery('copydesk_search', 'keepers lighthouse') AND "lastEditorId" IS NULL`,
      );
      expect(found.rows).toEqual([{ id: "a1" }]);
    } finally {
      await client.end().catch(() => {});
      await scratch.drop();
    }
  });
  it("gives existing photos and credits their stored vectors, and assembles the photo text from them as a caption changes", async () => {
    const all = fs.readdirSync(projectPath("prisma", "migrations")).filter((name) => /^\d+_/.test(name)).sort();
    const own = all.find((name) => name.endsWith("_search_photo_vectors"))!;
    const before = fs.mkdtempSync(path.join(tmpdir(), "copydesk-migrations-"));
    for (const name of all.filter((name) => name < own)) fs.cpSync(projectPath("prisma", "migrations", name), path.join(before, name), { recursive: true });

    const scratch = await createScratchDatabase(process.env.COPYDESK_TEST_ADMIN_URL!, "copydesk_search_vectors_migration", { migrate: false });
    const client = new pg.Client({ connectionString: scratch.url });
    try {
      await migrateDatabase(scratch.url, { migrationsDir: before });
      await client.connect();
      const doc = (text: string) => JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
      await client.query(`INSERT INTO "Credit" (id, agency, photographer) VALUES ('c1', 'AP', 'Olga Quernby'), ('c2', 'AFP', 'Piet Rask')`);
      await client.query(`INSERT INTO "Article" (id, slug, headline, body, "documentDate", "updatedAt") VALUES ('a1', 'a1', 'Old story', $1, '2020-01-01', now())`, [
        doc("An archived paragraph about lighthouses."),
      ]);
      // 70 photos: more than two of the groups the photo text is assembled in.
      const captions = Array.from({ length: 70 }, (_, index) => `Keeper number${index} at the lamp of Zürich`);
      await client.query(
        `INSERT INTO "Photo" (id, "articleId", position, caption, alt, "creditId")
         SELECT 'p' || i, 'a1', i, jsonb_build_object('type', 'doc', 'content', jsonb_build_array(jsonb_build_object('type', 'paragraph',
                  'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', ($1::text[])[i + 1]))))),
                CASE WHEN i = 3 THEN 'Seen from the gallery' END, CASE WHEN i % 2 = 0 THEN 'c1' ELSE 'c2' END
           FROM generate_series(0, 69) AS i`,
        [captions],
      );
      const documentBefore = (await client.query(`SELECT document::text FROM "ArticleSearch" WHERE "articleId" = 'a1'`)).rows[0].document;

      await migrateDatabase(scratch.url);
      // Search documents written before are kept as they were; every photo and credit has its vector.
      expect((await client.query(`SELECT document::text FROM "ArticleSearch" WHERE "articleId" = 'a1'`)).rows[0].document).toBe(documentBefore);
      const missing = await client.query(`SELECT (SELECT count(*) FROM "Photo" WHERE "searchText" IS NULL OR "searchText" = ''::tsvector)::int AS photos,
                                                 (SELECT count(*) FROM "Credit" WHERE "searchText" IS NULL OR "searchText" = ''::tsvector)::int AS credits`);
      expect(missing.rows).toEqual([{ photos: 0, credits: 0 }]);

      // One caption changes: the photo text assembled from the stored vectors has the same words and
      // weights as the whole text vectorised at once (positions aside), the new word and not the old.
      await client.query(`UPDATE "Photo" SET caption = $1 WHERE id = 'p40'`, [doc("Keeper Wendeline polishes the lens")]);
      const compared = await client.query(
        `SELECT strip(s."photoText")::text = strip(fresh.v)::text AS same, s."photoText" @@ websearch_to_tsquery('copydesk_search', 'wendeline') AS "hasNew",
                s."photoText" @@ websearch_to_tsquery('copydesk_search', 'number40') AS "hasOld",
                s.document @@ websearch_to_tsquery('copydesk_search', 'lighthouse wendeline quernby rask gallery zurich number69') AS "allFields",
                s.document @@ websearch_to_tsquery('copydesk_search', '"piet rask"') AS "creditPhrase",
                s.document @@ websearch_to_tsquery('copydesk_search', '"lamp of zurich"') AS "captionPhrase",
                ts_rank(s.document, websearch_to_tsquery('copydesk_search', 'story')) > ts_rank(s.document, websearch_to_tsquery('copydesk_search', 'wendeline')) AS "headlineFirst"
           FROM "ArticleSearch" s,
                LATERAL (SELECT to_tsvector('public.copydesk_search', string_agg(concat_ws(' ', copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' ' ORDER BY p.position)) AS v
                           FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId" WHERE p."articleId" = s."articleId") AS fresh
          WHERE s."articleId" = 'a1'`,
      );
      expect(compared.rows).toEqual([{ same: true, hasNew: true, hasOld: false, allFields: true, creditPhrase: true, captionPhrase: true, headlineFirst: true }]);

      // A credit renamed: its vector follows, and so does every article with its photos.
      await client.query(`UPDATE "Credit" SET photographer = 'Piet Ravn' WHERE id = 'c2'`);
      const renamed = await client.query(
        `SELECT document @@ websearch_to_tsquery('copydesk_search', 'ravn') AS "hasNew", document @@ websearch_to_tsquery('copydesk_search', 'rask') AS "hasOld"
           FROM "ArticleSearch" WHERE "articleId" = 'a1'`,
      );
      expect(renamed.rows).toEqual([{ hasNew: true, hasOld: false }]);
    } finally {
      await client.end().catch(() => {});
      await scratch.drop();
    }
  });
});
