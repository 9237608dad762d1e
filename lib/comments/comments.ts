import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/access";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { addInboxEntries, type InboxEntryInput } from "@/lib/workflow/inbox";
import type { CommentRef, CreateCommentRequest, EditCommentRequest, ReplyCommentRequest } from "./schema";

// Desk comments: threads on a passage of a story, with replies, resolve/reopen, mentions. Every
// change is one transaction with its audit event, its inbox entries and a NOTIFY on
// COMMENTS_CHANNEL, on which every instance's collab server tells the story's open editors to
// reload the comments. The anchors are opaque to the server (encoded Yjs relative positions,
// bounded by the schema): only an editor holding the live document can place them, and one that
// does not decode is shown as a passage that is gone.

export const COMMENTS_CHANNEL = "copydesk_comments";
/** More than any story's discussion; a bound, not a page. */
const COMMENTS_LIMIT = 2_000;

type Tx = Prisma.TransactionClient;
export type CommentActor = Pick<Actor, "id">;

export interface CommentView {
  id: string;
  author: { id: string; name: string } | null;
  text: string;
  mentions: Array<{ id: string; name: string }>;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface CommentThreadView extends CommentView {
  field: string;
  anchorStart: string;
  anchorEnd: string;
  quote: string;
  resolved: { at: string; by: string | null } | null;
  replies: CommentView[];
}

async function notifyComments(tx: Tx, articleId: string) {
  await tx.$executeRaw`SELECT pg_notify(${COMMENTS_CHANNEL}, ${articleId})`;
}

/** The mentioned people, who must be active desk users. */
async function mentionedUsers(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  const users = await tx.user.findMany({ where: { id: { in: ids }, disabled: false }, select: { id: true, name: true } });
  if (users.length !== ids.length) throw ValidationError.forField("mentionIds", "Mention active desk users only.");
  return users;
}

function mentionEntries(
  users: Array<{ id: string }>,
  actor: CommentActor,
  article: { id: string; headline: string },
  actorName: string,
): InboxEntryInput[] {
  return users.map((user) => ({
    recipientId: user.id,
    actorId: actor.id,
    kind: "mentioned",
    articleId: article.id,
    message: `${actorName} mentioned you in a comment on “${article.headline}”`,
  }));
}

async function actorName(tx: Tx, actor: CommentActor): Promise<string> {
  return (await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } }))?.name ?? "Someone";
}

async function articleForComment(tx: Tx, articleId: string) {
  const article = await tx.article.findUnique({ where: { id: articleId }, select: { id: true, headline: true } });
  if (!article) throw new NotFoundError("This article does not exist.");
  return article;
}

/** Opens a thread on a passage of the body or of one of the article's captions. */
export async function createComment(input: CreateCommentRequest, actor: CommentActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const article = await articleForComment(tx, input.articleId);
    if (input.field.startsWith("caption:")) {
      const photoId = input.field.slice("caption:".length);
      const photo = await tx.photo.findFirst({ where: { id: photoId, articleId: article.id }, select: { id: true } });
      if (!photo) throw ValidationError.forField("field", "This photo is not in this article (save it first).");
    }
    const mentioned = await mentionedUsers(tx, input.mentionIds);
    const comment = await tx.comment.create({
      data: {
        articleId: article.id,
        authorId: actor.id,
        field: input.field,
        anchorStart: input.anchorStart,
        anchorEnd: input.anchorEnd,
        quote: input.quote,
        text: input.text,
        mentionIds: input.mentionIds,
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "comment.create", targetType: "article", targetId: article.id, details: { commentId: comment.id, field: input.field, mentions: input.mentionIds } });
    await addInboxEntries(tx, mentionEntries(mentioned, actor, article, await actorName(tx, actor)));
    await notifyComments(tx, article.id);
    return comment;
  });
}

async function threadRoot(tx: Tx, threadId: string) {
  const root = await tx.comment.findUnique({
    where: { id: threadId },
    select: { id: true, threadId: true, authorId: true, deletedAt: true, article: { select: { id: true, headline: true } } },
  });
  if (!root) throw new NotFoundError("This comment does not exist.");
  if (root.threadId !== null) throw ValidationError.forField("threadId", "Reply to the thread's first comment.");
  return root;
}

/** Replies in a thread; the thread's earlier participants hear of it, mentioned people too. */
export async function replyToComment(input: ReplyCommentRequest, actor: CommentActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const root = await threadRoot(tx, input.threadId);
    const mentioned = await mentionedUsers(tx, input.mentionIds);
    const reply = await tx.comment.create({
      data: { articleId: root.article.id, threadId: root.id, authorId: actor.id, text: input.text, mentionIds: input.mentionIds },
      select: { id: true },
    });
    const earlier = await tx.comment.findMany({
      where: { threadId: root.id, id: { not: reply.id }, deletedAt: null },
      select: { authorId: true },
      distinct: ["authorId"],
      take: 100,
    });
    const name = await actorName(tx, actor);
    const mentionedIds = new Set(mentioned.map((user) => user.id));
    const participants = new Set([root.authorId, ...earlier.map((comment) => comment.authorId)].filter((id): id is string => id !== null && !mentionedIds.has(id)));
    await recordAudit(tx, { actorId: actor.id, action: "comment.reply", targetType: "article", targetId: root.article.id, details: { commentId: reply.id, threadId: root.id, mentions: input.mentionIds } });
    await addInboxEntries(tx, [
      ...mentionEntries(mentioned, actor, root.article, name),
      ...[...participants].map((recipientId) => ({
        recipientId,
        actorId: actor.id,
        kind: "replied" as const,
        articleId: root.article.id,
        message: `${name} replied to a comment on “${root.article.headline}”`,
      })),
    ]);
    await notifyComments(tx, root.article.id);
    return reply;
  });
}

async function ownComment(tx: Tx, commentId: string, actor: CommentActor, verb: string) {
  const comment = await tx.comment.findUnique({
    where: { id: commentId },
    select: { id: true, authorId: true, threadId: true, deletedAt: true, mentionIds: true, article: { select: { id: true, headline: true } } },
  });
  if (!comment || comment.deletedAt) throw new NotFoundError("This comment does not exist.");
  if (comment.authorId !== actor.id) throw new ForbiddenError(`You can only ${verb} your own comments.`);
  return comment;
}

/** Authors edit their own comments; people newly mentioned hear of it. */
export async function editComment(input: EditCommentRequest, actor: CommentActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const comment = await ownComment(tx, input.commentId, actor, "edit");
    const mentioned = await mentionedUsers(tx, input.mentionIds);
    await tx.comment.update({ where: { id: comment.id }, data: { text: input.text, mentionIds: input.mentionIds, editedAt: new Date() } });
    const before = new Set(comment.mentionIds);
    await recordAudit(tx, { actorId: actor.id, action: "comment.edit", targetType: "article", targetId: comment.article.id, details: { commentId: comment.id, mentions: input.mentionIds } });
    await addInboxEntries(tx, mentionEntries(mentioned.filter((user) => !before.has(user.id)), actor, comment.article, await actorName(tx, actor)));
    await notifyComments(tx, comment.article.id);
    return { id: comment.id };
  });
}

/**
 * Authors delete their own comments. A reply goes; a thread's first comment with replies stays as
 * "deleted" so the replies keep their context; one without replies goes with its thread.
 */
export async function deleteComment(input: CommentRef, actor: CommentActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const comment = await ownComment(tx, input.commentId, actor, "delete");
    const replies = comment.threadId === null ? await tx.comment.count({ where: { threadId: comment.id, deletedAt: null } }) : 0;
    if (replies > 0) await tx.comment.update({ where: { id: comment.id }, data: { text: "", mentionIds: [], deletedAt: new Date() } });
    else await tx.comment.delete({ where: { id: comment.id } });
    await recordAudit(tx, { actorId: actor.id, action: "comment.delete", targetType: "article", targetId: comment.article.id, details: { commentId: comment.id } });
    await notifyComments(tx, comment.article.id);
    return { id: comment.id };
  });
}

/** Anyone on the desk resolves a thread, or reopens a resolved one. */
export async function setCommentResolved(input: CommentRef & { resolved: boolean }, actor: CommentActor): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const root = await threadRoot(tx, input.commentId).catch((error) => {
      if (error instanceof ValidationError) throw ValidationError.forField("commentId", "Resolve or reopen the thread's first comment.");
      throw error;
    });
    await tx.comment.update({
      where: { id: root.id },
      data: input.resolved ? { resolvedAt: new Date(), resolvedById: actor.id } : { resolvedAt: null, resolvedById: null },
    });
    await recordAudit(tx, { actorId: actor.id, action: input.resolved ? "comment.resolve" : "comment.reopen", targetType: "article", targetId: root.article.id, details: { commentId: root.id } });
    await notifyComments(tx, root.article.id);
    return { id: root.id };
  });
}

const COMMENT_SELECT = {
  id: true,
  threadId: true,
  field: true,
  anchorStart: true,
  anchorEnd: true,
  quote: true,
  text: true,
  mentionIds: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  resolvedAt: true,
  author: { select: { id: true, name: true } },
  resolvedBy: { select: { name: true } },
} satisfies Prisma.CommentSelect;

/** Every thread of an article with its replies, oldest first (the editor orders them by place). */
export async function listArticleComments(articleId: string): Promise<CommentThreadView[]> {
  const rows = await db.comment.findMany({ where: { articleId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: COMMENTS_LIMIT, select: COMMENT_SELECT });
  const mentionIds = [...new Set(rows.flatMap((row) => row.mentionIds))];
  const names = new Map(
    mentionIds.length ? (await db.user.findMany({ where: { id: { in: mentionIds } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]) : [],
  );
  const view = (row: (typeof rows)[number]): CommentView => ({
    id: row.id,
    author: row.author,
    text: row.deletedAt ? "" : row.text,
    mentions: row.mentionIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })),
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deleted: row.deletedAt !== null,
  });
  const threads = new Map<string, CommentThreadView>();
  for (const row of rows) {
    if (row.threadId !== null) continue;
    threads.set(row.id, {
      ...view(row),
      field: row.field ?? "body",
      anchorStart: row.anchorStart ?? "",
      anchorEnd: row.anchorEnd ?? "",
      quote: row.quote ?? "",
      resolved: row.resolvedAt ? { at: row.resolvedAt.toISOString(), by: row.resolvedBy?.name ?? null } : null,
      replies: [],
    });
  }
  for (const row of rows) if (row.threadId !== null) threads.get(row.threadId)?.replies.push(view(row));
  return [...threads.values()];
}

/** Active desk users someone can @mention (the composer filters them as you type). */
export async function listMentionableUsers(): Promise<Array<{ id: string; name: string }>> {
  return db.user.findMany({ where: { disabled: false }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000, select: { id: true, name: true } });
}
