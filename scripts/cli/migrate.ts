import { migrateDatabase } from "@/lib/db/migrate";
import type { Command } from "./command";

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
    return 0;
  },
};
