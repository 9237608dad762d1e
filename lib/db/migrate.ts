import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { projectPath } from "../project-root";

// Prisma's own ledger, so `prisma migrate status` reads what we applied. We apply migrations
// ourselves because Prisma's schema engine is a native binary that cannot be downloaded here.
const LEDGER_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any fixed number works; it only has to be the same for every Copydesk process.
const MIGRATION_LOCK_KEY = 7_262_701;

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export function defaultMigrationsDir() {
  return projectPath("prisma", "migrations");
}

/** The committed migrations, in the order Prisma applies them (by folder name). */
export function readLocalMigrations(dir = defaultMigrationsDir()): LocalMigration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, "migration.sql"));
      // Prisma's checksum is the SHA-256 of the file's bytes, hex-encoded.
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies pending migrations, each in its own transaction together with its ledger row, under a
 * PostgreSQL advisory lock so that two instances starting at once apply each migration once.
 * A failing migration rolls back completely and stops with a MigrationError naming it.
 */
export async function migrateDatabase(
  url: string,
  options: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = readLocalMigrations(options.migrationsDir);
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(LEDGER_DDL);
    const ledger = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');

    const finished = new Map<string, string>();
    for (const row of ledger.rows) {
      if (row.rolled_back_at) continue;
      if (!row.finished_at) {
        throw new MigrationError(
          `Migration ${row.migration_name} is recorded as started but never finished. Inspect the database, ` +
            `then mark it rolled back (prisma migrate resolve --rolled-back ${row.migration_name}) before retrying.`,
          row.migration_name,
        );
      }
      finished.set(row.migration_name, row.checksum);
    }

    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const appliedChecksum = finished.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied (checksum differs). ` +
              "Committed migrations must not be edited; add a new migration instead.",
            migration.name,
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      log(`Applying migration ${migration.name}`);
      const startedAt = new Date();
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(
          `Migration ${migration.name} failed and was rolled back; the database is as it was before it. ` +
            `PostgreSQL said: ${(error as Error).message}`,
          migration.name,
        );
      }
      result.applied.push(migration.name);
    }
    await vacuumAfter(client, migrations.filter((migration) => result.applied.includes(migration.name)), log);
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * A migration that rewrites a table (a stored generated column added, every row updated) leaves it
 * without a visibility map, and PostgreSQL's index-only scans then read the table for every row
 * (the credits page counting 2.5 million photos: 98 ms before, 650 ms after); autovacuum does not
 * come for a table rewritten rather than written. A line `-- vacuum after: "Table"` in a migration
 * has it vacuumed (VACUUM cannot run in the migration's transaction) once the run's migrations are
 * applied. A failure is logged, not thrown: the migrations are in, and autovacuum will get there.
 */
const VACUUM_AFTER = /^-- vacuum after: ("[A-Za-z_][A-Za-z0-9_]*")\s*$/gm;

async function vacuumAfter(client: pg.Client, applied: LocalMigration[], log: (line: string) => void) {
  const tables = new Set(applied.flatMap((migration) => [...migration.sql.matchAll(VACUUM_AFTER)].map((match) => match[1])));
  for (const table of tables) {
    log(`Vacuuming ${table}`);
    try {
      await client.query(`VACUUM (ANALYZE) ${table}`);
    } catch (error) {
      console.warn(`[copydesk] VACUUM of ${table} after the migrations failed (autovacuum will do it later): ${(error as Error).message}`);
    }
  }
}

/** The committed migrations this database has not applied yet (all of them on an empty database). */
export async function pendingMigrations(url: string, options: { migrationsDir?: string } = {}): Promise<string[]> {
  const migrations = readLocalMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query<{ ledger: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS ledger`);
    if (!exists.rows[0]?.ledger) return migrations.map((migration) => migration.name);
    const ledger = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(ledger.rows.map((row) => row.migration_name));
    return migrations.map((migration) => migration.name).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
