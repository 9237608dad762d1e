import "server-only";

// The desk's article list and full-text search. Client components import "./filters" and
// "./snippet" directly.

export { listDeskArticles, type DeskArticlePage, type DeskArticleRow } from "./desk-articles";
export { listFilterChoices, type FilterChoices } from "./filter-choices";
export * from "./filters";
export { parseSnippet, type SnippetPart } from "./snippet";
