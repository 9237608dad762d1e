import { createDatabaseClient, disconnectDatabase } from "@/lib/db/client";

// Counts the SQL statements a piece of work sends, for tests asserting that a cost does not grow
// with the data ("as many statements for 2,000 photos as for 200"). The work runs against a
// client of its own, installed as the process's `db` for the duration (lib/db/client.ts).

const holder = globalThis as unknown as { copydeskDb?: unknown };

export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (integration tests set it in global-setup.ts).");
  const statements: string[] = [];
  const counting = createDatabaseClient(url, { onStatement: (sql) => statements.push(sql) });
  const previous = holder.copydeskDb;
  holder.copydeskDb = counting;
  try {
    const result = await work();
    return { result, statements: [...statements] };
  } finally {
    await disconnectDatabase();
    holder.copydeskDb = previous;
  }
}
