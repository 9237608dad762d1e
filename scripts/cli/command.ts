import type { ParseArgsConfig } from "node:util";

// The shape every CLI command has, apart from main.ts so the commands never import the CLI's
// entry point (and main.ts can import them without a cycle).

/** Thrown for wrong command-line usage: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /**
   * Commands that run against the database get it connected (embedded or DATABASE_URL) and
   * migrated first (main.ts, `prepareDatabase`).
   */
  needsDatabase: boolean;
  /** The command applies the migrations itself and reports them (migrate, start). */
  appliesMigrations?: boolean;
  /** Pass the arguments through unparsed (run-script hands them to the script). */
  rawArgs?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}
