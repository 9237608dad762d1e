-- Desk search: each photo's words are vectorised when the photo is written, and an article's photo
-- text is assembled from the stored vectors (issue 9, save speed). Saving the bench's long article
-- with one caption changed re-read its 500 captions' JSON and ran to_tsvector over all of them at
-- commit (~33 KB of text: 15–25 ms); now the changed photo's vector is computed as its row is
-- written, and the commit concatenates 500 small stored vectors.
--
-- What is searched is the same: the same words, stems and weight (D) from the same fields, each
-- photo's caption and alt text followed by its credit, in reading order. Only word positions can
-- differ at a boundary between two photos (concatenating vectors starts the next photo's words
-- right after the last word of the previous one, where a stop word ending a caption used to count),
-- so a "quoted phrase" across two captions may match differently; within a caption, alt text or
-- credit nothing changes. Existing search documents are therefore kept as they are; each is
-- assembled the new way the next time its photos change.

-- A photo's caption and alt text, and a credit's agency and photographer, as search vectors. Weight
-- D is to_tsvector's own (the photo part's weight), so no setweight is needed.
CREATE FUNCTION copydesk_search_photo_vector(caption jsonb, alt text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('public.copydesk_search', public.copydesk_rich_text(caption) || ' ' || coalesce(alt, ''))
$$;

-- "AP Martin Meissner": with the slash of the credit's label the parser would read a file path.
CREATE FUNCTION copydesk_search_credit_vector(agency text, photographer text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('public.copydesk_search', agency || ' ' || photographer)
$$;

-- Stored generated columns: computed by the executor as a row is inserted or one of its columns
-- is written (a photo's move rewrites its caption, so it is recomputed, ~30 µs), never by a
-- trigger. Adding them fills existing rows (the table is rewritten under its lock: at 100,000
-- articles, 2.5 million photos, this migration took 68 s on a busy 2-core machine).
ALTER TABLE "Photo" ADD COLUMN "searchText" tsvector
  GENERATED ALWAYS AS (public.copydesk_search_photo_vector(caption, alt)) STORED;
-- The rewritten table has no visibility map yet: the credits page's index-only counts would read
-- every photo row until it is vacuumed (see lib/db/migrate.ts).
-- vacuum after: "Photo"
ALTER TABLE "Credit" ADD COLUMN "searchText" tsvector
  GENERATED ALWAYS AS (public.copydesk_search_credit_vector(agency, photographer)) STORED;

-- Concatenation of vectors, in the aggregate's ORDER BY: each one's positions follow the previous
-- one's last word, as || does.
CREATE AGGREGATE copydesk_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

-- Indexes articles' search rows as before (see *_search_filter_columns); the photo text is now the
-- photos' stored vectors, each followed by its credit's, concatenated in position order. In two
-- steps: groups of 32 photos, then the groups. Each step of an aggregate copies its state, so one
-- run over 500 photos copied the growing vector 500 times (7.5 ms for the long article, busy
-- machine); in groups the copies are short (~1 ms).
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
  WITH photos AS MATERIALIZED (
    SELECT p."articleId", p.position, p."creditId", p."searchText" || coalesce(c."searchText", ''::tsvector) AS document
      FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId"
     WHERE p."articleId" = ANY(ids)
       AND (photos_changed OR NOT EXISTS (SELECT 1 FROM "ArticleSearch" s WHERE s."articleId" = p."articleId"))
  ), photo_groups AS (
    SELECT "articleId", position / 32 AS part, public.copydesk_tsvector_agg(document ORDER BY position) AS document
      FROM photos GROUP BY 1, 2
  ), photo_text AS (
    SELECT "articleId", public.copydesk_tsvector_agg(document ORDER BY part) AS document FROM photo_groups GROUP BY 1
  ), photo_credits AS (
    SELECT "articleId", array_agg(DISTINCT "creditId") AS credit_ids FROM photos WHERE "creditId" IS NOT NULL GROUP BY 1
  )
  INSERT INTO "ArticleSearch" ("articleId", "articleText", "photoText", "creditIds",
                               status, stage, "documentDate", "updatedAt", "lastEditorId", "assigneeIds")
  SELECT a.id,
         CASE WHEN article_changed OR s."articleId" IS NULL THEN public.copydesk_search_article_text(a.headline, a.standfirst, a.body) ELSE s."articleText" END,
         CASE WHEN photos_changed OR s."articleId" IS NULL THEN coalesce(pt.document, ''::tsvector) ELSE s."photoText" END,
         CASE WHEN photos_changed OR s."articleId" IS NULL THEN coalesce(pc.credit_ids, ARRAY[]::text[]) ELSE s."creditIds" END,
         a.status, a.stage, a."documentDate", a."updatedAt", a."lastEditorId", array_remove(ARRAY[a."assignedReporterId", a."assignedEditorId"], NULL)
    FROM "Article" a
    LEFT JOIN "ArticleSearch" s ON s."articleId" = a.id
    LEFT JOIN photo_text pt ON pt."articleId" = a.id
    LEFT JOIN photo_credits pc ON pc."articleId" = a.id
   WHERE a.id = ANY(ids)
  ON CONFLICT ("articleId") DO UPDATE
    SET "articleText" = EXCLUDED."articleText", "photoText" = EXCLUDED."photoText", "creditIds" = EXCLUDED."creditIds",
        status = EXCLUDED.status, stage = EXCLUDED.stage, "documentDate" = EXCLUDED."documentDate", "updatedAt" = EXCLUDED."updatedAt",
        "lastEditorId" = EXCLUDED."lastEditorId", "assigneeIds" = EXCLUDED."assigneeIds";
END $$;
