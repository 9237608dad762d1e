import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * Failed-login throttling. Each attempt is counted against two keys, the account
 * ("email:<address>", whether or not it exists) and the client ("ip:<address>"). Past a first
 * threshold answers are slowed down; past a second the key is locked for a while.
 *
 * An attempt is counted *before* the password is checked (and un-counted if it succeeds), so
 * firing many attempts in parallel cannot slip past the limit.
 */

export interface ThrottlePolicy {
  windowMs: number;
  /** From this many failures in the window on, each attempt waits before being answered. */
  delayAfter: number;
  delayStepMs: number;
  maxDelayMs: number;
  /** Reaching this many failures locks the key for `lockMs`. */
  lockAfter: number;
  lockMs: number;
}

const MINUTE = 60_000;

export const EMAIL_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE,
  delayAfter: 5,
  delayStepMs: 1_000,
  maxDelayMs: 5_000,
  lockAfter: 10,
  lockMs: 15 * MINUTE,
};

// Looser: a newsroom often shares one public address.
export const IP_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE,
  delayAfter: 20,
  delayStepMs: 500,
  maxDelayMs: 5_000,
  lockAfter: 50,
  lockMs: 15 * MINUTE,
};

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export type ThrottleVerdict = { kind: "allow"; delayMs: number } | { kind: "locked"; retryAfterMs: number };

/** What to do with a new attempt given the failures recorded so far. */
export function assessAttempt(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): ThrottleVerdict {
  if (!state) return { kind: "allow", delayMs: 0 };
  if (state.lockedUntil && state.lockedUntil > now) {
    return { kind: "locked", retryAfterMs: state.lockedUntil.getTime() - now.getTime() };
  }
  if (now.getTime() - state.windowStart.getTime() >= policy.windowMs) return { kind: "allow", delayMs: 0 };
  if (state.failures < policy.delayAfter) return { kind: "allow", delayMs: 0 };
  const steps = state.failures - policy.delayAfter + 1;
  return { kind: "allow", delayMs: Math.min(steps * policy.delayStepMs, policy.maxDelayMs) };
}

/** The state after one more failure. Reaching the limit locks the key and starts a fresh count. */
export function stateAfterFailure(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): ThrottleState {
  const expired =
    !state ||
    now.getTime() - state.windowStart.getTime() >= policy.windowMs ||
    (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = (expired ? 0 : state.failures) + 1;
  const windowStart = expired ? now : state.windowStart;
  if (failures >= policy.lockAfter) {
    return { failures: 0, windowStart: now, lockedUntil: new Date(now.getTime() + policy.lockMs) };
  }
  return { failures, windowStart, lockedUntil: null };
}

/** Combines the verdicts of several keys: any lock wins (the longest), else the longest delay. */
export function combineVerdicts(verdicts: ThrottleVerdict[]): ThrottleVerdict {
  const locks = verdicts.filter((v) => v.kind === "locked");
  if (locks.length) return { kind: "locked", retryAfterMs: Math.max(...locks.map((v) => v.retryAfterMs)) };
  return { kind: "allow", delayMs: Math.max(0, ...verdicts.map((v) => (v.kind === "allow" ? v.delayMs : 0))) };
}

export function lockedMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return `Too many failed attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailKey(email: string): string {
  return `email:${normaliseEmail(email)}`;
}

export function ipKey(ip: string): string {
  return `ip:${ip}`;
}

export interface ThrottledKey {
  key: string;
  policy: ThrottlePolicy;
}

export interface AttemptReservation {
  verdict: ThrottleVerdict;
  /** Each key's state before this attempt was counted (null: no row), to undo it on success. */
  previous: Map<string, ThrottleState | null>;
}

type Tx = Prisma.TransactionClient;

// Creates the row if missing and locks it until the transaction ends, in one statement.
async function lockRow(tx: Tx, key: string, now: Date): Promise<ThrottleState> {
  const rows = await tx.$queryRaw<ThrottleState[]>`
    INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 0, ${now}, NULL)
    ON CONFLICT ("key") DO UPDATE SET "key" = EXCLUDED."key"
    RETURNING "failures", "windowStart", "lockedUntil"`;
  const row = rows[0];
  return { failures: row.failures, windowStart: row.windowStart, lockedUntil: row.lockedUntil };
}

/**
 * Decides whether an attempt may proceed and, if so, counts it as a failure up front. Locked keys
 * are not counted again (a lock is not extended by hammering it).
 */
export async function reserveAttempt(keys: ThrottledKey[], now: Date): Promise<AttemptReservation> {
  return db.$transaction(async (tx) => {
    const previous = new Map<string, ThrottleState | null>();
    const verdicts: ThrottleVerdict[] = [];
    // Fixed order so two attempts never wait on each other's locks in opposite order.
    const ordered = [...keys].sort((a, b) => a.key.localeCompare(b.key));
    const states = new Map<string, ThrottleState>();
    for (const { key, policy } of ordered) {
      const state = await lockRow(tx, key, now);
      states.set(key, state);
      verdicts.push(assessAttempt(state, policy, now));
    }
    const verdict = combineVerdicts(verdicts);
    if (verdict.kind === "locked") return { verdict, previous };
    for (const { key, policy } of ordered) {
      const state = states.get(key)!;
      previous.set(key, state);
      const next = stateAfterFailure(state, policy, now);
      await tx.loginThrottle.update({ where: { key }, data: next });
    }
    return { verdict, previous };
  });
}

/** After a successful login: the account starts over; the address gets back the attempt it spent. */
export async function settleSuccessfulAttempt(reservation: AttemptReservation, accountKey: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key: accountKey } });
    for (const [key, state] of reservation.previous) {
      if (key === accountKey || !state) continue;
      await tx.loginThrottle.updateMany({ where: { key }, data: state });
    }
  });
}

/** Whether the attempt just counted locked one of the keys (so the caller can say so at once). */
export async function currentLock(keys: string[], now: Date): Promise<number | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } }, select: { lockedUntil: true } });
  if (!rows.length) return null;
  return Math.max(...rows.map((row) => row.lockedUntil!.getTime() - now.getTime()));
}

/** Housekeeping: rows whose window and lock are both over carry no information. */
export async function pruneLoginThrottles(now: Date, olderThanMs = 24 * 60 * MINUTE): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const result = await db.loginThrottle.deleteMany({
    where: { windowStart: { lt: cutoff }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
  });
  return result.count;
}
