import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { projectPath } from "@/lib/project-root";

// What the benchmarks that drive the production server share: starting it in its own process,
// signing in over HTTP as the browser does, and calling server actions by their exported names.

/** A signed-in HTTP client against the server (next-auth credentials: csrf, then the callback). */
export class DeskClient {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.base}${pathname}`, {
      redirect: "manual",
      ...init,
      headers: { cookie: this.cookieHeader(), ...(init.headers as Record<string, string> | undefined) },
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password: string) {
    const csrf = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true" }).toString(),
    });
    await response.text();
    if (![...this.cookies.keys()].some((name) => name.includes("session-token"))) throw new Error(`Sign-in failed (${response.status}).`);
  }

  /** Calls a server action as the browser does (ids from Next's manifest, see serverActionIds). */
  async action(pagePath: string, actionId: string, args: unknown[]): Promise<{ status: number; text: string; bytes: number }> {
    const response = await this.fetch(pagePath, {
      method: "POST",
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: this.base },
      body: JSON.stringify(args),
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, text: body.toString("utf8"), bytes: body.length };
  }
}

/** Server action ids by exported name, from the production build's manifest. */
export function serverActionIds(): Map<string, string> {
  const ids = new Map<string, string>();
  const file = projectPath(".next", "server", "server-reference-manifest.json");
  if (!fs.existsSync(file)) return ids;
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node?: Record<string, { exportedName?: string; filename?: string }> };
  for (const [id, entry] of Object.entries(manifest.node ?? {})) if (entry.exportedName) ids.set(entry.exportedName, id);
  return ids;
}

async function waitForServer(base: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before answering.`);
    try {
      const response = await fetch(`${base}/login`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The server did not answer in time.");
}

export interface ProductionServer {
  base: string;
  child: ChildProcess;
  /** Seconds from spawn to the first answer (includes next build when the sources changed). */
  startSeconds: number;
  stop(): Promise<void>;
}

/** `copydesk start` in its own process on `databaseUrl`, answering on 127.0.0.1:`port`. */
export async function startProductionServer(options: { databaseUrl: string; port: number; dataDir: string; env?: Record<string, string> }): Promise<ProductionServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const base = `http://127.0.0.1:${options.port}`;
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    COPYDESK_DATA_DIR: options.dataDir,
    SITE_URL: base,
    NEXTAUTH_URL: base,
    PORT: String(options.port),
    ...options.env,
  };
  const started = performance.now();
  const child = spawn(process.execPath, [projectPath("bin", "copydesk.mjs"), "start", "--port", String(options.port), "--host", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout?.on("data", () => {});
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
  try {
    await waitForServer(base, child, 15 * 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, child, startSeconds: (performance.now() - started) / 1000, stop };
}
