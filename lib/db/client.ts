import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export interface DatabaseClientOptions {
  /** Called with each SQL statement the client sends (tests count them: lib/db/test-support). */
  onStatement?: (sql: string) => void;
}

// Each client's connection pool, which lib/db/sql.ts also draws from. Kept on the client (a
// registered symbol), not in a module's map: the process's client outlives module reloads (below).
const POOL = Symbol.for("copydesk.db.pool");

export function poolOf(client: PrismaClient): pg.Pool {
  // Read through the `db` proxy too, which forwards to the current client.
  const pool = (client as unknown as { [POOL]?: pg.Pool })[POOL];
  if (!pool) throw new Error("This Prisma client was not made by createDatabaseClient: it has no pool of its own.");
  // $disconnect ends it; Prisma then reconnects through a pool of its own, which is not shared.
  if (pool.ended) throw new Error("This Prisma client's pool was closed by $disconnect.");
  return pool;
}

export function createDatabaseClient(url: string, options: DatabaseClientOptions = {}): PrismaClient {
  // No JIT: Copydesk's queries are short, and PostgreSQL's cost estimate for a count over a
  // large index (a credit's photos, a search's total) passes jit_above_cost, so it spent 50–100 ms
  // compiling a query that runs in less.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c jit=off" });
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    // Prisma's defaults (2 s to get a connection, 5 s to finish) turn a busy moment — a big import
    // holding connections, a loaded machine — into a failed save; waiting a little longer is better.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    log: options.onStatement ? [{ emit: "event", level: "query" }] : [],
  });
  const { onStatement } = options;
  if (onStatement) (client as PrismaClient<"query">).$on("query", (event) => onStatement(event.query));
  Object.defineProperty(client, POOL, { value: pool });
  return client;
}

// One client per process. Kept on globalThis so Next's dev reloads don't open a pool per edit.
const holder = globalThis as unknown as { copydeskDb?: PrismaClient };

function currentClient(): PrismaClient {
  if (!holder.copydeskDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start Copydesk with `npm start` (which runs the embedded PostgreSQL) or set DATABASE_URL.",
      );
    }
    holder.copydeskDb = createDatabaseClient(url);
  }
  return holder.copydeskDb;
}

// Created on first use, not on import: the CLI decides which database to use (embedded or
// DATABASE_URL) after its modules are loaded.
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = currentClient();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDatabase(): Promise<void> {
  const client = holder.copydeskDb;
  holder.copydeskDb = undefined;
  await client?.$disconnect();
}
