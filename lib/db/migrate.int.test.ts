import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase, MigrationError, readLocalMigrations } from "./migrate";
import { createScratchDatabase } from "./test-support/scratch-database";

const adminUrl = () => process.env.COPYDESK_TEST_ADMIN_URL!;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyDatabase() {
  const scratch = await createScratchDatabase(adminUrl(), "copydesk_mig", { migrate: false });
  cleanups.push(scratch.drop);
  return scratch.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migrateDatabase", () => {
  it("vacuums the tables a migration names once the run's migrations are applied", async () => {
    const url = await emptyDatabase();
    const fill = (table: string) => `CREATE TABLE "${table}" (id int PRIMARY KEY); INSERT INTO "${table}" SELECT generate_series(1, 2000);`;
    const dir = migrationsDir({
      "20200101000000_named": `${fill("Named")}\n-- vacuum after: "Named"\n`,
      "20200101000001_unnamed": fill("Unnamed"),
    });
    await migrateDatabase(url, { migrationsDir: dir });
    // VACUUM sets the pages all-visible (index-only scans need it); a table only written is not.
    const rows = await query<{ relname: string; relallvisible: number }>(url, `SELECT relname, relallvisible FROM pg_class WHERE relname IN ('Named', 'Unnamed') ORDER BY relname`);
    expect(rows.map((row) => [row.relname, row.relallvisible > 0])).toEqual([
      ["Named", true],
      ["Unnamed", false],
    ]);
  });

  it("applies the committed migrations once and records Prisma's checksums", async () => {
    const url = await emptyDatabase();
    const first = await migrateDatabase(url);
    const local = readLocalMigrations();
    expect(first.applied).toEqual(local.map((m) => m.name));

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date }>(
      url,
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(local.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
    expect(await query(url, 'SELECT 1 FROM "Article" LIMIT 1')).toEqual([]);

    const second = await migrateDatabase(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toHaveLength(local.length);
  });

  it("leaves a ledger that Prisma's own `migrate status` reads as up to date", async () => {
    const url = await emptyDatabase();
    await migrateDatabase(url);
    const output = execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "status"], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
    expect(output).toContain("Database schema is up to date");
  });

  it("rolls back a failing migration completely and keeps the ones before it", async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({
      "001_good": 'CREATE TABLE "Good" (id int);',
      "002_bad": 'CREATE TABLE "Half" (id int);\nSELECT * FROM "no_such_table";',
      "003_later": 'CREATE TABLE "Later" (id int);',
    });
    const failure = await migrateDatabase(url, { migrationsDir: dir }).catch((e) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure.migration).toBe("002_bad");
    expect(failure.message).toContain("no_such_table");

    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const names = tables.map((t) => t.tablename);
    expect(names).toContain("Good");
    expect(names).not.toContain("Half");
    expect(names).not.toContain("Later");
    const ledger = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(ledger.map((r) => r.migration_name)).toEqual(["001_good"]);
  });

  it("applies each migration exactly once when two instances start together", async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({
      "001_a": 'CREATE TABLE "A" (id int); SELECT pg_sleep(0.2);',
      "002_b": 'CREATE TABLE "B" (id int);',
    });
    const [one, two] = await Promise.all([
      migrateDatabase(url, { migrationsDir: dir }),
      migrateDatabase(url, { migrationsDir: dir }),
    ]);
    expect([...one.applied, ...two.applied].sort()).toEqual(["001_a", "002_b"]);
    const ledger = await query<{ count: string }>(url, 'SELECT count(*) FROM "_prisma_migrations"');
    expect(Number(ledger[0].count)).toBe(2);
  });

  it("refuses to continue when an applied migration was edited afterwards", async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({ "001_a": 'CREATE TABLE "A" (id int);' });
    await migrateDatabase(url, { migrationsDir: dir });
    fs.writeFileSync(path.join(dir, "001_a", "migration.sql"), 'CREATE TABLE "A" (id bigint);');
    await expect(migrateDatabase(url, { migrationsDir: dir })).rejects.toThrow(/changed after it was applied/);
  });
});
