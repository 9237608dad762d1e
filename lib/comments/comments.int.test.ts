import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestArticle, createTestUser, uniqueSuffix } from "@/lib/articles/test-support/fixtures";
import { passwordVersion } from "@/lib/auth/login";
import { db, disconnectDatabase } from "@/lib/db";
import { publishArticle } from "@/lib/publishing";
import { COMMENTS_CHANNEL } from "./comments";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";

// The comment server actions called the way Next calls them (a cookie jar holding a next-auth
// session): roles, validation, own-only edits, threads, resolve, mentions and replies in the
// inbox, the audit log, the live NOTIFY, and nothing of a comment in what readers get.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async () => {} }));

const actions = await import("@/app/(desk)/desk/articles/[id]/comment-actions");

const SECRET = "comment-actions-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;
let copyEditor: TestUser;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
  copyEditor = await createTestUser("editor");
});
beforeEach(() => jar.clear());
afterAll(() => disconnectDatabase());

async function signInAs(user: { id: string }) {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  jar.set("next-auth.session-token", await encode({ token: { sub: user.id, pwv: passwordVersion(passwordHash) }, secret: SECRET }));
}

// Opaque to the server; any bounded base64 stands in for an encoded Yjs relative position.
const ANCHOR = "AQLm9cG4CwA=";
const thread = (articleId: string, extra: Record<string, unknown> = {}) => ({
  articleId,
  field: "body",
  anchorStart: ANCHOR,
  anchorEnd: ANCHOR,
  quote: "Second paragraph",
  text: `Check this ${uniqueSuffix()}`,
  ...extra,
});
const inboxOf = (userId: string, articleId: string) =>
  db.inboxEntry.findMany({ where: { recipientId: userId, articleId }, orderBy: { createdAt: "asc" }, select: { kind: true } }).then((rows) => rows.map((row) => row.kind));

describe("comment actions", () => {
  it("refuse a signed-out caller and a disabled account, and store nothing", async () => {
    const article = await createTestArticle();
    expect(await actions.createCommentAction(thread(article.id))).toMatchObject({ ok: false, status: 401 });
    expect(await actions.listCommentsAction({ articleId: article.id })).toMatchObject({ ok: false, status: 401 });
    const disabled = await createTestUser("editor");
    await signInAs(disabled);
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    expect(await actions.createCommentAction(thread(article.id))).toMatchObject({ ok: false, status: 401 });
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
  });

  it("refuse malformed input with field errors: field, anchors, empty or huge text, unknown mentions", async () => {
    const article = await createTestArticle({ photos: [{ caption: "A caption." }] });
    await signInAs(reporter);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ field: "headline" }, "field"],
      [{ field: "caption:not-in-this-article" }, "field"],
      [{ anchorStart: "<script>" }, "anchorStart"],
      [{ anchorEnd: "A".repeat(600) }, "anchorEnd"],
      [{ text: "   " }, "text"],
      [{ text: "x".repeat(2_001) }, "text"],
      [{ mentionIds: ["no-such-user"] }, "mentionIds"],
      [{ extra: 1 }, ""],
    ];
    for (const [change, field] of cases) {
      const result = await actions.createCommentAction(thread(article.id, change));
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, status: 422 });
      if (field && !result.ok) expect(Object.keys(result.fieldErrors ?? {}), JSON.stringify(change)).toContain(field);
    }
    expect(await actions.createCommentAction(thread("no-such-article"))).toMatchObject({ ok: false, status: 404 });
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
  });

  it("open a thread on the body or a caption, reply, and list threads with replies; the audit log has each", async () => {
    const article = await createTestArticle({ photos: [{ caption: "A caption." }] });
    await signInAs(reporter);
    const opened = await actions.createCommentAction(thread(article.id, { text: "Is this the right stadium?" }));
    expect(opened).toMatchObject({ ok: true });
    const onCaption = await actions.createCommentAction(thread(article.id, { field: `caption:${article.photos[0].id}`, quote: "A caption" }));
    expect(onCaption).toMatchObject({ ok: true });
    await signInAs(editor);
    const threadId = opened.ok ? opened.data.id : "";
    expect(await actions.replyCommentAction({ threadId, text: "Yes, checked." })).toMatchObject({ ok: true });
    // A reply to a reply is refused: threads are one level deep.
    const listed = await actions.listCommentsAction({ articleId: article.id });
    if (!listed.ok) throw new Error("list failed");
    expect(listed.data.map((item) => [item.field, item.text, item.replies.map((reply) => reply.text)])).toEqual([
      ["body", "Is this the right stadium?", ["Yes, checked."]],
      ["caption:" + article.photos[0].id, expect.stringContaining("Check this"), []],
    ]);
    expect(await actions.replyCommentAction({ threadId: listed.data[0].replies[0].id, text: "Nested" })).toMatchObject({ ok: false, status: 422 });
    const audit = await db.auditEvent.findMany({ where: { targetId: article.id, action: { startsWith: "comment." } }, select: { action: true } });
    expect(audit.map((event) => event.action).sort()).toEqual(["comment.create", "comment.create", "comment.reply"]);
  });

  it("let authors edit and delete only their own comments; a deleted first comment keeps its replies", async () => {
    const article = await createTestArticle();
    await signInAs(reporter);
    const opened = await actions.createCommentAction(thread(article.id));
    const threadId = opened.ok ? opened.data.id : "";
    await signInAs(editor);
    expect(await actions.editCommentAction({ commentId: threadId, text: "Hijacked" })).toMatchObject({ ok: false, status: 403 });
    expect(await actions.deleteCommentAction({ commentId: threadId })).toMatchObject({ ok: false, status: 403 });
    const reply = await actions.replyCommentAction({ threadId, text: "A reply" });
    await signInAs(reporter);
    expect(await actions.editCommentAction({ commentId: threadId, text: "Edited text" })).toMatchObject({ ok: true });
    expect(await actions.deleteCommentAction({ commentId: threadId })).toMatchObject({ ok: true });
    const listed = await actions.listCommentsAction({ articleId: article.id });
    if (!listed.ok) throw new Error("list failed");
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ deleted: true, text: "", replies: [{ text: "A reply", deleted: false }] });
    await signInAs(editor);
    expect(await actions.deleteCommentAction({ commentId: reply.ok ? reply.data.id : "" })).toMatchObject({ ok: true });
    expect(await db.comment.count({ where: { threadId } })).toBe(0);
    expect(await actions.editCommentAction({ commentId: threadId, text: "Back" })).toMatchObject({ ok: false, status: 404 });
  });

  it("resolve and reopen a thread, by anyone on the desk, and say who resolved it", async () => {
    const article = await createTestArticle();
    await signInAs(reporter);
    const opened = await actions.createCommentAction(thread(article.id));
    const commentId = opened.ok ? opened.data.id : "";
    await signInAs(editor);
    expect(await actions.resolveCommentAction({ commentId })).toMatchObject({ ok: true });
    let listed = await actions.listCommentsAction({ articleId: article.id });
    expect(listed.ok && listed.data[0].resolved).toMatchObject({ by: editor.name });
    await signInAs(reporter);
    expect(await actions.reopenCommentAction({ commentId })).toMatchObject({ ok: true });
    listed = await actions.listCommentsAction({ articleId: article.id });
    expect(listed.ok && listed.data[0].resolved).toBeNull();
    expect(await actions.resolveCommentAction({ commentId: "nope" })).toMatchObject({ ok: false, status: 404 });
  });

  it("put mentions and replies in the right people's inboxes, never the author's own, and announce them", async () => {
    const article = await createTestArticle();
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: Array<{ channel: string; payload: string | undefined }> = [];
    listener.on("notification", (message) => heard.push({ channel: message.channel, payload: message.payload }));
    await listener.query(`LISTEN ${COMMENTS_CHANNEL}`);
    await listener.query("LISTEN copydesk_inbox");
    try {
      await signInAs(reporter);
      const opened = await actions.createCommentAction(thread(article.id, { mentionIds: [editor.id, reporter.id] }));
      const threadId = opened.ok ? opened.data.id : "";
      expect(await inboxOf(editor.id, article.id)).toEqual(["mentioned"]);
      expect(await inboxOf(reporter.id, article.id)).toEqual([]);
      await signInAs(copyEditor);
      await actions.replyCommentAction({ threadId, text: "Agreed" });
      // The thread's author hears of the reply; the editor, not a participant, does not.
      expect(await inboxOf(reporter.id, article.id)).toEqual(["replied"]);
      expect(await inboxOf(editor.id, article.id)).toEqual(["mentioned"]);
      await signInAs(editor);
      await actions.replyCommentAction({ threadId, text: "Done", mentionIds: [reporter.id] });
      // Mentioned and a participant: one entry, the mention; the copy editor replied earlier.
      expect(await inboxOf(reporter.id, article.id)).toEqual(["replied", "mentioned"]);
      expect(await inboxOf(copyEditor.id, article.id)).toEqual(["replied"]);
      await signInAs(reporter);
      // An edit tells only the people it newly mentions.
      await actions.editCommentAction({ commentId: threadId, text: "Edited", mentionIds: [editor.id, copyEditor.id] });
      expect(await inboxOf(editor.id, article.id)).toEqual(["mentioned"]);
      expect(await inboxOf(copyEditor.id, article.id)).toEqual(["replied", "mentioned"]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard.filter((note) => note.channel === COMMENTS_CHANNEL).map((note) => note.payload)).toEqual(Array(4).fill(article.id));
      expect(heard.filter((note) => note.channel === "copydesk_inbox").map((note) => note.payload)).toEqual(
        expect.arrayContaining([editor.id, reporter.id, copyEditor.id]),
      );
    } finally {
      await listener.end();
    }
  });

  it("keep comments out of the draft, the published snapshot and the revisions", async () => {
    const article = await createTestArticle();
    const secret = `Private desk note ${uniqueSuffix()}`;
    await signInAs(reporter);
    expect(await actions.createCommentAction(thread(article.id, { text: secret, quote: "First paragraph" }))).toMatchObject({ ok: true });
    await publishArticle({ articleId: article.id, expectedVersion: article.version }, editor);
    const stored = await db.article.findUniqueOrThrow({ where: { id: article.id }, select: { body: true, publishedSnapshot: true } });
    const revisions = await db.revision.findMany({ where: { articleId: article.id }, select: { version: true } });
    const snapshots = await Promise.all(revisions.map((revision) => readRevisionSnapshot(db, article.id, revision.version)));
    for (const value of [stored.body, stored.publishedSnapshot, ...snapshots]) {
      expect(JSON.stringify(value)).not.toContain(secret);
    }
  });
});
