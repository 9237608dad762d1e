// npm run bench:media [-- --uploads 4 --megapixels 24]
//
// Image processing on this machine: a 24-megapixel JPEG from upload to variants ready (detect,
// inspect, decode with orientation, every width in WebP and JPEG, metadata read, original and
// variants written to local media storage: ingestImage without its one database INSERT), then several such uploads at once through the one work queue, with peak RSS. The
// image is made here with sharp (smooth gradients plus noise, ~photo-like JPEG size).

import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { mediaConfig } from "@/lib/media/config";
import { variantName } from "@/lib/media/formats";
import { readEmbeddedMetadata } from "@/lib/media/metadata";
import { makeVariants } from "@/lib/media/process";
import { createWorkQueue } from "@/lib/media/queue";
import { createLocalStorage } from "@/lib/media/storage";

const { values } = parseArgs({ options: { uploads: { type: "string", default: "4" }, megapixels: { type: "string", default: "24" } } });
const uploads = Number(values.uploads);
const megapixels = Number(values.megapixels);
const width = Math.round(Math.sqrt((megapixels * 1e6 * 3) / 2));
const height = Math.round((width * 2) / 3);

async function photoLikeJpeg(seed: number): Promise<Buffer> {
  const noise = await sharp({ create: { width, height, channels: 3, background: { r: 90 + seed * 20, g: 120, b: 160 }, noise: { type: "gaussian", mean: 128, sigma: 50 } } })
    .blur(3)
    .jpeg({ quality: 90 })
    .toBuffer();
  return noise;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const config = mediaConfig();
const root = await mkdtemp(path.join(os.tmpdir(), "copydesk-bench-media-"));
const storage = createLocalStorage(root);
const queue = createWorkQueue(config);

async function upload(data: Buffer, index: number): Promise<number> {
  const started = performance.now();
  // What ingestImage does before its one INSERT: hash, then (in the queue) variants and metadata.
  createHash("sha256").update(data).digest("hex");
  const result = await queue.run(async () => {
    const [variants] = await Promise.all([makeVariants(data, config.maxPixels), readEmbeddedMetadata(data)]);
    return variants;
  });
  await storage.put(`originals/bench${index}`, data, "image/jpeg");
  await Promise.all(result.variants.map((variant) => storage.put(`variants/bench${index}/${variantName(variant.width, variant.format)}`, variant.data, "image/jpeg")));
  return performance.now() - started;
}

try {
  console.log(`Copydesk media benchmark — Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg().map((l) => l.toFixed(1)).join("/")}`);
  console.log(`settings: concurrency ${config.concurrency}, libvips threads ${sharp.concurrency()}, pixel limit ${config.maxPixels}`);
  const inputs = await Promise.all(Array.from({ length: Math.max(uploads, 1) }, (_, index) => photoLikeJpeg(index)));
  console.log(`input: ${width}×${height} JPEG (${(width * height / 1e6).toFixed(1)} MP), ${(inputs[0].length / 1e6).toFixed(1)} MB`);
  const baseRss = process.memoryUsage().rss;
  peakRss = baseRss;

  const single: number[] = [];
  for (let round = 0; round < 3; round++) single.push(await upload(inputs[0], 0));
  single.sort((a, b) => a - b);
  console.log(`one upload, upload to variants ready: ${single.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ")} (median ${(single[1] / 1000).toFixed(2)} s; goal <= 2 s)`);
  console.log(`peak RSS during single uploads: ${(peakRss / 1e6).toFixed(0)} MB (inputs held: ${((inputs.length * inputs[0].length) / 1e6).toFixed(0)} MB)`);

  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const times = await Promise.all(inputs.map((data, index) => upload(data, index + 1)));
  const wall = performance.now() - started;
  console.log(
    `${inputs.length} uploads at once: all ready in ${(wall / 1000).toFixed(2)} s; each ${times.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s (queued behind concurrency ${config.concurrency})`,
  );
  console.log(`peak RSS with ${inputs.length} uploads at once: ${(peakRss / 1e6).toFixed(0)} MB`);
} finally {
  clearInterval(sampler);
  await rm(root, { recursive: true, force: true });
}
