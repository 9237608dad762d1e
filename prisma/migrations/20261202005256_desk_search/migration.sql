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

-- CreateIndex
CREATE INDEX "Correction_createdAt_id_idx" ON "Correction"("createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_id_idx" ON "AuditEvent"("action", "at", "id");

-- AddForeignKey
ALTER TABLE "ArticleSearch" ADD CONSTRAINT "ArticleSearch_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Desk search (issue 9): a weighted full-text document per article, maintained by
-- statement-level triggers in the same transaction as every write to articles, photos and
-- credits (import, save, restore, credit rename or merge, publish), set-based so a batch
-- import refreshes its whole batch in one statement per table.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- English stemming with accents folded (unaccent() itself is only STABLE; as a dictionary in a
-- configuration it is usable from IMMUTABLE functions and triggers). Case folds in the stemmer.
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

CREATE FUNCTION copydesk_search_refresh_articles(ids text[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "ArticleSearch" ("articleId", "articleText")
  SELECT a.id, public.copydesk_search_article_text(a.headline, a.standfirst, a.body)
    FROM "Article" a WHERE a.id = ANY(ids)
  ON CONFLICT ("articleId") DO UPDATE SET "articleText" = EXCLUDED."articleText"
$$;

-- What the photos contribute (D): captions, alt texts and credits ("AP Martin Meissner": a
-- slash would make the parser read "AP/Martin" as a file path).
CREATE FUNCTION copydesk_search_refresh_photos(ids text[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "ArticleSearch" ("articleId", "photoText")
  SELECT a.id, coalesce(photo_text.vector, ''::tsvector)
    FROM "Article" a
    LEFT JOIN LATERAL (
      SELECT setweight(to_tsvector('public.copydesk_search', string_agg(
               concat_ws(' ', public.copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' ' ORDER BY p.position)), 'D') AS vector
        FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId"
       WHERE p."articleId" = a.id
    ) AS photo_text ON true
   WHERE a.id = ANY(ids)
  ON CONFLICT ("articleId") DO UPDATE SET "photoText" = EXCLUDED."photoText"
$$;

CREATE FUNCTION copydesk_search_article_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_refresh_articles(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_article_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Status, version and publication changes leave the text alone: nothing to refresh.
  PERFORM public.copydesk_search_refresh_articles(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.headline IS DISTINCT FROM o.headline OR n.standfirst IS DISTINCT FROM o.standfirst
        OR n.body IS DISTINCT FROM o.body));
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_photo_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_refresh_photos(ARRAY(SELECT DISTINCT "articleId" FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_photo_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_refresh_photos(ARRAY(SELECT DISTINCT "articleId" FROM old_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_photo_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_refresh_photos(ARRAY(
    SELECT n."articleId" FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.caption IS DISTINCT FROM o.caption OR n.alt IS DISTINCT FROM o.alt
        OR n."creditId" IS DISTINCT FROM o."creditId" OR n."articleId" IS DISTINCT FROM o."articleId"
    UNION
    SELECT o."articleId" FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."articleId" IS DISTINCT FROM o."articleId"));
  RETURN NULL;
END $$;

CREATE FUNCTION copydesk_search_credit_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_refresh_photos(ARRAY(
    SELECT DISTINCT p."articleId" FROM "Photo" p
     WHERE p."creditId" IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                             WHERE n.agency IS DISTINCT FROM o.agency OR n.photographer IS DISTINCT FROM o.photographer)));
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

-- The document searched and ranked. Kept as a stored column (not an expression index) so the
-- queries and the index agree by construction.
ALTER TABLE "ArticleSearch" ADD COLUMN "document" tsvector GENERATED ALWAYS AS ("articleText" || "photoText") STORED;
CREATE INDEX "ArticleSearch_document_idx" ON "ArticleSearch" USING GIN ("document");

-- Existing databases: index every article now (one pass, in this migration's transaction).
SELECT copydesk_search_refresh_articles(ARRAY(SELECT id FROM "Article"));
SELECT copydesk_search_refresh_photos(ARRAY(SELECT id FROM "Article"));
