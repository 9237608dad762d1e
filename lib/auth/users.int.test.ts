import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDatabase } from "@/lib/db";
import { createScratchDatabase } from "@/lib/db/test-support/scratch-database";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import type { Actor } from "./access";
import { authenticate, INCORRECT_CREDENTIALS } from "./login";
import { fakeClock, makeUser, TEST_PASSWORD, uniqueEmail } from "./test-support/fixtures";
import { parsed } from "@/lib/actions/test-support";
import {
  addUser as addParsed,
  addUserSchema,
  changeRoleSchema,
  changeUserRole as changeRoleParsed,
  listUsers,
  resetPasswordSchema,
  resetUserPassword as resetParsed,
  setDisabledSchema,
  setUserDisabled as setDisabledParsed,
} from "./users";

// The mutations behind their actions' parse; the admin role is the actions' (lib/actions/action.int.test.ts).
const addUser = parsed(addUserSchema, addParsed);
const changeUserRole = parsed(changeRoleSchema, changeRoleParsed);
const setUserDisabled = parsed(setDisabledSchema, setDisabledParsed);
const resetUserPassword = parsed(resetPasswordSchema, resetParsed);


// The last-admin rules count every admin in the database, so this file gets a database of its own.
let dropScratch: () => Promise<void>;
let sharedUrl: string | undefined;
beforeAll(async () => {
  const scratch = await createScratchDatabase(process.env.COPYDESK_TEST_ADMIN_URL!, "copydesk_users");
  dropScratch = scratch.drop;
  await disconnectDatabase();
  sharedUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = scratch.url;
});
afterAll(async () => {
  await disconnectDatabase();
  process.env.DATABASE_URL = sharedUrl;
  await dropScratch();
});

let ip = 0;
const signIn = (email: string, password: string) => authenticate({ email, password }, { ip: `203.0.113.${++ip}` }, fakeClock());

async function thrown(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error,
  );
}

describe("listUsers", () => {
  it("refuses callers without the admin role", async () => {
    expect(await thrown(listUsers(null as unknown as Actor))).toBeInstanceOf(UnauthenticatedError);
    for (const role of ["reporter", "editor"] as const) expect(await thrown(listUsers(await makeUser(role)))).toBeInstanceOf(ForbiddenError);
  });
});

describe("addUser", () => {
  it("creates the user with the given password and records who did it", async () => {
    const admin = await makeUser("admin");
    const email = uniqueEmail("Added");
    const result = await addUser({ email: `  ${email.toUpperCase()} `, name: " Ada Reporter ", role: "reporter", password: "a chosen password" }, admin);
    expect(result.password).toBeNull();
    expect(result.user).toMatchObject({ email: email.toLowerCase(), name: "Ada Reporter", role: "reporter" });
    await expect(signIn(email, "a chosen password")).resolves.toMatchObject({ id: result.user.id });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.create", targetId: result.user.id } });
    expect(event.actorId).toBe(admin.id);
    expect(JSON.stringify(event.details)).not.toContain("a chosen password");
  });

  it("generates a password when none is given and returns it once", async () => {
    const admin = await makeUser("admin");
    const { user, password } = await addUser({ email: uniqueEmail("gen"), name: "Gen", role: "editor", password: "" }, admin);
    expect(password).toMatch(/^[\w-]{20}$/);
    await expect(signIn(user.email, password!)).resolves.toMatchObject({ id: user.id, role: "editor" });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(password);
  });

  it("refuses malformed input with errors per field and writes nothing", async () => {
    const admin = await makeUser("admin");
    const usersBefore = await db.user.count();
    const error = await thrown(addUser({ email: "not-an-email", name: "", role: "chief", password: "short" }, admin));
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["email", "name", "password", "role"]);
    expect((error as ValidationError).fieldErrors.password).toEqual(["Use at least 12 characters."]);
    expect(await thrown(addUser(null, admin))).toBeInstanceOf(ValidationError);
    expect(await thrown(addUser({ email: ["x@y.z"], name: 1, role: null }, admin))).toBeInstanceOf(ValidationError);
    expect(await db.user.count()).toBe(usersBefore);
  });

  it("refuses an email that is already taken, on the email field", async () => {
    const admin = await makeUser("admin");
    const existing = await makeUser("reporter");
    const error = (await thrown(addUser({ email: existing.email, name: "Dup", role: "editor", password: "" }, admin))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual({ email: ["A user with this email already exists."] });
  });
});

describe("changeUserRole", () => {
  it("changes another user's role and records from/to", async () => {
    const admin = await makeUser("admin");
    const reporter = await makeUser("reporter");
    await expect(changeUserRole({ userId: reporter.id, role: "editor" }, admin)).resolves.toMatchObject({ role: "editor" });
    expect((await db.user.findUniqueOrThrow({ where: { id: reporter.id } })).role).toBe("editor");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.update", targetId: reporter.id } });
    expect(event).toMatchObject({ actorId: admin.id, details: { change: "role", from: "reporter", to: "editor" } });
  });

  it("refuses an admin changing their own role", async () => {
    const admin = await makeUser("admin");
    expect(await thrown(changeUserRole({ userId: admin.id, role: "editor" }, admin))).toBeInstanceOf(ForbiddenError);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });

  it("never leaves the desk without an active admin, even when two admins demote each other at once", async () => {
    // Start from exactly two active admins.
    await db.user.updateMany({ where: { role: "admin" }, data: { disabled: true } });
    const one = await makeUser("admin");
    const two = await makeUser("admin");
    const results = await Promise.allSettled([
      changeUserRole({ userId: two.id, role: "editor" }, one),
      changeUserRole({ userId: one.id, role: "editor" }, two),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ValidationError);
    expect(refused.reason.fieldErrors.role[0]).toMatch(/last active admin/);
    expect(await db.user.count({ where: { role: "admin", disabled: false } })).toBe(1);
  });

  it("refuses malformed input and unknown users", async () => {
    const admin = await makeUser("admin");
    const target = await makeUser("reporter");
    expect(await thrown(changeUserRole({ userId: target.id, role: "owner" }, admin))).toBeInstanceOf(ValidationError);
    expect(await thrown(changeUserRole({ userId: "", role: "editor" }, admin))).toBeInstanceOf(ValidationError);
    expect(await thrown(changeUserRole({}, admin))).toBeInstanceOf(ValidationError);
    expect(await thrown(changeUserRole({ userId: "missing", role: "editor" }, admin))).toBeInstanceOf(NotFoundError);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("reporter");
  });
});

describe("setUserDisabled", () => {
  it("disables and re-enables an account; a disabled account cannot log in", async () => {
    const admin = await makeUser("admin");
    const editor = await makeUser("editor");
    await setUserDisabled({ userId: editor.id, disabled: true }, admin);
    expect(await thrown(signIn(editor.email, TEST_PASSWORD))).toMatchObject({ message: INCORRECT_CREDENTIALS });
    await setUserDisabled({ userId: editor.id, disabled: false }, admin);
    await expect(signIn(editor.email, TEST_PASSWORD)).resolves.toMatchObject({ id: editor.id });
    const changes = await db.auditEvent.findMany({ where: { action: "user.update", targetId: editor.id }, orderBy: { at: "asc" } });
    expect(changes.map((c) => (c.details as { change: string }).change)).toEqual(["disable", "enable"]);
  });

  it("refuses an admin disabling themself", async () => {
    const admin = await makeUser("admin");
    const error = await thrown(setUserDisabled({ userId: admin.id, disabled: true }, admin));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe("You cannot disable your own account.");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabled).toBe(false);
  });

  it("refuses disabling the last active admin", async () => {
    await db.user.updateMany({ where: { role: "admin" }, data: { disabled: true } });
    const remaining = await makeUser("admin");
    // A stale actor (already demoted elsewhere) must still not take out the last admin.
    const stale: Actor = { ...(await makeUser("editor")), role: "admin" };
    const error = await thrown(setUserDisabled({ userId: remaining.id, disabled: true }, stale));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/last active admin/);
    expect((await db.user.findUniqueOrThrow({ where: { id: remaining.id } })).disabled).toBe(false);
  });

  it("refuses malformed input", async () => {
    const admin = await makeUser("admin");
    const target = await makeUser("reporter");
    expect(await thrown(setUserDisabled({ userId: target.id, disabled: "yes" }, admin))).toBeInstanceOf(ValidationError);
    expect(await thrown(setUserDisabled({ userId: target.id }, admin))).toBeInstanceOf(ValidationError);
  });
});

describe("resetUserPassword", () => {
  it("replaces the password with a generated one, returned once and never logged", async () => {
    const admin = await makeUser("admin");
    const reporter = await makeUser("reporter");
    const { password } = await resetUserPassword({ userId: reporter.id }, admin);
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(await thrown(signIn(reporter.email, TEST_PASSWORD))).toMatchObject({ message: INCORRECT_CREDENTIALS });
    await expect(signIn(reporter.email, password)).resolves.toMatchObject({ id: reporter.id });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.reset_password", targetId: reporter.id } });
    expect(event.actorId).toBe(admin.id);
    expect(JSON.stringify(event.details)).not.toContain(password);
  });

  it("refuses malformed input and unknown users", async () => {
    const admin = await makeUser("admin");
    expect(await thrown(resetUserPassword({ userId: 42 }, admin))).toBeInstanceOf(ValidationError);
    expect(await thrown(resetUserPassword({ userId: "missing" }, admin))).toBeInstanceOf(NotFoundError);
  });
});

describe("listUsers", () => {
  it("lists users with their status for an admin, without password hashes", async () => {
    const admin = await makeUser("admin");
    const users = await listUsers(admin);
    expect(users.find((u) => u.id === admin.id)).toMatchObject({ email: admin.email, role: "admin", disabled: false });
    expect(JSON.stringify(users)).not.toContain("argon2");
  });
});
