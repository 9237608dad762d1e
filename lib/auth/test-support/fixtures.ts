import { randomBytes } from "node:crypto";
import type { Actor } from "../access";
import type { RoleName } from "../roles";
import { createUser } from "../users";

/** A unique address per call, so tests sharing one database never collide. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@test.example`;
}

export const TEST_PASSWORD = "correct horse battery staple";

export async function makeUser(role: RoleName, options: { password?: string; label?: string } = {}): Promise<Actor> {
  const user = await createUser({
    email: uniqueEmail(options.label ?? role),
    name: `Test ${role}`,
    role,
    password: options.password ?? TEST_PASSWORD,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** A clock the throttling code reads; `sleep` advances it instead of waiting. */
export function fakeClock(start = new Date("2025-06-01T08:00:00Z")) {
  let now = start.getTime();
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}
