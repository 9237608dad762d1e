import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SESSION_COOKIE, sessionCookieFor } from "@/lib/auth/test-support/session-cookie";
import { db, disconnectDatabase } from "@/lib/db";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { getArticleForEditing } from "./editing";
import { createTestArticle, createTestUser, uniqueName } from "./test-support/fixtures";

// The real server actions and the save route handler, called the way Next calls them. The
// "request" is a cookie jar holding a next-auth session cookie; requireUser reads it as in production.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({
  revalidatePath: (path: string) => revalidated.push(path),
  revalidateTag: () => {},
}));
const invalidated = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async (change: unknown) => void invalidated.push(change) }));

const { POST: saveRoute } = await import("@/app/api/articles/[id]/save/route");
const { createCreditAction, findCreditByNameAction, searchCreditsAction, updateCreditAction } = await import("@/app/(desk)/desk/credits/actions");
const { restoreRevisionAction } = await import("@/app/(desk)/desk/articles/[id]/history/actions");

const SECRET = "articles-actions-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  reporter = await createTestUser("reporter");
  editor = await createTestUser("editor");
});
beforeEach(() => {
  jar.clear();
  revalidated.length = 0;
  invalidated.length = 0;
});
afterAll(() => disconnectDatabase());

async function signInAs(user: { id: string }) {
  jar.set(SESSION_COOKIE, await sessionCookieFor(user.id, SECRET));
}

async function editPayload(articleId: string, headline: string) {
  const article = await getArticleForEditing(articleId);
  return {
    articleId,
    expectedVersion: article.version,
    headline,
    standfirst: article.standfirst,
    body: article.body,
    photos: article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.credit?.id ?? null })),
  };
}

function postSave(articleId: string, body: unknown, contentType = "application/json") {
  const request = new Request(`http://desk.test/api/articles/${articleId}/save`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return saveRoute(request, { params: Promise.resolve({ id: articleId }) });
}

describe("POST /api/articles/[id]/save", () => {
  it("refuses a signed-out caller with 401 and writes nothing", async () => {
    const article = await createTestArticle();
    const response = await postSave(article.id, await editPayload(article.id, "Anonymous edit"));
    expect(response.status).toBe(401);
    expect((await getArticleForEditing(article.id)).headline).toBe(article.headline);
  });

  it("checks the session before it reads the body: a stranger's upload is never parsed", async () => {
    const article = await createTestArticle();
    let bytesRead = 0;
    // highWaterMark 0: nothing is pulled until someone reads the body.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const chunk = new TextEncoder().encode(`{"padding":"${"x".repeat(64 * 1024)}`);
          bytesRead += chunk.length;
          controller.enqueue(chunk);
          if (bytesRead > 1024 * 1024) controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(`http://desk.test/api/articles/${article.id}/save`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await saveRoute(request, { params: Promise.resolve({ id: article.id }) });
    expect(response.status).toBe(401);
    expect(bytesRead).toBe(0);
  });

  it("refuses a disabled user (no role is too small to edit drafts, but a disabled account has none)", async () => {
    const gone = await createTestUser("editor");
    await signInAs(gone);
    await db.user.update({ where: { id: gone.id }, data: { disabled: true } });
    const article = await createTestArticle();
    const response = await postSave(article.id, await editPayload(article.id, "From a disabled account"));
    expect(response.status).toBe(401);
    expect((await getArticleForEditing(article.id)).headline).toBe(article.headline);
  });

  it("refuses malformed input with 422 and field errors", async () => {
    await signInAs(reporter);
    const article = await createTestArticle({ photos: [{ caption: "A caption" }] });
    const payload = await editPayload(article.id, "");
    payload.photos[0].caption = { type: "doc", content: [{ type: "heading", attrs: { level: 2 } }] } as never;
    const response = await postSave(article.id, payload);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
    expect(body.fieldErrors.headline).toEqual(["Enter a headline."]);
    expect(Object.keys(body.fieldErrors).some((key) => key.startsWith("photos.0.caption"))).toBe(true);

    expect((await postSave(article.id, "{not json")).status).toBe(422);
    expect((await postSave(article.id, await editPayload(article.id, "Form post"), "text/plain")).status).toBe(422);
    const other = await createTestArticle();
    expect((await postSave(other.id, await editPayload(article.id, "Wrong address"))).status).toBe(422);
    expect((await getArticleForEditing(article.id)).version).toBe(1);
  });

  it("saves for a reporter, then answers 409 with who and when to a stale save", async () => {
    await signInAs(reporter);
    const article = await createTestArticle();
    const stale = await editPayload(article.id, "Stale edit");
    const saved = await postSave(article.id, await editPayload(article.id, "Reporter's edit"));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ changed: true, version: 2 });
    expect(revalidated).toContain(`/desk/articles/${article.id}/history`);

    await signInAs(editor);
    const refused = await postSave(article.id, stale);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: string; conflict: { currentVersion: number; changedBy: { name: string }; current: { headline: string } } };
    expect(body.conflict).toMatchObject({ currentVersion: 2, changedBy: { name: reporter.name }, current: { headline: "Reporter's edit" } });
    expect(body.error).toContain(reporter.name);
  });
});

describe("createCreditAction", () => {
  it("refuses a signed-out caller and malformed input; creates for a reporter", async () => {
    const photographer = `Eve ${uniqueName()}`;
    expect(await createCreditAction({ agency: "AP", photographer })).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await createCreditAction({ agency: "AP" })).toMatchObject({ ok: false, status: 422 });
    expect(await createCreditAction({ agency: "AP", photographer, extra: 1 })).toMatchObject({ ok: false, status: 422 });
    expect(await db.credit.count({ where: { photographer } })).toBe(0);
    expect(await createCreditAction({ agency: "AP", photographer })).toMatchObject({ ok: true, data: { label: `AP/${photographer}` } });
  });
});

describe("updateCreditAction", () => {
  it("refuses signed-out callers and reporters; editors rename", async () => {
    const article = await createTestArticle({ status: "published", photos: [{ caption: "X", credit: { agency: "AP", photographer: `Finn ${uniqueName()}` } }] });
    const creditId = article.photos[0].creditId!;
    const rename = { id: creditId, agency: "AP", photographer: `Fixed ${uniqueName()}` };

    expect(await updateCreditAction(rename)).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await updateCreditAction(rename)).toMatchObject({ ok: false, status: 403 });
    await signInAs(editor);
    expect(await updateCreditAction({ ...rename, photographer: "" })).toMatchObject({ ok: false, status: 422 });
    expect((await db.credit.findUniqueOrThrow({ where: { id: creditId } })).photographer).not.toBe(rename.photographer);

    invalidated.length = 0; // publishing the fixture invalidated too
    expect(await updateCreditAction(rename)).toMatchObject({ ok: true, data: { changed: true } });
    expect((await db.credit.findUniqueOrThrow({ where: { id: creditId } })).photographer).toBe(rename.photographer);
    expect(invalidated).toEqual([{ slugs: [article.slug] }]);
  });
});

describe("searchCreditsAction (the editor's credit picker)", () => {
  it("gives at most 20 credits matching the text, by agency and photographer, ignoring case and accents; refuses malformed input and signed-out callers", async () => {
    const agency = `Pool${uniqueName().replace(/[^a-z0-9]/gi, "")}`;
    await signInAs(reporter);
    for (let number = 1; number <= 25; number += 1) {
      expect(await createCreditAction({ agency, photographer: `Ann ${String(number).padStart(2, "0")}` })).toMatchObject({ ok: true });
    }
    expect(await createCreditAction({ agency, photographer: "Zoë Brönte" })).toMatchObject({ ok: true });

    const all = await searchCreditsAction({ q: agency.toLowerCase() });
    if (!all.ok) throw new Error(all.error);
    expect(all.data.credits.map((credit) => credit.label)).toEqual(Array.from({ length: 20 }, (_, index) => `${agency}/Ann ${String(index + 1).padStart(2, "0")}`));
    expect(all.data.more).toBe(true);

    // The label as the desk writes it, and a name without its accents.
    expect(await searchCreditsAction({ q: `${agency}/ann 2` })).toEqual({
      ok: true,
      data: { credits: ["20", "21", "22", "23", "24", "25"].map((number) => expect.objectContaining({ agency, label: `${agency}/Ann ${number}` })), more: false },
    });
    expect(await searchCreditsAction({ q: `${agency} zoe bronte` })).toMatchObject({ ok: true, data: { credits: [{ photographer: "Zoë Brönte" }], more: false } });
    // Wildcards are text: "%" finds only credits with a "%" in them.
    const percent = await searchCreditsAction({ q: `${agency}%` });
    expect(percent).toMatchObject({ ok: true, data: { credits: [], more: false } });
    // No text: the first 20 credits, never all of them.
    const first = await searchCreditsAction({ q: "  " });
    expect(first.ok && first.data.credits.length).toBe(20);
    expect(first.ok && first.data.more).toBe(true);

    for (const input of [{}, { q: 5 }, { q: "x".repeat(121) }, { q: agency, limit: 1000 }, "AP", null]) {
      expect(await searchCreditsAction(input), JSON.stringify(input)).toMatchObject({ ok: false, status: 422 });
    }
    jar.clear();
    expect(await searchCreditsAction({ q: agency })).toMatchObject({ ok: false, status: 401 });
  });
});

describe("findCreditByNameAction (the credits page's merge warning)", () => {
  it("finds the credit with exactly that agency and photographer for an editor; refuses reporters and malformed input", async () => {
    const photographer = `Ida ${uniqueName()}`;
    await signInAs(editor);
    const made = await createCreditAction({ agency: "AFP", photographer });
    if (!made.ok) throw new Error(made.error);

    expect(await findCreditByNameAction({ agency: " AFP ", photographer: photographer.replace(" ", "   ") })).toEqual({ ok: true, data: { id: made.data.id, agency: "AFP", photographer, label: `AFP/${photographer}` } });
    expect(await findCreditByNameAction({ agency: "AFP", photographer: `${photographer} Jr` })).toEqual({ ok: true, data: null });
    expect(await findCreditByNameAction({ agency: "AFP", photographer: photographer.toUpperCase() })).toEqual({ ok: true, data: null });
    expect(await findCreditByNameAction({ agency: "AFP" })).toMatchObject({ ok: false, status: 422 });
    expect(await findCreditByNameAction({ agency: "A/B", photographer })).toMatchObject({ ok: false, status: 422 });

    await signInAs(reporter);
    expect(await findCreditByNameAction({ agency: "AFP", photographer })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("restoreRevisionAction", () => {
  it("refuses a signed-out caller and malformed input; restores for a reporter", async () => {
    const article = await createTestArticle({ paragraphs: ["Old text."], photos: [{ caption: "Old caption" }] });
    await signInAs(editor);
    const edit = await editPayload(article.id, "New headline");
    edit.body = docFromBlocks([{ kind: "paragraph", text: "New text." }]);
    edit.photos[0].caption = captionFromText("New caption");
    expect((await postSave(article.id, edit)).status).toBe(200);

    jar.clear();
    expect(await restoreRevisionAction({ articleId: article.id, version: 1, expectedVersion: 2 })).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await restoreRevisionAction({ articleId: article.id, version: "1", expectedVersion: 2 })).toMatchObject({ ok: false, status: 422 });
    expect(await restoreRevisionAction({ articleId: article.id, version: 1, expectedVersion: 1 })).toMatchObject({ ok: false, status: 409 });
    expect((await getArticleForEditing(article.id)).version).toBe(2);

    expect(await restoreRevisionAction({ articleId: article.id, version: 1, expectedVersion: 2 })).toMatchObject({
      ok: true,
      data: { changed: true, version: 3 },
    });
    expect((await getArticleForEditing(article.id)).headline).toBe(article.headline);
  });
});
