// Desk comments anchored to passages of a story: threads, replies, resolve, mentions.
export * from "./schema";
export {
  COMMENTS_CHANNEL,
  createComment,
  deleteComment,
  editComment,
  listArticleComments,
  listMentionableUsers,
  replyToComment,
  setCommentResolved,
  type CommentActor,
  type CommentThreadView,
  type CommentView,
} from "./comments";
