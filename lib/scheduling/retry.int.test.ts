import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestArticle, createTestUser } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";

// A scheduled publish that fails unexpectedly (the database went away mid-publish, a bug): the
// queue retries it (runSchedule rethrows), and the last attempt reports it in the inbox of the
// editor who scheduled it and of the assigned editor, and in the audit log. The failure is
// injected into the publish path; everything else is real.
const failures = vi.hoisted(() => ({ remaining: 0 }));
vi.mock("@/lib/publishing/publish", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/publishing/publish")>();
  return {
    ...real,
    publishInTransaction: (...args: Parameters<typeof real.publishInTransaction>) => {
      if (failures.remaining > 0) {
        failures.remaining -= 1;
        throw new Error("connection terminated unexpectedly");
      }
      return real.publishInTransaction(...args);
    },
  };
});
vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async () => {} }));

const { runSchedule, scheduleArticle } = await import("./schedule");
const { stopJobQueue } = await import("./queue");

type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let scheduler: TestUser;
let assigned: TestUser;
beforeAll(async () => {
  scheduler = await createTestUser("editor");
  assigned = await createTestUser("editor");
});
afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

const stateOf = async (id: string) => db.articleSchedule.findUniqueOrThrow({ where: { id }, select: { state: true, error: true } });

describe("a scheduled publish that fails", () => {
  it("is retried while attempts remain, and succeeds if a retry does", async () => {
    const article = await createTestArticle();
    const now = new Date();
    const runAt = new Date(now.getTime() + 10_000);
    const { id } = await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, scheduler, { now });
    failures.remaining = 1;
    const due = { now: new Date(runAt.getTime() + 1000) };
    const silenced = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(runSchedule(id, due)).rejects.toThrow("connection terminated unexpectedly");
    } finally {
      silenced.mockRestore();
    }
    expect(await stateOf(id)).toEqual({ state: "pending", error: null });
    expect(await db.publication.count({ where: { articleId: article.id } })).toBe(0);
    expect(await runSchedule(id, due)).toMatchObject({ status: "done", slug: article.slug });
    expect(await db.publication.count({ where: { articleId: article.id } })).toBe(1);
    expect(await db.inboxEntry.count({ where: { articleId: article.id, kind: "schedule_failed" } })).toBe(0);
  });

  it("is reported on its last attempt: failed, in the scheduler's and the assigned editor's inbox, and the audit log", async () => {
    const article = await createTestArticle();
    await db.article.update({ where: { id: article.id }, data: { assignedEditorId: assigned.id } });
    const now = new Date();
    const runAt = new Date(now.getTime() + 10_000);
    const { id } = await scheduleArticle({ articleId: article.id, action: "publish", at: runAt.toISOString() }, scheduler, { now });
    failures.remaining = 2;
    const due = { now: new Date(runAt.getTime() + 1000) };
    const silenced = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(runSchedule(id, due)).rejects.toThrow();
      expect(await stateOf(id)).toMatchObject({ state: "pending" });
      // The queue's last attempt (retryCount = retryLimit).
      expect(await runSchedule(id, { ...due, final: true })).toEqual({ status: "failed", error: "An unexpected error (details are in the server log)." });
    } finally {
      silenced.mockRestore();
    }
    expect(await stateOf(id)).toEqual({ state: "failed", error: "An unexpected error (details are in the server log)." });
    expect(await db.publication.count({ where: { articleId: article.id } })).toBe(0);
    const inbox = await db.inboxEntry.findMany({ where: { articleId: article.id, kind: "schedule_failed" }, select: { recipientId: true } });
    expect(inbox.map((entry) => entry.recipientId).sort()).toEqual([scheduler.id, assigned.id].sort());
    expect(await db.auditEvent.findMany({ where: { targetId: article.id, action: "article.schedule_failed" }, select: { details: true } })).toEqual([
      { details: expect.objectContaining({ scheduleId: id, error: "An unexpected error (details are in the server log)." }) },
    ]);
    // A later delivery of the same job finds it failed and does nothing.
    expect(await runSchedule(id, { ...due, final: true })).toEqual({ status: "skipped", reason: "failed" });
  });
});
