/**
 * Every code an error carries, outermost first: Prisma's ("P2010"), the driver adapter's kind
 * ("TableDoesNotExist"), PostgreSQL's SQLSTATE ("57014" for a cancelled statement), a socket's
 * ("ECONNREFUSED"). Driver errors arrive wrapped — Prisma's adapter error around pg's, an
 * AggregateError around the sockets tried — so the chain is followed through each.
 */
export function databaseErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const fields = current as { code?: unknown; originalCode?: unknown; kind?: unknown; errors?: unknown[]; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const code of [fields.code, fields.originalCode, fields.kind]) {
      if (typeof code === "string" && !codes.includes(code)) codes.push(code);
    }
    current = Array.isArray(fields.errors) && fields.errors.length > 0 ? fields.errors[0] : (fields.cause ?? fields.meta?.driverAdapterError);
  }
  return codes;
}
