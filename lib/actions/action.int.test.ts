import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestArticle, createTestUser } from "@/lib/articles/test-support/fixtures";
import type { Actor } from "@/lib/auth/access";
import { SESSION_COOKIE, sessionCookieFor } from "@/lib/auth/test-support/session-cookie";
import { db, disconnectDatabase } from "@/lib/db";
import { NotFoundError, setUnexpectedErrorLogger } from "@/lib/errors";

// The action builder against real sessions: the "request" is a cookie jar holding a next-auth
// session cookie, which requireUser reads (and checks against the database) as in production.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/site/invalidate", () => ({ invalidateReaderContent: async () => {} }));

const { action, formAction, formText, jsonRoute } = await import("./index");
const { publishArticleAction, unpublishArticleAction } = await import("@/app/(desk)/desk/articles/[id]/publish-actions");

const SECRET = "action-builder-test-secret-0123456789";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;
let reporter: TestUser;
let editor: TestUser;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = SECRET;
  [reporter, editor] = await Promise.all([createTestUser("reporter"), createTestUser("editor")]);
});
beforeEach(() => jar.clear());
afterAll(() => disconnectDatabase());

async function signInAs(user: { id: string }) {
  jar.set(SESSION_COOKIE, await sessionCookieFor(user.id, SECRET));
}

const renameSchema = z.strictObject({ name: z.string().trim().min(1, "Enter a name.").max(20) });

/** An editors-only action recording what its body was given; the body runs only when allowed. */
function renameAction() {
  const calls: Array<{ input: z.output<typeof renameSchema>; actor: Actor }> = [];
  const run = action({ role: "editor", input: renameSchema }, async (input, actor) => {
    calls.push({ input, actor });
    return { renamedTo: input.name };
  });
  return { run, calls };
}

describe("action()", () => {
  it("refuses a signed-out caller with 401 before looking at the input", async () => {
    const { run, calls } = renameAction();
    expect(await run({ name: "Ada" })).toEqual({ ok: false, status: 401, error: "Sign in to continue." });
    expect(await run({ name: 42 })).toMatchObject({ ok: false, status: 401 });
    expect(calls).toEqual([]);
  });

  it("refuses a role below the declared one with 403, even for malformed input", async () => {
    const { run, calls } = renameAction();
    await signInAs(reporter);
    expect(await run({ name: "Ada" })).toEqual({ ok: false, status: 403, error: "You do not have permission to do that." });
    // No validation hints for someone who may not call it at all.
    expect(await run({ name: 42, extra: true })).toMatchObject({ ok: false, status: 403 });
    expect(calls).toEqual([]);
  });

  it("refuses malformed input with 422 and field errors, and never runs the body", async () => {
    const { run, calls } = renameAction();
    await signInAs(editor);
    expect(await run({ name: "   " })).toEqual({
      ok: false,
      status: 422,
      error: "Check the highlighted fields.",
      fieldErrors: { name: ["Enter a name."] },
    });
    expect(await run(null)).toMatchObject({ ok: false, status: 422 });
    expect(await run({ name: "Ada", role: "admin" })).toMatchObject({ ok: false, status: 422 });
    expect(calls).toEqual([]);
  });

  it("gives the body the parsed input and the actor read from the database", async () => {
    const { run, calls } = renameAction();
    await signInAs(editor);
    expect(await run({ name: "  Ada  " })).toEqual({ ok: true, data: { renamedTo: "Ada" } });
    expect(calls).toEqual([{ input: { name: "Ada" }, actor: { id: editor.id, email: editor.email, name: editor.name, role: "editor" } }]);
  });

  it("maps what the body throws: known errors keep their status, anything else is a logged 500", async () => {
    await signInAs(editor);
    const missing = action({ role: "reporter", input: renameSchema }, async () => {
      throw new NotFoundError("No such thing.");
    });
    expect(await missing({ name: "Ada" })).toEqual({ ok: false, status: 404, error: "No such thing." });

    const logged: unknown[] = [];
    const restore = setUnexpectedErrorLogger((_message, error) => logged.push(error));
    try {
      const broken = action({ role: "reporter", input: renameSchema }, async () => {
        throw new Error("connection reset: secret details");
      });
      const result = await broken({ name: "Ada" });
      expect(result).toMatchObject({ ok: false, status: 500 });
      expect(JSON.stringify(result)).not.toContain("secret details");
      expect(logged).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it("re-reads the account on every call: a disabled account is signed out, a demoted one refused", async () => {
    const { run, calls } = renameAction();
    const soonGone = await createTestUser("editor");
    await signInAs(soonGone);
    expect(await run({ name: "Ada" })).toMatchObject({ ok: true });
    await db.user.update({ where: { id: soonGone.id }, data: { role: "reporter" } });
    expect(await run({ name: "Ada" })).toMatchObject({ ok: false, status: 403 });
    await db.user.update({ where: { id: soonGone.id }, data: { role: "editor", disabled: true } });
    expect(await run({ name: "Ada" })).toMatchObject({ ok: false, status: 401 });
    expect(calls).toHaveLength(1);
  });
});

describe("formAction()", () => {
  const run = formAction(
    { role: "editor", input: renameSchema, fields: (form) => ({ name: formText(form, "name") }) },
    async (input) => ({ renamedTo: input.name }),
  );
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };

  it("reads only the declared fields, after the session check", async () => {
    expect(await run(null, form({ name: "Ada" }))).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await run(null, form({ name: "Ada" }))).toMatchObject({ ok: false, status: 403 });
    await signInAs(editor);
    // An unknown field in the form is not passed on (the strict schema would refuse it).
    expect(await run(null, form({ name: " Ada ", role: "admin" }))).toEqual({ ok: true, data: { renamedTo: "Ada" } });
    expect(await run(null, form({}))).toMatchObject({ ok: false, status: 422, fieldErrors: { name: expect.any(Array) } });
  });
});

describe("jsonRoute()", () => {
  const route = jsonRoute({ role: "reporter", input: renameSchema }, async (input, actor, { params }: { params: { id: string } }) => ({
    id: params.id,
    name: input.name,
    by: actor.id,
  }));
  const post = (body: string, contentType = "application/json") =>
    route(new Request("http://desk.test/api/things/7", { method: "POST", headers: { "content-type": contentType }, body }), {
      params: Promise.resolve({ id: "7" }),
    });

  it("checks the session before reading the body", async () => {
    const response = await post("{ not json");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Session");
  });

  it("refuses a body that is not JSON, or not valid, with 422", async () => {
    await signInAs(reporter);
    expect((await post("name=Ada", "application/x-www-form-urlencoded")).status).toBe(422);
    const invalid = await post("{ not json");
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ error: "The request body is not valid JSON." });
    const empty = await post(JSON.stringify({ name: "" }));
    expect(empty.status).toBe(422);
    expect(await empty.json()).toMatchObject({ fieldErrors: { name: ["Enter a name."] } });
  });

  it("answers the body's result as uncached JSON", async () => {
    await signInAs(reporter);
    const response = await post(JSON.stringify({ name: " Ada " }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ id: "7", name: "Ada", by: reporter.id });
  });
});

describe("publishing actions declare the editor role once", () => {
  const readerArticle = (id: string) => db.article.findUniqueOrThrow({ where: { id }, select: { status: true } });

  it("refuses signed-out callers, reporters, demoted and disabled editors; publishes for an editor", async () => {
    const article = await createTestArticle();
    const request = { articleId: article.id, expectedVersion: 1 };
    expect(await publishArticleAction(request)).toMatchObject({ ok: false, status: 401 });
    await signInAs(reporter);
    expect(await publishArticleAction(request)).toMatchObject({ ok: false, status: 403 });
    expect(await publishArticleAction({ articleId: 42 })).toMatchObject({ ok: false, status: 403 });
    const demoted = await createTestUser("editor");
    await signInAs(demoted);
    await db.user.update({ where: { id: demoted.id }, data: { role: "reporter" } });
    expect(await publishArticleAction(request)).toMatchObject({ ok: false, status: 403 });
    const disabled = await createTestUser("editor");
    await signInAs(disabled);
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    expect(await publishArticleAction(request)).toMatchObject({ ok: false, status: 401 });
    expect((await readerArticle(article.id)).status).toBe("draft");

    await signInAs(editor);
    expect(await publishArticleAction({ articleId: 42 })).toMatchObject({ ok: false, status: 422, fieldErrors: { articleId: expect.any(Array) } });
    expect(await publishArticleAction(request)).toMatchObject({ ok: true, data: { articleId: article.id, kind: "first" } });
    await signInAs(reporter);
    expect(await unpublishArticleAction({ articleId: article.id })).toMatchObject({ ok: false, status: 403 });
    expect((await readerArticle(article.id)).status).toBe("published");
  });
});

describe("user-management actions declare the admin role once", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };

  it("refuse signed-out callers, reporters and editors, and change nothing", async () => {
    const { addUserAction, changeUserRoleAction, setUserDisabledAction, resetUserPasswordAction } = await import(
      "@/app/(desk)/desk/users/actions"
    );
    const target = await createTestUser("reporter");
    const before = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    const calls = [
      () => addUserAction(null, form({ email: `new-${target.id}@actions.test`, name: "New Person", role: "reporter", password: "" })),
      () => changeUserRoleAction(null, form({ userId: target.id, role: "editor" })),
      () => setUserDisabledAction(null, form({ userId: target.id, disabled: "true" })),
      () => resetUserPasswordAction(null, form({ userId: target.id })),
    ];
    for (const call of calls) expect(await call()).toMatchObject({ ok: false, status: 401 });
    for (const user of [reporter, editor]) {
      await signInAs(user);
      for (const call of calls) expect(await call()).toMatchObject({ ok: false, status: 403 });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toEqual(before);
    expect(await db.user.count({ where: { email: `new-${target.id}@actions.test` } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: { in: ["user.update", "user.reset_password"] }, targetId: target.id } })).toBe(0);
  });
});
