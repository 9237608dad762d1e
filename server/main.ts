import http from "node:http";
import path from "node:path";
import next from "next";
import { closeFactcheckPool, startFactcheckPool } from "@/lib/factcheck/pool";
import { projectRoot } from "@/lib/project-root";
import { startJobQueue, startScheduleWorker, stopJobQueue } from "@/lib/scheduling";
import { startSearchIndexUpkeep } from "@/lib/search/index-upkeep";
import { ensureInternalToken, revalidateTagsVia } from "@/lib/site/reader-invalidation";
import { warmServerActions } from "./action-warm-up";
import { createCollabServer } from "./collab";
import { createInboxEvents } from "./inbox-events";
import { createMediaHandler } from "./media";
import { createReaderCache, type ReaderCache } from "./reader-cache";
import { guardedHandler, maxBodyBytesFromEnv } from "./request-guard";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built Next.js app over HTTP. In production, published reader pages are served
 * from an in-memory cache in front of Next (see reader-cache.ts), kept fresh through
 * `invalidateReaderContent` and PostgreSQL NOTIFY.
 */
export async function startServer(options: { port: number; hostname: string; dev?: boolean }): Promise<RunningServer> {
  const dev = options.dev ?? false;
  const token = ensureInternalToken();
  // The fact-check worker loads its engine while Next prepares (on the other core), and the server
  // answers once it can check names, so the desk's first check does not wait for it; grammar goes
  // on loading behind (a check meanwhile says so, and the editor asks again). Next's bundled copy
  // of lib/factcheck/pool finds this same pool. This thread never loads the engine: saves, renames
  // and the backfill ask the worker for what they need of it.
  const factcheckWarm = startFactcheckPool().catch((error) => {
    // Not fatal (the database may be slow to answer): the first check loads what is missing.
    console.error("[copydesk] fact-check: the worker did not warm up at start", error);
  });
  // Node keeps the parsed source map (sourcesContent included) of every module loaded while source
  // maps are on, and tsx, which runs this process's TypeScript, turns them on for the whole process:
  // with Next's server chunks and their .map files that was ~65 MB of this thread's live heap (heap
  // snapshot at idle: 145 MB used with them, 80 MB without). Production `next start` runs without
  // them too; an error from Next's bundle shows its compiled position, as it would there.
  if (!dev) process.setSourceMapsEnabled(false);
  const app = next({ dev, dir: projectRoot(), hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  await factcheckWarm;

  const loopbackHost = ["0.0.0.0", "::", ""].includes(options.hostname) ? "127.0.0.1" : options.hostname;
  const internalUrl = `http://${loopbackHost.includes(":") ? `[${loopbackHost}]` : loopbackHost}:${options.port}`;
  // Development renders every request afresh so edits show; the page cache is for production.
  const readerCache: ReaderCache | null = dev ? null : createReaderCache({ next: handle, revalidateTags: revalidateTagsVia(internalUrl, token) });
  // Public image variants are answered before Next (and before the page cache) in production.
  const serveApp = readerCache ? createMediaHandler(readerCache.handle) : handle;
  // The desk header's live inbox count is a long-lived stream, answered here rather than by Next.
  const inboxEvents = createInboxEvents({ databaseUrl: process.env.DATABASE_URL });
  const serve: typeof serveApp = async (request, response) => {
    if (!inboxEvents.handle(request, response)) await serveApp(request, response);
  };

  const trustProxy = process.env.TRUST_PROXY === "1";
  const server = http.createServer(guardedHandler(serve, { trustProxy, dev, maxBodyBytes: maxBodyBytesFromEnv() }));
  // Live co-editing shares the port: WebSocket upgrades to /collab; in development Next's own
  // (hot reload) upgrades go to Next.
  const collab = createCollabServer({ databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL || undefined });
  const nextUpgrade = dev ? app.getUpgradeHandler() : null;
  server.on("upgrade", (request, socket, head) => {
    if (collab.handleUpgrade(request, socket, head)) return;
    if (nextUpgrade) void nextUpgrade(request, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, resolve);
  });

  // In the background: the first request that calls a server action (the desk's first fact-check)
  // finds its module evaluated (see action-warm-up.ts).
  if (!dev) {
    void warmServerActions(path.join(projectRoot(), ".next")).catch((error: unknown) => {
      console.error("[copydesk] server actions were not loaded ahead (the first call loads its own)", error);
    });
  }

  if (readerCache) {
    readerCache.registerLocal();
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) await readerCache.listen(databaseUrl);
    else console.warn("DATABASE_URL is not set: reader pages are cached without cross-instance invalidation.");
  }

  // Timed publishing: this instance works the pg-boss queue beside every other instance (a job
  // is handed to one of them). Jobs whose time passed while no instance ran start now.
  const jobs = await startJobQueue({ worker: true });
  await startScheduleWorker(jobs);
  const searchUpkeep = startSearchIndexUpkeep();

  return {
    url: `http://${options.hostname === "0.0.0.0" ? "localhost" : options.hostname}:${options.port}`,
    close: async () => {
      await searchUpkeep.stop();
      await collab.close();
      await inboxEvents.close();
      await stopJobQueue();
      await readerCache?.close();
      await closeFactcheckPool();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
