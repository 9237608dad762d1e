import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { disconnectDatabase } from "@/lib/db";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { authenticate } from "./login";
import { fakeClock, makeUser, TEST_PASSWORD } from "./test-support/fixtures";
import { parsed } from "@/lib/actions/test-support";
import {
  changeRoleSchema,
  changeUserRole as changeRoleParsed,
  resetPasswordSchema,
  resetUserPassword as resetParsed,
  setDisabledSchema,
  setUserDisabled as setDisabledParsed,
} from "./users";

const changeUserRole = parsed(changeRoleSchema, changeRoleParsed);
const setUserDisabled = parsed(setDisabledSchema, setDisabledParsed);
const resetUserPassword = parsed(resetPasswordSchema, resetParsed);

// requireUser reads the session cookie through next/headers; here the "request" is a cookie jar.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers(),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${url};307;` });
  },
}));

const { authOptions, requireUser, requirePageUser, getSessionUser } = await import("./session");

const SECRET = "session-test-secret-0123456789abcdef";
let ip = 0;

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
  delete process.env.NEXTAUTH_URL;
});
beforeEach(() => jar.clear());
afterAll(() => disconnectDatabase());

/** Signs in the way next-auth does (authorize → jwt callback → encrypted cookie) and keeps the cookie. */
async function signIn(email: string, password = TEST_PASSWORD, secret = SECRET) {
  const user = await authenticate({ email, password }, { ip: `198.51.100.${++ip}` }, fakeClock());
  const jwt = authOptions.callbacks!.jwt!;
  const token = await jwt({ token: { email: user.email, name: user.name }, user, trigger: "signIn" } as unknown as Parameters<typeof jwt>[0]);
  jar.set("next-auth.session-token", await encode({ token, secret }));
}

describe("requireUser", () => {
  it("refuses a signed-out caller", async () => {
    await expect(requireUser()).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await getSessionUser()).toBeNull();
  });

  it("refuses a forged or foreign cookie", async () => {
    const user = await makeUser("admin");
    jar.set("next-auth.session-token", "not-a-jwt");
    await expect(requireUser()).rejects.toBeInstanceOf(UnauthenticatedError);
    await signIn(user.email, TEST_PASSWORD, "some-other-secret-0123456789abcdef");
    await expect(requireUser()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("returns the user from the database and enforces the minimum role", async () => {
    const reporter = await makeUser("reporter");
    await signIn(reporter.email);
    await expect(requireUser()).resolves.toEqual(reporter);
    await expect(requireUser("reporter")).resolves.toEqual(reporter);
    await expect(requireUser("editor")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requireUser("admin")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("sees a role change on the very next call, with the same cookie", async () => {
    const admin = await makeUser("admin");
    const editor = await makeUser("editor");
    await signIn(editor.email);
    await expect(requireUser("editor")).resolves.toMatchObject({ role: "editor" });

    await changeUserRole({ userId: editor.id, role: "reporter" }, admin);
    await expect(requireUser("editor")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requireUser()).resolves.toMatchObject({ id: editor.id, role: "reporter" });

    await changeUserRole({ userId: editor.id, role: "admin" }, admin);
    await expect(requireUser("admin")).resolves.toMatchObject({ role: "admin" });
  });

  it("refuses a disabled user's existing session at once, and accepts it again when re-enabled", async () => {
    const admin = await makeUser("admin");
    const editor = await makeUser("editor");
    await signIn(editor.email);
    await expect(requireUser()).resolves.toMatchObject({ id: editor.id });
    await setUserDisabled({ userId: editor.id, disabled: true }, admin);
    await expect(requireUser()).rejects.toBeInstanceOf(UnauthenticatedError);
    await setUserDisabled({ userId: editor.id, disabled: false }, admin);
    await expect(requireUser()).resolves.toMatchObject({ id: editor.id });
  });

  it("ends sessions made with a password that has since been reset", async () => {
    const admin = await makeUser("admin");
    const reporter = await makeUser("reporter");
    await signIn(reporter.email);
    await expect(requireUser()).resolves.toMatchObject({ id: reporter.id });
    const { password } = await resetUserPassword({ userId: reporter.id }, admin);
    await expect(requireUser()).rejects.toBeInstanceOf(UnauthenticatedError);
    await signIn(reporter.email, password);
    await expect(requireUser()).resolves.toMatchObject({ id: reporter.id });
  });
});

describe("requirePageUser", () => {
  it("sends a signed-out visitor to /login and back", async () => {
    await expect(requirePageUser("admin", "/desk/users")).rejects.toMatchObject({
      digest: expect.stringContaining("/login?callbackUrl=%2Fdesk%2Fusers"),
    });
  });

  it("tells the page whether the role suffices", async () => {
    const reporter = await makeUser("reporter");
    await signIn(reporter.email);
    await expect(requirePageUser("admin")).resolves.toEqual({ user: reporter, allowed: false });
    await expect(requirePageUser("reporter")).resolves.toEqual({ user: reporter, allowed: true });
  });
});
