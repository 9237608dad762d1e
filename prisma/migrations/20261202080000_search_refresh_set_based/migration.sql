-- Desk search, set-based (issue 9, import speed): a batch's photo text is computed by one grouped
-- query over the batch's photos, instead of one call of copydesk_search_photo_text per article
-- (a sub-query planned and run per article: at commit of a 50-document import batch, 50 of them).
-- What is indexed is unchanged: the same fields, weights and order, so no re-index is needed.

CREATE OR REPLACE FUNCTION copydesk_search_refresh(ids text[], article_changed boolean, photos_changed boolean) RETURNS void
LANGUAGE sql AS $$
  WITH photo_text AS (
    SELECT p."articleId",
           setweight(to_tsvector('public.copydesk_search', string_agg(
             concat_ws(' ', public.copydesk_rich_text(p.caption), p.alt, c.agency, c.photographer), ' ' ORDER BY p.position)), 'D') AS document
      FROM "Photo" p LEFT JOIN "Credit" c ON c.id = p."creditId"
     WHERE p."articleId" = ANY(ids)
       AND (photos_changed OR NOT EXISTS (SELECT 1 FROM "ArticleSearch" s WHERE s."articleId" = p."articleId"))
     GROUP BY p."articleId"
  )
  INSERT INTO "ArticleSearch" ("articleId", "articleText", "photoText")
  SELECT a.id,
         CASE WHEN article_changed OR s."articleId" IS NULL THEN public.copydesk_search_article_text(a.headline, a.standfirst, a.body) ELSE s."articleText" END,
         CASE WHEN photos_changed OR s."articleId" IS NULL THEN coalesce(pt.document, ''::tsvector) ELSE s."photoText" END
    FROM "Article" a
    LEFT JOIN "ArticleSearch" s ON s."articleId" = a.id
    LEFT JOIN photo_text pt ON pt."articleId" = a.id
   WHERE a.id = ANY(ids)
  ON CONFLICT ("articleId") DO UPDATE SET "articleText" = EXCLUDED."articleText", "photoText" = EXCLUDED."photoText"
$$;
