import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = path.resolve("bin/copydesk.mjs");

/** Runs the real CLI against the integration run's database; returns exit code and output. */
async function copydesk(args: string[], input?: string) {
  const child = run(process.execPath, [bin, ...args], { env: { ...process.env }, timeout: 60_000 });
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

describe("copydesk CLI", () => {
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
