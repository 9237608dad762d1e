// Timed publishing: from a story's scheduled time to "visible on every instance" — the job
// fired (pg-boss), the story published through the desk's publish path, and each instance's
// reader cache told to drop it (LISTEN/NOTIFY). Two instances work the queue, as two servers
// would; each has its own reader-cache listener. Same-run baseline: a desk publish (no queue),
// timed the same way, so the figure shows what the queue adds.
//
//   npm run bench:schedule            (-- --n 20 stories, --poll 0.5 seconds)

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type PgBoss from "pg-boss";
import { createUser } from "@/lib/auth/users";
import { db, disconnectDatabase } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { importDocuments } from "@/lib/importer";
import { publishArticle } from "@/lib/publishing";
import { createJobQueue, scheduleArticle, startScheduleWorker, stopJobQueue } from "@/lib/scheduling";
import { createReaderCache, type ReaderCache } from "@/server/reader-cache";

interface Instance {
  boss: PgBoss | null;
  cache: ReaderCache;
  /** When this instance was told each article changed (epoch ms), by slug. */
  droppedAt: Map<string, number>;
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function describe(label: string, values: number[]) {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(`${label.padEnd(34)} p50 ${ms(percentile(values, 50))}  p95 ${ms(percentile(values, 95))}  max ${ms(Math.max(...values))}  (n=${values.length})`);
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the instances");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export default async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { n: { type: "string", default: "20" }, poll: { type: "string", default: "0.5" } } });
  const n = Number(values.n);
  const poll = Number(values.poll);
  const server = await testServer();
  const scratch = await createScratchDatabase(server.adminUrl, "copydesk_bench_schedule");
  process.env.DATABASE_URL = scratch.url;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-bench-schedule-"));
  const instances: Instance[] = [];
  try {
    for (let index = 0; index < 2 * n; index += 1) {
      fs.writeFileSync(path.join(dir, `story-${index}.txt`), ` date 2024-08-11 Scheduled story number ${index}\n\nThe first paragraph of story ${index}.\n`);
    }
    const summary = await importDocuments([dir], { keepResults: "all" });
    const articles = summary.results.map((result) => ({ id: result.articleId!, slug: result.slug! }));
    const user = await createUser({ email: "bench-editor@schedule.bench", name: "Bench Editor", role: "editor", password: "a-long-bench-password" });
    const editor = { id: user.id, email: user.email, name: user.name, role: "editor" as const };

    for (let index = 0; index < 2; index += 1) {
      const instance: Instance = { boss: null, cache: undefined as unknown as ReaderCache, droppedAt: new Map() };
      instance.cache = createReaderCache({
        next: async (_request, response) => void response.end(),
        revalidateTags: async (tags) => {
          const at = Date.now();
          for (const tag of tags) if (tag.startsWith("reader:article:")) instance.droppedAt.set(tag.slice("reader:article:".length), at);
        },
        log: () => {},
      });
      await instance.cache.listen(scratch.url);
      instance.boss = await createJobQueue(scratch.url, { worker: true });
      await startScheduleWorker(instance.boss, { pollingIntervalSeconds: poll });
      instances.push(instance);
    }
    const visibleEverywhere = (slug: string) => instances.every((instance) => instance.droppedAt.has(slug));
    const lastDrop = (slug: string) => Math.max(...instances.map((instance) => instance.droppedAt.get(slug)!));

    // Baseline: an editor publishes from the desk; time to both instances dropping the page.
    const baseline: number[] = [];
    for (const article of articles.slice(n)) {
      const started = Date.now();
      await publishArticle({ articleId: article.id, expectedVersion: 1 }, editor);
      await waitFor(() => visibleEverywhere(article.slug), 10_000);
      baseline.push(lastDrop(article.slug) - started);
    }

    // Scheduled: staggered times a few seconds ahead, so each is a separate firing.
    const scheduled = articles.slice(0, n);
    const firstAt = Date.now() + 3000;
    const times = new Map<string, number>();
    for (const [index, article] of scheduled.entries()) {
      const runAt = firstAt + index * 337;
      times.set(article.slug, runAt);
      await scheduleArticle({ articleId: article.id, action: "publish", at: new Date(runAt).toISOString() }, editor);
    }
    await waitFor(() => scheduled.every((article) => visibleEverywhere(article.slug)), 60_000 + n * 1000);
    const latencies = scheduled.map((article) => lastDrop(article.slug) - times.get(article.slug)!);
    const publications = await db.publication.count({ where: { articleId: { in: scheduled.map((article) => article.id) } } });
    const published = await db.article.count({ where: { id: { in: scheduled.map((article) => article.id) }, status: "published" } });

    console.log(`Two instances working the queue, polling every ${poll} s; ${n} scheduled stories, ${n} desk publications.`);
    describe("Desk publish → all instances", baseline);
    describe("Scheduled time → all instances", latencies);
    console.log(`Publications for the scheduled stories: ${publications} (expected ${n}); published: ${published}.`);
    const goal = percentile(latencies, 100) <= 2000;
    console.log(`Goal (≤ 2 s after the time, every story): ${goal ? "met" : "NOT met"}.`);
    return publications === n && published === n ? 0 : 1;
  } finally {
    for (const instance of instances) {
      await instance.cache.close();
      await instance.boss?.stop({ graceful: false, timeout: 1000 });
    }
    await stopJobQueue();
    await disconnectDatabase();
    fs.rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
    await server.embedded?.stop();
  }
}
