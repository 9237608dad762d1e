import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parsed } from "@/lib/actions/test-support";
import { compareRevisions, creditUpdateSchema, StoredSnapshotError, updateCredit as updateParsed } from "@/lib/articles";
import { db, disconnectDatabase } from "@/lib/db";
import { toActionResult } from "@/lib/errors";
import { diffSincePublished, publishArticle } from "@/lib/publishing";
import { loadFrontPage, loadPublishedArticle } from "@/lib/site/queries";
import { catchError, createTestArticle, createTestUser, uniqueName } from "./test-support/fixtures";

// Every reader of stored snapshots goes through readStoredSnapshot, so damaged data fails the same
// way everywhere: a StoredSnapshotError naming the row (the desk's generic 500, details logged) —
// never a 422 blaming the editor, never a silently empty answer. Reader lists leave such an article
// out. The damage is written straight to the row: no path through lib/ writes a bad snapshot.

const updateCredit = parsed(creditUpdateSchema, updateParsed);
let editor: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  editor = await createTestUser("editor");
});
afterAll(() => disconnectDatabase());

const damage = { headline: "Half a snapshot", photos: "none" };

describe("stored snapshots", () => {
  it("a damaged revision is a StoredSnapshotError (500) when versions are compared, not the editor's 422", async () => {
    const article = await createTestArticle();
    await publishArticle({ articleId: article.id, expectedVersion: 1 }, editor);
    await db.revision.update({ where: { articleId_version: { articleId: article.id, version: 1 } }, data: { snapshot: damage } });
    const error = await catchError(compareRevisions(article.id, 1, 1));
    expect(error).toBeInstanceOf(StoredSnapshotError);
    expect((error as Error).message).toContain(`Version 1 of article ${article.id}`);
    const silenced = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(toActionResult(error).status).toBe(500);
    } finally {
      silenced.mockRestore();
    }
  });

  it("a damaged published snapshot fails the publish diff and its reader page, and is left out of the front page", async () => {
    const damaged = await createTestArticle({ status: "published" });
    const fine = await createTestArticle({ status: "published" });
    await db.article.update({ where: { id: damaged.id }, data: { publishedSnapshot: damage } });

    await expect(diffSincePublished(damaged.id)).rejects.toBeInstanceOf(StoredSnapshotError);
    await expect(loadPublishedArticle(damaged.slug)).rejects.toBeInstanceOf(StoredSnapshotError);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const front = await loadFrontPage();
      expect(front.map((entry) => entry.slug)).toContain(fine.slug);
      expect(front.map((entry) => entry.slug)).not.toContain(damaged.slug);
      expect(logged.mock.calls.flat().join(" ")).toContain(`/articles/${damaged.slug}`);
    } finally {
      logged.mockRestore();
    }
  });

  it("merging credits re-points published snapshots through the reader and keeps keys it does not know", async () => {
    const name = uniqueName();
    const article = await createTestArticle({
      status: "published",
      photos: [{ caption: "Crowds at the gate", credit: { agency: "AP", photographer: `${name}x` } }],
    });
    const other = await createTestArticle({ photos: [{ caption: "Gate", credit: { agency: "AP", photographer: name } }] });
    const stored = await db.article.findUniqueOrThrow({ where: { id: article.id }, select: { publishedSnapshot: true } });
    const withExtra = { ...(stored.publishedSnapshot as object), layout: "wide" };
    await db.article.update({ where: { id: article.id }, data: { publishedSnapshot: withExtra } });

    const typo = article.photos[0].credit!;
    await updateCredit({ id: typo.id, agency: "AP", photographer: name }, editor);

    const after = (await db.article.findUniqueOrThrow({ where: { id: article.id }, select: { publishedSnapshot: true } })).publishedSnapshot as {
      layout: string;
      photos: Array<{ creditId: string; credit: string }>;
    };
    expect(after.layout).toBe("wide");
    expect(after.photos[0]).toMatchObject({ creditId: other.photos[0].creditId, credit: `AP/${name}` });
  });
});
