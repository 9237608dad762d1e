import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { detectImageFormat } from "./detect";
import { cropRectangle, parseMediaRequest, srcSet } from "./formats";
import { creditFromMetadata, readEmbeddedMetadata } from "./metadata";
import { makeCrop, makeVariants } from "./process";
import { pngClaiming } from "./test-support/images";

const FIXTURE = readFileSync(path.join(import.meta.dirname, "fixtures/iptc-wire-photo.jpg"));
const LIMIT = 50_000_000;

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } } });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors.file?.[0] ?? "";
  }
  throw new Error("expected a refusal");
}

describe("detectImageFormat", () => {
  it("recognises JPEG, PNG, WebP and AVIF from their bytes, not their names", async () => {
    const image = solid(16, 16);
    expect(detectImageFormat(await image.clone().jpeg().toBuffer())).toBe("jpeg");
    expect(detectImageFormat(await image.clone().png().toBuffer())).toBe("png");
    expect(detectImageFormat(await image.clone().webp().toBuffer())).toBe("webp");
    expect(detectImageFormat(await image.clone().avif().toBuffer())).toBe("avif");
    expect(detectImageFormat(Buffer.from("Just some text that was renamed to photo.jpg\n"))).toBeNull();
    expect(detectImageFormat(Buffer.from("GIF89a......"))).toBeNull();
  });
});

describe("makeVariants", () => {
  it("makes every width up to the image's own in WebP and JPEG, with their sizes", async () => {
    const input = await solid(1400, 700).jpeg().toBuffer();
    const result = await makeVariants(input, LIMIT);
    expect(result).toMatchObject({ format: "jpeg", width: 1400, height: 700 });
    const made = result.variants.map((variant) => `${variant.width}x${variant.height}.${variant.format}`).sort();
    expect(made).toEqual(
      ["320x160", "640x320", "960x480", "1280x640", "1400x700"].flatMap((size) => [`${size}.jpeg`, `${size}.webp`]).sort(),
    );
    for (const variant of result.variants) {
      const meta = await sharp(variant.data).metadata();
      expect(meta.format).toBe(variant.format === "jpeg" ? "jpeg" : "webp");
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
    }
  });

  it("applies EXIF orientation: a portrait shot stored sideways comes out upright", async () => {
    const sideways = await solid(800, 400).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const result = await makeVariants(sideways, LIMIT);
    expect([result.width, result.height]).toEqual([400, 800]);
    const widest = result.variants.find((variant) => variant.width === 400 && variant.format === "jpeg")!;
    expect(widest.height).toBe(800);
  });

  it("fits a portrait's widest variant in 2048×2048, every width from the one above it", async () => {
    const sideways = await solid(3600, 2400).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const result = await makeVariants(sideways, LIMIT);
    expect([result.width, result.height]).toEqual([2400, 3600]);
    const made = result.variants.map((variant) => `${variant.width}x${variant.height}.${variant.format}`).sort();
    expect(made).toEqual(["320x480", "640x960", "960x1440", "1280x1920", "1365x2048"].flatMap((size) => [`${size}.jpeg`, `${size}.webp`]).sort());
  });

  it("strips GPS and all other metadata from every variant", async () => {
    expect((await sharp(FIXTURE).metadata()).exif).toBeDefined();
    const result = await makeVariants(FIXTURE, LIMIT);
    for (const variant of result.variants) {
      const meta = await sharp(variant.data).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
  });

  it("refuses a renamed text file, a truncated JPEG and a 60,000×60,000 PNG with clear messages", async () => {
    expect(await refusal(makeVariants(Buffer.from("Not an image at all, just text.\n".repeat(10)), LIMIT))).toMatch(/not an image we can use/);
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    expect(await refusal(makeVariants(jpeg.subarray(0, Math.floor(jpeg.length / 2)), LIMIT))).toMatch(/damaged or incomplete/);
    expect(await refusal(makeVariants(pngClaiming(60_000, 60_000), LIMIT))).toMatch(/60000×60000 \(3600 megapixels\); the limit is 50 megapixels/);
  });

  it("accepts PNG (with transparency), WebP and AVIF uploads", async () => {
    const transparent = await sharp({ create: { width: 500, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    expect((await makeVariants(transparent, LIMIT)).format).toBe("png");
    expect((await makeVariants(await solid(500, 300).webp().toBuffer(), LIMIT)).format).toBe("webp");
    expect((await makeVariants(await solid(500, 300).avif().toBuffer(), LIMIT)).format).toBe("avif");
  });
});

describe("crops", () => {
  it("cuts the largest rectangle of the ratio that keeps the focal point as central as the edges allow", () => {
    expect(cropRectangle({ width: 1000, height: 1000 }, { width: 16, height: 9 }, { x: 50, y: 50 })).toEqual({ left: 0, top: 219, width: 1000, height: 563 });
    expect(cropRectangle({ width: 1000, height: 1000 }, { width: 16, height: 9 }, { x: 50, y: 0 })).toMatchObject({ top: 0 });
    expect(cropRectangle({ width: 1000, height: 1000 }, { width: 16, height: 9 }, { x: 50, y: 100 })).toMatchObject({ top: 437 });
    expect(cropRectangle({ width: 2000, height: 500 }, { width: 1, height: 1 }, { x: 90, y: 50 })).toEqual({ left: 1500, top: 0, width: 500, height: 500 });
  });

  it("makes the 1200×630 social card around the focal point", async () => {
    // Left half red, right half blue: a focal point on the right gives a mostly blue card.
    const split = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: "#ff0000" } })
      .composite([{ input: await sharp({ create: { width: 1500, height: 1000, channels: 3, background: "#0000ff" } }).png().toBuffer(), left: 1500, top: 0 }])
      .jpeg()
      .toBuffer();
    const card = await makeCrop(split, "og", { x: 90, y: 50 }, 1200, "jpeg", LIMIT);
    expect([card.width, card.height]).toEqual([1200, 630]);
    const { dominant } = await sharp(card.data).stats();
    expect(dominant.b).toBeGreaterThan(200);
    expect(dominant.r).toBeLessThan(60);
  });
});

describe("media URLs", () => {
  const hash = "a".repeat(64);
  it("parses only the names we make", () => {
    expect(parseMediaRequest(hash, "640.webp")).toMatchObject({ kind: "variant", width: 640, format: "webp" });
    expect(parseMediaRequest(hash, "og-30-40-1200.jpg")).toMatchObject({ kind: "crop", crop: "og", focal: { x: 30, y: 40 } });
    // An image 1400 px wide has a variant at its own width; nothing is wider than 2048.
    expect(parseMediaRequest(hash, "1400.jpg")).toMatchObject({ kind: "variant", width: 1400, format: "jpeg" });
    expect(parseMediaRequest(hash, "2049.webp")).toBeNull();
    expect(parseMediaRequest(hash, "0640.webp")).toBeNull();
    expect(parseMediaRequest(hash, "640.png")).toBeNull();
    expect(parseMediaRequest(hash, "og-30-40-640.jpg")).toBeNull();
    expect(parseMediaRequest(hash, "16x9-101-40-640.jpg")).toBeNull();
    expect(parseMediaRequest("../x", "640.webp")).toBeNull();
  });

  it("lists a srcset narrowest first", () => {
    const image = {
      hash,
      width: 1000,
      height: 500,
      variants: [
        { width: 960, height: 480, format: "webp" as const, bytes: 1 },
        { width: 320, height: 160, format: "webp" as const, bytes: 1 },
        { width: 320, height: 160, format: "jpeg" as const, bytes: 1 },
      ],
    };
    expect(srcSet(image, "webp")).toBe(`/media/${hash}/320.webp 320w, /media/${hash}/960.webp 960w`);
  });
});

describe("embedded metadata", () => {
  it("reads caption, creator, credit line, copyright, date and place from the IPTC fixture", async () => {
    expect(await readEmbeddedMetadata(FIXTURE)).toEqual({
      caption: "Firefighters tackle a blaze at a warehouse in Dortmund, Germany, on Saturday.",
      creator: "Martin Meissner",
      creditLine: "AP",
      copyright: "Copyright 2026 The Associated Press",
      dateTaken: "2026-05-30",
      city: "Dortmund",
      country: "Germany",
    });
  });

  it("gives empty fields for a file without metadata", async () => {
    expect(await readEmbeddedMetadata(await solid(10, 10).jpeg().toBuffer())).toMatchObject({ caption: null, creator: null, creditLine: null });
  });

  it("reads the credit in the importer's wire styles", () => {
    expect(creditFromMetadata({ creditLine: "AP", creator: "Martin Meissner" })).toEqual({ agency: "AP", photographer: "Martin Meissner" });
    expect(creditFromMetadata({ creditLine: "AP Photo/Martin Meissner", creator: null })).toEqual({ agency: "AP", photographer: "Martin Meissner" });
    expect(creditFromMetadata({ creditLine: "REUTERS/Kai Pfaffenbach", creator: "Kai Pfaffenbach" })).toEqual({ agency: "Reuters", photographer: "Kai Pfaffenbach" });
    expect(creditFromMetadata({ creditLine: null, creator: "Someone" })).toBeNull();
  });
});
