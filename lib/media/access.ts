import "server-only";
import { db } from "@/lib/db";
import { CENTRE, type FocalPoint } from "./formats";

/**
 * What decides whether readers may see an article's images. An image is public while the
 * published snapshot of an article that readers can see shows it; a draft's images, and those
 * of an unpublished article, are not served to anyone without a desk session.
 *
 * The one rule for "this article's media is public": extend it here and select the columns it
 * needs in ARTICLE_MEDIA_COLUMNS; every image request goes through it.
 *
 * Embargo and scheduling need nothing more: a story scheduled to publish is not published until
 * its job runs (lib/scheduling), so its images fail this rule until then, and the images a
 * scheduled update adds are in the draft, not in the published snapshot searched below. The job's
 * reader invalidation clears the per-image access cache on every instance (lib/media/access-cache),
 * so they become reachable at the time (lib/media/media.int.test.ts, "embargoed story").
 */
export interface ArticleMediaState {
  status: string;
  firstPublishedAt: Date | null;
}

export function isArticleMediaPublic(article: ArticleMediaState): boolean {
  return article.status === "published" && article.firstPublishedAt !== null;
}

/** The Article columns `isArticleMediaPublic` reads (quoted SQL identifiers). */
const ARTICLE_MEDIA_COLUMNS = `"status"::text AS "status", "firstPublishedAt"`;

export interface PublicImageUse {
  /** Focal points the published photos use, so their crops may be made for readers. */
  focalPoints: FocalPoint[];
}

/**
 * Null when no article readers can see shows this image; else the focal points it is shown
 * with. One indexed containment query (GIN on the snapshot's photos), whatever the archive size.
 */
export async function publicImageUse(assetId: string): Promise<PublicImageUse | null> {
  const needle = JSON.stringify([{ imageId: assetId }]);
  const rows = await db.$queryRawUnsafe<Array<ArticleMediaState & { photos: unknown }>>(
    `SELECT ${ARTICLE_MEDIA_COLUMNS}, "publishedSnapshot"->'photos' AS "photos"
       FROM "Article"
      WHERE "publishedSnapshot"->'photos' @> $1::jsonb
      LIMIT 50`,
    needle,
  );
  const visible = rows.filter(isArticleMediaPublic);
  if (visible.length === 0) return null;
  const focalPoints: FocalPoint[] = [CENTRE];
  for (const row of visible) {
    for (const photo of Array.isArray(row.photos) ? (row.photos as Array<Record<string, unknown>>) : []) {
      const focal = photo.focal as FocalPoint | null | undefined;
      if (photo.imageId === assetId && focal && typeof focal.x === "number" && typeof focal.y === "number") focalPoints.push(focal);
    }
  }
  return { focalPoints };
}
