// npm run bench:factcheck:crafted [-- --runs 5 --port 41205 --gap 10]
//
// Issue 8, defect 1: the worst-case draft (crafted, ~200,000 characters in 2,000 paragraphs)
// checked as a reporter's editor checks it — the checkArticleAction server action over HTTP — on
// the production server (`copydesk start`, its own process), while a probe in a third process
// asks the same server for /robots.txt every `--gap` ms. Prints the check's time and the size of
// its answer, and the probe's latency before and during the checks (goal: under 50 ms while a
// worst-case check runs). Client, server and probe share no event loop, so the figures are the
// server's own.

import { fork, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { createUser } from "@/lib/auth/users";
import { disconnectDatabase } from "@/lib/db";
import { createScratchDatabase, testServer } from "@/lib/db/test-support/scratch-database";
import { docFromBlocks } from "@/lib/editor";
import { craftedParagraphs } from "@/lib/factcheck/test-support";
import { importDocuments } from "@/lib/importer";
import { projectPath } from "@/lib/project-root";
import { DeskClient, serverActionIds, startProductionServer, type ProductionServer } from "./support/desk-server";

type Sample = { started: number; ms: number; status: number; error?: string };

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const describe = (samples: number[]) => {
  const s = stats(samples);
  return `${s.n} requests: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`;
};
const now = () => performance.timeOrigin + performance.now();
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The probe process, started and answering "ready". */
async function startProbe(url: string, gapMs: number): Promise<{ stop: () => Promise<Sample[]>; child: ChildProcess }> {
  const child = fork(projectPath("bench", "support", "latency-probe.mjs"), [url, String(gapMs)], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`The latency probe exited (${code}) before starting.`)));
  });
  const stop = () =>
    new Promise<Sample[]>((resolve, reject) => {
      child.once("message", (samples) => resolve(samples as Sample[]));
      child.once("exit", (code) => reject(new Error(`The latency probe exited (${code}) without its samples.`)));
      child.send("stop");
    });
  return { stop, child };
}

export default async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string", default: "5" },
      port: { type: "string", default: process.env.PORT ?? "3292" },
      gap: { type: "string", default: "10" },
    },
  });
  const runs = Number(values.runs);
  const port = Number(values.port);
  const gapMs = Number(values.gap);

  const server = await testServer();
  const scratch = await createScratchDatabase(server.adminUrl, "copydesk_bench_crafted");
  // lib/ code called here (import, createUser) uses the one client, made from DATABASE_URL on first use.
  process.env.DATABASE_URL = scratch.url;
  let production: ProductionServer | null = null;
  let probe: Awaited<ReturnType<typeof startProbe>> | null = null;
  try {
    await importDocuments([projectPath("seeds")], {});
    const { db } = await import("@/lib/db");
    const article = await db.article.findFirstOrThrow({ select: { id: true, headline: true, standfirst: true } });
    const email = `bench-reporter-${Date.now()}@bench.test`;
    const password = "bench-crafted-password-1";
    await createUser({ email, name: "Bench Reporter", role: "reporter", password });

    const paragraphs = craftedParagraphs();
    const draft = {
      headline: article.headline,
      standfirst: article.standfirst,
      body: docFromBlocks(paragraphs.map((text) => ({ kind: "paragraph" as const, text }))),
      photos: [],
    };
    const characters = paragraphs.reduce((n, p) => n + p.length, 0);

    production = await startProductionServer({ databaseUrl: scratch.url, port, dataDir: projectPath(".data", "bench-crafted") });
    console.log(`Production server up in ${production.startSeconds.toFixed(1)} s (includes next build when the sources changed)`);
    const checkAction = serverActionIds().get("checkArticleAction");
    if (!checkAction) throw new Error("checkArticleAction is not in the build's server-action manifest (.next/server/server-reference-manifest.json).");

    const reporter = new DeskClient(production.base);
    await reporter.signIn(email, password);
    const pagePath = `/desk/articles/${article.id}`;
    const check = async (content: typeof draft) => {
      const started = now();
      const answer = await reporter.action(pagePath, checkAction, [{ articleId: article.id, ...content }]);
      const finished = now();
      if (answer.status !== 200 || !answer.text.includes('"ok":true')) throw new Error(`checkArticleAction answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      return { started, finished, ...answer };
    };

    const body = JSON.stringify([{ articleId: article.id, ...draft }]);
    console.log(
      `Crafted draft: ${paragraphs.length.toLocaleString("en")} paragraphs, ${characters.toLocaleString("en")} characters ` +
        `(${(Buffer.byteLength(body) / 1024).toFixed(0)} KB request); ${runs} runs; probe: GET /robots.txt every ${gapMs} ms from its own process`,
    );

    // Warm the route and the workers (the server warmed them at start; this is the first call).
    await check({ ...draft, body: docFromBlocks([{ kind: "paragraph", text: "Warm." }]) });

    probe = await startProbe(`${production.base}/robots.txt`, gapMs);
    await pause(2_000); // idle latency first, for comparison
    const idleUntil = now();
    const windows: Array<{ started: number; finished: number }> = [];
    const checkTimes: number[] = [];
    let last: Awaited<ReturnType<typeof check>> | undefined;
    for (let run = 0; run < runs; run++) {
      last = await check(draft);
      windows.push({ started: last.started, finished: last.finished });
      checkTimes.push(last.finished - last.started);
      await pause(200);
    }
    const samples = await probe.stop();
    probe = null;

    const failed = samples.filter((sample) => sample.status !== 200);
    const idle = samples.filter((sample) => sample.started < idleUntil).map((sample) => sample.ms);
    // A probe request overlaps a check when it was in flight at any moment of it.
    const during = samples
      .filter((sample) => windows.some((window) => sample.started < window.finished && sample.started + sample.ms > window.started))
      .map((sample) => sample.ms);

    const checks = stats(checkTimes);
    // The action's answer is one line of Next's flight format: `1:{"ok":true,"data":{…}}`.
    const line = last!.text.split("\n").find((text) => /^\w+:\{"ok":true/.test(text));
    const result = line
      ? (JSON.parse(line.slice(line.indexOf(":") + 1)) as {
          data: { findings: unknown[]; omitted: number; complete: boolean; durationMs: number };
        }).data
      : null;
    console.log(`  worst-case check (server action over HTTP)   worst ${ms(checks.max)}, median ${ms(checks.p50)} (server-side ${result?.durationMs ?? "?"} ms in the last)`);
    console.log(
      `    answer: ${(last!.bytes / 1024).toFixed(1)} KB` +
        (result ? `, ${result.findings.length} findings (+${result.omitted} not sent), complete: ${result.complete}` : ""),
    );
    console.log(`  /robots.txt, server idle                    ${describe(idle)}`);
    console.log(`  /robots.txt, during the checks              ${describe(during)}  (goal: max < 50 ms)`);
    if (failed.length > 0) console.log(`  probe requests that failed: ${failed.length} (first: ${failed[0].status} ${failed[0].error ?? ""})`);
    return 0;
  } finally {
    if (probe) probe.child.kill();
    await production?.stop();
    await disconnectDatabase();
    await scratch.drop();
    await server.embedded?.stop();
  }
}
