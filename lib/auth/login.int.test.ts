import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDatabase } from "@/lib/db";
import { authenticate, INCORRECT_CREDENTIALS, LoginRefusedError } from "./login";
import { fakeClock, makeUser, TEST_PASSWORD, uniqueEmail } from "./test-support/fixtures";
import { ADDRESS_POLICY, PAIR_POLICY, unlockLogins } from "./throttle";

afterAll(() => disconnectDatabase());

let ipCounter = 0;
// Each test its own client address, so the address throttle of one test does not leak into another.
const freshIp = () => `192.0.2.${++ipCounter}`;

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(LoginRefusedError);
  return (error as Error).message;
}

async function auditFor(email: string) {
  const events = await db.auditEvent.findMany({
    where: { action: { startsWith: "login" }, details: { path: ["email"], equals: email } },
    orderBy: { at: "asc" },
  });
  return events.map((event) => ({ action: event.action, reason: (event.details as { reason?: string }).reason, actorId: event.actorId }));
}

describe("authenticate", () => {
  it("accepts the right password and records a login", async () => {
    const user = await makeUser("editor");
    const clock = fakeClock();
    const result = await authenticate({ email: ` ${user.email.toUpperCase()} `, password: TEST_PASSWORD }, { ip: freshIp() }, clock);
    expect(result).toMatchObject({ id: user.id, email: user.email, role: "editor" });
    expect(result.passwordVersion).toMatch(/^[\w-]{16}$/);
    const login = await db.auditEvent.findFirst({ where: { action: "login", actorId: user.id } });
    expect(login).not.toBeNull();
    expect(JSON.stringify(login!.details)).not.toContain(TEST_PASSWORD);
  });

  it("refuses a wrong password, an unknown email and a disabled account with the same message", async () => {
    const user = await makeUser("reporter");
    const disabled = await makeUser("editor");
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    const unknown = uniqueEmail("nobody");
    const clock = fakeClock();

    const wrong = await refusal(authenticate({ email: user.email, password: "not the password" }, { ip: freshIp() }, clock));
    const missing = await refusal(authenticate({ email: unknown, password: TEST_PASSWORD }, { ip: freshIp() }, clock));
    const off = await refusal(authenticate({ email: disabled.email, password: TEST_PASSWORD }, { ip: freshIp() }, clock));
    expect([wrong, missing, off]).toEqual([INCORRECT_CREDENTIALS, INCORRECT_CREDENTIALS, INCORRECT_CREDENTIALS]);

    expect(await auditFor(user.email)).toEqual([{ action: "login_failed", reason: "wrong_password", actorId: user.id }]);
    expect(await auditFor(unknown)).toEqual([{ action: "login_failed", reason: "unknown_email", actorId: null }]);
    expect(await auditFor(disabled.email)).toEqual([{ action: "login_failed", reason: "disabled", actorId: disabled.id }]);
    const everything = JSON.stringify(await db.auditEvent.findMany({ where: { action: "login_failed" } }));
    expect(everything).not.toContain("not the password");
  });

  it("refuses malformed credentials without touching the throttle", async () => {
    const clock = fakeClock();
    for (const input of [undefined, {}, { email: "", password: "x" }, { email: "a@b.c", password: "" }, { email: 5, password: [] }]) {
      expect(await refusal(authenticate(input, { ip: freshIp() }, clock))).toBe(INCORRECT_CREDENTIALS);
    }
  });

  it("slows an account's guesses from one address down, doubling, then locks that address only", async () => {
    const user = await makeUser("admin");
    const attacker = freshIp();
    const clock = fakeClock();
    const attempt = (password: string, ip = attacker) => authenticate({ email: user.email, password }, { ip }, clock);

    for (let i = 1; i <= 9; i++) expect(await refusal(attempt(`wrong ${i}`))).toBe(INCORRECT_CREDENTIALS);
    // Attempts 6..9 found 5..8 earlier failures and waited, twice as long each time.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000]);

    // The tenth failure locks the account at the attacker's address and says so at once.
    expect(await refusal(attempt("wrong 10"))).toBe("Too many failed attempts. Try again in 15 minutes.");
    expect(await refusal(attempt(TEST_PASSWORD))).toBe("Too many failed attempts. Try again in 15 minutes.");
    // The account's owner, anywhere else, signs in at once, without waiting.
    const sleepsBefore = clock.sleeps.length;
    await expect(attempt(TEST_PASSWORD, freshIp())).resolves.toMatchObject({ id: user.id });
    expect(clock.sleeps.length).toBe(sleepsBefore);

    clock.advance(10 * 60_000);
    expect(await refusal(attempt(TEST_PASSWORD))).toBe("Too many failed attempts. Try again in 5 minutes.");
    expect(await auditFor(user.email)).toContainEqual({ action: "login_failed", reason: "locked", actorId: user.id });

    clock.advance(PAIR_POLICY.lockMs);
    await expect(attempt(TEST_PASSWORD)).resolves.toMatchObject({ id: user.id });
    expect(clock.sleeps.length).toBe(sleepsBefore);
    // A success clears the pair's count: the next failure is not slowed down.
    expect(await refusal(attempt("wrong again"))).toBe(INCORRECT_CREDENTIALS);
    expect(clock.sleeps.length).toBe(sleepsBefore);
  });

  it("treats an unknown email exactly like a known one: same delays, same messages", async () => {
    const ghost = uniqueEmail("ghost");
    const real = await makeUser("editor");
    const run = async (email: string) => {
      const ip = freshIp();
      const clock = fakeClock();
      const messages: string[] = [];
      for (let i = 0; i < 11; i++) messages.push(await refusal(authenticate({ email, password: `guess ${i}` }, { ip }, clock)));
      return { messages, sleeps: clock.sleeps };
    };
    const [unknown, known] = [await run(ghost), await run(real.email)];
    expect(unknown).toEqual(known);
    expect(unknown.messages.slice(0, 9).every((m) => m === INCORRECT_CREDENTIALS)).toBe(true);
    expect(unknown.messages.slice(9)).toEqual([
      "Too many failed attempts. Try again in 15 minutes.",
      "Too many failed attempts. Try again in 15 minutes.",
    ]);
  });

  it("locks an address spraying many accounts, but not the people who signed in there before", async () => {
    const office = freshIp();
    const clock = fakeClock();
    const colleague = await makeUser("reporter");
    const newcomer = await makeUser("reporter");
    // The colleague has signed in from the office before.
    await authenticate({ email: colleague.email, password: TEST_PASSWORD }, { ip: office }, clock);

    // Spread over accounts so no single account reaches its own limit.
    for (let i = 0; i < ADDRESS_POLICY.lockAfter! - 1; i++) {
      await refusal(authenticate({ email: uniqueEmail(`spray${i}`), password: "guess" }, { ip: office }, clock));
    }
    // A success there gives back the attempt it spent.
    await expect(authenticate({ email: newcomer.email, password: TEST_PASSWORD }, { ip: office }, clock)).resolves.toMatchObject({ id: newcomer.id });
    const row = await db.loginThrottle.findUnique({ where: { key: `ip:${office}` } });
    expect(row).toMatchObject({ failures: ADDRESS_POLICY.lockAfter! - 1, lockedUntil: null });

    const stranger = await makeUser("editor");
    expect(await refusal(authenticate({ email: uniqueEmail("last"), password: "guess" }, { ip: office }, clock))).toBe(
      "Too many failed attempts. Try again in 15 minutes.",
    );
    // Now someone who never signed in from that address is refused there, and works elsewhere;
    // those who did sign in there before still get in.
    expect(await refusal(authenticate({ email: stranger.email, password: TEST_PASSWORD }, { ip: office }, clock))).toMatch(/Too many failed attempts/);
    await expect(authenticate({ email: stranger.email, password: TEST_PASSWORD }, { ip: freshIp() }, clock)).resolves.toMatchObject({ id: stranger.id });
    await expect(authenticate({ email: colleague.email, password: TEST_PASSWORD }, { ip: office }, clock)).resolves.toMatchObject({ id: colleague.id });
    await expect(authenticate({ email: newcomer.email, password: TEST_PASSWORD }, { ip: office }, clock)).resolves.toMatchObject({ id: newcomer.id });
    // Fifty password checks (argon2) or more: slow on a busy machine.
  }, 120_000);

  it("lets an admin lift a lock by account or by address", async () => {
    const user = await makeUser("editor");
    const attacker = freshIp();
    const clock = fakeClock();
    for (let i = 0; i < PAIR_POLICY.lockAfter!; i++) await refusal(authenticate({ email: user.email, password: `wrong ${i}` }, { ip: attacker }, clock));
    expect(await refusal(authenticate({ email: user.email, password: TEST_PASSWORD }, { ip: attacker }, clock))).toMatch(/Too many/);
    const byAccount = await unlockLogins({ email: ` ${user.email.toUpperCase()} ` });
    expect(byAccount.cleared).toEqual([`email:${user.email}`, `pair:${user.email}|${attacker}`]);
    await expect(authenticate({ email: user.email, password: TEST_PASSWORD }, { ip: attacker }, clock)).resolves.toMatchObject({ id: user.id });

    const sprayer = freshIp();
    for (let i = 0; i < ADDRESS_POLICY.lockAfter!; i++) await refusal(authenticate({ email: uniqueEmail(`s${i}`), password: "guess" }, { ip: sprayer }, clock));
    const other = await makeUser("reporter");
    expect(await refusal(authenticate({ email: other.email, password: TEST_PASSWORD }, { ip: sprayer }, clock))).toMatch(/Too many/);
    const byAddress = await unlockLogins({ address: sprayer });
    expect(byAddress.cleared).toContain(`ip:${sprayer}`);
    expect(byAddress.cleared.filter((key) => key.startsWith("pair:")).length).toBe(ADDRESS_POLICY.lockAfter! + 1);
    await expect(authenticate({ email: other.email, password: TEST_PASSWORD }, { ip: sprayer }, clock)).resolves.toMatchObject({ id: other.id });
    expect((await unlockLogins({ email: other.email, address: sprayer })).cleared).toEqual([]);
    // Fifty password checks (argon2) or more: slow on a busy machine.
  }, 120_000);

  it("clears out throttle rows whose window and lock ended long ago when someone logs in", async () => {
    const user = await makeUser("reporter");
    const clock = fakeClock();
    const staleKey = `email:${uniqueEmail("stale")}`;
    const lockedKey = `email:${uniqueEmail("locked")}`;
    const longAgo = new Date(clock.now().getTime() - 2 * 24 * 60 * 60_000);
    await db.loginThrottle.create({ data: { key: staleKey, failures: 3, windowStart: longAgo } });
    await db.loginThrottle.create({ data: { key: lockedKey, failures: 0, windowStart: longAgo, lockedUntil: new Date(clock.now().getTime() + 60_000) } });
    const ip = freshIp();
    await authenticate({ email: user.email, password: TEST_PASSWORD }, { ip }, clock);
    expect(await db.loginThrottle.findUnique({ where: { key: staleKey } })).toBeNull();
    expect(await db.loginThrottle.findUnique({ where: { key: lockedKey } })).not.toBeNull();
    // Who signed in from where is kept for a month.
    expect(await db.loginThrottle.findUnique({ where: { key: `known:${user.email}|${ip}` } })).not.toBeNull();
  });

  it("counts attempts made in parallel, so a burst cannot slip past the lock", async () => {
    const user = await makeUser("editor");
    const ip = freshIp();
    const clock = fakeClock();
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, (_, i) => authenticate({ email: user.email, password: `burst ${i}` }, { ip }, clock)),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    const row = await db.loginThrottle.findUnique({ where: { key: `pair:${user.email}|${ip}` } });
    expect(row?.lockedUntil).not.toBeNull();
    // Ten attempts were counted (the tenth locked); the other four were refused as locked without a check.
    const locked = await db.auditEvent.count({ where: { action: "login_failed", actorId: user.id, details: { path: ["reason"], equals: "locked" } } });
    expect(locked).toBe(4);
  });
});
