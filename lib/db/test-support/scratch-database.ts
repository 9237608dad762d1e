import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../embedded";
import { migrateDatabase } from "../migrate";

/**
 * The server tests create their databases on: TEST_DATABASE_URL (any database on the server, used
 * only to create and drop scratch databases), else an embedded PostgreSQL of the tests' own.
 */
export async function testServer(): Promise<{ adminUrl: string; embedded: EmbeddedDatabase | null }> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) return { adminUrl: configured, embedded: null };
  const embedded = await startEmbeddedDatabase({
    dataDir: ".data/test-pg",
    port: Number(process.env.COPYDESK_TEST_PG_PORT ?? 54330),
    database: "postgres",
    quiet: true,
  });
  return { adminUrl: embedded.adminUrl, embedded };
}

export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]", ""].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
}

/** Creates an empty (by default migrated) database with a unique name; `drop()` removes it. */
export async function createScratchDatabase(adminUrl: string, prefix = "copydesk_test", options = { migrate: true }) {
  assertLocalDatabase(adminUrl);
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  if (options.migrate) await migrateDatabase(databaseUrl);
  return {
    name,
    url: databaseUrl,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
