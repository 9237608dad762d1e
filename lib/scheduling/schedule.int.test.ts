import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestArticle, createTestUser, catchError } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { loadFeedItems, loadFrontPage, loadPublishedArticle, loadSitemapEntries } from "@/lib/site/queries";
import { createReaderCache, type ReaderCache } from "@/server/reader-cache";
import { getPublishState } from "@/lib/publishing/state";
import { createJobQueue, stopJobQueue } from "./queue";
import { cancelSchedule, listPendingSchedules, runDueSchedules, runSchedule, scheduleArticle } from "./schedule";
import { startScheduleWorker } from "./worker";

// Timed publishing against a real database and a real pg-boss queue. The clock is injected
// (runDueSchedules/runSchedule take `now`); tests with running workers wait at most seconds.

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let editor: TestUser;
const SECOND = 1000;

async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function readerSlugs() {
  const slugs = (items: Array<{ slug: string }>) => items.map((item) => item.slug);
  return [...slugs(await loadFrontPage()), ...slugs(await loadFeedItems()), ...slugs(await loadSitemapEntries())];
}

async function publicationCount(articleId: string) {
  return db.publication.count({ where: { articleId } });
}

beforeAll(async () => {
  editor = await createTestUser("editor");
});
afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

describe("a scheduled story", () => {
  it("shows its pending times in the publish dialog's state, rescheduled and cancelled there", async () => {
    const article = await createTestArticle();
    const now = new Date();
    const first = new Date(now.getTime() + 3_600 * SECOND);
    await scheduleArticle({ articleId: article.id, action: "publish", at: first.toISOString() }, editor, { now });
    expect((await getPublishState(article.id)).schedules).toEqual([{ action: "publish", runAt: first.toISOString(), createdBy: editor.name }]);
    const moved = new Date(now.getTime() + 7_200 * SECOND);
    await scheduleArticle({ articleId: article.id, action: "publish", at: moved.toISOString() }, editor, { now });
    const unpublishAt = new Date(now.getTime() + 9_000 * SECOND);
    await scheduleArticle({ articleId: article.id, action: "unpublish", at: unpublishAt.toISOString() }, editor, { now });
    const state = await getPublishState(article.id);
    expect(state.schedules.map((row) => [row.action, row.runAt])).toEqual([
      ["publish", moved.toISOString()],
      ["unpublish", unpublishAt.toISOString()],
    ]);
    expect(state.newsroomTimeZone).toBe(process.env.NEWSROOM_TIME_ZONE?.trim() || "UTC");
    await cancelSchedule({ articleId: article.id, action: "publish" }, editor);
    expect((await getPublishState(article.id)).schedules.map((row) => row.action)).toEqual(["unpublish"]);
    // Other tests run every due schedule with their clocks: leave nothing pending.
    await cancelSchedule({ articleId: article.id, action: "unpublish" }, editor);
  });

  it("is on no reader surface one second before its time and on all of them one second after", async () => {
    const article = await createTestArticle();
    const now = new Date();
    const runAt = new Date(now.getTime() + 3_600 * SECOND);
    const scheduled = await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, editor, { now });
    expect(scheduled.runAt).toBe(runAt.toISOString());
    expect((await listPendingSchedules()).map((row) => row.articleId)).toContain(article.id);

    expect(await runDueSchedules({ now: new Date(runAt.getTime() - SECOND) })).toEqual([]);
    expect(await loadPublishedArticle(article.slug)).toBeNull();
    expect(await readerSlugs()).not.toContain(article.slug);

    const outcomes = await runDueSchedules({ now: new Date(runAt.getTime() + SECOND) });
    expect(outcomes).toContainEqual({ status: "done", slug: article.slug, lateByMs: SECOND, late: false });
    const visible = await loadPublishedArticle(article.slug);
    expect(visible?.headline).toBe(article.headline);
    expect(visible?.publishedAt).toBe(new Date(runAt.getTime() + SECOND).toISOString());
    expect(await readerSlugs()).toEqual(expect.arrayContaining([article.slug]));

    const publications = await db.publication.findMany({ where: { articleId: article.id }, select: { kind: true, publishedById: true } });
    expect(publications).toEqual([{ kind: "first", publishedById: editor.id }]);
    const audit = await db.auditEvent.findMany({ where: { targetId: article.id }, orderBy: { at: "asc" }, select: { action: true } });
    expect(audit.map((event) => event.action).filter((action) => action !== "article.import")).toEqual([
      "article.schedule",
      "article.publish",
      "article.schedule_run",
    ]);
  });

  it("publishes the draft as it is at the time, and can be rescheduled and cancelled", async () => {
    const article = await createTestArticle();
    const now = new Date();
    const first = new Date(now.getTime() + 600 * SECOND);
    const later = new Date(now.getTime() + 1_200 * SECOND);
    await scheduleArticle({ articleId: article.id, action: "publish", at: first.toISOString() }, editor, { now });
    await scheduleArticle({ articleId: article.id, action: "publish", at: later.toISOString() }, editor, { now });
    const pending = await db.articleSchedule.findMany({ where: { articleId: article.id }, select: { state: true, runAt: true }, orderBy: { createdAt: "asc" } });
    expect(pending).toEqual([
      { state: "cancelled", runAt: first },
      { state: "pending", runAt: later },
    ]);
    expect(await runDueSchedules({ now: new Date(first.getTime() + SECOND) })).toEqual([]);
    expect(await loadPublishedArticle(article.slug)).toBeNull();

    await cancelSchedule({ articleId: article.id, action: "publish" }, editor);
    expect(await runDueSchedules({ now: new Date(later.getTime() + SECOND) })).toEqual([]);
    expect(await loadPublishedArticle(article.slug)).toBeNull();
    expect(await catchError(cancelSchedule({ articleId: article.id, action: "publish" }, editor))).toMatchObject({ status: 409 });
  });

  it("unpublishes at its time", async () => {
    const article = await createTestArticle({ status: "published" });
    const now = new Date();
    const runAt = new Date(now.getTime() + 60 * SECOND);
    await scheduleArticle({ articleId: article.id, action: "unpublish", at: runAt.toISOString() }, editor, { now });
    await runDueSchedules({ now: new Date(runAt.getTime() - SECOND) });
    expect(await loadPublishedArticle(article.slug)).not.toBeNull();
    await runDueSchedules({ now: new Date(runAt.getTime() + SECOND) });
    expect(await loadPublishedArticle(article.slug)).toBeNull();
  });

  // Who may schedule is the action's declaration (lib/workflow/actions.int.test.ts tests it for every role).
  it("refuses a past time, a change kind on a first publication and none on a republication", async () => {
    const article = await createTestArticle();
    const now = new Date();
    const past = await catchError(scheduleArticle({ articleId: article.id, action: "publish", at: new Date(now.getTime() - SECOND).toISOString() }, editor, { now }));
    expect(past).toBeInstanceOf(ValidationError);
    expect((past as ValidationError).fieldErrors.at).toEqual(["Choose a time in the future."]);
    const future = new Date(now.getTime() + 60 * SECOND).toISOString();
    const withKind = await catchError(scheduleArticle({ articleId: article.id, action: "publish", at: future, kind: "update" }, editor, { now }));
    expect((withKind as ValidationError).fieldErrors.kind).toBeDefined();
    const published = await createTestArticle({ status: "published" });
    const withoutKind = await catchError(scheduleArticle({ articleId: published.id, action: "publish", at: future }, editor, { now }));
    expect((withoutKind as ValidationError).fieldErrors.kind).toBeDefined();
    expect(await db.articleSchedule.count({ where: { articleId: { in: [article.id, published.id] } } })).toBe(0);
  });

  it("reads a wall time in the newsroom's time zone", async () => {
    const article = await createTestArticle();
    const scheduled = await scheduleArticle(
      { articleId: article.id, action: "publish", at: "2027-07-02T06:00" },
      editor,
      { timeZone: "Europe/London", now: new Date("2027-01-01T00:00:00Z") },
    );
    expect(scheduled.runAt).toBe("2027-07-02T05:00:00.000Z");
    await cancelSchedule({ articleId: article.id, action: "publish" }, editor);
  });

  it("is published once when two runs race for it", async () => {
    const article = await createTestArticle();
    const now = new Date();
    const runAt = new Date(now.getTime() + 10 * SECOND);
    const { id } = await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, editor, { now });
    const after = { now: new Date(runAt.getTime() + SECOND) };
    const outcomes = await Promise.all([runSchedule(id, after), runSchedule(id, after), runDueSchedules(after)]);
    expect(outcomes.flat().filter((outcome) => outcome.status === "done")).toHaveLength(1);
    expect(await publicationCount(article.id)).toBe(1);
  });

  it("reports a publish that cannot happen in the editor's inbox and the audit log", async () => {
    const article = await createTestArticle();
    const scheduler = await createTestUser("editor");
    const now = new Date();
    const runAt = new Date(now.getTime() + 10 * SECOND);
    const { id } = await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, scheduler, { now });
    await db.user.update({ where: { id: scheduler.id }, data: { role: "reporter" } });

    const outcome = await runSchedule(id, { now: new Date(runAt.getTime() + SECOND) });
    expect(outcome).toEqual({ status: "failed", error: "Only editors can publish or unpublish." });
    expect(await loadPublishedArticle(article.slug)).toBeNull();
    expect(await db.articleSchedule.findUniqueOrThrow({ where: { id }, select: { state: true, error: true } })).toEqual({
      state: "failed",
      error: "Only editors can publish or unpublish.",
    });
    const inbox = await db.inboxEntry.findMany({ where: { recipientId: scheduler.id }, select: { kind: true, message: true } });
    expect(inbox).toEqual([{ kind: "schedule_failed", message: expect.stringContaining(`“${article.headline}” failed: Only editors`) }]);
    expect(await db.auditEvent.count({ where: { targetId: article.id, action: "article.schedule_failed" } })).toBe(1);
  });
});

describe("the schedule queue (pg-boss)", () => {
  const workers: PgBoss[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((boss) => boss.stop({ graceful: false, timeout: 1000 })));
  });

  async function startInstance() {
    const boss = await createJobQueue(process.env.DATABASE_URL!, { worker: true });
    workers.push(boss);
    await startScheduleWorker(boss, { pollingIntervalSeconds: 0.5 });
    return boss;
  }

  it("runs a story scheduled while no server was running as soon as one starts, and says it was late", async () => {
    const article = await createTestArticle();
    // Scheduled ten minutes ago for five minutes ago: the time passed while nothing was running.
    const then = new Date(Date.now() - 600 * SECOND);
    const runAt = new Date(Date.now() - 300 * SECOND);
    const { id } = await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, editor, { now: then });
    await startInstance();
    const schedule = await eventually(async () => {
      const row = await db.articleSchedule.findUniqueOrThrow({ where: { id }, select: { state: true, lateByMs: true } });
      expect(row.state).toBe("done");
      return row;
    });
    expect(schedule.lateByMs).toBeGreaterThanOrEqual(300 * SECOND);
    const run = await db.auditEvent.findFirstOrThrow({ where: { targetId: article.id, action: "article.schedule_run" }, select: { details: true } });
    expect(run.details).toMatchObject({ late: true });
    expect(await loadPublishedArticle(article.slug)).not.toBeNull();
  });

  it("publishes each story exactly once with two instances working the queue, and both instances' reader caches drop it", async () => {
    await startInstance();
    const caches: Array<{ cache: ReaderCache; tags: string[][] }> = [];
    for (let index = 0; index < 2; index += 1) {
      const entry = { cache: undefined as unknown as ReaderCache, tags: [] as string[][] };
      entry.cache = createReaderCache({ next: async (_request, response) => void response.end(), revalidateTags: async (tags) => void entry.tags.push(tags), log: () => {} });
      await entry.cache.listen(process.env.DATABASE_URL!);
      caches.push(entry);
    }
    const articles = await Promise.all(Array.from({ length: 4 }, () => createTestArticle()));
    const runAt = new Date(Date.now() + 2 * SECOND);
    for (const article of articles) await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, editor);

    await eventually(async () => {
      for (const article of articles) expect(await loadPublishedArticle(article.slug)).not.toBeNull();
    });
    // Let any duplicate delivery finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const article of articles) {
      expect(await publicationCount(article.id)).toBe(1);
      for (const { tags } of caches) expect(tags.flat()).toContain(`reader:article:${article.slug}`);
    }
    for (const { cache } of caches) await cache.close();
  });
});
