import "server-only";
import { creditLabelsById } from "@/lib/articles/credits";
import type { ArticleSnapshot } from "@/lib/articles/snapshot";
import type { ArticleViewModel, ReaderTaxonomy } from "./types";
import { imageRefs } from "@/lib/media/service";
import { bodyHtmlFromSnapshot, creditIdsOf, imageIdsOf, readerCorrections, readerPhotos } from "./view-model";

/**
 * The article view for any snapshot, e.g. an unpublished draft in the desk's preview. Not
 * cached and not filtered by status: callers check who may see it. Credits are read live.
 */
export async function articleViewFromSnapshot(
  snapshot: ArticleSnapshot,
  extras: {
    publishedAt?: Date | null;
    updatedAt?: Date | null;
    corrections?: ReadonlyArray<{ kind: string; note: string; createdAt: Date }>;
    /** Bylines (linked to author pages), section and tags; none when absent. */
    taxonomy?: ReaderTaxonomy;
  } = {},
): Promise<ArticleViewModel> {
  const [credits, images] = await Promise.all([creditLabelsById(creditIdsOf([snapshot])), imageRefs(imageIdsOf([snapshot]))]);
  return {
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    bodyHtml: bodyHtmlFromSnapshot(snapshot.body),
    // A draft's images are served to desk sessions only (app/(site)/media), which is who sees a preview.
    photos: readerPhotos(snapshot.photos, credits, images),
    publishedAt: extras.publishedAt?.toISOString() ?? null,
    updatedAt: extras.updatedAt?.toISOString() ?? null,
    corrections: readerCorrections(extras.corrections ?? []),
    ...(extras.taxonomy ?? {}),
  };
}
