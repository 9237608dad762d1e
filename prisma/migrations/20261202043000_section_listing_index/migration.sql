-- CreateIndex
CREATE INDEX "Article_sectionId_firstPublishedAt_id_idx" ON "Article"("sectionId", "firstPublishedAt", "id");
