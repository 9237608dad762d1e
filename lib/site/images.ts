import { cropUrl, OG_HEIGHT, OG_WIDTH, variantUrl, type StoredVariant } from "@/lib/media/formats";
import { absoluteUrl, type SiteConfig } from "./config";
import type { ReaderImage, ReaderPhoto } from "./types";

// How reader pages, social cards, structured data and feeds refer to an article's images.

/** The article column is 44rem wide; narrower screens use the whole width. */
export const ARTICLE_IMAGE_SIZES = "(min-width: 46rem) 44rem, 100vw";

/** The widest variant of a format: the image's own size for width/height and fallbacks. */
export function widestVariant(image: ReaderImage, format: StoredVariant["format"] = "jpeg"): StoredVariant | null {
  return image.variants.filter((variant) => variant.format === format).reduce<StoredVariant | null>((best, variant) => (!best || variant.width > best.width ? variant : best), null);
}

/** The photo that stands for the article: the first one with an image. */
export function leadImagePhoto<P extends Pick<ReaderPhoto, "image">>(photos: readonly P[]): (P & { image: ReaderImage }) | null {
  return (photos.find((photo) => photo.image !== null) as (P & { image: ReaderImage }) | undefined) ?? null;
}

/** The 1200×630 social card cut at the focal point (made on first request, public once published). */
export function socialCard(site: SiteConfig, photo: Pick<ReaderPhoto, "image" | "alt">): { url: string; width: number; height: number; alt: string } | null {
  if (!photo.image) return null;
  return { url: absoluteUrl(site, cropUrl(photo.image.hash, "og", photo.image.focal, OG_WIDTH)), width: OG_WIDTH, height: OG_HEIGHT, alt: photo.alt };
}

/** The largest JPEG of a photo's image as an absolute URL, with its size. */
export function largestImage(site: SiteConfig, image: ReaderImage): { url: string; width: number; height: number } | null {
  const variant = widestVariant(image);
  return variant ? { url: absoluteUrl(site, variantUrl(image.hash, variant.width, "jpeg")), width: variant.width, height: variant.height } : null;
}
