-- Article indexes nothing reads any more (issue 9, save and import speed). The desk's list, search,
-- filters and order read the copies on "ArticleSearch" (migration *_search_filter_columns), and the
-- story budget's "worked on that day" now does too (lib/workflow/read.ts); no query filters or
-- orders "Article" by document date. Every import paid an entry in each, and every save more: a
-- save changes "updatedAt", and while an index covered it no save could update the row in place
-- (HOT), so each one wrote a new entry to every index of the table, the GIN index of the published
-- snapshot's photos included (its expression re-read from a published article's ~200 KB snapshot).

-- DropIndex
DROP INDEX "Article_updatedAt_id_idx";

-- DropIndex
DROP INDEX "Article_status_updatedAt_id_idx";

-- DropIndex
DROP INDEX "Article_documentDate_idx";
