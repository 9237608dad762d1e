import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { hashPassword, generatePassword, verifyPassword } from "./password";
import type { RoleName } from "./roles";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  PAIR_POLICY,
  currentLock,
  emailKey,
  ipKey,
  isKnownPair,
  knownPairKey,
  lockedMessage,
  normaliseEmail,
  pairKey,
  pruneLoginThrottles,
  reserveAttempt,
  settleSuccessfulAttempt,
  type ThrottledKey,
} from "./throttle";

export const INCORRECT_CREDENTIALS = "Email or password is incorrect.";
export const SIGN_IN_UNAVAILABLE = "Signing in is not possible right now. Try again in a minute.";

/** A refusal whose message is safe to show on the login form. */
export class LoginRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoginRefusedError";
  }
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  /** Changes whenever the password does, so a reset ends sessions made with the old one. */
  passwordVersion: string;
}

export interface LoginClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

const realClock: LoginClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const credentialsSchema = z.object({
  email: z.string().max(320),
  password: z.string().max(1000),
});

export function passwordVersion(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 16);
}

// Verifying against a throwaway hash for unknown emails makes them take as long as known ones.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash() {
  dummyHash ??= hashPassword(generatePassword());
  return dummyHash;
}

/** The client's address: the last X-Forwarded-For hop (added by our own server), else X-Real-IP. */
export function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const pick = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(",") : value);
  const forwarded = pick(headers?.["x-forwarded-for"]);
  const hops = forwarded?.split(",").map((hop) => hop.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? pick(headers?.["x-real-ip"])?.trim() ?? "unknown";
}

/**
 * Checks an email and password. Returns the user, or throws LoginRefusedError with a message that
 * never reveals whether the email exists (throttling is keyed on the address typed, known or not).
 */
export async function authenticate(
  credentials: unknown,
  context: { ip: string },
  clock: LoginClock = realClock,
): Promise<AuthenticatedUser> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success || !parsed.data.email.trim() || !parsed.data.password) {
    throw new LoginRefusedError(INCORRECT_CREDENTIALS);
  }
  const email = normaliseEmail(parsed.data.email);
  const startedAt = clock.now();
  const cleared = { pair: pairKey(email, context.ip), account: emailKey(email), known: knownPairKey(email, context.ip) };
  const keys: ThrottledKey[] = [
    { key: cleared.pair, policy: PAIR_POLICY },
    { key: cleared.account, policy: ACCOUNT_POLICY },
  ];
  // Someone who signed in from this address before is not counted (or locked) with the others there.
  if (!(await isKnownPair(email, context.ip, startedAt))) keys.push({ key: ipKey(context.ip), policy: ADDRESS_POLICY });

  const reservation = await reserveAttempt(keys, startedAt);
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
  });

  if (reservation.verdict.kind === "locked") {
    await recordAudit(db, {
      actorId: user?.id ?? null,
      action: "login_failed",
      details: { email, ip: context.ip, reason: "locked" },
    });
    throw new LoginRefusedError(lockedMessage(reservation.verdict.retryAfterMs));
  }
  if (reservation.verdict.delayMs > 0) await clock.sleep(reservation.verdict.delayMs);

  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.data.password);
  if (user && passwordMatches && !user.disabled) {
    await settleSuccessfulAttempt(reservation, cleared, startedAt);
    // Housekeeping piggybacks on successful logins: stale rows for addresses typed once go away.
    await pruneLoginThrottles(startedAt).catch((error) => console.error("[copydesk] pruning login throttles failed", error));
    await recordAudit(db, { actorId: user.id, action: "login", targetType: "user", targetId: user.id, details: { ip: context.ip } });
    return { id: user.id, email: user.email, name: user.name, role: user.role, passwordVersion: passwordVersion(user.passwordHash) };
  }

  const reason = !user ? "unknown_email" : !passwordMatches ? "wrong_password" : "disabled";
  await recordAudit(db, { actorId: user?.id ?? null, action: "login_failed", details: { email, ip: context.ip, reason } });
  // This failure may have been the one that locked the account: say so now rather than next time.
  const lock = await currentLock(
    keys.map((k) => k.key),
    clock.now(),
  );
  throw new LoginRefusedError(lock ? lockedMessage(lock) : INCORRECT_CREDENTIALS);
}
