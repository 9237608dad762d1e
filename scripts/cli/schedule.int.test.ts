import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createTestArticle, createTestUser } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { scheduleArticle, stopJobQueue } from "@/lib/scheduling";
import { main } from "./main";

// `copydesk schedule list|cancel` and `copydesk import --section`, run in-process through the
// CLI's own entry point (the spawned CLI is covered by cli.int.test.ts).

async function copydesk(args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts) => void out.push(parts.join(" ")));
  const error = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  try {
    const code = await main(args);
    return { code, output: out.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

afterAll(async () => {
  await stopJobQueue();
  await disconnectDatabase();
});

describe("copydesk schedule", () => {
  it("lists pending schedules and cancels one by slug", async () => {
    const editor = await createTestUser("editor");
    const article = await createTestArticle();
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    await scheduleArticle({ articleId: article.id, action: "publish", at: runAt }, editor);

    const listed = await copydesk(["schedule", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(`${runAt}`);
    expect(listed.output).toContain(article.slug);

    const cancelled = await copydesk(["schedule", "cancel", article.slug]);
    expect(cancelled).toMatchObject({ code: 0, output: expect.stringContaining(`Cancelled the scheduled publish of ${article.slug}`) });
    expect(await db.articleSchedule.findMany({ where: { articleId: article.id }, select: { state: true } })).toEqual([{ state: "cancelled" }]);
    expect((await copydesk(["schedule", "list"])).output).not.toContain(article.slug);

    expect((await copydesk(["schedule", "cancel", article.slug])).code).toBe(1);
    expect((await copydesk(["schedule", "cancel", "no-such-slug-anywhere"])).code).toBe(1);
    expect((await copydesk(["schedule", "cancel"])).code).toBe(2);
  });
});

describe("copydesk import --section", () => {
  it("puts the new articles in the section, creating it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-section-"));
    const headline = `Section test ${Math.random().toString(36).slice(2, 8)}`;
    fs.writeFileSync(path.join(dir, "a.txt"), ` date 2024-08-11 ${headline}\n\nA paragraph.\n`);
    const result = await copydesk(["import", dir, "--section", "Sport"]);
    expect(result.code).toBe(0);
    const article = await db.article.findFirstOrThrow({ where: { headline }, select: { section: { select: { slug: true, name: true } } } });
    expect(article.section).toEqual({ slug: "sport", name: "Sport" });
    expect((await copydesk(["import", dir, "--section", "   "])).code).toBe(2);
  });
});
