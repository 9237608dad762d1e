-- Desk search: an article's text is queued for indexing by a row trigger on the text columns
-- (issue 9, save speed). The statement trigger it replaces fired on every UPDATE of "Article" and
-- compared each row's old and new body: two reads of a TOASTed jsonb (the long article's is 56 KB)
-- for a save that changed one caption, a publication, a version bump, a section move or a credit
-- merge re-pointing 2,000 published snapshots. `UPDATE OF headline, standfirst, body` fires only
-- when a statement sets one of them (PostgreSQL allows no transition tables with a column list,
-- hence a row trigger); WHEN then queues only the rows whose text really changed. What is indexed,
-- and when (at commit, through the queue), is unchanged.

DROP TRIGGER copydesk_search_article_update ON "Article";
DROP FUNCTION copydesk_search_article_updated();

CREATE FUNCTION copydesk_search_article_text_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM public.copydesk_search_enqueue(ARRAY[NEW.id], true, false);
  RETURN NULL;
END $$;

CREATE TRIGGER copydesk_search_article_text_update AFTER UPDATE OF headline, standfirst, body ON "Article"
  FOR EACH ROW
  WHEN (OLD.headline IS DISTINCT FROM NEW.headline OR OLD.standfirst IS DISTINCT FROM NEW.standfirst OR OLD.body IS DISTINCT FROM NEW.body)
  EXECUTE FUNCTION copydesk_search_article_text_updated();
