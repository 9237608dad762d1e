import { availableParallelism } from "node:os";
import sharp from "sharp";
import { ValidationError } from "@/lib/errors";
import { detectImageFormat } from "./detect";
import {
  CROPS,
  OG_HEIGHT,
  OG_WIDTH,
  VARIANT_FORMATS,
  VARIANT_WIDTHS,
  cropRectangle,
  type CropName,
  type FocalPoint,
  type ImageFormat,
  type VariantFormat,
} from "./formats";

// Decoding and encoding with sharp (libvips). Everything here runs in libvips' own threads;
// callers go through the work queue (queue.ts) so only a few images are in memory at once.

// libvips threads per image, at most the machine's cores (COPYDESK_MEDIA_THREADS): the work
// queue decides how many images run side by side (memory), this how fast each one goes.
sharp.concurrency(Math.max(1, Number(process.env.COPYDESK_MEDIA_THREADS) || Math.min(availableParallelism(), 4)));
// libvips' operation cache would keep decoded images of past uploads in memory.
sharp.cache(false);

export const UNSUPPORTED_MESSAGE = "This file is not an image we can use. Upload a JPEG, PNG, WebP or AVIF image.";

export interface ProcessedVariant {
  width: number;
  height: number;
  format: VariantFormat;
  data: Buffer;
}

export interface ProcessedImage {
  format: ImageFormat;
  /** Displayed size (after EXIF orientation). */
  width: number;
  height: number;
  variants: ProcessedVariant[];
}

// WebP is what readers' browsers fetch (the <picture> offers it first), so it keeps effort 2;
// the JPEG is the fallback for the rest (old clients, feed readers), so it is baseline rather
// than progressive: a progressive scan costs about 1.7× the encoding time for a few percent of bytes.
const ENCODE = {
  webp: (image: sharp.Sharp) => image.webp({ quality: 78, effort: 2 }),
  jpeg: (image: sharp.Sharp) => image.flatten({ background: "#ffffff" }).jpeg({ quality: 80, mozjpeg: false }),
} satisfies Record<VariantFormat, (image: sharp.Sharp) => sharp.Sharp>;

function refuse(message: string): never {
  throw ValidationError.forField("file", message);
}

/** Checks type and size from the headers only (no decoding): what every upload passes first. */
export async function inspectImage(data: Buffer, maxPixels: number): Promise<{ format: ImageFormat; width: number; height: number }> {
  const format = detectImageFormat(data.subarray(0, 64));
  if (!format) refuse(UNSUPPORTED_MESSAGE);
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    refuse("This image file is damaged and cannot be read.");
  }
  const { width, height } = metadata;
  if (!width || !height) refuse("This image file is damaged and cannot be read.");
  if (width * height > maxPixels) {
    const megapixels = (width * height) / 1e6;
    refuse(`This image is ${width}×${height} (${megapixels.toFixed(0)} megapixels); the limit is ${(maxPixels / 1e6).toFixed(0)} megapixels.`);
  }
  // Orientations 5–8 are rotated by 90°: the displayed image is height×width.
  const rotated = (metadata.orientation ?? 1) >= 5;
  return { format, width: rotated ? height : width, height: rotated ? width : height };
}

/** The longest side of any variant: a 2048 px wide portrait would be 3072 px tall, more than a screen shows. */
const LONGEST_SIDE = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1];

type RawImage = { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };

async function resizeRaw(image: RawImage, width: number): Promise<RawImage> {
  const { data, info } = await sharp(image.data, { raw: image.info }).resize({ width }).raw().toBuffer({ resolveWithObject: true });
  return { data, info: { width: info.width, height: info.height, channels: info.channels } };
}

async function encode(image: RawImage, format: VariantFormat): Promise<ProcessedVariant> {
  const { data, info } = await ENCODE[format](sharp(image.data, { raw: image.info })).toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, format, data };
}

/**
 * Decodes once, then encodes every width in WebP and JPEG from those pixels. The decode applies
 * EXIF orientation and shrinks to the widest variant as it reads (a JPEG decodes at 1/2, 1/4 or
 * 1/8 scale when the variant is that much smaller); the variant fits in 2048×2048, so a portrait's
 * widest is 2048 tall and shrinks on load like a landscape. Each narrower width is resized from
 * the one above it (fewer pixels to read than from the widest), and the widest encodes start
 * first: they are the longest jobs. The output carries no metadata: GPS and camera EXIF never
 * reach readers. A truncated or corrupt file is refused.
 */
export async function makeVariants(data: Buffer, maxPixels: number): Promise<ProcessedImage> {
  const inspected = await inspectImage(data, maxPixels);
  let base: RawImage;
  try {
    const { data: pixels, info } = await sharp(data, { limitInputPixels: maxPixels, failOn: "truncated" })
      .rotate()
      .resize({ width: LONGEST_SIDE, height: LONGEST_SIDE, fit: "inside", withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    base = { data: pixels, info: { width: info.width, height: info.height, channels: info.channels } };
  } catch {
    refuse("This image file is damaged or incomplete and cannot be read.");
  }
  // An image narrower than 320 px still gets one variant at its own width.
  const narrower = VARIANT_WIDTHS.filter((width) => width < base.info.width).reverse();
  const encodes: Promise<ProcessedVariant>[] = VARIANT_FORMATS.map((format) => encode(base, format));
  let previous = base;
  for (const width of narrower) {
    previous = await resizeRaw(previous, width);
    const pixels = previous;
    encodes.push(...VARIANT_FORMATS.map((format) => encode(pixels, format)));
  }
  const variants = await Promise.all(encodes);
  return { format: inspected.format, width: inspected.width, height: inspected.height, variants };
}

/** A crop of `crop`'s ratio around `focal`, `width` wide, cut from the original. */
export async function makeCrop(
  original: Buffer,
  crop: CropName,
  focal: FocalPoint,
  width: number,
  format: VariantFormat,
  maxPixels: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const ratio = CROPS[crop];
  const displayed = await inspectImage(original, maxPixels);
  const rectangle = cropRectangle(displayed, ratio, focal);
  const outputWidth = crop === "og" ? OG_WIDTH : Math.min(width, rectangle.width);
  const outputHeight = crop === "og" ? OG_HEIGHT : Math.round((outputWidth * ratio.height) / ratio.width);
  // rotate() before extract(): the focal point was set on the displayed (oriented) image.
  const pipeline = sharp(original, { limitInputPixels: maxPixels, failOn: "truncated" })
    .rotate()
    .extract(rectangle)
    .resize({ width: outputWidth, height: outputHeight, fit: "fill" });
  const { data, info } = await ENCODE[format](pipeline).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
