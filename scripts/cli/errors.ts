import { z } from "zod";
import { databaseErrorCodes } from "@/lib/db/error-code";
import { MigrationError } from "@/lib/db/migrate";

// The CLI's one mapping from an error to the line a person reads. Database and driver errors
// (Prisma's multi-line "Invalid `db.x.findFirst()` invocation…", pg's SQLSTATE errors, refused
// connections) become one sentence saying what is wrong and what to do; the raw error is printed
// only with COPYDESK_DEBUG=1.

export const DEBUG_HINT = "Run with COPYDESK_DEBUG=1 for details.";
const NOT_MIGRATED = "The database is missing Copydesk's tables or columns: run `copydesk migrate` first.";
const UNREACHABLE = "Cannot reach the database server. Is PostgreSQL running, and is DATABASE_URL right?";

// Prisma's error codes (https://www.prisma.io/docs/orm/reference/error-reference) and PostgreSQL's
// SQLSTATE codes for the same situations.
const DATABASE_MESSAGES: Record<string, string> = {
  P2021: NOT_MIGRATED,
  P2022: NOT_MIGRATED,
  "42P01": NOT_MIGRATED,
  "42703": NOT_MIGRATED,
  P1001: UNREACHABLE,
  P1002: UNREACHABLE,
  P1017: UNREACHABLE,
  ECONNREFUSED: UNREACHABLE,
  ENOTFOUND: UNREACHABLE,
  ETIMEDOUT: UNREACHABLE,
  EHOSTUNREACH: UNREACHABLE,
  P1000: "The database refused the credentials in DATABASE_URL.",
  P1010: "The database refused the credentials in DATABASE_URL.",
  "28P01": "The database refused the credentials in DATABASE_URL.",
  "28000": "The database refused the credentials in DATABASE_URL.",
  P1003: "The database named in DATABASE_URL does not exist. Create it, then run `copydesk migrate`.",
  "3D000": "The database named in DATABASE_URL does not exist. Create it, then run `copydesk migrate`.",
  "53300": "The database has too many connections open. Try again in a moment.",
  // Prisma's driver adapter names the pg error it wraps.
  TableDoesNotExist: NOT_MIGRATED,
  ColumnNotFound: NOT_MIGRATED,
  DatabaseDoesNotExist: "The database named in DATABASE_URL does not exist. Create it, then run `copydesk migrate`.",
  AuthenticationFailed: "The database refused the credentials in DATABASE_URL.",
  DatabaseAccessDenied: "The database refused the credentials in DATABASE_URL.",
};

function codeOf(error: unknown): string | undefined {
  return databaseErrorCodes(error).find((code) => Object.hasOwn(DATABASE_MESSAGES, code));
}

/** True for errors from Prisma, its driver adapter or pg: their messages are not for users. */
function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = `${error.name} ${error.constructor?.name ?? ""}`;
  if (/Prisma|DriverAdapter|DatabaseError/.test(name)) return true;
  const code = (error as { code?: unknown }).code;
  // pg's errors carry a five-character SQLSTATE and the server's severity.
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && "severity" in error;
}

/** The one line to print for an error a command ended with. */
export function describeCliError(error: unknown): string {
  if (error instanceof z.ZodError) return z.prettifyError(error);
  if (error instanceof MigrationError) return error.message;
  const code = codeOf(error);
  if (code) return DATABASE_MESSAGES[code];
  if (isDatabaseError(error)) return `The database reported an error. ${DEBUG_HINT}`;
  if (error instanceof Error) return error.message || `${error.name}. ${DEBUG_HINT}`;
  return `Unexpected failure. ${DEBUG_HINT}`;
}
