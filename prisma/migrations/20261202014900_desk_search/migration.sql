-- DropIndex
DROP INDEX "Article_updatedAt_idx";

-- CreateTable
CREATE TABLE "ArticleSearch" (
    "articleId" TEXT NOT NULL,
    "articleText" tsvector NOT NULL DEFAULT ''::tsvector,
    "photoText" tsvector NOT NULL DEFAULT ''::tsvector,

    CONSTRAINT "ArticleSearch_pkey" PRIMARY KEY ("articleId")
);

-- CreateIndex
CREATE INDEX "Article_updatedAt_id_idx" ON "Article"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Article_status_updatedAt_id_idx" ON "Article"("status", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Article_lastEditorId_idx" ON "Article"("lastEditorId");

-- CreateIndex
CREATE INDEX "Article_documentDate_idx" ON "Article"("documentDate");

-- DropIndex
DROP INDEX "Photo_creditId_idx";

-- CreateIndex
CREATE INDEX "Photo_creditId_articleId_idx" ON "Photo"("creditId", "articleId");

-- CreateIndex
CREATE INDEX "Correction_createdAt_id_idx" ON "Correction"("createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_id_idx" ON "AuditEvent"("action", "at", "id");

-- AddForeignKey
ALTER TABLE "ArticleSearch" ADD CONSTRAINT "ArticleSearch_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Desk search (issue 9): a weighted full-text document per article, maintained in the same
-- transaction as every write to articles, photos and credits (import, save, restore, credit
-- rename or merge, publish), whatever code path makes it.
--
-- How: statement-level triggers (set-based: a batch import's multi-row statement queues its whole
-- batch in one statement) note which articles changed and which part (the article's own text,
-- or its photos) in "ArticleSearchQueue"; a deferred constraint trigger then indexes every queued
-- article once, at commit. Deferring matters for imports: articles and their photos arrive in the
-- same statement, and each article's text is vectorised once rather than once per table written.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- English stemming with accents folded (unaccent() itself is only STABLE; as a dictionary in a
-- configuration it is usable from IMMUTABLE functions). Case folds in the stemmer.
CREATE TEXT SEARCH CONFIGURATION copydesk_search (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION copydesk_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- The plain text of a TipTap JSON document: inline content joined within a block (marks never
-- split a word), blocks and hard breaks separated by spaces.
CREATE FUNCTION copydesk_rich_text(doc jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(block_text, ' '), '')
    FROM (SELECT (SELECT string_agg(coalesce(node->>'text', ' '), '') FROM jsonb_array_elements(content) AS node) AS block_text
            FROM jsonb_path_query(doc, 'strict $.**.content') AS content
           WHERE jsonb_typeof(content) = 'array') AS blocks
$$;

-- What the article row contributes: headline (A), standfirst (B), body (C).
CREATE FUNCTION copydesk_search_article_text(headline text, standfirst text, body jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('public.copydesk_search', headline), 'A')
      || setweight(to_tsvector('public.copydesk_search', standfirst), 'B')
      || setweight(to_tsvector('public.copydesk_search', public.copydesk_rich_text(body)), 'C')
$$;

-- What an article's photos contribute (D): captions, alt texts and credits ("AP Martin Meissner":
-- with the slash the parser would read "AP/Martin" as a file path).
CREATE FUNCTION copydesk_search_photo_text(article_id text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT coalesce(setweight(to_tsvector('public.copydesk_search', string_agg(
           concat_ws(' ', public.copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' ' ORDER BY p.position)), 'D'), ''::tsvector)
    FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId"
   WHERE p."articleId" = article_id
$$;

-- Articles to index at commit, and which of their parts changed. Empty outside a transaction.
CREATE UNLOGGED TABLE "ArticleSearchQueue" (
  "articleId" text PRIMARY KEY,
  "articleChanged" boolean NOT NULL DEFAULT false,
  "photosChanged" boolean NOT NULL DEFAULT false
);

-- Queues articles (in id order, so concurrent writers wait for each other in one order).
CREATE FUNCTION copydesk_search_enqueue(ids text[], article_changed boolean, photos_changed boolean) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "ArticleSearchQueue" ("articleId", "articleChanged", "photosChanged")
  SELECT DISTINCT id, article_changed, photos_changed FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY 1
  ON CONFLICT ("articleId") DO UPDATE
    SET "articleChanged" = "ArticleSearchQueue"."articleChanged" OR EXCLUDED."articleChanged",
        "photosChanged" = "ArticleSearchQueue"."photosChanged" OR EXCLUDED."photosChanged"
$$;

-- Indexes the given articles' changed parts (a missing row gets both); deleted articles are skipped.
CREATE FUNCTION copydesk_search_refresh(ids text[], article_changed boolean, photos_changed boolean) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "ArticleSearch" ("articleId", "articleText", "photoText")
  SELECT a.id,
         CASE WHEN article_changed OR s."articleId" IS NULL THEN public.copydesk_search_article_text(a.headline, a.standfirst, a.body) ELSE s."articleText" END,
         CASE WHEN photos_changed OR s."articleId" IS NULL THEN public.copydesk_search_photo_text(a.id) ELSE s."photoText" END
    FROM "Article" a LEFT JOIN "ArticleSearch" s ON s."articleId" = a.id
   WHERE a.id = ANY(ids)
  ON CONFLICT ("articleId") DO UPDATE SET "articleText" = EXCLUDED."articleText", "photoText" = EXCLUDED."photoText"
$$;

-- At commit: the first queued row's trigger indexes everything queued; the others find nothing.
CREATE FUNCTION copydesk_search_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued record;
BEGIN
  FOR queued IN
    WITH taken AS (DELETE FROM "ArticleSearchQueue" RETURNING *)
    SELECT "articleChanged", "photosChanged", array_agg("articleId") AS ids FROM taken GROUP BY 1, 2
  LOOP
    PERFORM public.copydesk_search_refresh(queued.ids, queued."articleChanged", queued."photosChanged");
  END LOOP;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER copydesk_search_flush AFTER INSERT ON "ArticleSearchQueue"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION copydesk_search_flush();

CREATE FUNCTION copydesk_search_article_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY(SELECT id FROM new_rows), true, true);
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_article_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Status, version and publication changes leave the text alone: nothing to index.
  PERFORM public.copydesk_search_enqueue(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.headline IS DISTINCT FROM o.headline OR n.standfirst IS DISTINCT FROM o.standfirst
        OR n.body IS DISTINCT FROM o.body), true, false);
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_photo_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY(SELECT "articleId" FROM new_rows), false, true);
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_photo_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY(SELECT "articleId" FROM old_rows), false, true);
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_photo_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY(
    SELECT unnest(ARRAY[n."articleId", o."articleId"]) FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.caption IS DISTINCT FROM o.caption OR n.alt IS DISTINCT FROM o.alt
        OR n."creditId" IS DISTINCT FROM o."creditId" OR n."articleId" IS DISTINCT FROM o."articleId"), false, true);
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_credit_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY(
    SELECT p."articleId" FROM "Photo" p
     WHERE p."creditId" IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                             WHERE n.agency IS DISTINCT FROM o.agency OR n.photographer IS DISTINCT FROM o.photographer)), false, true);
  RETURN NULL;
END $$;

CREATE TRIGGER copydesk_search_article_insert AFTER INSERT ON "Article"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_search_article_inserted();
CREATE TRIGGER copydesk_search_article_update AFTER UPDATE ON "Article"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_search_article_updated();
CREATE TRIGGER copydesk_search_photo_insert AFTER INSERT ON "Photo"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_search_photo_inserted();
CREATE TRIGGER copydesk_search_photo_delete AFTER DELETE ON "Photo"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_search_photo_deleted();
CREATE TRIGGER copydesk_search_photo_update AFTER UPDATE ON "Photo"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_search_photo_updated();
CREATE TRIGGER copydesk_search_credit_update AFTER UPDATE ON "Credit"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_search_credit_updated();

-- The document searched and ranked. A stored column (not an expression index) so the queries
-- and the index agree by construction.
ALTER TABLE "ArticleSearch" ADD COLUMN "document" tsvector GENERATED ALWAYS AS ("articleText" || "photoText") STORED;
CREATE INDEX "ArticleSearch_document_idx" ON "ArticleSearch" USING GIN ("document");

-- Existing databases: index every article now, in this migration's transaction.
SELECT copydesk_search_refresh(ARRAY(SELECT id FROM "Article"), true, true);
