"use server";

import { action } from "@/lib/actions";
import {
  articleCommentsSchema,
  commentRefSchema,
  createComment,
  createCommentSchema,
  deleteComment,
  editComment,
  editCommentSchema,
  listArticleComments,
  replyCommentSchema,
  replyToComment,
  setCommentResolved,
} from "@/lib/comments";

// No revalidatePath: comments are desk-only and the open editors reload them when the collab
// server relays the change (lib/comments, COMMENTS_CHANNEL).

// Server action — desk users read a story's comment threads.
export const listCommentsAction = action({ role: "reporter", input: articleCommentsSchema }, ({ articleId }) => listArticleComments(articleId));

// Server action — desk users open a thread on a passage of the body or a caption.
export const createCommentAction = action({ role: "reporter", input: createCommentSchema }, (input, actor) => createComment(input, actor));

// Server action — desk users reply in a thread.
export const replyCommentAction = action({ role: "reporter", input: replyCommentSchema }, (input, actor) => replyToComment(input, actor));

// Server action — authors edit their own comment.
export const editCommentAction = action({ role: "reporter", input: editCommentSchema }, (input, actor) => editComment(input, actor));

// Server action — authors delete their own comment.
export const deleteCommentAction = action({ role: "reporter", input: commentRefSchema }, (input, actor) => deleteComment(input, actor));

// Server action — desk users resolve a thread.
export const resolveCommentAction = action({ role: "reporter", input: commentRefSchema }, (input, actor) => setCommentResolved({ ...input, resolved: true }, actor));

// Server action — desk users reopen a resolved thread.
export const reopenCommentAction = action({ role: "reporter", input: commentRefSchema }, (input, actor) => setCommentResolved({ ...input, resolved: false }, actor));
