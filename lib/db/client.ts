import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export interface DatabaseClientOptions {
  /** Called with each SQL statement the client sends (tests count them: lib/db/test-support). */
  onStatement?: (sql: string) => void;
}

export function createDatabaseClient(url: string, options: DatabaseClientOptions = {}): PrismaClient {
  const client = new PrismaClient({
    // No JIT: Copydesk's queries are short, and PostgreSQL's cost estimate for a count over a
    // large index (a credit's photos, a search's total) passes jit_above_cost, so it spent 50–100 ms
    // compiling a query that runs in less.
    adapter: new PrismaPg({ connectionString: url, max: 10, options: "-c jit=off" }),
    // Prisma's defaults (2 s to get a connection, 5 s to finish) turn a busy moment — a big import
    // holding connections, a loaded machine — into a failed save; waiting a little longer is better.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    log: options.onStatement ? [{ emit: "event", level: "query" }] : [],
  });
  const { onStatement } = options;
  if (onStatement) (client as PrismaClient<"query">).$on("query", (event) => onStatement(event.query));
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
