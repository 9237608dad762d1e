import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { compareRevisions } from "@/lib/articles";
import { buildSnapshot, canonicalJson } from "@/lib/articles/snapshot";
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
  it("puts the new articles in the section, creating it, as a revision with its diff and an audit entry", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-section-"));
    const headline = `Section test ${Math.random().toString(36).slice(2, 8)}`;
    const file = path.join(dir, "a.txt");
    fs.writeFileSync(file, ` date 2024-08-11 ${headline}\n\nA paragraph.\n`);
    const result = await copydesk(["import", dir, "--section", "Sport"]);
    expect(result.code).toBe(0);
    expect(result.output).toContain("Section Sport: 1 new article(s).");
    const stored = () =>
      db.article.findFirstOrThrow({ where: { headline }, select: { id: true, version: true, importedVersion: true, section: { select: { id: true, slug: true, name: true } } } });
    const article = await stored();
    expect(article).toMatchObject({ version: 2, importedVersion: 2, section: { slug: "sport", name: "Sport" } });
    const revisions = await db.revision.findMany({ where: { articleId: article.id }, orderBy: { version: "asc" }, select: { version: true, kind: true, authorId: true, summary: true, snapshot: true } });
    expect(revisions.map(({ version, kind, authorId, summary }) => ({ version, kind, authorId, summary }))).toEqual([
      { version: 1, kind: "import", authorId: null, summary: expect.any(String) },
      { version: 2, kind: "save", authorId: null, summary: "Edited section" },
    ]);
    expect(revisions[1].snapshot).toMatchObject({ taxonomy: { section: { id: article.section!.id, name: "Sport" }, tags: [], bylines: [] } });
    expect((await compareRevisions(article.id, 1, 2)).changes.map((change) => [change.field, change.before, change.after])).toEqual([["section", "", "Sport"]]);
    // The revision is the one buildSnapshot gives the stored article (the text save's conflict check compares them).
    const loaded = await db.article.findUniqueOrThrow({
      where: { id: article.id },
      include: {
        photos: { include: { credit: true } },
        section: { select: { id: true, name: true } },
        tags: { select: { position: true, tag: { select: { id: true, name: true } } } },
        bylines: { select: { position: true, contributor: { select: { id: true, displayName: true } } } },
      },
    });
    expect(canonicalJson(revisions[1].snapshot)).toBe(canonicalJson(buildSnapshot(loaded)));
    // One audit event for the command's batch, naming the section and the articles.
    expect(await db.auditEvent.findMany({ where: { targetId: article.section!.id, action: "article.taxonomy" }, select: { actorId: true, details: true } })).toEqual([
      { actorId: null, details: { section: "Sport", summary: "Edited section", articles: 1, articleIds: [article.id] } },
    ]);

    // The importer's own change: the file, changed, still updates the article; its section stays, in the revision too.
    fs.writeFileSync(file, ` date 2024-08-11 ${headline}\n\nA paragraph, corrected.\n`);
    expect((await copydesk(["import", dir])).output).toContain("1 updated");
    const updated = await stored();
    expect(updated).toMatchObject({ version: 3, importedVersion: 3, section: { name: "Sport" } });
    const reimport = await db.revision.findUniqueOrThrow({ where: { articleId_version: { articleId: article.id, version: 3 } }, select: { kind: true, snapshot: true } });
    expect(reimport).toMatchObject({ kind: "reimport", snapshot: { taxonomy: { section: { id: article.section!.id, name: "Sport" }, tags: [], bylines: [] } } });
    expect((await compareRevisions(article.id, 2, 3)).changes.map((change) => change.field)).toEqual(["body"]);

    expect((await copydesk(["import", dir, "--section", "   "])).code).toBe(2);
  });
});
