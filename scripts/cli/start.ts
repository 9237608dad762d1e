import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureFirstAdmin } from "@/lib/auth/first-admin";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { db } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { importDocuments } from "@/lib/importer";
import { projectPath, projectRoot } from "@/lib/project-root";
import { startServer } from "@/server/main";
import { UsageError, type Command } from "./command";
import { runArchiveBackfill } from "./migrate";

const BUILD_INPUTS = ["app", "components", "lib", "proxy.ts", "next.config.mjs", "server/body-limit.mjs", "package.json", "package-lock.json", "tsconfig.json"];
const FINGERPRINT_FILE = path.join(".next", "copydesk-build-fingerprint");

/** A cheap fingerprint of what `next build` reads: paths, sizes and modification times. */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const absolute = projectPath(relative);
    if (!fs.existsSync(absolute) || relative.includes(path.join("lib", "db", "generated"))) return;
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(absolute).sort()) visit(path.join(relative, entry));
    } else {
      hash.update(`${relative}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

/** Runs `next build` when the sources changed since the last build (also used by bench/reader.ts). */
export async function ensureProductionBuild() {
  const fingerprint = sourceFingerprint();
  const fingerprintPath = projectPath(FINGERPRINT_FILE);
  const built = fs.existsSync(projectPath(".next", "BUILD_ID")) && fs.existsSync(fingerprintPath);
  if (built && fs.readFileSync(fingerprintPath, "utf8") === fingerprint) return;
  console.log("Building the web app (next build)… this takes a minute or two the first time.");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [projectPath("node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: projectRoot(),
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code}).`))));
  });
  fs.writeFileSync(fingerprintPath, fingerprint);
}

function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
  });
}

export const startCommand: Command = {
  summary: "Start Copydesk: database, migrations, seed import, first admin, production build and web server.",
  usage: "start [--port <number>] [--host <address>] [--dev]",
  options: { port: { type: "string" }, host: { type: "string" }, dev: { type: "boolean" } },
  needsDatabase: true,
  appliesMigrations: true,
  async run({ values }) {
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}".`);
    const host = (values.host as string | undefined) ?? process.env.HOST ?? "0.0.0.0";
    const dev = Boolean(values.dev);

    const migrations = await migrateDatabase(process.env.DATABASE_URL!, { log: (line) => console.log(line) });
    console.log(`Database ready (${migrations.applied.length} new migration(s) applied).`);

    // Existing databases: the fact-check's archive tables are filled once (resumable).
    await runArchiveBackfill();

    if ((await db.article.count()) === 0) {
      // On a worker even for a few files: in this (the server's) process the speller would stay loaded.
      const summary = await importDocuments([projectPath("seeds")], { prepareIn: "worker" });
      console.log(`Imported seed documents: ${summary.created} created, ${summary.failed} failed.`);
    }

    const admin = await ensureFirstAdmin({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD });
    if (admin) {
      console.log(`Created the first admin: ${admin.email}`);
      if (admin.generated) console.log(`Password (shown once, change it after logging in): ${admin.password}`);
    }

    process.env.NEXTAUTH_SECRET = ensureAuthSecret();
    process.env.NEXTAUTH_URL ??= process.env.SITE_URL ?? `http://localhost:${port}`;
    if (!dev) await ensureProductionBuild();

    const server = await startServer({ port, hostname: host, dev });
    console.log(`Copydesk is running at ${server.url} (desk: ${server.url}/desk). Press Ctrl+C to stop.`);
    const signal = await waitForShutdownSignal();
    console.log(`Received ${signal}, shutting down…`);
    await server.close();
    return 0;
  },
};
