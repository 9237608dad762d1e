import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestArticle, createTestUser } from "@/lib/articles/test-support/fixtures";
import { passwordVersion } from "@/lib/auth/login";
import { db, disconnectDatabase } from "@/lib/db";
import { stopJobQueue } from "@/lib/scheduling";

// The workflow's server actions called the way Next calls them (a cookie jar holding a
// next-auth session), for every role: signed out, reporter, editor, admin, and malformed input.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async () => {} }));

const { moveStageAction, submitStoryAction, assignArticleAction, scheduleArticleAction, cancelScheduleAction } = await import(
  "@/app/(desk)/desk/articles/[id]/workflow-actions"
);
const { markInboxReadAction } = await import("@/app/(desk)/desk/inbox/actions");

const SECRET = "workflow-actions-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;
let admin: TestUser;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
  admin = await createTestUser("admin");
});
beforeEach(() => jar.clear());
afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

async function signInAs(user: { id: string }) {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  jar.set("next-auth.session-token", await encode({ token: { sub: user.id, pwv: passwordVersion(passwordHash) }, secret: SECRET }));
}

const stageOf = async (articleId: string) => (await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { stage: true } })).stage;
const inboxOf = (userId: string) => db.inboxEntry.findMany({ where: { recipientId: userId }, orderBy: { createdAt: "asc" }, select: { kind: true, articleId: true, readAt: true } });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe("moveStageAction and submitStoryAction", () => {
  it("refuse a signed-out caller (401) and move nothing", async () => {
    const article = await createTestArticle();
    const request = { articleId: article.id, fromStage: "in_progress", toStage: "ready_for_edit" };
    expect(await moveStageAction(request)).toMatchObject({ ok: false, status: 401 });
    expect(await submitStoryAction(request)).toMatchObject({ ok: false, status: 401 });
    expect(await stageOf(article.id)).toBe("in_progress");
  });

  it("lets a reporter submit, tells the assigned editor, and records the move in the history and the audit log", async () => {
    const article = await createTestArticle();
    await signInAs(editor);
    expect(await assignArticleAction({ articleId: article.id, reporterId: reporter.id, editorId: editor.id })).toMatchObject({ ok: true });
    await signInAs(reporter);
    const result = await submitStoryAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_edit", note: "Filed" });
    expect(result).toMatchObject({ ok: true, data: { stage: "ready_for_edit" } });
    expect(await stageOf(article.id)).toBe("ready_for_edit");
    expect(await db.stageChange.findMany({ where: { articleId: article.id }, select: { fromStage: true, toStage: true, actorId: true, note: true } })).toEqual([
      { fromStage: "in_progress", toStage: "ready_for_edit", actorId: reporter.id, note: "Filed" },
    ]);
    expect(await db.auditEvent.count({ where: { targetId: article.id, action: "article.stage", actorId: reporter.id } })).toBe(1);
    expect((await inboxOf(editor.id)).filter((entry) => entry.articleId === article.id).map((entry) => entry.kind)).toEqual(["submitted"]);
  });

  it("refuse a reporter every other move: the editors' action (403), and the submission's schema (422)", async () => {
    const article = await createTestArticle();
    await signInAs(reporter);
    for (const toStage of ["ready_for_edit", "ready_for_copy", "ready_to_publish"] as const) {
      expect(await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage })).toMatchObject({ ok: false, status: 403 });
    }
    for (const toStage of ["ready_for_copy", "ready_to_publish"] as const) {
      expect(await submitStoryAction({ articleId: article.id, fromStage: "in_progress", toStage })).toMatchObject({ ok: false, status: 422, fieldErrors: { toStage: [expect.any(String)] } });
    }
    await signInAs(editor);
    await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_edit" });
    await signInAs(reporter);
    expect(await moveStageAction({ articleId: article.id, fromStage: "ready_for_edit", toStage: "in_progress" })).toMatchObject({ ok: false, status: 403 });
    expect(await submitStoryAction({ articleId: article.id, fromStage: "ready_for_edit", toStage: "in_progress" })).toMatchObject({ ok: false, status: 422 });
    expect(await stageOf(article.id)).toBe("ready_for_edit");
    expect(await db.stageChange.count({ where: { articleId: article.id } })).toBe(1);
  });

  it("let an editor submit too, and refuse a move to the stage the story is in (422)", async () => {
    const article = await createTestArticle();
    await signInAs(editor);
    expect(await submitStoryAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_edit" })).toMatchObject({ ok: true });
    expect(await moveStageAction({ articleId: article.id, fromStage: "ready_for_edit", toStage: "ready_for_edit" })).toMatchObject({ ok: false, status: 422, fieldErrors: { toStage: [expect.any(String)] } });
  });

  it("lets editors and admins move anywhere; a return goes to the reporter's inbox", async () => {
    const article = await createTestArticle();
    await db.article.update({ where: { id: article.id }, data: { assignedReporterId: reporter.id } });
    await signInAs(editor);
    expect(await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_to_publish" })).toMatchObject({ ok: true });
    await signInAs(admin);
    expect(await moveStageAction({ articleId: article.id, fromStage: "ready_to_publish", toStage: "in_progress", note: "Needs a second source" })).toMatchObject({ ok: true });
    expect(await stageOf(article.id)).toBe("in_progress");
    expect((await inboxOf(reporter.id)).filter((entry) => entry.articleId === article.id).map((entry) => entry.kind)).toEqual(["returned"]);
  });

  it("answers 409 to a move from a stage the story has left", async () => {
    const article = await createTestArticle();
    await signInAs(editor);
    await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_copy" });
    const stale = await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_edit" });
    expect(stale).toMatchObject({ ok: false, status: 409, conflict: { currentStage: "ready_for_copy" } });
  });

  it("refuses malformed input with 422 and field errors", async () => {
    const article = await createTestArticle();
    await signInAs(editor);
    const bad = await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage: "published" });
    expect(bad).toMatchObject({ ok: false, status: 422, fieldErrors: { toStage: [expect.any(String)] } });
    expect(await moveStageAction({ articleId: article.id, fromStage: "in_progress", toStage: "ready_for_edit", stage: "x" })).toMatchObject({ ok: false, status: 422 });
    expect(await moveStageAction("nonsense")).toMatchObject({ ok: false, status: 422 });
    expect(await moveStageAction({ articleId: "no-such-article", fromStage: "in_progress", toStage: "ready_for_edit" })).toMatchObject({ ok: false, status: 404 });
  });
});

describe("assignArticleAction", () => {
  it("is for editors and admins only, checks the assignees and tells them", async () => {
    const article = await createTestArticle();
    expect(await assignArticleAction({ articleId: article.id, reporterId: reporter.id, editorId: null })).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await assignArticleAction({ articleId: article.id, reporterId: reporter.id, editorId: null })).toMatchObject({ ok: false, status: 403 });
    await signInAs(admin);
    const wrongEditor = await assignArticleAction({ articleId: article.id, reporterId: reporter.id, editorId: reporter.id });
    expect(wrongEditor).toMatchObject({ ok: false, status: 422, fieldErrors: { editorId: [expect.any(String)] } });
    expect(await assignArticleAction({ articleId: article.id, reporterId: reporter.id })).toMatchObject({ ok: false, status: 422 });
    expect(await assignArticleAction({ articleId: article.id, reporterId: reporter.id, editorId: editor.id })).toMatchObject({ ok: true });
    expect(await db.article.findUniqueOrThrow({ where: { id: article.id }, select: { assignedReporterId: true, assignedEditorId: true } })).toEqual({
      assignedReporterId: reporter.id,
      assignedEditorId: editor.id,
    });
    expect((await inboxOf(reporter.id)).some((entry) => entry.articleId === article.id && entry.kind === "assigned")).toBe(true);
    expect(await db.auditEvent.count({ where: { targetId: article.id, action: "article.assign" } })).toBe(1);
  });
});

describe("scheduleArticleAction and cancelScheduleAction", () => {
  it("are for editors and admins only and validate the time", async () => {
    const article = await createTestArticle();
    const request = { articleId: article.id, action: "publish", at: inAnHour() };
    expect(await scheduleArticleAction(request)).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await scheduleArticleAction(request)).toMatchObject({ ok: false, status: 403 });
    expect(await cancelScheduleAction({ articleId: article.id, action: "publish" })).toMatchObject({ ok: false, status: 403 });
    await signInAs(editor);
    expect(await scheduleArticleAction({ ...request, at: "next tuesday" })).toMatchObject({ ok: false, status: 422, fieldErrors: { at: [expect.any(String)] } });
    expect(await scheduleArticleAction({ ...request, at: "2001-01-01T06:00" })).toMatchObject({ ok: false, status: 422, fieldErrors: { at: ["Choose a time in the future."] } });
    expect(await scheduleArticleAction({ ...request, runAt: request.at })).toMatchObject({ ok: false, status: 422 });
    expect(await db.articleSchedule.count({ where: { articleId: article.id } })).toBe(0);

    expect(await scheduleArticleAction(request)).toMatchObject({ ok: true, data: { action: "publish", runAt: request.at } });
    await signInAs(admin);
    expect(await cancelScheduleAction({ articleId: article.id, action: "publish" })).toMatchObject({ ok: true, data: { cancelled: 1 } });
    expect(await db.articleSchedule.findMany({ where: { articleId: article.id }, select: { state: true } })).toEqual([{ state: "cancelled" }]);
  });
});

describe("markInboxReadAction", () => {
  it("marks only the caller's own entries", async () => {
    const article = await createTestArticle();
    await signInAs(editor);
    await assignArticleAction({ articleId: article.id, reporterId: reporter.id, editorId: null });
    const [entry] = (await db.inboxEntry.findMany({ where: { recipientId: reporter.id, articleId: article.id }, select: { id: true } }));
    expect(await markInboxReadAction({ entryId: entry.id })).toMatchObject({ ok: false, status: 404 });
    jar.clear();
    expect(await markInboxReadAction({})).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await markInboxReadAction({ entryId: entry.id })).toMatchObject({ ok: true, data: { marked: 1 } });
    expect((await db.inboxEntry.findUniqueOrThrow({ where: { id: entry.id } })).readAt).not.toBeNull();
  });
});
