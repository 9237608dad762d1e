import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { baseURL, e2eEnv } from "../../playwright.config";
import { assertLocalTarget } from "./auth";

// A Copydesk server of a test's own, for what the shared one must not go through: being killed
// and started again, or running with other settings (COPYDESK_LIVE_EDITING=off). It is
// `copydesk start` on another port, joining the shared server's embedded database and data
// directory (same accounts, same session secret, so the saved sign-ins work on it) and serving the
// production build the shared server has already made.

const root = path.join(import.meta.dirname, "..", "..");
/** Long enough for a start on a loaded machine (migrations checked, workers and Next loaded). */
const START_TIMEOUT_MS = 120_000;
/** A SIGTERM stores the live documents and closes everything; one that takes longer is a fault. */
const STOP_TIMEOUT_MS = 30_000;

export interface OwnServer {
  /** Its base URL, for `browser.newContext({ baseURL })`. */
  readonly url: string;
  /** Starts it (again) and waits until it serves pages. */
  start(): Promise<void>;
  /** Stops it with `signal` and waits for the process to end (throws if a SIGTERM does not end it). */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** What it printed, for a failure's message. */
  output(): string;
}

async function serves(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** An own server on `port` (by default the shared one's port + 4) with extra environment. */
export function ownServer(options: { port?: number; env?: Record<string, string> } = {}): OwnServer {
  assertLocalTarget();
  const port = options.port ?? Number(new URL(baseURL).port) + 4;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log = "";

  return {
    url,
    output: () => log.slice(-4_000),
    async start() {
      if (child) throw new Error("The own server is already running.");
      if (await serves(`${url}/`)) throw new Error(`Something already serves ${url}: pick another port.`);
      const started = spawn(process.execPath, ["bin/copydesk.mjs", "start", "--port", String(port), "--host", "127.0.0.1"], {
        cwd: root,
        env: { ...process.env, ...e2eEnv, DATABASE_URL: "", SITE_URL: url, NEXTAUTH_URL: url, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = started;
      started.stdout!.on("data", (chunk) => (log += chunk));
      started.stderr!.on("data", (chunk) => (log += chunk));
      exited = new Promise((resolve) => started.once("exit", () => resolve()));
      const deadline = Date.now() + START_TIMEOUT_MS;
      while (!(await serves(`${url}/`))) {
        if (started.exitCode !== null) throw new Error(`The own server exited (${started.exitCode}):\n${log.slice(-4_000)}`);
        if (Date.now() > deadline) throw new Error(`The own server did not serve ${url} within ${START_TIMEOUT_MS} ms:\n${log.slice(-4_000)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop(signal = "SIGTERM") {
      if (!child) return;
      const stopping = child;
      child = null;
      if (stopping.exitCode !== null || stopping.signalCode !== null) return;
      stopping.kill(signal);
      const ended = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS))]);
      if (ended) return;
      stopping.kill("SIGKILL");
      await exited;
      throw new Error(`The own server did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}:\n${log.slice(-4_000)}`);
    },
  };
}
