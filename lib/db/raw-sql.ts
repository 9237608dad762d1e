import "server-only";
import pg from "pg";

// Raw SQL without Prisma, for a thread that only reads by raw statements (a fact-check worker):
// a Prisma client costs a thread ~60 MB once it has run a query (its query compiler's WebAssembly
// and schema, measured), where a pg pool costs a few. Prisma's client has the same method, so the
// readers that take a RawSql take either.

export interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface RawSqlPool extends RawSql {
  end(): Promise<void>;
}

/** A small pg pool on `url`, settings as lib/db's client (no JIT). */
export function createRawSqlPool(url: string, max = 3): RawSqlPool {
  const pool = new pg.Pool({ connectionString: url, max, options: "-c jit=off" });
  // An idle connection the server dropped (a restart) is replaced on the next query.
  pool.on("error", () => {});
  return {
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> {
      return (await pool.query(query, values)).rows as T;
    },
    end: () => pool.end(),
  };
}
