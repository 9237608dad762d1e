// npm run bench:collab [-- --port 3292 --keystrokes 60]
//
// The co-editing server under load, on one instance: (1) 10 clients in one story, (2) 50 stories
// with 3 clients each. Every client types into the same story's body (each into a paragraph of its
// own, so every keystroke can be told apart) at a typist's pace; every other client in the story
// times when the keystroke reaches it. Prints keystroke-to-other-client latency p50/p95 (goal
// p95 <= 100 ms on loopback, issue 11), the server's CPU (per cent of one core over the run) and
// its RSS (peak). The server runs in its own process (bench/collab-server.ts) on a scratch
// database; clients are @hocuspocus/provider in this process. Figures only.

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { encode } from "next-auth/jwt";
import WebSocket from "ws";
import * as Y from "yjs";
import { projectPath } from "@/lib/project-root";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Stats {
  cpuMicros: number;
  rss: number;
  peakRss: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

async function serverStats(base: string): Promise<Stats> {
  return (await fetch(`${base}/stats`)).json() as Promise<Stats>;
}

interface Client {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
}

function connect(url: string, articleId: string, cookie: string): Client {
  const doc = new Y.Doc();
  const Socket = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  };
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: Socket as unknown as typeof WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: `article:${articleId}`, document: doc });
  provider.attach();
  return { provider, socket, doc };
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

const paragraphText = (doc: Y.Doc, index: number) => ((doc.getXmlFragment("body").get(index) as Y.XmlElement).get(0) as Y.XmlText);

/**
 * One story's clients type `keystrokes` characters each, `intervalMs` apart (each client into its own
 * paragraph); every other client records when each keystroke arrived. Returns the latencies (ms).
 */
async function typeInStory(clients: Client[], keystrokes: number, intervalMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const sentAt = clients.map(() => [] as number[]);
  const base = clients.map((_, writer) => paragraphText(clients[0].doc, writer).length);
  const seen = clients.map(() => clients.map(() => 0));
  const stops = clients.map((client, reader) => {
    const observer = (_events: unknown, transaction: Y.Transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      clients.forEach((_, writer) => {
        if (writer === reader) return;
        const arrived = paragraphText(client.doc, writer).length - base[writer];
        for (let index = seen[reader][writer]; index < arrived; index++) latencies.push(now - sentAt[writer][index]);
        seen[reader][writer] = Math.max(seen[reader][writer], arrived);
      });
    };
    const fragment = client.doc.getXmlFragment("body");
    fragment.observeDeep(observer);
    return () => fragment.unobserveDeep(observer);
  });
  await Promise.all(
    clients.map(async (client, writer) => {
      await sleep(Math.random() * intervalMs); // typists do not start in step
      for (let index = 0; index < keystrokes; index++) {
        const text = paragraphText(client.doc, writer);
        sentAt[writer][index] = performance.now();
        text.insert(text.length, String.fromCharCode(97 + ((writer + index) % 26)));
        await sleep(intervalMs);
      }
    }),
  );
  const expected = clients.length * (clients.length - 1) * keystrokes;
  await until(() => latencies.length >= expected, `every keystroke to reach every other client (${latencies.length}/${expected})`);
  stops.forEach((stop) => stop());
  return latencies;
}

function wireDocument(headline: string, paragraphs: number) {
  const body = Array.from({ length: paragraphs }, (_, index) => `Paragraph ${index + 1} of the story, where typist ${index + 1} writes.`);
  return ` date 2024-08-11 ${headline}\n\n${body.join("\n\n")}\n`;
}

export default async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: process.env.PORT ?? "3292" },
      keystrokes: { type: "string", default: "60" },
      interval: { type: "string", default: "150" },
    },
  });
  const port = Number(values.port);
  const keystrokes = Number(values.keystrokes);
  const intervalMs = Number(values.interval);

  process.env.NEXTAUTH_SECRET ??= "bench-collab-secret-with-enough-length-0123456789";
  const [{ createDatabaseClient }, { createScratchDatabase, testServer }, { importDocuments }, { createUser }, { passwordVersion }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/db/test-support/scratch-database"),
    import("@/lib/importer"),
    import("@/lib/auth/users"),
    import("@/lib/auth/login"),
  ]);
  const pgServer = await testServer();
  const scratch = await createScratchDatabase(pgServer.adminUrl, "copydesk_benchcollab");
  process.env.DATABASE_URL = scratch.url;
  const db = createDatabaseClient(scratch.url);
  let child: ChildProcess | null = null;
  const clients: Client[] = [];
  const cleanUp = async () => {
    for (const client of clients) {
      client.provider.destroy();
      client.socket.destroy();
    }
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child!.once("exit", resolve));
    }
    await db.$disconnect().catch(() => {});
    await scratch.drop().catch(() => {});
    await pgServer.embedded?.stop();
  };

  try {
    // 51 stories: one for ten typists, fifty for three.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-benchcollab-"));
    try {
      fs.writeFileSync(path.join(dir, "crowded.txt"), wireDocument("Ten typists in one story", 10));
      for (let index = 0; index < 50; index++) fs.writeFileSync(path.join(dir, `story-${index}.txt`), wireDocument(`Story ${index} for three typists`, 3));
      const summary = await importDocuments([dir], { db });
      if (summary.failed > 0) throw new Error("The benchmark's stories did not import.");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const articles = await db.article.findMany({ select: { id: true, headline: true }, orderBy: { headline: "asc" } });
    const crowded = articles.find((article) => article.headline.startsWith("Ten typists"))!;
    const small = articles.filter((article) => article.headline.startsWith("Story "));

    const cookies: string[] = [];
    for (let index = 0; index < 10; index++) {
      const user = await createUser({ email: `bench-collab-${index}-${Date.now()}@bench.test`, name: `Typist ${index + 1}`, role: "editor", password: "bench-collab-password-1" });
      const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
      cookies.push(`next-auth.session-token=${await encode({ token: { sub: user.id, pwv: passwordVersion(stored.passwordHash) }, secret: process.env.NEXTAUTH_SECRET! })}`);
    }

    child = spawn(process.execPath, [projectPath("bin", "copydesk.mjs"), "run-script", "bench/collab-server.ts", "--port", String(port)], {
      env: { ...process.env, DATABASE_URL: scratch.url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      child!.once("exit", (code) => reject(new Error(`The co-editing server exited (${code}).`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const url = `ws://127.0.0.1:${port}/collab`;

    console.log(`\nCopydesk co-editing benchmark — one instance, Node ${process.version}, ${os.cpus().length} CPU(s); ${keystrokes} keystrokes per client, ${intervalMs} ms apart`);
    const scenario = async (label: string, stories: Array<{ id: string }>, perStory: number) => {
      const groups = stories.map((story) => Array.from({ length: perStory }, (_, index) => connect(url, story.id, cookies[index % cookies.length])));
      clients.push(...groups.flat());
      await until(() => groups.flat().every((client) => client.provider.isSynced), "every client to sync");
      await fetch(`${base}/reset-peak`);
      // The clients share this process: a held-up loop here delays what they see, not the server.
      const clientLoop = monitorEventLoopDelay({ resolution: 10 });
      clientLoop.enable();
      const before = await serverStats(base);
      const started = performance.now();
      const latencies = (await Promise.all(groups.map((group) => typeInStory(group, keystrokes, intervalMs)))).flat();
      const seconds = (performance.now() - started) / 1000;
      const after = await serverStats(base);
      const cpu = ((after.cpuMicros - before.cpuMicros) / 1e6 / seconds) * 100;
      const p95 = percentile(latencies, 95);
      console.log(
        `  ${label.padEnd(30)} keystroke → other client p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms   (n=${latencies.length})   goal p95 <= 100 ms ${p95 <= 100 ? "met" : "MISSED"}`,
      );
      clientLoop.disable();
      console.log(`  ${"".padEnd(30)} server CPU ${cpu.toFixed(0)}% of one core over ${seconds.toFixed(1)} s; RSS ${megabytes(after.rss)} (peak ${megabytes(after.peakRss)}); ${groups.flat().length} clients`);
      console.log(
        `  ${"".padEnd(30)} event-loop delay p99/max: server ${after.loopDelayP99Ms.toFixed(0)}/${after.loopDelayMaxMs.toFixed(0)} ms, clients' process ${(clientLoop.percentile(99) / 1e6).toFixed(0)}/${(clientLoop.max / 1e6).toFixed(0)} ms`,
      );
      for (const client of groups.flat()) {
        client.provider.destroy();
        client.socket.destroy();
      }
      clients.length = 0;
      await sleep(1_500); // let the server store and unload the documents before the next scenario
    };
    await scenario("10 clients in one story", [crowded], 10);
    await scenario("50 stories × 3 clients", small, 3);
    return 0;
  } finally {
    await cleanUp();
  }
}
