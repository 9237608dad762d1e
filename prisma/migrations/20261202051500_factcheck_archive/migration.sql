-- CreateTable
CREATE TABLE "ArchiveArticle" (
    "articleId" TEXT NOT NULL,
    "capitalised" TEXT[],
    "names" TEXT[],
    "ngrams" TEXT[],
    "words" TEXT[],
    "headlineLength" INTEGER,

    CONSTRAINT "ArchiveArticle_pkey" PRIMARY KEY ("articleId")
);

-- CreateTable
CREATE TABLE "ArchiveTerm" (
    "kind" SMALLINT NOT NULL,
    "term" TEXT NOT NULL,
    "articles" INTEGER NOT NULL,

    CONSTRAINT "ArchiveTerm_pkey" PRIMARY KEY ("kind","term")
);

-- CreateTable
CREATE TABLE "ArchiveNameKey" (
    "key" TEXT NOT NULL,
    "form" TEXT NOT NULL,

    CONSTRAINT "ArchiveNameKey_pkey" PRIMARY KEY ("key","form")
);

-- CreateTable
CREATE TABLE "ArchiveSkeleton" (
    "skeleton" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "ngram" TEXT NOT NULL,

    CONSTRAINT "ArchiveSkeleton_pkey" PRIMARY KEY ("skeleton","form")
);

-- CreateTable
CREATE TABLE "ArchiveBackfill" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "lastId" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ArchiveBackfill_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "ArchiveArticle" ADD CONSTRAINT "ArchiveArticle_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The fact-check's archive (issue 9), maintained by lib/factcheck/archive-store.ts in the same
-- transaction as every write of article content (import, save, restore, credit rename), set-based:
-- one statement per batch upserts the articles' contributions and applies the differences to the
-- counts. Writers bump this sequence, so the check workers' caches know the counts moved.
CREATE SEQUENCE "ArchiveGeneration";

-- An article deleted (its contribution cascades away): its terms no longer count.
CREATE FUNCTION copydesk_archive_article_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
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
  PERFORM nextval('"ArchiveGeneration"');
  RETURN NULL;
END $$;

CREATE TRIGGER copydesk_archive_article_delete AFTER DELETE ON "ArchiveArticle"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION copydesk_archive_article_deleted();

-- Existing articles are filled by the resumable backfill (`copydesk archive-backfill`, also run by
-- `copydesk start`): their contributions need the fact-checker's analysis, which is TypeScript.
INSERT INTO "ArchiveBackfill" (id, done) VALUES (1, 0);
