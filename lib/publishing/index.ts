// The publishing domain: making a draft what readers see, corrections, and the desk's article list.
export {
  invalidateAfterCommit,
  publishArticle,
  publishInTransaction,
  unpublishArticle,
  unpublishInTransaction,
  type PublishConflict,
  type PublishResult,
  type UnpublishResult,
} from "./publish";
export {
  diffSincePublished,
  getDraftForPreview,
  getPublishState,
  type DraftForPreview,
  type PublishDiff,
  type PublishDiffChange,
  type PublishReview,
  type PublishState,
  type PublishStateCorrection,
} from "./state";
export { listDeskArticles, type DeskArticlePage, type DeskArticleRow } from "./desk-list";
export * from "./schemas";
