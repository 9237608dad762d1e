-- CreateEnum
CREATE TYPE "WorkflowStage" AS ENUM ('in_progress', 'ready_for_edit', 'ready_for_copy', 'ready_to_publish');

-- CreateEnum
CREATE TYPE "ScheduleAction" AS ENUM ('publish', 'unpublish');

-- CreateEnum
CREATE TYPE "ScheduleState" AS ENUM ('pending', 'done', 'cancelled', 'failed');

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "assignedEditorId" TEXT,
ADD COLUMN     "assignedReporterId" TEXT,
ADD COLUMN     "sectionId" TEXT,
ADD COLUMN     "stage" "WorkflowStage" NOT NULL DEFAULT 'in_progress';

-- CreateTable
CREATE TABLE "Section" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleTag" (
    "articleId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ArticleTag_pkey" PRIMARY KEY ("articleId","tagId")
);

-- CreateTable
CREATE TABLE "Contributor" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "bio" TEXT NOT NULL DEFAULT '',
    "userId" TEXT,

    CONSTRAINT "Contributor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleByline" (
    "articleId" TEXT NOT NULL,
    "contributorId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ArticleByline_pkey" PRIMARY KEY ("articleId","position")
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "fromStage" "WorkflowStage" NOT NULL,
    "toStage" "WorkflowStage" NOT NULL,
    "actorId" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleSchedule" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "action" "ScheduleAction" NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "state" "ScheduleState" NOT NULL DEFAULT 'pending',
    "publishKind" "PublishKind",
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ranAt" TIMESTAMP(3),
    "lateByMs" INTEGER,
    "error" TEXT,

    CONSTRAINT "ArticleSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboxEntry" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "actorId" TEXT,
    "kind" TEXT NOT NULL,
    "articleId" TEXT,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "InboxEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Section_slug_key" ON "Section"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Section_name_key" ON "Section"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");

-- CreateIndex
CREATE INDEX "ArticleTag_tagId_idx" ON "ArticleTag"("tagId");

-- CreateIndex
CREATE UNIQUE INDEX "Contributor_slug_key" ON "Contributor"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Contributor_userId_key" ON "Contributor"("userId");

-- CreateIndex
CREATE INDEX "ArticleByline_contributorId_idx" ON "ArticleByline"("contributorId");

-- CreateIndex
CREATE UNIQUE INDEX "ArticleByline_articleId_contributorId_key" ON "ArticleByline"("articleId", "contributorId");

-- CreateIndex
CREATE INDEX "StageChange_articleId_at_idx" ON "StageChange"("articleId", "at");

-- CreateIndex
CREATE INDEX "ArticleSchedule_state_runAt_idx" ON "ArticleSchedule"("state", "runAt");

-- CreateIndex
CREATE INDEX "ArticleSchedule_articleId_state_idx" ON "ArticleSchedule"("articleId", "state");

-- CreateIndex
CREATE INDEX "InboxEntry_recipientId_readAt_createdAt_idx" ON "InboxEntry"("recipientId", "readAt", "createdAt");

-- CreateIndex
CREATE INDEX "Article_stage_idx" ON "Article"("stage");

-- CreateIndex
CREATE INDEX "Article_assignedReporterId_idx" ON "Article"("assignedReporterId");

-- CreateIndex
CREATE INDEX "Article_assignedEditorId_idx" ON "Article"("assignedEditorId");

-- CreateIndex
CREATE INDEX "Article_sectionId_idx" ON "Article"("sectionId");

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_assignedReporterId_fkey" FOREIGN KEY ("assignedReporterId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_assignedEditorId_fkey" FOREIGN KEY ("assignedEditorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleTag" ADD CONSTRAINT "ArticleTag_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleTag" ADD CONSTRAINT "ArticleTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contributor" ADD CONSTRAINT "Contributor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleByline" ADD CONSTRAINT "ArticleByline_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleByline" ADD CONSTRAINT "ArticleByline_contributorId_fkey" FOREIGN KEY ("contributorId") REFERENCES "Contributor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageChange" ADD CONSTRAINT "StageChange_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageChange" ADD CONSTRAINT "StageChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleSchedule" ADD CONSTRAINT "ArticleSchedule_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleSchedule" ADD CONSTRAINT "ArticleSchedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxEntry" ADD CONSTRAINT "InboxEntry_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxEntry" ADD CONSTRAINT "InboxEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxEntry" ADD CONSTRAINT "InboxEntry_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: at most one pending publish and one pending unpublish per article, so a
-- reschedule replaces the old time rather than adding a second.
CREATE UNIQUE INDEX "ArticleSchedule_one_pending" ON "ArticleSchedule" ("articleId", "action") WHERE "state" = 'pending';
