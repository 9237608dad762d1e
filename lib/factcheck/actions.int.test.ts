import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestArticle, createTestUser, uniqueName } from "@/lib/articles/test-support/fixtures";
import { SESSION_COOKIE, sessionCookieFor } from "@/lib/auth/test-support/session-cookie";
import { db, disconnectDatabase } from "@/lib/db";

// The fact-check and dictionary server actions called the way Next calls them: the "request" is a
// cookie jar holding a next-auth session cookie, which requireUser reads as in production.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({ revalidatePath: (path: string) => revalidated.push(path), revalidateTag: () => {} }));

const { checkArticleAction, ignoreFindingAction, unignoreFindingAction, addToDictionaryAction } = await import(
  "@/app/(desk)/desk/articles/[id]/factcheck-actions"
);
const { createDictionaryEntryAction, updateDictionaryEntryAction, deleteDictionaryEntryAction } = await import(
  "@/app/(desk)/desk/dictionary/actions"
);

const SECRET = "factcheck-actions-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;
let article: Awaited<ReturnType<typeof createTestArticle>>;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
  article = await createTestArticle({
    headline: `Library reopens ${uniqueName()}`,
    paragraphs: ["The the library reopened on Tuesday after repairs.", "Opening hours are longer."],
  });
});
beforeEach(() => {
  jar.clear();
  revalidated.length = 0;
});
afterAll(() => disconnectDatabase());

async function signInAs(user: { id: string }) {
  jar.set(SESSION_COOKIE, await sessionCookieFor(user.id, SECRET));
}

const draft = () => ({ headline: article.headline, standfirst: article.standfirst, body: article.body, photos: [] });

describe("fact-check actions", () => {
  it("refuse a signed-out caller before reading anything", async () => {
    expect(await checkArticleAction({ articleId: article.id, ...draft() })).toMatchObject({ ok: false, status: 401 });
    expect(await ignoreFindingAction({ articleId: article.id, fingerprint: "0123abcd0123abcd" })).toMatchObject({ ok: false, status: 401 });
    expect(await addToDictionaryAction({ canonical: "Kyiv", variant: "Kiev" })).toMatchObject({ ok: false, status: 401 });
    expect(await db.factcheckIgnore.count({ where: { articleId: article.id } })).toBe(0);
  });

  it("let a reporter check the unsaved text, ignore a finding and take it back", async () => {
    await signInAs(reporter);
    const checked = await checkArticleAction({ articleId: article.id, ...draft() });
    if (!checked.ok) throw new Error(checked.error);
    const doubled = checked.data.findings.find((finding) => finding.rule === "doubled-word");
    expect(doubled).toMatchObject({ text: "The the", suggestion: "The", where: "Body ¶1" });

    expect(await ignoreFindingAction({ articleId: article.id, fingerprint: doubled!.fingerprint })).toEqual({ ok: true, data: null });
    const again = await checkArticleAction({ articleId: article.id, ...draft() });
    expect(again.ok && again.data.findings.some((finding) => finding.rule === "doubled-word")).toBe(false);
    expect(await unignoreFindingAction({ articleId: article.id, fingerprint: doubled!.fingerprint })).toEqual({ ok: true, data: null });
    expect(await db.factcheckIgnore.count({ where: { articleId: article.id } })).toBe(0);
  });

  it("answer malformed input with 422 and field errors", async () => {
    await signInAs(reporter);
    const noDraft = await checkArticleAction({ articleId: article.id });
    expect(noDraft).toMatchObject({ ok: false, status: 422 });
    const badBody = await checkArticleAction({ articleId: article.id, ...draft(), body: { type: "doc", content: [{ type: "script" }] } });
    expect(badBody).toMatchObject({ ok: false, status: 422 });
    expect(Object.keys((badBody as { fieldErrors: Record<string, string[]> }).fieldErrors).some((key) => key.startsWith("body"))).toBe(true);
    expect(await addToDictionaryAction({ canonical: "Kyiv", variant: "Kyiv" })).toMatchObject({ ok: false, status: 422 });
  });
});

describe("dictionary actions", () => {
  it("let a reporter add a misspelling from a finding, but not edit or delete entries", async () => {
    await signInAs(reporter);
    const canonical = uniqueName();
    const added = await addToDictionaryAction({ canonical, variant: `${canonical}x` });
    expect(added).toMatchObject({ ok: true, data: { created: true, entry: { canonical, variants: [`${canonical}x`] } } });
    const id = added.ok ? added.data.entry.id : "";

    expect(await createDictionaryEntryAction({ canonical: uniqueName(), variants: [] })).toMatchObject({ ok: false, status: 403 });
    expect(await updateDictionaryEntryAction({ id, canonical, variants: [] })).toMatchObject({ ok: false, status: 403 });
    expect(await deleteDictionaryEntryAction({ id })).toMatchObject({ ok: false, status: 403 });
    expect(await db.dictionaryEntry.findUnique({ where: { id } })).toMatchObject({ variants: [`${canonical}x`] });
    expect(revalidated).toEqual([]);
  });

  it("let an editor add, change and delete entries, refreshing the dictionary page", async () => {
    await signInAs(editor);
    const canonical = uniqueName();
    const created = await createDictionaryEntryAction({ canonical, variants: [`${canonical}x`], category: "band" });
    if (!created.ok) throw new Error(created.error);
    const updated = await updateDictionaryEntryAction({ id: created.data.id, canonical, variants: [`${canonical}y`], category: "band", note: "" });
    expect(updated).toMatchObject({ ok: true, data: { variants: [`${canonical}y`] } });
    expect(await deleteDictionaryEntryAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    expect(await db.dictionaryEntry.findUnique({ where: { id: created.data.id } })).toBeNull();
    expect(revalidated).toEqual(["/desk/dictionary", "/desk/dictionary", "/desk/dictionary"]);
  });
});
