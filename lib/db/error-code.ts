/**
 * The database's own error code (PostgreSQL's SQLSTATE, e.g. "57014" for a cancelled statement) of
 * an error from Prisma (which wraps the driver's) or from pg directly; undefined when there is none.
 */
export function databaseErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const fields = current as { code?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof fields.code === "string" && !fields.code.startsWith("P")) return fields.code;
    current = fields.meta?.driverAdapterError ?? fields.cause;
  }
  return undefined;
}
