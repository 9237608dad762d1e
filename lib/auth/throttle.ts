import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * Failed-login throttling, in PostgreSQL so every instance counts the same attempts. An attempt
 * is counted against:
 *
 * - the pair of account and client address ("pair:<email>|<address>"): slowed down with an
 *   exponential delay, then locked for a while. Only this pair is locked: the account's owner
 *   signs in from any other address, and other people behind the same address are unaffected;
 * - the account from anywhere ("email:<email>"): guessing spread over many addresses is slowed
 *   down, never locked (a lock there would let anyone lock anyone out);
 * - the client address over all accounts ("ip:<address>"): one address trying many accounts is
 *   slowed down and finally locked. People who have signed in from that address before
 *   ("known:<email>|<address>") are not counted there, so the lock stops the attacker and not
 *   the newsroom behind the same proxy.
 *
 * Keys use the address typed, known or not, so none of this reveals whether an account exists.
 * An attempt is counted *before* the password is checked (and un-counted if it succeeds), so
 * firing many attempts in parallel cannot slip past the limit.
 */

export interface ThrottlePolicy {
  windowMs: number;
  /** From this many failures in the window on, each attempt waits before being answered. */
  delayAfter: number;
  /** The first delay; each further failure doubles it, up to `maxDelayMs`. */
  delayStepMs: number;
  maxDelayMs: number;
  /** Reaching this many failures locks the key for `lockMs`; null: never locked. */
  lockAfter: number | null;
  lockMs: number;
}

const MINUTE = 60_000;

export const PAIR_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE,
  delayAfter: 5,
  delayStepMs: 1_000,
  maxDelayMs: 8_000,
  lockAfter: 10,
  lockMs: 15 * MINUTE,
};

export const ACCOUNT_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE,
  delayAfter: 20,
  delayStepMs: 500,
  maxDelayMs: 4_000,
  lockAfter: null,
  lockMs: 0,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE,
  delayAfter: 20,
  delayStepMs: 500,
  maxDelayMs: 4_000,
  lockAfter: 50,
  lockMs: 15 * MINUTE,
};

/** How long a successful sign-in keeps its address from counting against the address limit. */
export const KNOWN_PAIR_MS = 30 * 24 * 60 * MINUTE;

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
  const doublings = Math.min(state.failures - policy.delayAfter, 30);
  return { kind: "allow", delayMs: Math.min(policy.delayStepMs * 2 ** doublings, policy.maxDelayMs) };
}

/** The state after one more failure. Reaching the limit locks the key and starts a fresh count. */
export function stateAfterFailure(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): ThrottleState {
  const expired =
    !state ||
    now.getTime() - state.windowStart.getTime() >= policy.windowMs ||
    (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = (expired ? 0 : state.failures) + 1;
  const windowStart = expired ? now : state.windowStart;
  if (policy.lockAfter !== null && failures >= policy.lockAfter) {
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

// Addresses never contain "|", so the last one separates the email from the address.
export function pairKey(email: string, ip: string): string {
  return `pair:${normaliseEmail(email)}|${ip}`;
}

export function knownPairKey(email: string, ip: string): string {
  return `known:${normaliseEmail(email)}|${ip}`;
}

function splitPair(key: string): { email: string; ip: string } {
  const body = key.slice(key.indexOf(":") + 1);
  const bar = body.lastIndexOf("|");
  return { email: body.slice(0, bar), ip: body.slice(bar + 1) };
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

/**
 * After a successful login: the pair and the account start over, the address gets back the
 * attempt it spent, and the pair is remembered as known for the address limit.
 */
export async function settleSuccessfulAttempt(
  reservation: AttemptReservation,
  cleared: { pair: string; account: string; known: string },
  now: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key: { in: [cleared.pair, cleared.account] } } });
    for (const [key, state] of reservation.previous) {
      if (key === cleared.pair || key === cleared.account || !state) continue;
      await tx.loginThrottle.updateMany({ where: { key }, data: state });
    }
    await tx.loginThrottle.upsert({
      where: { key: cleared.known },
      create: { key: cleared.known, failures: 0, windowStart: now, lockedUntil: null },
      update: { windowStart: now },
    });
  });
}

/** Whether the account has signed in from this address recently. */
export async function isKnownPair(email: string, ip: string, now: Date): Promise<boolean> {
  const row = await db.loginThrottle.findUnique({ where: { key: knownPairKey(email, ip) }, select: { windowStart: true } });
  return !!row && now.getTime() - row.windowStart.getTime() < KNOWN_PAIR_MS;
}

export interface UnlockResult {
  /** The throttle keys removed (pairs, account, address). */
  cleared: string[];
}

/**
 * For an admin: lifts throttling of an account (at every address, or at one), or of an address
 * (for every account). Known-pair records stay.
 */
export async function unlockLogins(target: { email?: string; address?: string }): Promise<UnlockResult> {
  const email = target.email !== undefined ? normaliseEmail(target.email) : undefined;
  const address = target.address?.trim();
  if (!email && !address) throw new Error("Name an email, an address, or both.");
  return db.$transaction(async (tx) => {
    const keys: string[] = [];
    if (email && address) {
      keys.push(pairKey(email, address));
    } else if (email) {
      keys.push(emailKey(email));
      const pairs = await tx.loginThrottle.findMany({ where: { key: { startsWith: `pair:${email}|` } }, select: { key: true } });
      keys.push(...pairs.map((row) => row.key).filter((key) => splitPair(key).email === email));
    } else if (address) {
      keys.push(ipKey(address));
      const pairs = await tx.loginThrottle.findMany({ where: { key: { startsWith: "pair:", endsWith: `|${address}` } }, select: { key: true } });
      keys.push(...pairs.map((row) => row.key).filter((key) => splitPair(key).ip === address));
    }
    const existing = await tx.loginThrottle.findMany({ where: { key: { in: keys } }, select: { key: true } });
    await tx.loginThrottle.deleteMany({ where: { key: { in: keys } } });
    return { cleared: existing.map((row) => row.key).sort() };
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
  const knownCutoff = new Date(now.getTime() - KNOWN_PAIR_MS);
  const result = await db.loginThrottle.deleteMany({
    where: {
      OR: [
        { NOT: { key: { startsWith: "known:" } }, windowStart: { lt: cutoff }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        { key: { startsWith: "known:" }, windowStart: { lt: knownCutoff } },
      ],
    },
  });
  return result.count;
}
