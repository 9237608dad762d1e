-- DropIndex
DROP INDEX "MediaAsset_createdAt_idx";

-- CreateIndex
CREATE INDEX "MediaAsset_createdAt_id_idx" ON "MediaAsset"("createdAt", "id");

-- The media library's search over caption and creator (lib/media/library.ts, SEARCH_DOCUMENT:
-- keep the expression identical so the planner uses this index).
CREATE INDEX "MediaAsset_search_idx" ON "MediaAsset" USING GIN (to_tsvector('public.copydesk_search'::regconfig, "caption" || ' ' || coalesce("creator", '')));
