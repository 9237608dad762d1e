import { describe, expect, it } from "vitest";
import {
  assessAttempt,
  combineVerdicts,
  PAIR_POLICY,
  lockedMessage,
  stateAfterFailure,
  type ThrottlePolicy,
  type ThrottleState,
} from "./throttle";

const policy: ThrottlePolicy = { windowMs: 15 * 60_000, delayAfter: 5, delayStepMs: 1000, maxDelayMs: 3000, lockAfter: 10, lockMs: 15 * 60_000 };
const start = new Date("2025-03-01T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

function fail(times: number, from: ThrottleState | null = null, now = start): ThrottleState | null {
  let state = from;
  for (let i = 0; i < times; i++) state = stateAfterFailure(state, policy, now);
  return state;
}

describe("login throttling policy", () => {
  it("lets the first failures through without delay", () => {
    expect(assessAttempt(null, policy, start)).toEqual({ kind: "allow", delayMs: 0 });
    expect(assessAttempt(fail(4), policy, start)).toEqual({ kind: "allow", delayMs: 0 });
  });

  it("slows down from the fifth failure, doubling the delay up to a cap", () => {
    const wide = { ...policy, maxDelayMs: 60_000 };
    expect([5, 6, 7, 8, 9].map((n) => assessAttempt(fail(n), wide, start))).toEqual(
      [1000, 2000, 4000, 8000, 16000].map((delayMs) => ({ kind: "allow", delayMs })),
    );
    expect(assessAttempt(fail(7), policy, start)).toEqual({ kind: "allow", delayMs: 3000 });
    expect(assessAttempt(fail(9), policy, start)).toEqual({ kind: "allow", delayMs: 3000 });
  });

  it("never locks a key whose policy has no lock", () => {
    const neverLocks = { ...policy, lockAfter: null };
    let unlocked: ThrottleState | null = null;
    for (let i = 0; i < 1000; i++) unlocked = stateAfterFailure(unlocked, neverLocks, start);
    expect(unlocked).toEqual({ failures: 1000, windowStart: start, lockedUntil: null });
    expect(assessAttempt(unlocked, neverLocks, start)).toEqual({ kind: "allow", delayMs: 3000 });
  });

  it("locks on the tenth failure for the lock period, then starts over", () => {
    const locked = fail(10)!;
    expect(locked.lockedUntil).toEqual(at(policy.lockMs));
    expect(assessAttempt(locked, policy, at(60_000))).toEqual({ kind: "locked", retryAfterMs: policy.lockMs - 60_000 });
    expect(assessAttempt(locked, policy, at(policy.lockMs))).toEqual({ kind: "allow", delayMs: 0 });
    // The first failure after the lock counts from one again.
    expect(stateAfterFailure(locked, policy, at(policy.lockMs + 1))).toEqual({ failures: 1, windowStart: at(policy.lockMs + 1), lockedUntil: null });
  });

  it("forgets failures older than the window", () => {
    const state = fail(7)!;
    expect(assessAttempt(state, policy, at(policy.windowMs - 1)).kind).toBe("allow");
    expect(assessAttempt(state, policy, at(policy.windowMs - 1))).toEqual({ kind: "allow", delayMs: 3000 });
    expect(assessAttempt(state, policy, at(policy.windowMs))).toEqual({ kind: "allow", delayMs: 0 });
    expect(stateAfterFailure(state, policy, at(policy.windowMs))).toMatchObject({ failures: 1, windowStart: at(policy.windowMs) });
  });

  it("keeps the window's start while counting within it", () => {
    const state = stateAfterFailure(fail(1), policy, at(5 * 60_000));
    expect(state).toEqual({ failures: 2, windowStart: start, lockedUntil: null });
  });

  it("combines keys: any lock wins, else the longest delay", () => {
    expect(combineVerdicts([{ kind: "allow", delayMs: 1000 }, { kind: "allow", delayMs: 0 }])).toEqual({ kind: "allow", delayMs: 1000 });
    expect(
      combineVerdicts([
        { kind: "allow", delayMs: 1000 },
        { kind: "locked", retryAfterMs: 5000 },
        { kind: "locked", retryAfterMs: 9000 },
      ]),
    ).toEqual({ kind: "locked", retryAfterMs: 9000 });
    expect(combineVerdicts([])).toEqual({ kind: "allow", delayMs: 0 });
  });

  it("words the lock message in whole minutes, rounding up", () => {
    expect(lockedMessage(PAIR_POLICY.lockMs)).toBe("Too many failed attempts. Try again in 15 minutes.");
    expect(lockedMessage(61_000)).toBe("Too many failed attempts. Try again in 2 minutes.");
    expect(lockedMessage(5_000)).toBe("Too many failed attempts. Try again in 1 minute.");
  });
});
