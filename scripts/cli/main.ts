import { parseArgs } from "node:util";
import { connectDatabase } from "@/lib/db/connect";
import { disconnectDatabase } from "@/lib/db";
import { migrateDatabase, pendingMigrations } from "@/lib/db/migrate";
import { describeCliError } from "./errors";

import { UsageError, type Command } from "./command";

// Commands are loaded when the CLI runs, not when main is imported: `start` pulls in the server
// and `check` the fact-checker, which `copydesk user add` should not pay for.
async function loadCommands(): Promise<Record<string, Command>> {
  const [{ migrateCommand }, { importCommand }, { userAddCommand, userResetPasswordCommand, userUnlockCommand }, { startCommand }, { runScriptCommand }, { checkCommand }, { scheduleListCommand, scheduleCancelCommand }] =
    await Promise.all([import("./migrate"), import("./import"), import("./user"), import("./start"), import("./run-script"), import("./check"), import("./schedule")]);
  return {
    start: startCommand,
    migrate: migrateCommand,
    import: importCommand,
    check: checkCommand,
    "user add": userAddCommand,
    "user reset-password": userResetPasswordCommand,
    "user unlock": userUnlockCommand,
    "schedule list": scheduleListCommand,
    "schedule cancel": scheduleCancelCommand,
    "run-script": runScriptCommand,
  };
}

function helpText(name: string, command: Command) {
  return `${command.summary}\n\nUsage: copydesk ${command.usage}\n`;
}

function overview(commands: Record<string, Command>) {
  const lines = Object.entries(commands)
    .filter(([name]) => name !== "run-script")
    .map(([name, command]) => `  ${name.padEnd(22)}${command.summary}`);
  return `Usage: copydesk <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun \`copydesk <command> --help\` for a command's options.\n`;
}

/** A database this command cannot use yet; the message says what to run. */
export class DatabaseNotReadyError extends Error {}

/**
 * The embedded database is Copydesk's own: it is migrated here, as `start` does, so any command
 * works on a fresh clone. A database named by DATABASE_URL is someone's server: it is only
 * checked, and a pending migration is reported with the command that applies it.
 */
async function prepareDatabase(connection: { url: string; embedded: unknown }) {
  if (connection.embedded) {
    await migrateDatabase(connection.url);
    return;
  }
  const pending = await pendingMigrations(connection.url);
  if (pending.length > 0) {
    throw new DatabaseNotReadyError(
      `The database at DATABASE_URL has ${pending.length} migration(s) not applied (${pending.at(-1)}): run \`copydesk migrate\` first.`,
    );
  }
}

export async function main(argv: string[]): Promise<number> {
  const commands = await loadCommands();
  const name = [argv.slice(0, 2).join(" "), argv[0]].find((candidate) => candidate && commands[candidate]);
  if (!name) {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      process.stdout.write(overview(commands));
      return 0;
    }
    process.stderr.write(`copydesk: unknown command "${argv.join(" ")}"\n\n${overview(commands)}`);
    return 2;
  }
  const command = commands[name];
  const rest = argv.slice(name.split(" ").length);
  if (!command.rawArgs && (rest.includes("--help") || rest.includes("-h"))) {
    process.stdout.write(helpText(name, command));
    return 0;
  }

  let parsed;
  try {
    parsed = command.rawArgs
      ? { values: {}, positionals: rest }
      : parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`copydesk ${name}: ${(error as Error).message}\n\n${helpText(name, command)}`);
    return 2;
  }

  let connection: Awaited<ReturnType<typeof connectDatabase>> | null = null;
  try {
    if (command.needsDatabase) {
      connection = await connectDatabase({ quiet: true });
      if (!command.appliesMigrations) await prepareDatabase(connection);
    }
    return await command.run(parsed as { values: Record<string, unknown>; positionals: string[] });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`copydesk ${name}: ${error.message}\n\n${helpText(name, command)}`);
      return 2;
    }
    process.stderr.write(`copydesk ${name}: ${describeCliError(error)}\n`);
    if (process.env.COPYDESK_DEBUG) console.error(error);
    return 1;
  } finally {
    if (command.needsDatabase) {
      await disconnectDatabase();
      await connection?.embedded?.stop();
    }
  }
}
