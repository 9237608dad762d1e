import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

// argon2id (the library's default algorithm) with OWASP's recommended minimums.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A random password to print once, e.g. for the first admin. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
