import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "@/lib/articles/test-support/fixtures";
import { disconnectDatabase } from "@/lib/db";
import { importDocuments } from "@/lib/importer";

// `copydesk check` as scripts run it: the real CLI in a child process, on the integration run's
// database, with archive articles of our own imported by the real importer.

const run = promisify(execFile);
const bin = path.resolve("bin/copydesk.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-check-"));
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await disconnectDatabase();
});

async function copydesk(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function writeDocument(name: string, headline: string, paragraphs: string[]) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[` date 2025-01-10 ${headline}`, ...paragraphs].join("\n\n")}\n`);
  return file;
}

const surname = `Vel${uniqueName().slice(1).toLowerCase()}`;
const misspelt = `${surname}e`;

beforeAll(async () => {
  // Two stored articles spell the name one way: clear evidence against another spelling.
  const archive = [1, 2].map((n) =>
    writeDocument(`archive-${n}-${surname}.txt`, `Orchestra names Ingrid ${surname} conductor ${n}`, [
      `The city orchestra has appointed Ingrid ${surname} as its principal conductor.`,
      `Ingrid ${surname} trained in Vienna. The board said Ingrid ${surname} had won over the players.`,
    ]),
  );
  const summary = await importDocuments(archive);
  expect(summary.created).toBe(2);
});

describe("copydesk check", () => {
  // The archive alone is one source: worth a look (low), not a likely error, so the exit code is 0.
  it("prints a name the archive spells otherwise, with where it stands, as worth a look", async () => {
    const file = writeDocument(`new-${surname}.txt`, "Concert season opens with new music", [
      "The concert season opened on Friday with a programme of new music.",
      `The evening ended with a symphony conducted by Ingrid ${misspelt}.`,
    ]);
    const result = await copydesk(["check", file]);
    expect(result.code, result.stderr).toBe(0);
    const column = `The evening ended with a symphony conducted by `.length + 1;
    expect(result.stdout).toContain(`${file}:body:2:${column}  [low] archive-variant: `);
    expect(result.stdout).toContain(`("Ingrid ${misspelt}" → "Ingrid ${surname}")`);
    expect(result.stderr).toMatch(/Checked 1 document\(s\): \d+ finding\(s\), 0 high severity/);

    const json = await copydesk(["check", "--json", file]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      summary: { documents: number; high: number };
      documents: Array<{ source: string; findings: Array<{ rule: string; text: string; suggestion?: string; severity: string; location: { fieldKey: string; block: number; from: number } }> }>;
    };
    expect(report.summary).toMatchObject({ documents: 1 });
    expect(report.summary.high).toBe(0);
    expect(report.documents[0].source).toBe(file);
    expect(report.documents[0].findings).toContainEqual(
      expect.objectContaining({
        rule: "archive-variant",
        text: `Ingrid ${misspelt}`,
        suggestion: `Ingrid ${surname}`,
        severity: "low",
        location: expect.objectContaining({ fieldKey: "body", block: 1, from: column - 1 }),
      }),
    );
  }, 90_000);

  it("exits 0 for a clean document and for findings below the threshold", async () => {
    const clean = writeDocument(`clean-${surname}.txt`, "Harbour town welcomes tall ships", [
      "More than 40 tall ships sailed into the harbour on Friday as the town hosted the festival.",
      `Ingrid ${surname} watched from the quay.`,
    ]);
    const result = await copydesk(["check", clean]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toBe("");

    const doubled = writeDocument(`doubled-${surname}.txt`, "Library reopens after repairs", ["The the library reopened on Tuesday."]);
    expect((await copydesk(["check", doubled])).code).toBe(1);
    expect((await copydesk(["check", "--min-confidence", "1", doubled])).code).toBe(0);
    // Three CLI runs, each starting a fact-check worker (dictionaries, gazetteer, grammar).
  }, 120_000);

  it("reports unreadable documents (exit 1) and wrong usage (exit 2)", async () => {
    const broken = path.join(dir, "broken.txt");
    fs.writeFileSync(broken, "no date line here\n");
    const result = await copydesk(["check", broken, path.join(dir, "missing.txt")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("broken.txt:1: no date line");
    expect(result.stderr).toContain("missing.txt: no such file or folder");

    const usage = await copydesk(["check", "--min-confidence", "high"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--min-confidence must be a number from 0 to 1");
    expect((await copydesk(["check", "--bogus"])).code).toBe(2);
  });

  it("without paths checks every stored article's draft, named by slug", async () => {
    const result = await copydesk(["check", "--json", "--min-confidence", "0"]);
    const report = JSON.parse(result.stdout) as { summary: { documents: number }; documents: Array<{ kind: string; source: string; headline: string }> };
    expect(report.summary.documents).toBeGreaterThanOrEqual(2);
    const archived = report.documents.filter((document) => document.headline.startsWith(`Orchestra names Ingrid ${surname}`));
    expect(archived).toHaveLength(2);
    expect(archived.every((document) => document.kind === "article" && /^[a-z0-9-]+$/.test(document.source))).toBe(true);
  });
});
