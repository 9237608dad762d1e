import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

/**
 * Decides which PostgreSQL this process uses: DATABASE_URL when set, unchanged; otherwise the
 * embedded server in `.data/pg`, started (or joined) here. Sets DATABASE_URL for `db`.
 */
export async function connectDatabase(options: { quiet?: boolean } = {}): Promise<{
  url: string;
  embedded: EmbeddedDatabase | null;
}> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: null };
  const embedded = await startEmbeddedDatabase({ quiet: options.quiet });
  process.env.DATABASE_URL = embedded.url;
  return { url: embedded.url, embedded };
}
