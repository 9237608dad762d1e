import "server-only";

// Sections, tags and bylines. Client components import ./schemas directly.
export { setArticlesSection } from "./sections";
export { getArticleTaxonomy, listTaxonomyOptions, setArticleTaxonomy, updateContributor, type DeskTaxonomy, type TaxonomyOptions, type TaxonomyResult } from "./article-taxonomy";
export * from "./schemas";
