// The publishing domain: making a draft what readers see, and corrections (the desk's article list is lib/search).
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
export * from "./schemas";
