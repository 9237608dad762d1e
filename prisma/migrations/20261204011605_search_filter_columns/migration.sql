-- Desk search: what the desk filters and orders by is copied onto "ArticleSearch", and one GIN
-- index decides the words and every filter together (issue 9, search speed at 100,000 articles).
-- A search with a filter joined "Article" for status, document date, last editor, stage and
-- assignees, and "Photo" for the credit; no index could answer both sides, so PostgreSQL walked
-- the newest changes testing each one's document (3 TOAST chunks a row: 3 s for a common word by
-- one editor, 1.8 s for a rare word it mis-estimated), or tested a credit's 1,245 articles'
-- documents one by one. Copied here and indexed with the document in one GIN index (btree_gin for
-- the scalar columns), a search with any filters is one bitmap index scan whose every condition
-- the index decides: no document is read to find, count or order matches (only to rank a few
-- hundred, and to check a "quoted phrase", whose word positions the index does not keep). The
-- desk's order, newest change first, is the (updatedAt, articleId) index of the same narrow table.
--
-- Kept exactly as the document is: an article's insert queues it whole; a row trigger on the
-- copied columns queues it with neither part changed, and the flush at commit writes those
-- columns alone (a generated column is recomputed only when its own columns are written, so the
-- document is neither recomputed nor rewritten: ~1 ms for the index entries of a new row
-- version); the photos' credits are recomputed with the photo text, which every photo insert,
-- delete, move and credit change already queues.

CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE "ArticleSearch" ADD COLUMN "assigneeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "creditIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "documentDate" DATE,
ADD COLUMN "lastEditorId" TEXT,
ADD COLUMN "stage" "WorkflowStage" NOT NULL DEFAULT 'in_progress',
ADD COLUMN "status" "ArticleStatus" NOT NULL DEFAULT 'draft',
ADD COLUMN "updatedAt" TIMESTAMP(3);

-- Indexes articles' search rows: their text, their photos' text and credits (when changed, or
-- when there is no row yet), and always the copied columns.
CREATE OR REPLACE FUNCTION copydesk_search_refresh(ids text[], article_changed boolean, photos_changed boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (article_changed OR photos_changed) THEN
    -- Only copied columns changed (a publication, a stage move, an assignment, a save's time):
    -- write them alone, where they differ.
    UPDATE "ArticleSearch" s
       SET status = a.status, stage = a.stage, "documentDate" = a."documentDate", "updatedAt" = a."updatedAt",
           "lastEditorId" = a."lastEditorId", "assigneeIds" = array_remove(ARRAY[a."assignedReporterId", a."assignedEditorId"], NULL)
      FROM "Article" a
     WHERE s."articleId" = ANY(ids) AND a.id = s."articleId"
       AND (s.status, s.stage, s."documentDate", s."updatedAt", s."lastEditorId", s."assigneeIds")
           IS DISTINCT FROM (a.status, a.stage, a."documentDate", a."updatedAt", a."lastEditorId", array_remove(ARRAY[a."assignedReporterId", a."assignedEditorId"], NULL));
    -- An article with no row yet gets all of it below (none should: its insert queued both parts).
    ids := ARRAY(SELECT id FROM unnest(ids) AS id WHERE NOT EXISTS (SELECT 1 FROM "ArticleSearch" s WHERE s."articleId" = id));
    IF cardinality(ids) = 0 THEN
      RETURN;
    END IF;
  END IF;
  WITH photo_text AS (
    SELECT p."articleId",
           setweight(to_tsvector('public.copydesk_search', string_agg(
             concat_ws(' ', public.copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' ' ORDER BY p.position)), 'D') AS document,
           array_agg(DISTINCT p."creditId") FILTER (WHERE p."creditId" IS NOT NULL) AS credit_ids
      FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId"
     WHERE p."articleId" = ANY(ids)
       AND (photos_changed OR NOT EXISTS (SELECT 1 FROM "ArticleSearch" s WHERE s."articleId" = p."articleId"))
     GROUP BY p."articleId"
  )
  INSERT INTO "ArticleSearch" ("articleId", "articleText", "photoText", "creditIds",
                               status, stage, "documentDate", "updatedAt", "lastEditorId", "assigneeIds")
  SELECT a.id,
         CASE WHEN article_changed OR s."articleId" IS NULL THEN public.copydesk_search_article_text(a.headline, a.standfirst, a.body) ELSE s."articleText" END,
         CASE WHEN photos_changed OR s."articleId" IS NULL THEN coalesce(pt.document, ''::tsvector) ELSE s."photoText" END,
         CASE WHEN photos_changed OR s."articleId" IS NULL THEN coalesce(pt.credit_ids, ARRAY[]::text[]) ELSE s."creditIds" END,
         a.status, a.stage, a."documentDate", a."updatedAt", a."lastEditorId", array_remove(ARRAY[a."assignedReporterId", a."assignedEditorId"], NULL)
    FROM "Article" a
    LEFT JOIN "ArticleSearch" s ON s."articleId" = a.id
    LEFT JOIN photo_text pt ON pt."articleId" = a.id
   WHERE a.id = ANY(ids)
  ON CONFLICT ("articleId") DO UPDATE
    SET "articleText" = EXCLUDED."articleText", "photoText" = EXCLUDED."photoText", "creditIds" = EXCLUDED."creditIds",
        status = EXCLUDED.status, stage = EXCLUDED.stage, "documentDate" = EXCLUDED."documentDate", "updatedAt" = EXCLUDED."updatedAt",
        "lastEditorId" = EXCLUDED."lastEditorId", "assigneeIds" = EXCLUDED."assigneeIds";
END $$;

-- A change of a copied column queues the article with neither part changed (the text has its own
-- trigger; both land in one queued row, so a save that changes text writes the search row once).
-- `UPDATE OF` skips statements that set none of them; WHEN skips rows where they stayed the same.
CREATE FUNCTION copydesk_search_article_filters_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY[NEW.id], false, false);
  RETURN NULL;
END $$;

CREATE TRIGGER copydesk_search_article_filters_update
  AFTER UPDATE OF status, stage, "documentDate", "updatedAt", "lastEditorId", "assignedReporterId", "assignedEditorId" ON "Article"
  FOR EACH ROW
  WHEN ((OLD.status, OLD.stage, OLD."documentDate", OLD."updatedAt", OLD."lastEditorId", OLD."assignedReporterId", OLD."assignedEditorId")
        IS DISTINCT FROM (NEW.status, NEW.stage, NEW."documentDate", NEW."updatedAt", NEW."lastEditorId", NEW."assignedReporterId", NEW."assignedEditorId"))
  EXECUTE FUNCTION copydesk_search_article_filters_updated();

-- Existing rows (100,000 articles: about a minute, most of it building the GIN index). Every row
-- is rewritten, so the document's GIN index is dropped first and built again, with the copied
-- columns, after: kept, it would take every row's lexemes again. The vectors are not rewritten.
SET LOCAL maintenance_work_mem = '256MB';
DROP INDEX "ArticleSearch_document_idx";

UPDATE "ArticleSearch" s
   SET status = a.status, stage = a.stage, "documentDate" = a."documentDate", "updatedAt" = a."updatedAt",
       "lastEditorId" = a."lastEditorId", "assigneeIds" = array_remove(ARRAY[a."assignedReporterId", a."assignedEditorId"], NULL),
       "creditIds" = coalesce(credits.ids, ARRAY[]::text[])
  FROM "Article" a
  LEFT JOIN (SELECT "articleId", array_agg(DISTINCT "creditId") AS ids FROM "Photo" WHERE "creditId" IS NOT NULL GROUP BY "articleId") credits
    ON credits."articleId" = a.id
 WHERE a.id = s."articleId";

ALTER TABLE "ArticleSearch" ALTER COLUMN "documentDate" SET NOT NULL, ALTER COLUMN "updatedAt" SET NOT NULL;

-- The search's one GIN index: the words and every filter. The document's index is replaced by it
-- (it answers a search without filters the same way, from its first column).
CREATE INDEX "ArticleSearch_document_filters_idx" ON "ArticleSearch" USING GIN
  ("document", "creditIds", "assigneeIds", status, stage, "documentDate", "lastEditorId");
CREATE INDEX "ArticleSearch_updatedAt_articleId_idx" ON "ArticleSearch"("updatedAt", "articleId");

-- The desk's queries are planned on these columns' statistics from the start.
ANALYZE "ArticleSearch";
