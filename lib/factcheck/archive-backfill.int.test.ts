import { afterAll, describe, expect, it } from "vitest";
import { createTestArticle, uniqueName } from "@/lib/articles/test-support/fixtures";
import { db, disconnectDatabase } from "@/lib/db";
import { backfillArchive } from "@/lib/factcheck/archive-refresh";

afterAll(async () => {
  await disconnectDatabase();
});

// A database from before the archive tables: articles without their contribution rows.
describe("the archive backfill", () => {
  it("fills the contributions of articles that have none, resuming after an interruption", async () => {
    const name = `Quillon ${uniqueName().replace(/[^a-z]/gi, "").slice(0, 8)}`;
    const articles = [];
    for (let i = 0; i < 3; i++) {
      articles.push(await createTestArticle({ headline: `Harbour reopens ${uniqueName()}`, paragraphs: [`${name} opened the harbour on Monday.`] }));
    }
    const ids = articles.map((article) => article.id);
    const stored = () => db.archiveArticle.findMany({ where: { articleId: { in: ids } } });
    expect(await stored()).toHaveLength(3);
    await db.archiveArticle.deleteMany({ where: { articleId: { in: ids } } });
    await db.archiveBackfill.upsert({ where: { id: 1 }, create: { id: 1 }, update: { lastId: null, done: 0, finishedAt: null } });

    // Stopped after its first page (as a killed process would be, between two transactions).
    await expect(
      backfillArchive({
        pageSize: 1,
        onProgress: () => {
          throw new Error("interrupted");
        },
      }),
    ).rejects.toThrow("interrupted");
    const afterFirst = await db.archiveBackfill.findUniqueOrThrow({ where: { id: 1 } });
    expect(afterFirst.done).toBe(1);
    expect(afterFirst.finishedAt).toBeNull();

    const progress: number[] = [];
    const result = await backfillArchive({ pageSize: 2, onProgress: ({ done }) => progress.push(done) });
    expect(result.finished).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    const rows = await stored();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.capitalised).toContain(name.split(" ")[1]);
    // Finished: a second run has nothing to do.
    expect((await backfillArchive()).finished).toBe(true);
  });
});
