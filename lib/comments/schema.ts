import { z } from "zod";

// Client-safe: the comment composer and panel validate with these too.

export const COMMENT_TEXT_MAX = 2_000;
export const COMMENT_QUOTE_MAX = 500;
export const COMMENT_MENTIONS_MAX = 20;
/** An encoded Yjs relative position is a few dozen bytes; this bounds what a forged one can be. */
const ANCHOR_MAX = 512;

const id = z.string().trim().min(1).max(64);
const text = z
  .string()
  .trim()
  .min(1, "Write a comment.")
  .max(COMMENT_TEXT_MAX, `Keep a comment under ${COMMENT_TEXT_MAX.toLocaleString("en")} characters.`);
const mentionIds = z
  .array(id)
  .max(COMMENT_MENTIONS_MAX, `Mention at most ${COMMENT_MENTIONS_MAX} people in one comment.`)
  .default([])
  .transform((ids) => [...new Set(ids)]);

/** The live document's fragments a comment can be anchored in: the body and each caption. */
export const COMMENT_FIELD = /^(body|caption:[A-Za-z0-9-]{1,64})$/;
const anchor = z
  .string()
  .max(ANCHOR_MAX, "The comment's place in the text is not valid.")
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "The comment's place in the text is not valid.");

export const createCommentSchema = z.strictObject({
  articleId: id,
  field: z.string().regex(COMMENT_FIELD, "Comments go on the body or a caption."),
  anchorStart: anchor,
  anchorEnd: anchor,
  quote: z.string().trim().min(1, "Select the passage to comment on.").max(COMMENT_QUOTE_MAX * 20).transform((quote) => quote.slice(0, COMMENT_QUOTE_MAX)),
  text,
  mentionIds,
});
export type CreateCommentInput = z.input<typeof createCommentSchema>;
export type CreateCommentRequest = z.output<typeof createCommentSchema>;

export const replyCommentSchema = z.strictObject({ threadId: id, text, mentionIds });
export type ReplyCommentInput = z.input<typeof replyCommentSchema>;
export type ReplyCommentRequest = z.output<typeof replyCommentSchema>;

export const editCommentSchema = z.strictObject({ commentId: id, text, mentionIds });
export type EditCommentInput = z.input<typeof editCommentSchema>;
export type EditCommentRequest = z.output<typeof editCommentSchema>;

export const commentRefSchema = z.strictObject({ commentId: id });
export type CommentRef = z.output<typeof commentRefSchema>;

export const articleCommentsSchema = z.strictObject({ articleId: id });
