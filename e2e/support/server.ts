import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { e2eEnv, extraBaseURL, extraServerPort } from "../../playwright.config";
import { assertLocalTarget } from "./auth";

// The main server has built the app already; this one only starts (seconds, more on a busy machine).
const START_LIMIT_MS = 150_000;

export interface ExtraServer {
  stop(): Promise<void>;
}

/**
 * A second Copydesk server (at `extraBaseURL`) on the e2e server's database and data directory, with its own
 * environment (e.g. COPYDESK_LIVE_EDITING=off), as a newsroom runs several instances. It joins the
 * embedded PostgreSQL the main server started and reuses its build and auth secret, so the setup
 * project's sessions sign in here too. Started by the spec that needs it, not for every run.
 */
export async function startExtraServer(env: Record<string, string>): Promise<ExtraServer> {
  assertLocalTarget();
  const child = spawn(process.execPath, ["bin/copydesk.mjs", "start", "--port", String(extraServerPort), "--host", "127.0.0.1"], {
    cwd: path.join(import.meta.dirname, "..", ".."),
    env: { ...process.env, ...e2eEnv, DATABASE_URL: "", SITE_URL: extraBaseURL, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => stopChild(child, exited);
  const ready = /Copydesk is running at/;
  const deadline = Date.now() + START_LIMIT_MS;
  while (!ready.test(output)) {
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("waiting"), 250))]);
    if (code !== "waiting") throw new Error(`The extra server exited (${String(code)}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The extra server was not ready after ${START_LIMIT_MS / 1000} s:\n${output}`);
    }
  }
  return { stop };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await exited;
}
