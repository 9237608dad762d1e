import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { ReaderTaxonomy } from "./types";

// Apart from the cached queries (./queries) so the desk's draft preview reads bylines, section and
// tags the same way without loading Next's data cache.

/** Bylines, section and tags as an article's reader pages show them (live rows, in print order). */
export const READER_TAXONOMY_SELECT = {
  section: { select: { name: true, slug: true } },
  tags: { orderBy: { position: "asc" }, select: { tag: { select: { name: true, slug: true } } } },
  bylines: { orderBy: { position: "asc" }, select: { contributor: { select: { displayName: true, slug: true } } } },
} satisfies Prisma.ArticleSelect;

export function readerTaxonomy(row: Prisma.ArticleGetPayload<{ select: typeof READER_TAXONOMY_SELECT }>): ReaderTaxonomy {
  return {
    section: row.section ? { name: row.section.name, slug: row.section.slug } : null,
    tags: row.tags.map(({ tag }) => ({ name: tag.name, slug: tag.slug })),
    bylines: row.bylines.map(({ contributor }) => ({ name: contributor.displayName, slug: contributor.slug })),
  };
}
