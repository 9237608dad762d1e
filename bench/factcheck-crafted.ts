// npm run bench:factcheck:crafted [-- --runs 5]
//
// Issue 8, defect 1: the worst-case draft (crafted, ~200,000 characters, 2,000 paragraphs)
// checked through the desk's own path (checkArticleDraft → worker pool), while this process's
// HTTP server answers a small request every 10 ms. Prints the check's time, its answer's size, and
// the latency of those concurrent requests — against a same-run baseline with the engine on this
// thread, as it was before (goal: concurrent requests under 50 ms while a worst-case check runs).

import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { disconnectDatabase } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { docFromBlocks } from "@/lib/editor";
import { articleCheckFields } from "@/lib/factcheck/article-fields";
import { checkArticleDraft } from "@/lib/factcheck/checks";
import { createFactChecker } from "@/lib/factcheck/fact-checker";
import { closeFactcheckPool } from "@/lib/factcheck/pool";
import { craftedParagraphs } from "@/lib/factcheck/test-support";
import { importDocuments } from "@/lib/importer";
import { projectPath } from "@/lib/project-root";

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A tiny server on this thread, like /robots.txt on the desk's server. */
async function startSmallServer() {
  const server = http.createServer((_request, response) => response.end("User-agent: *\nAllow: /\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robots.txt`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Requests one after another, 10 ms apart, for as long as `work` runs: their latencies. */
async function latencyDuring(url: string, work: () => Promise<unknown>): Promise<{ latencies: number[]; workMs: number }> {
  const latencies: number[] = [];
  let done = false;
  const client = (async () => {
    while (!done) {
      const start = performance.now();
      await (await fetch(url)).text();
      latencies.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  // Let the client's first request land before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const start = performance.now();
  await work();
  const workMs = performance.now() - start;
  done = true;
  await client;
  return { latencies, workMs };
}

export default async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);

  const server = await testServer();
  const scratch = await createScratchDatabase(server.adminUrl, "copydesk_bench");
  process.env.DATABASE_URL = scratch.url;
  const small = await startSmallServer();
  try {
    await importDocuments([projectPath("seeds")], {});
    const { db } = await import("@/lib/db");
    const article = await db.article.findFirstOrThrow({ select: { id: true, headline: true, standfirst: true } });
    const paragraphs = craftedParagraphs();
    const draft = {
      headline: article.headline,
      standfirst: article.standfirst,
      body: docFromBlocks(paragraphs.map((text) => ({ kind: "paragraph" as const, text }))),
      photos: [],
    };
    const characters = paragraphs.reduce((n, p) => n + p.length, 0);
    console.log(`Crafted draft: ${paragraphs.length.toLocaleString("en")} paragraphs, ${characters.toLocaleString("en")} characters; ${runs} runs`);

    // Warm the pool (worker start, dictionary, archive) so the runs time the check itself.
    const warmStart = performance.now();
    await checkArticleDraft(article.id, { ...draft, body: docFromBlocks([{ kind: "paragraph", text: "Warm." }]) });
    console.log(`  pool warm-up (first check after start)   ${ms(performance.now() - warmStart)}`);

    const checkTimes: number[] = [];
    const latencies: number[] = [];
    let last: Awaited<ReturnType<typeof checkArticleDraft>> | undefined;
    for (let run = 0; run < runs; run++) {
      const measured = await latencyDuring(small.url, async () => {
        last = await checkArticleDraft(article.id, draft);
      });
      checkTimes.push(measured.workMs);
      latencies.push(...measured.latencies);
    }
    const check = stats(checkTimes);
    const concurrent = stats(latencies);
    console.log(`  checkArticleDraft (worker pool)          worst ${ms(check.max)}, median ${ms(check.p50)}`);
    console.log(
      `    answer: ${last!.findings.length} findings (+${last!.omitted} not sent), complete: ${last!.complete}, ` +
        `${(JSON.stringify(last).length / 1024).toFixed(0)} KB of JSON`,
    );
    console.log(`  concurrent requests during the checks    ${concurrent.n} requests: p50 ${ms(concurrent.p50)}, p95 ${ms(concurrent.p95)}, max ${ms(concurrent.max)}  (goal: < 50 ms)`);

    // Baseline: the same engine on this thread (as checks ran before the pool).
    const checker = await createFactChecker();
    const fields = articleCheckFields({ ...draft, photos: [] });
    checker.check(fields);
    const baseline = await latencyDuring(small.url, async () => {
      // Yield once so a request can start, then block this thread as the old check did.
      await new Promise((resolve) => setTimeout(resolve, 5));
      checker.check(fields);
    });
    const blocked = stats(baseline.latencies);
    console.log(`  baseline: engine on the request thread   check ${ms(baseline.workMs)}; concurrent requests max ${ms(blocked.max)}`);
    console.log(`  concurrent-request worst case, pool vs baseline: ${(concurrent.max / blocked.max).toFixed(3)}×`);
    return 0;
  } finally {
    await small.close();
    await closeFactcheckPool();
    await disconnectDatabase();
    await scratch.drop();
    await server.embedded?.stop();
  }
}
