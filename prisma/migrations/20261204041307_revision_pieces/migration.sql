-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "pieces" JSONB,
ALTER COLUMN "snapshot" DROP NOT NULL;

-- CreateTable
CREATE TABLE "RevisionPiece" (
    "articleId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "RevisionPiece_pkey" PRIMARY KEY ("articleId","hash")
);

-- AddForeignKey
ALTER TABLE "RevisionPiece" ADD CONSTRAINT "RevisionPiece_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Exactly one form per revision. NOT VALID: every existing row has its snapshot (the column was
-- NOT NULL until now), so the archive's revisions need not be scanned to prove it; new rows are checked.
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_one_form" CHECK (("snapshot" IS NULL) <> ("pieces" IS NULL)) NOT VALID;
