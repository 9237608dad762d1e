// The co-editing server alone, for bench/collab.ts: createCollabServer on its own port, plus
// GET /stats with this process's CPU time and RSS (its own figures, not the benchmark's).
// Run by bench/collab.ts as `copydesk run-script bench/collab-server.ts --port N`.

import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startFactcheckPool } from "@/lib/factcheck/pool";
import { createCollabServer } from "@/server/collab";

export default async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: "string" } } });
  // As the server does at start: a store's archive analysis runs on a fact-check worker.
  startFactcheckPool();
  const collab = createCollabServer({ databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL || undefined, log: (message, error) => console.error(`[collab] ${message}`, error ?? "") });
  let peakRss = process.memoryUsage().rss;
  // How long the server's event loop was held up: what a keystroke waits behind.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const server = http.createServer((request, response) => {
    if (request.url === "/stats") {
      const cpu = process.cpuUsage();
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, peakRss, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 }));
      return;
    }
    if (request.url === "/reset-peak") {
      peakRss = process.memoryUsage().rss;
      loopDelay.reset();
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  server.on("upgrade", (request, socket, head) => {
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(Number(values.port), "127.0.0.1", resolve));
  console.log("ready");
  await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
  clearInterval(sampler);
  await collab.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}
