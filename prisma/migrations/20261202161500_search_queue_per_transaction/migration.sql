-- Desk search's queue, read per transaction (issue 9, import speed). At commit, the deferred
-- trigger fires once per queued row; each firing ran DELETE FROM "ArticleSearchQueue", a scan of
-- the whole table. The queue is emptied by every transaction but its dead rows stay until
-- vacuumed, and during a long import (two transactions always open) they piled up: at 25,000
-- imported articles the queue was 250 pages and a 50-document batch scanned them 50 times.
-- Now a queued row names its transaction, the flush takes its own transaction's rows through an
-- index, and the firings after the first find their row gone (one primary-key probe) and stop.
-- What is indexed, and when, is unchanged.

ALTER TABLE "ArticleSearchQueue" ADD COLUMN "transactionId" BIGINT NOT NULL DEFAULT txid_current();
CREATE INDEX "ArticleSearchQueue_transactionId_idx" ON "ArticleSearchQueue"("transactionId");

CREATE OR REPLACE FUNCTION copydesk_search_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued record;
BEGIN
  -- An earlier firing in this transaction has taken every queued row, this one's too.
  IF NOT EXISTS (SELECT 1 FROM "ArticleSearchQueue" WHERE "articleId" = NEW."articleId") THEN
    RETURN NULL;
  END IF;
  FOR queued IN
    WITH taken AS (DELETE FROM "ArticleSearchQueue" WHERE "transactionId" = txid_current() RETURNING *)
    SELECT "articleChanged", "photosChanged", array_agg("articleId") AS ids FROM taken GROUP BY 1, 2
  LOOP
    PERFORM public.copydesk_search_refresh(queued.ids, queued."articleChanged", queued."photosChanged");
  END LOOP;
  RETURN NULL;
END $$;
