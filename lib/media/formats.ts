// Client-safe facts about images and their URLs (no Node imports): the desk and the reader
// components build URLs with these, the server parses them back.

export type ImageFormat = "jpeg" | "png" | "webp" | "avif";
export type VariantFormat = "webp" | "jpeg";

export const IMAGE_MIME: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
};

/**
 * Widths made for every image, never wider than the image itself; an image narrower than the
 * widest also gets one at its own width, and a portrait's widest is 2048 px tall (so narrower).
 */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1600, 2048] as const;
export const VARIANT_FORMATS: readonly VariantFormat[] = ["webp", "jpeg"];
const EXTENSION: Record<VariantFormat, string> = { webp: "webp", jpeg: "jpg" };

/** Crops cut around the focal point: front page, social cards. */
export const CROPS = {
  "16x9": { width: 16, height: 9 },
  "4x3": { width: 4, height: 3 },
  "1x1": { width: 1, height: 1 },
  // OpenGraph / Twitter large card: 1200×630.
  og: { width: 40, height: 21 },
} as const;
export type CropName = keyof typeof CROPS;
export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

export interface StoredVariant {
  width: number;
  height: number;
  format: VariantFormat;
  bytes: number;
}

/** A focal point in percent of width and height, 0–100 (50/50 is the centre). */
export interface FocalPoint {
  x: number;
  y: number;
}

export const CENTRE: FocalPoint = { x: 50, y: 50 };

/** Everything a page needs to show one image: its public URLs derive from the content hash. */
export interface ImageRef {
  hash: string;
  width: number;
  height: number;
  variants: StoredVariant[];
}

export function variantName(width: number, format: VariantFormat): string {
  return `${width}.${EXTENSION[format]}`;
}

export function cropName(crop: CropName, focal: FocalPoint, width: number, format: VariantFormat): string {
  return `${crop}-${Math.round(focal.x)}-${Math.round(focal.y)}-${width}.${EXTENSION[format]}`;
}

/** Public URL of a stored variant. */
export function variantUrl(hash: string, width: number, format: VariantFormat): string {
  return `/media/${hash}/${variantName(width, format)}`;
}

export function cropUrl(hash: string, crop: CropName, focal: FocalPoint, width: number, format: VariantFormat = "jpeg"): string {
  return `/media/${hash}/${cropName(crop, focal, width, format)}`;
}

export type MediaRequest =
  | { kind: "variant"; hash: string; width: number; format: VariantFormat; name: string }
  | { kind: "crop"; hash: string; crop: CropName; focal: FocalPoint; width: number; format: VariantFormat; name: string };

const HASH = /^[0-9a-f]{64}$/;
const VARIANT = /^([1-9]\d{0,3})\.(webp|jpg)$/;
const CROP = /^(16x9|4x3|1x1|og)-(\d{1,3})-(\d{1,3})-(\d{3,4})\.(webp|jpg)$/;
const FORMAT_OF: Record<string, VariantFormat> = { webp: "webp", jpg: "jpeg" };

/** Parses `/media/<hash>/<name>` parts; null for anything we never make (so nothing is made on demand for it). */
export function parseMediaRequest(hash: string, name: string): MediaRequest | null {
  if (!HASH.test(hash)) return null;
  const variant = VARIANT.exec(name);
  if (variant) {
    const width = Number(variant[1]);
    // Any width up to the widest: an image's own width is one (the stored list says which exist).
    if (width < 1 || width > VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]) return null;
    return { kind: "variant", hash, width, format: FORMAT_OF[variant[2]], name };
  }
  const crop = CROP.exec(name);
  if (crop) {
    const [x, y, width] = [Number(crop[2]), Number(crop[3]), Number(crop[4])];
    if (x > 100 || y > 100) return null;
    const cropKey = crop[1] as CropName;
    if (cropKey === "og" ? width !== OG_WIDTH : !(VARIANT_WIDTHS as readonly number[]).includes(width)) return null;
    return { kind: "crop", hash, crop: cropKey, focal: { x, y }, width, format: FORMAT_OF[crop[5]], name };
  }
  return null;
}

/** The variants of one format, narrowest first, for a srcset. */
export function srcSet(image: ImageRef, format: VariantFormat): string {
  return image.variants
    .filter((variant) => variant.format === format)
    .sort((a, b) => a.width - b.width)
    .map((variant) => `${variantUrl(image.hash, variant.width, format)} ${variant.width}w`)
    .join(", ");
}

/** The rectangle of a crop of `ratio` around `focal`, inside an image of width×height. */
export function cropRectangle(
  image: { width: number; height: number },
  ratio: { width: number; height: number },
  focal: FocalPoint,
): { left: number; top: number; width: number; height: number } {
  const target = ratio.width / ratio.height;
  let width = image.width;
  let height = Math.round(width / target);
  if (height > image.height) {
    height = image.height;
    width = Math.round(height * target);
  }
  const centreX = (focal.x / 100) * image.width;
  const centreY = (focal.y / 100) * image.height;
  const left = Math.min(Math.max(0, Math.round(centreX - width / 2)), image.width - width);
  const top = Math.min(Math.max(0, Math.round(centreY - height / 2)), image.height - height);
  return { left, top, width, height };
}
