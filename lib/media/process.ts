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

const ENCODE = {
  webp: (image: sharp.Sharp) => image.webp({ quality: 78, effort: 2 }),
  jpeg: (image: sharp.Sharp) => image.flatten({ background: "#ffffff" }).jpeg({ quality: 80, progressive: true, mozjpeg: false }),
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

/**
 * Decodes once (EXIF orientation applied, shrunk to the widest variant while decoding), then
 * encodes every width in WebP and JPEG from those pixels. The output carries no metadata: GPS
 * and camera EXIF never reach readers. A truncated or corrupt file is refused.
 */
export async function makeVariants(data: Buffer, maxPixels: number): Promise<ProcessedImage> {
  const inspected = await inspectImage(data, maxPixels);
  const widest = Math.min(VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1], inspected.width);
  let base: { data: Buffer; info: sharp.OutputInfo };
  try {
    base = await sharp(data, { limitInputPixels: maxPixels, failOn: "truncated" })
      .rotate()
      .resize({ width: widest, withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    refuse("This image file is damaged or incomplete and cannot be read.");
  }
  const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels };
  const widths: number[] = VARIANT_WIDTHS.filter((width) => width < raw.width);
  // An image narrower than 320 px still gets one variant at its own width.
  widths.push(raw.width);
  const jobs = [...new Set(widths)].flatMap((width) => VARIANT_FORMATS.map((format) => ({ width, format })));
  const variants = await Promise.all(
    jobs.map(async ({ width, format }) => {
      const pipeline = sharp(base.data, { raw }).resize({ width });
      const { data: encoded, info } = await ENCODE[format](pipeline).toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, format, data: encoded };
    }),
  );
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
