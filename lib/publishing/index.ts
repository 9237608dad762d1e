// The publishing domain: making a draft what readers see, and corrections.
export { publishArticle, unpublishArticle, type PublishActor, type PublishConflict, type PublishResult, type UnpublishResult } from "./publish";
export {
  diffSincePublished,
  getDraftForPreview,
  getPublishState,
  type DraftForPreview,
  type PublishDiff,
  type PublishDiffChange,
  type PublishState,
  type PublishStateCorrection,
} from "./state";
export * from "./schemas";
