-- AlterTable
ALTER TABLE "Photo" ADD COLUMN     "focalX" INTEGER,
ADD COLUMN     "focalY" INTEGER,
ADD COLUMN     "imageId" TEXT;

-- CreateTable
CREATE TABLE "MediaAsset" (
    "id" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "variants" JSONB NOT NULL,
    "originalName" TEXT NOT NULL DEFAULT '',
    "metadata" JSONB NOT NULL,
    "caption" TEXT NOT NULL DEFAULT '',
    "creator" TEXT,
    "copyright" TEXT,
    "creditId" TEXT,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaAsset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MediaAsset_hash_key" ON "MediaAsset"("hash");

-- CreateIndex
CREATE INDEX "MediaAsset_createdAt_idx" ON "MediaAsset"("createdAt");

-- CreateIndex
CREATE INDEX "MediaAsset_creditId_idx" ON "MediaAsset"("creditId");

-- CreateIndex
CREATE INDEX "Photo_imageId_idx" ON "Photo"("imageId");

-- AddForeignKey
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "MediaAsset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaAsset" ADD CONSTRAINT "MediaAsset_creditId_fkey" FOREIGN KEY ("creditId") REFERENCES "Credit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Readers may fetch an image only while a published snapshot shows it (lib/media/access.ts asks
-- `"publishedSnapshot"->'photos' @> '[{"imageId": …}]'`); this index answers that at archive size.
CREATE INDEX "Article_publishedSnapshot_photos_idx" ON "Article" USING GIN (("publishedSnapshot"->'photos') jsonb_path_ops);
