-- CreateTable
CREATE TABLE "CollabState" (
    "articleId" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "draftVersion" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollabState_pkey" PRIMARY KEY ("articleId")
);

-- CreateTable
CREATE TABLE "CollabPresence" (
    "articleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CollabPresence_pkey" PRIMARY KEY ("articleId","userId","instanceId")
);

-- CreateIndex
CREATE INDEX "CollabPresence_seenAt_idx" ON "CollabPresence"("seenAt");

-- AddForeignKey
ALTER TABLE "CollabState" ADD CONSTRAINT "CollabState_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollabPresence" ADD CONSTRAINT "CollabPresence_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollabPresence" ADD CONSTRAINT "CollabPresence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
