// npm run bench:media [-- --uploads 4 --megapixels 24]
//
// Image processing on this machine: a 24-megapixel JPEG from upload to variants ready (detect,
// inspect, decode with orientation, every width in WebP and JPEG, metadata read, original and
// variants written to local media storage: ingestImage without its one database INSERT), then
// several such uploads at once through the one work queue, with peak RSS. The images are made
// here with sharp: fine noise saved at quality 92, ~11 MB like a camera's 24-megapixel JPEG (a
// smoother picture decodes faster), once landscape and once portrait as a camera held upright
// stores it (6000×4000 pixels with EXIF orientation 6: its 2048 px variant needs a full decode).

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

async function photoLikeJpeg(seed: number, orientation: 1 | 6): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90 + seed * 20, g: 120, b: 160 }, noise: { type: "gaussian", mean: 128, sigma: 50 } } })
    .blur(0.8)
    .jpeg({ quality: 92 })
    .withMetadata({ orientation })
    .toBuffer();
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

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
  const inputs = await Promise.all(Array.from({ length: Math.max(uploads, 1) }, (_, index) => photoLikeJpeg(index, index % 2 === 0 ? 1 : 6)));
  const portrait = await photoLikeJpeg(9, 6);
  console.log(`input: ${width}×${height} JPEG (${(width * height / 1e6).toFixed(1)} MP), ${(inputs[0].length / 1e6).toFixed(1)} MB`);
  const baseRss = process.memoryUsage().rss;
  peakRss = baseRss;

  for (const [label, data] of [["landscape", inputs[0]], ["portrait (EXIF orientation 6)", portrait]] as const) {
    const single: number[] = [];
    for (let round = 0; round < 5; round++) {
      const cpu = process.cpuUsage();
      single.push(await upload(data, 0));
      if (round === 0) {
        const used = process.cpuUsage(cpu);
        console.log(`${label}: CPU time of one upload ${seconds((used.user + used.system) / 1000)}`);
      }
    }
    console.log(`one upload, ${label}, upload to variants ready: ${single.map(seconds).join(", ")} (median ${seconds(median(single))}; goal <= 2 s)`);
  }
  console.log(`peak RSS during single uploads: ${(peakRss / 1e6).toFixed(0)} MB (inputs held: ${((inputs.length * inputs[0].length) / 1e6).toFixed(0)} MB)`);

  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const times = await Promise.all(inputs.map((data, index) => upload(data, index + 1)));
  const wall = performance.now() - started;
  console.log(
    `${inputs.length} uploads at once (landscape and portrait in turn): all ready in ${seconds(wall)}; each ${times.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s (queued behind concurrency ${config.concurrency})`,
  );
  console.log(`peak RSS with ${inputs.length} uploads at once: ${(peakRss / 1e6).toFixed(0)} MB`);
} finally {
  clearInterval(sampler);
  await rm(root, { recursive: true, force: true });
}
