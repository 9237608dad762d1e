import { afterAll, describe, expect, it, vi } from "vitest";
import { articleEditSchema, saveArticle as saveParsed } from "@/lib/articles";
import { parsed } from "@/lib/actions/test-support";
import { db, disconnectDatabase } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { catchError, createTestArticle, createTestUser, editInputOf } from "./test-support/fixtures";

// A save starts the fact-check archive's analysis before its transaction and awaits it only at the
// end. Here the analysis fails (a worker that crashed, a database error in it) a moment later.
const analysis = vi.hoisted(() => ({ fails: false }));
vi.mock("@/lib/factcheck/archive-refresh", async (original) => {
  const real = await original<typeof import("@/lib/factcheck/archive-refresh")>();
  return {
    ...real,
    prepareArchiveContribution: (...args: Parameters<typeof real.prepareArchiveContribution>) =>
      analysis.fails
        ? new Promise((_, reject) => setTimeout(() => reject(new Error("the archive analysis failed")), 1_000))
        : real.prepareArchiveContribution(...args),
  };
});

const saveArticle = parsed(articleEditSchema, saveParsed);


afterAll(async () => {
  await disconnectDatabase();
});

describe("a save whose archive analysis fails", () => {
  it("writes nothing and says so; a save that ends before the analysis (stale, unchanged) is unaffected", async () => {
    const editor = await createTestUser("editor");
    const other = await createTestUser("editor");
    const article = await createTestArticle({ headline: "The headline as imported" });
    const stale = await editInputOf(article.id);
    await saveArticle(await editInputOf(article.id, { headline: "Another editor's headline" }), other);
    analysis.fails = true;

    // Stale: refused at once, before the analysis fails; its failure later must not go unhandled
    // (vitest fails the run on an unhandled rejection).
    expect(await catchError(saveArticle({ ...stale, headline: "A stale edit" }, editor))).toBeInstanceOf(ConflictError);
    // Unchanged: nothing to write, the analysis is never awaited.
    expect(await saveArticle(await editInputOf(article.id), editor)).toMatchObject({ changed: false });
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    // A real edit needs the analysis: the error reaches the caller and the transaction rolls back.
    const error = await catchError(saveArticle(await editInputOf(article.id, { headline: "An edit that cannot be archived" }), editor));
    expect((error as Error).message).toBe("the archive analysis failed");
    const stored = await db.article.findUniqueOrThrow({ where: { id: article.id }, select: { headline: true, version: true } });
    expect(stored).toEqual({ headline: "Another editor's headline", version: 2 });
  });
});
