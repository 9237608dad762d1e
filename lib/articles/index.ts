import "server-only";

// The public face of lib/articles for server code (pages, actions, other lib modules).
// Client components import the client-safe modules directly: "./edit-schema", "./changes",
// "./snapshot", "./credit".

export { formatCredit, type CreditName } from "./credit";
export {
  buildSnapshot,
  canonicalJson,
  sameJson,
  readStoredSnapshot,
  StoredSnapshotError,
  type ArticleSnapshot,
  type PhotoSnapshot,
  type SnapshotSource,
} from "./snapshot";
export {
  articleEditSchema,
  photoEditSchema,
  isSaveConflict,
  HEADLINE_MAX,
  STANDFIRST_MAX,
  ALT_MAX,
  PHOTOS_MAX,
  articleContentSchema,
  contentLimitIssues,
  type ContentLimitIssue,
  type ArticleEdit,
  type ArticleEditInput,
  type EditableContent,
  type EditableCredit,
  type PhotoEdit,
  type SaveConflict,
  type SaveResult,
} from "./edit-schema";
export { compareSnapshots, summarizeChanges, type ChangedField, type FieldChange } from "./changes";
export { getArticleForEditing, saveArticle, type ArticleForEditing } from "./editing";
export {
  compareRevisions,
  listRevisions,
  restoreRevision,
  restoreRevisionSchema,
  type RevisionComparison,
  type RevisionListItem,
} from "./revisions";
export {
  createCredit,
  creditInputSchema,
  creditLabelsById,
  creditUpdateSchema,
  CREDIT_SEARCH_LIMIT,
  creditSearchSchema,
  findCreditByName,
  searchCreditOptions,
  type CreditSearchResult,
  CREDIT_ARTICLES_SHOWN,
  CREDITS_PAGE_SIZE,
  creditListQuerySchema,
  listCredits,
  updateCredit,
  type CreditListItem,
  type CreditListPage,
  type CreditOption,
  type CreditUpdateResult,
} from "./credits";
