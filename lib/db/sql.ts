import "server-only";
import pg from "pg";
import type { Database } from "./client";
import { poolOf } from "./client";

// Raw SQL in a transaction on one of the Prisma client's own pooled connections, through `pg`
// directly. For writes whose parameters are large (an import batch: one JSON document of a few
// megabytes): Prisma's raw queries pass every parameter through its query compiler, which cost
// the importer more CPU than building the batch (bench/import.ts, issue 9). Small queries keep
// using Prisma.

/** What raw-SQL helpers need of a transaction: a Prisma transaction client or `sqlTransaction`'s. */
export interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface SqlTransactionOptions {
  isolationLevel?: "ReadCommitted" | "RepeatableRead";
  /** Statements longer than this are cancelled (the transaction then rolls back). */
  statementTimeoutMs?: number;
}

/**
 * Runs `work` in one transaction (committed if it resolves, rolled back if it throws). Values
 * are sent as `pg` sends them; a Date is not: pass timestamps as ISO strings, cast in the SQL
 * (Prisma's columns are UTC "timestamp without time zone").
 */
export async function sqlTransaction<T>(client: Database, work: (tx: RawSql) => Promise<T>, options: SqlTransactionOptions = {}): Promise<T> {
  const connection = await poolOf(client).connect();
  const tx = rawSqlOn(connection);
  let broken: unknown = null;
  try {
    await connection.query(options.isolationLevel === "RepeatableRead" ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
    if (options.statementTimeoutMs) await connection.query(`SET LOCAL statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
    const result = await work(tx);
    await connection.query("COMMIT");
    return result;
  } catch (error) {
    await connection.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: closed, not reused.
    (connection as pg.PoolClient).release(broken instanceof Error ? broken : undefined);
  }
}

/**
 * A small pg pool of its own, for a thread that only reads by raw SQL (a fact-check worker): a
 * Prisma client costs a thread ~60 MB once it has run a query (its query compiler's WebAssembly
 * and schema, measured), a pg pool a few. Settings as lib/db's client (no JIT).
 */
export function createRawSqlPool(url: string, max = 3): RawSql & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max, options: "-c jit=off" });
  // An idle connection the server dropped (a restart) is replaced on the next query.
  pool.on("error", () => {});
  return { ...rawSqlOn(pool), end: () => pool.end() };
}

/** RawSql over a pg connection or pool. */
function rawSqlOn(queryable: Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">): RawSql {
  const run = (query: string, values: unknown[]) => (queryable as Pick<pg.Pool, "query">).query(query, values);
  return {
    async $queryRawUnsafe<R>(query: string, ...values: unknown[]) {
      return (await run(query, values)).rows as R;
    },
    async $executeRawUnsafe(query: string, ...values: unknown[]) {
      return (await run(query, values)).rowCount ?? 0;
    },
  };
}
