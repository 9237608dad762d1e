-- The fact-check's archive reads each credit on its own (issue 9, credit rename at scale): what a
-- credit adds is then the same in every article that shows it, and a rename moves the counts in a
-- few statements keyed by the credit instead of analysing each of its articles again
-- (lib/factcheck/archive-store.ts, moveCreditTerms). "creditTerms" names the terms only an
-- article's credits give it ("1:Meissner"), so a rename knows which ones the article keeps.
ALTER TABLE "ArchiveArticle" ADD COLUMN "creditTerms" TEXT[] NOT NULL DEFAULT '{}';

-- Stored contributions were worked out by the old reading: emptied, and filled again by the
-- resumable backfill (`copydesk migrate`, also run by `copydesk start`). TRUNCATE fires no
-- DELETE trigger; the counts go with the rows.
TRUNCATE "ArchiveArticle", "ArchiveTerm", "ArchiveNameKey", "ArchiveSkeleton";
UPDATE "ArchiveBackfill" SET "lastId" = NULL, "done" = 0, "finishedAt" = NULL;
SELECT nextval('"ArchiveGeneration"');
