import "server-only";
import { db } from "@/lib/db";
import { generatePassword } from "./password";
import { createUser } from "./users";

/**
 * A fresh installation needs someone to log in as. Creates the first admin when there are no
 * users: from ADMIN_EMAIL/ADMIN_PASSWORD when set, else with a random password that the caller
 * prints once. Never a fixed default password.
 */
export async function ensureFirstAdmin(env: { email?: string; password?: string } = {}) {
  if ((await db.user.count()) > 0) return null;
  const email = env.email ?? "admin@copydesk.local";
  const password = env.password ?? generatePassword();
  const user = await createUser({ email, password, name: "Administrator", role: "admin" });
  return { email: user.email, password, generated: !env.password };
}
