// npm run bench:reader [-- --rounds 3 --duration 5 --connections 32 --port 3290]
//
// Starts the production server (next build when sources changed) on a fresh embedded database in
// .data/bench, imports and publishes a ~12 KB article, then loads it with autocannon in
// alternating rounds against (a) Copydesk serving it from its page cache and (b) a bare Node
// `http` server writing the identical bytes with the same headers. Prints requests/s, p50/p99
// latency, bytes per response and the ratio; then the same for the front page, the article
// rendered by Next without the page cache, a cold (just-invalidated) article page, and the bytes
// a reader downloads for an article page.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { RichTextDoc } from "@/lib/editor";
import { projectPath } from "@/lib/project-root";

interface Sample {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  non2xx: number;
  errors: number;
}

interface CapturedResponse {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

const ACCEPT_ENCODING = "br, gzip";
// Headers Node's http server writes itself on both servers.
const NODE_OWN_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** A ~12 KB wire document: headline, 18 paragraphs with subheads, six captioned photos. */
function articleDocument(unique: string): string {
  const words =
    "the organisers said the closing ceremony drew more than seventy thousand spectators to the stadium where athletes from two hundred delegations walked together under lights while musicians performed on a suspended stage and the flag passed to the next host city".split(
      " ",
    );
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const sentence = (length: number) => {
    const out = Array.from({ length }, () => words[Math.floor(next() * words.length)]);
    out[0] = out[0][0].toUpperCase() + out[0].slice(1);
    return `${out.join(" ")}.`;
  };
  const headline = `Benchmark ${unique}: Paris hands the Games to Los Angeles in a closing ceremony`;
  const blocks = [` date 2024-08-11 ${headline}`, headline];
  for (let index = 0; index < 18; index++) {
    if (index % 6 === 5) blocks.push(`What happened in part ${index}`);
    blocks.push(Array.from({ length: 5 }, () => sentence(18)).join(" "));
  }
  const captions = Array.from(
    { length: 6 },
    (_, index) => `Athletes gather during the closing ceremony at the Stade de France, picture ${index + 1} - AP/Martin Meissner`,
  );
  return `${blocks.join("\n\n")}\n\n${captions.join("\n")}\n`;
}

function request(url: string, headers: Record<string, string> = {}): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const kept: http.OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined && !NODE_OWN_HEADERS.has(name)) kept[name] = value;
          }
          resolve({ status: response.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks) });
        });
      })
      .on("error", reject);
  });
}

/** The bare baseline: a plain Node server writing a prebuilt response. */
async function startBareServer(response: CapturedResponse, port: number) {
  const server = http.createServer((_request, res) => {
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The bare baseline for images: a plain Node static-file server sending one file from disk on
 * every request (stat + read stream, as a minimal static server does), with the same headers
 * Copydesk sends and the same ETag / If-None-Match → 304 answer.
 */
async function startStaticFileServer(file: string, headers: http.OutgoingHttpHeaders) {
  const etag = String(headers.etag);
  const server = http.createServer((request, res) => {
    if (request.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag, "cache-control": headers["cache-control"] });
      res.end();
      return;
    }
    fs.stat(file, (error, info) => {
      if (error) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, "content-length": String(info.size) });
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A photo-like JPEG (smooth colour with grain), wide enough for every variant width. */
async function photoLikeJpeg(): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  return sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 110, g: 130, b: 160 }, noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .blur(2)
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** autocannon in its own process, so the load generator does not share the servers' event loop. */
function autocannon(label: string, url: string, options: { connections: number; duration: number; headers?: Record<string, string> }): Promise<Sample> {
  const bin = projectPath("node_modules", "autocannon", "autocannon.js");
  const extra = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ["-H", `${name}=${value}`]);
  const args = [bin, "-c", String(options.connections), "-d", String(options.duration), "-j", "-H", `accept-encoding=${ACCEPT_ENCODING}`, ...extra, url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${stderr}`));
      const result = JSON.parse(stdout);
      resolve({
        label,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

function printSample(sample: Sample) {
  const problems = sample.non2xx || sample.errors ? `  (non-2xx ${sample.non2xx}, errors ${sample.errors})` : "";
  console.log(
    `  ${sample.label.padEnd(34)} ${sample.rps.toFixed(0).padStart(7)} req/s   p50 ${String(sample.p50).padStart(3)} ms   p99 ${String(sample.p99).padStart(3)} ms   ${sample.bytesPerResponse.toFixed(0).padStart(6)} B/response${problems}`,
  );
}

function summarize(label: string, cached: Sample[], bare: Sample[]) {
  const rps = median(cached.map((sample) => sample.rps));
  const bareRps = median(bare.map((sample) => sample.rps));
  const p99 = median(cached.map((sample) => sample.p99));
  console.log(
    `  → ${label}: median ${rps.toFixed(0)} req/s vs bare ${bareRps.toFixed(0)} req/s = ${(rps / bareRps).toFixed(2)}×; ` +
      `median p99 ${p99} ms (bare ${median(bare.map((sample) => sample.p99))} ms)`,
  );
  return { rps, bareRps, ratio: rps / bareRps, p99 };
}

/** Alternating rounds: the page from Copydesk, then the same bytes from the bare server. */
async function compare(
  label: string,
  url: string,
  bareUrl: string,
  options: { rounds: number; connections: number; duration: number; headers?: Record<string, string> },
  copydeskLabel = "Copydesk (page cache)",
) {
  const cached: Sample[] = [];
  const bare: Sample[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const copydesk = await autocannon(`round ${round}: ${copydeskLabel}`, url, options);
    printSample(copydesk);
    cached.push(copydesk);
    const baseline = await autocannon(`round ${round}: bare node ${label.includes("image") ? "static files" : "http"}`, bareUrl, options);
    printSample(baseline);
    bare.push(baseline);
  }
  return summarize(label, cached, bare);
}

/** What a reader's browser downloads for a page: the HTML plus its stylesheets and module scripts, compressed. */
async function pageWeight(base: string, pagePath: string) {
  const page = await request(`${base}${pagePath}`, { "accept-encoding": ACCEPT_ENCODING });
  const html = (await request(`${base}${pagePath}`)).body.toString("utf8");
  const assets = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(match[1])?.[1];
    // Modern browsers skip the noModule polyfills.
    if (src && !/\bnoModule\b/i.test(match[1])) assets.add(src);
  }
  for (const match of html.matchAll(/<link\b([^>]*)>/g)) {
    if (/\brel="stylesheet"/.test(match[1])) assets.add(/\bhref="([^"]+)"/.exec(match[1])![1]);
  }
  let scripts = 0;
  let styles = 0;
  for (const asset of assets) {
    const size = (await request(`${base}${asset}`, { "accept-encoding": ACCEPT_ENCODING })).body.length;
    if (asset.endsWith(".css")) styles += size;
    else scripts += size;
  }
  return { html: page.body.length, htmlUncompressed: Buffer.byteLength(html), styles, scripts, assets: assets.size };
}

export default async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: "string", default: "3" },
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "32" },
      port: { type: "string", default: "3290" },
      "cold-samples": { type: "string", default: "20" },
    },
  });
  const options = { rounds: Number(values.rounds), duration: Number(values.duration), connections: Number(values.connections) };
  const port = Number(values.port);

  // A fresh embedded database of the benchmark's own, whatever DATABASE_URL says.
  const dataDir = projectPath(".data", "bench");
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.env.COPYDESK_DATA_DIR = dataDir;
  process.env.COPYDESK_EMBEDDED_PG_PORT ??= "54392";
  delete process.env.DATABASE_URL;
  process.env.SITE_URL ??= `http://127.0.0.1:${port}`;
  process.env.SITE_NAME ??= "Copydesk Bench";

  // Imported after the environment is set: these modules read it. Modules that load next/cache
  // (publishing, invalidation) come after the server has started Next, which sets up the
  // AsyncLocalStorage they depend on.
  const [{ connectDatabase }, { db, disconnectDatabase }, { migrateDatabase }, { createUser }, { importDocuments }, { ensureAuthSecret }, { ensureProductionBuild }, { startServer }, { docToPlainText }] =
    await Promise.all([
      import("@/lib/db/connect"),
      import("@/lib/db"),
      import("@/lib/db/migrate"),
      import("@/lib/auth/users"),
      import("@/lib/importer"),
      import("@/lib/auth/secret"),
      import("@/scripts/cli/start"),
      import("@/server/main"),
      import("@/lib/editor"),
    ]);

  const { url: databaseUrl, embedded } = await connectDatabase({ quiet: true });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const bareServers: Array<{ close(): Promise<void> }> = [];
  try {
    await migrateDatabase(databaseUrl);
    const editor = await createUser({ email: "bench-editor@bench.test", name: "Bench Editor", role: "editor", password: "bench-editor-password" });

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-bench-")), "article.txt");
    fs.writeFileSync(file, articleDocument(Date.now().toString(36)));
    const imported = (await importDocuments([file])).results[0];
    if (imported?.status !== "created") throw new Error(`Import failed: ${imported?.error ?? "no result"}`);
    const article = await db.article.findUniqueOrThrow({ where: { id: imported.articleId! }, select: { id: true, slug: true, version: true } });

    process.env.NEXTAUTH_SECRET = ensureAuthSecret();
    process.env.NEXTAUTH_URL ??= process.env.SITE_URL;
    await ensureProductionBuild();
    server = await startServer({ port, hostname: "127.0.0.1" });
    const base = `http://127.0.0.1:${port}`;

    const [{ publishArticle }, { invalidateReaderContent }, { ingestImage, mediaDataDir, variantUrl }, { getArticleForEditing, saveArticle }] = await Promise.all([
      import("@/lib/publishing"),
      import("@/lib/site/invalidate"),
      import("@/lib/media"),
      import("@/lib/articles"),
    ]);
    const actor = { id: editor.id, email: editor.email, name: editor.name, role: "editor" as const };
    // The first photo gets an uploaded image (its variants made as on the desk), so the published
    // article's image is public and the image case below can fetch it as a reader.
    const image = await ingestImage({ data: await photoLikeJpeg(), originalName: "bench.jpg" }, actor);
    const editable = await getArticleForEditing(article.id);
    const saved = await saveArticle(
      {
        articleId: article.id,
        expectedVersion: editable.version,
        headline: editable.headline,
        standfirst: editable.standfirst,
        body: editable.body,
        photos: editable.photos.map((photo, index) => ({
          id: photo.id,
          caption: photo.caption,
          alt: index === 0 ? "Athletes at the closing ceremony" : photo.alt,
          creditId: photo.credit?.id ?? null,
          imageId: index === 0 ? image.id : (photo.image?.id ?? null),
          focal: index === 0 ? { x: 50, y: 50 } : photo.focal,
        })),
      },
      actor,
    );
    await publishArticle({ articleId: article.id, expectedVersion: saved.version }, actor);
    const articlePath = `/articles/${encodeURIComponent(article.slug)}`;

    // Render once, then capture exactly what the page cache serves, for the bare server to replay.
    await request(`${base}${articlePath}`, { "accept-encoding": ACCEPT_ENCODING });
    const cachedArticle = await request(`${base}${articlePath}`, { "accept-encoding": ACCEPT_ENCODING });
    if (cachedArticle.headers["x-copydesk-cache"] !== "hit") throw new Error("The article page was not served from the page cache.");
    const identityArticle = await request(`${base}${articlePath}`);
    const bareArticle = await startBareServer(cachedArticle, 0);
    bareServers.push(bareArticle);
    const bareCheck = await request(bareArticle.url, { "accept-encoding": ACCEPT_ENCODING });
    if (!bareCheck.body.equals(cachedArticle.body)) throw new Error("The bare server does not write the same bytes.");

    console.log(`\nCopydesk reader benchmark — Node ${process.version}, ${os.cpus().length} CPU(s), autocannon ${options.connections} connections × ${options.duration} s, ${options.rounds} alternating rounds`);
    const stored = await db.article.findUniqueOrThrow({ where: { id: article.id }, select: { body: true } });
    const textBytes = Buffer.byteLength(docToPlainText(stored.body as RichTextDoc));
    console.log(
      `Article ${articlePath}: ${textBytes} B of text; ${identityArticle.body.length} B of HTML, ` +
        `${cachedArticle.body.length} B as ${cachedArticle.headers["content-encoding"]}`,
    );

    console.log("\nCached article page vs bare node http (identical bytes and headers):");
    const articleResult = await compare("article page", `${base}${articlePath}`, bareArticle.url, options);

    await request(`${base}/`, { "accept-encoding": ACCEPT_ENCODING });
    const cachedFront = await request(`${base}/`, { "accept-encoding": ACCEPT_ENCODING });
    const bareFront = await startBareServer(cachedFront, 0);
    bareServers.push(bareFront);
    console.log("\nCached front page vs bare node http:");
    const frontResult = await compare("front page", `${base}/`, bareFront.url, options);

    // An image variant as readers fetch it: served by the Node server from media storage (access
    // decision cached), against a bare static-file server sending the same file from disk.
    const variant = image.variants.find((candidate) => candidate.width === 1280 && candidate.format === "webp") ?? image.variants[0];
    const imagePath = variantUrl(image.hash, variant.width, variant.format);
    const servedImage = await request(`${base}${imagePath}`);
    if (servedImage.status !== 200) throw new Error(`The published image was not served to a reader (HTTP ${servedImage.status}).`);
    const imageFile = path.join(mediaDataDir(), "variants", image.hash, path.basename(imagePath));
    const imageHeaders = { ...servedImage.headers };
    delete imageHeaders["content-length"];
    const bareImage = await startStaticFileServer(imageFile, imageHeaders);
    bareServers.push(bareImage);
    const bareImageCheck = await request(bareImage.url);
    if (!bareImageCheck.body.equals(servedImage.body)) throw new Error("The static-file server does not send the same image bytes.");
    const etag = String(servedImage.headers.etag);
    const notModified = await request(`${base}${imagePath}`, { "if-none-match": etag });
    console.log(
      `\nImage variant ${imagePath}: ${servedImage.body.length} B ${servedImage.headers["content-type"]}, cache-control "${servedImage.headers["cache-control"]}", ETag ${etag}; ` +
        `If-None-Match answers ${notModified.status}`,
    );
    console.log("Image variant (200, full body) vs bare node static-file server (same file, same headers):");
    const imageResult = await compare("image variant", `${base}${imagePath}`, bareImage.url, options, "Copydesk (media fast path)");
    console.log("Image revalidation (If-None-Match → 304; autocannon counts 304 as non-2xx):");
    const revalidateResult = await compare("image 304", `${base}${imagePath}`, bareImage.url, { ...options, headers: { "if-none-match": etag } }, "Copydesk (media fast path)");

    // A query string bypasses the page cache: Next renders the page each time from its data cache.
    console.log("\nThe same article rendered by Next on every request (page cache bypassed, data cache warm):");
    const viaNext = await autocannon("Next.js render per request", `${base}${articlePath}?bench=next`, options);
    printSample(viaNext);

    console.log(`\nCold article page (just invalidated: Next data cache expired and page dropped), ${values["cold-samples"]} samples:`);
    const coldTimes: number[] = [];
    for (let sample = 0; sample < Number(values["cold-samples"]); sample++) {
      await invalidateReaderContent({ slugs: [article.slug] });
      const started = performance.now();
      const cold = await request(`${base}${articlePath}`, { "accept-encoding": ACCEPT_ENCODING });
      coldTimes.push(performance.now() - started);
      if (cold.status !== 200 || cold.headers["x-copydesk-cache"] === "hit") throw new Error("Expected a fresh render after invalidation.");
      // Let the render's compressed copy settle before the next round.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const afterCold = await request(`${base}${articlePath}`, { "accept-encoding": ACCEPT_ENCODING });
    console.log(
      `  first request after invalidation: p50 ${median(coldTimes).toFixed(1)} ms, p99 ${percentile(coldTimes, 99).toFixed(1)} ms, max ${Math.max(...coldTimes).toFixed(1)} ms; ` +
        `the next request is ${afterCold.headers["x-copydesk-cache"] === "hit" ? "a page-cache hit" : "NOT a hit"}`,
    );

    const weight = await pageWeight(base, articlePath);
    console.log("\nBytes a reader downloads for the article page (compressed, first visit):");
    console.log(
      `  HTML ${weight.html} B (${weight.htmlUncompressed} B uncompressed), CSS ${weight.styles} B, Next.js runtime JS ${weight.scripts} B ` +
        `in ${weight.assets} files; total ${weight.html + weight.styles + weight.scripts} B. The article reads without any of the JS.`,
    );

    console.log("\nSummary:");
    console.log(
      `  article: ${articleResult.rps.toFixed(0)} req/s = ${articleResult.ratio.toFixed(2)}× bare (goal ≥ 0.5×), p99 ${articleResult.p99} ms (goal ≤ 10 ms), ${cachedArticle.body.length} B/response body (${cachedArticle.headers["content-encoding"]})`,
    );
    console.log(`  front page: ${frontResult.rps.toFixed(0)} req/s = ${frontResult.ratio.toFixed(2)}× bare, p99 ${frontResult.p99} ms`);
    console.log(
      `  image variant (${servedImage.body.length} B): ${imageResult.rps.toFixed(0)} req/s = ${imageResult.ratio.toFixed(2)}× bare static files (goal ≥ 0.5×), p99 ${imageResult.p99} ms; ` +
        `304 revalidation ${revalidateResult.rps.toFixed(0)} req/s = ${revalidateResult.ratio.toFixed(2)}× bare`,
    );
    console.log(`  Next render per request: ${viaNext.rps.toFixed(0)} req/s, p99 ${viaNext.p99} ms; cold page p50 ${median(coldTimes).toFixed(1)} ms`);
    return 0;
  } finally {
    for (const bare of bareServers) await bare.close();
    await server?.close();
    await disconnectDatabase();
    await embedded?.stop();
  }
}
