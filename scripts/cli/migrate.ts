import { migrateDatabase } from "@/lib/db/migrate";
import { backfillArchive } from "@/lib/factcheck/archive-refresh";
import type { Command } from "./command";

/**
 * Fills the fact-check's archive tables for articles stored before them (resumable: an
 * interrupted run goes on from where it stopped), printing progress. Nothing to do once finished.
 */
export async function runArchiveBackfill(log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  let last = 0;
  const progress = await backfillArchive({
    onProgress: ({ done, total }) => {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      log(`Fact-check archive: ${done} of ${total} articles indexed…`);
    },
  });
  if (progress.done > 0 && last > 0) log(`Fact-check archive: ${progress.done} articles indexed.`);
}

export const migrateCommand: Command = {
  summary: "Apply the committed migrations in prisma/migrations to the database.",
  usage: "migrate",
  options: {},
  needsDatabase: true,
  appliesMigrations: true,
  async run() {
    const result = await migrateDatabase(process.env.DATABASE_URL!, { log: (line) => console.log(line) });
    console.log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`
        : `Database is up to date (${result.alreadyApplied.length} migrations applied).`,
    );
    await runArchiveBackfill();
    return 0;
  },
};
