-- The fact-check's archive caches are invalidated per term (issue 9, re-check on a busy desk).
-- Until now every writer bumped "ArchiveGeneration" and every check worker, on every instance,
-- dropped its whole look-up cache when it moved: on a desk where someone saves every few seconds,
-- every check was a cold read (0.2-0.6 s for an ordinary article, 2-3 s for the long one at
-- 100,000 articles). Now each writer's transaction also appends one row here saying which terms'
-- counts it moved ("kind:term", archiveTermCode) and which articles' own rows it wrote; a
-- writer that moves more than a few thousand terms (an import batch) says "everything" instead.
--
-- A reader keeps the snapshot (pg_current_snapshot) at which it last read this table and next
-- asks for the rows written by transactions not visible in it: exactly the commits it has not
-- seen, whatever order concurrent writers took their ids and committed in (a sequence number
-- read in commit order would miss a transaction that took its number first and committed last).
-- The xid index bounds the scan to transactions from the snapshot's xmin on. Rows are kept an
-- hour (writers prune them now and then); a reader that has not looked for ten minutes drops
-- its cache rather than trust rows that may be gone.
CREATE TABLE "ArchiveChange" (
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "terms" TEXT[] NOT NULL DEFAULT '{}',
    "articles" TEXT[] NOT NULL DEFAULT '{}',
    "everything" BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX "ArchiveChange_xid_idx" ON "ArchiveChange" ("xid");
CREATE INDEX "ArchiveChange_at_idx" ON "ArchiveChange" ("at");

-- An article deleted (its contribution cascades away): its terms no longer count, and the
-- readers drop their caches (deletes are rare; the terms are not worth listing).
CREATE OR REPLACE FUNCTION copydesk_archive_article_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ArchiveTerm" t SET articles = t.articles - d.n
    FROM (SELECT kind, term, count(*)::int AS n FROM (
            SELECT 0::smallint AS kind, unnest(capitalised) AS term FROM old_rows
            UNION ALL SELECT 1::smallint, unnest(names) FROM old_rows
            UNION ALL SELECT 2::smallint, unnest(ngrams) FROM old_rows
            UNION ALL SELECT 3::smallint, unnest(words) FROM old_rows
            UNION ALL SELECT 4::smallint, "headlineLength"::text FROM old_rows WHERE "headlineLength" IS NOT NULL) AS x
           GROUP BY 1, 2) AS d
   WHERE t.kind = d.kind AND t.term = d.term;
  INSERT INTO "ArchiveChange" (everything) VALUES (true);
  PERFORM nextval('"ArchiveGeneration"');
  RETURN NULL;
END $$;
