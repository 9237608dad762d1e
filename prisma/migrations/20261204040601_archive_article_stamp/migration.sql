-- AlterTable
ALTER TABLE "ArchiveArticle" ADD COLUMN     "stamp" TEXT;
