import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db, disconnectDatabase } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/errors";
import { parsed } from "@/lib/actions/test-support";
import { createCredit as createParsed, creditInputSchema, creditUpdateSchema, getArticleForEditing, listCredits, updateCredit as updateParsed } from "@/lib/articles";
import { catchError, createTestArticle, createTestUser, uniqueName } from "./test-support/fixtures";

const createCredit = parsed(creditInputSchema, createParsed);
const updateCredit = parsed(creditUpdateSchema, updateParsed);

const invalidated = vi.hoisted(() => [] as Array<{ slugs?: string[]; all?: boolean }>);
vi.mock("@/lib/site/invalidate", () => ({
  invalidateReaderContent: async (change: { slugs?: string[] }) => {
    invalidated.push(change);
  },
}));

let editor: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  editor = await createTestUser("editor");
});
beforeEach(() => {
  invalidated.length = 0;
});
afterAll(() => disconnectDatabase());

describe("createCredit", () => {
  it("normalises spaces and returns the existing credit for the same agency and photographer", async () => {
    const name = `Ann ${uniqueName()}`;
    const first = await createCredit({ agency: "  AP ", photographer: `${name.replace(" ", "   ")} ` }, editor);
    expect(first).toMatchObject({ agency: "AP", photographer: name, label: `AP/${name}`, created: true });
    const again = await createCredit({ agency: "AP", photographer: name }, editor);
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(await db.credit.count({ where: { photographer: name } })).toBe(1);
  });

  it("refuses an empty photographer and a slash", async () => {
    const empty = await catchError(createCredit({ agency: "AP", photographer: "   " }, editor));
    expect((empty as ValidationError).fieldErrors.photographer).toEqual(["Enter the photographer's name."]);
    const slash = await catchError(createCredit({ agency: "AP/Reuters", photographer: "Bo" }, editor));
    expect((slash as ValidationError).fieldErrors.agency).toBeDefined();
  });
});

describe("updateCredit", () => {
  it("renames the credit on every photo that uses it and invalidates the published articles showing it", async () => {
    const misspelt = { agency: "AP", photographer: `Martin Meisner ${uniqueName()}` };
    const published = await createTestArticle({ status: "published", photos: [{ caption: "One", credit: misspelt }] });
    const draft = await createTestArticle({ photos: [{ caption: "Two", credit: misspelt }, { caption: "Three", credit: misspelt }] });
    const creditId = published.photos[0].creditId!;

    const fixed = misspelt.photographer.replace("Meisner", "Meissner");
    invalidated.length = 0; // publishing the fixture invalidated too
    const result = await updateCredit(
      { id: creditId, agency: "AP", photographer: fixed, expectedPhotographer: misspelt.photographer },
      editor,
    );
    expect(result).toMatchObject({ changed: true, mergedFrom: null, invalidatedSlugs: [published.slug] });
    expect(invalidated).toEqual([{ slugs: [published.slug] }]);

    for (const article of [published, draft]) {
      const { photos } = await getArticleForEditing(article.id);
      for (const photo of photos) expect(photo.credit?.label).toBe(`AP/${fixed}`);
    }
    const audit = await db.auditEvent.findFirst({ where: { action: "credit.update", targetId: creditId } });
    expect(audit).toMatchObject({ actorId: editor.id, details: { from: `AP/${misspelt.photographer}`, to: `AP/${fixed}` } });
  });

  it("merges into the existing credit when renamed onto it, repointing published snapshots", async () => {
    const right = { agency: "Reuters", photographer: `Bo Chan ${uniqueName()}` };
    const wrong = { agency: "Reuters", photographer: right.photographer.replace("Chan", "Chen") };
    const usesRight = await createTestArticle({ photos: [{ caption: "Right", credit: right }] });
    const usesWrong = await createTestArticle({ status: "published", photos: [{ caption: "Wrong", credit: wrong }] });
    const wrongId = usesWrong.photos[0].creditId!;
    const rightId = usesRight.photos[0].creditId!;

    invalidated.length = 0;
    const result = await updateCredit({ id: wrongId, ...right }, editor);
    expect(result.mergedFrom).toMatchObject({ id: wrongId, photographer: wrong.photographer });
    expect(result.credit.id).toBe(rightId);
    expect(await db.credit.findUnique({ where: { id: wrongId } })).toBeNull();
    expect((await getArticleForEditing(usesWrong.id)).photos[0].credit).toMatchObject({ id: rightId });
    const stored = await db.article.findUniqueOrThrow({ where: { id: usesWrong.id } });
    expect(stored.publishedSnapshot).toMatchObject({ photos: [{ creditId: rightId, credit: `Reuters/${right.photographer}` }] });
    expect(invalidated).toEqual([{ slugs: [usesWrong.slug] }]);
    const [listed] = (await listCredits({ q: right.photographer })).credits;
    expect(listed).toMatchObject({ id: rightId, photoCount: 2 });
  });

  it("refuses a rename when someone changed the credit meanwhile", async () => {
    const credit = await createCredit({ agency: "AFP", photographer: `Cy ${uniqueName()}` }, editor);
    await updateCredit({ id: credit.id, agency: "AFP", photographer: `${credit.photographer} Jr` }, editor);
    const error = await catchError(
      updateCredit({ id: credit.id, agency: "AFP", photographer: "Someone Else", expectedPhotographer: credit.photographer }, editor),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((await db.credit.findUniqueOrThrow({ where: { id: credit.id } })).photographer).toBe(`${credit.photographer} Jr`);
  });
});

describe("listCredits", () => {
  it("finds credits by agency or photographer, ignoring case and accents, with photo and article counts", async () => {
    const photographer = `Dana ${uniqueName()}`;
    const article = await createTestArticle({
      photos: [
        { caption: "A", credit: { agency: "EPA", photographer } },
        { caption: "B", credit: { agency: "EPA", photographer } },
      ],
    });
    const found = await listCredits({ q: photographer.toUpperCase() });
    expect(found.total).toBe(1);
    expect(found.credits[0]).toMatchObject({ label: `EPA/${photographer}`, photoCount: 2, articleCount: 1, articles: [{ id: article.id, headline: article.headline }] });
    expect((await listCredits({ q: `épa ${photographer.slice(0, 6)}` })).credits.map((credit) => credit.label)).toContain(`EPA/${photographer}`);
    expect(await listCredits({ q: "no credit matches this" })).toMatchObject({ total: 0, credits: [] });
    // LIKE's wildcards are the search's letters, not patterns.
    expect((await listCredits({ q: "%" })).credits.every((credit) => credit.label.includes("%"))).toBe(true);
  });

  it("shows one credit by its id (where a fact-check finding links), and none for an id that is gone", async () => {
    const photographer = `Lou ${uniqueName()}`;
    const article = await createTestArticle({ photos: [{ caption: "A", credit: { agency: "AP", photographer } }, { caption: "B", credit: { agency: "AFP", photographer } }] });
    const creditId = article.photos[0].creditId!;
    expect(await listCredits({ credit: creditId })).toMatchObject({ total: 1, creditId, credits: [{ id: creditId, label: `AP/${photographer}`, photoCount: 1 }] });
    expect(await listCredits({ credit: "no-such-credit" })).toMatchObject({ total: 0, credits: [], creditId: "no-such-credit" });
    await expect(listCredits({ credit: "x".repeat(65) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("pages by agency and photographer with keyset cursors, naming a few articles per credit", async () => {
    const agency = "AP";
    const token = uniqueName();
    const names = Array.from({ length: 52 }, () => `${token} ${uniqueName()}`).sort();
    for (const photographer of names) await createCredit({ agency, photographer }, editor);
    const used = await Promise.all(
      [0, 1, 2, 3].map(() => createTestArticle({ photos: [{ caption: "Used", credit: { agency, photographer: names[0] } }] })),
    );

    const first = await listCredits({ q: token });
    expect(first).toMatchObject({ total: 52, previous: null });
    expect(first.credits).toHaveLength(50);
    expect(first.credits[0]).toMatchObject({ photographer: names[0], photoCount: 4, articleCount: 4 });
    expect(first.credits[0].articles).toHaveLength(3);
    expect(used.map((article) => article.id)).toEqual(expect.arrayContaining(first.credits[0].articles.map((article) => article.id)));
    const second = await listCredits({ q: token, after: first.next! });
    expect(second.credits.map((credit) => credit.photographer)).toEqual(names.slice(50));
    expect(second.next).toBeNull();
    const back = await listCredits({ q: token, before: second.previous! });
    expect(back.credits.map((credit) => credit.photographer)).toEqual(names.slice(0, 50));
    await expect(listCredits({ after: "broken" })).rejects.toBeInstanceOf(ValidationError);
  });
});
