import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "@/lib/project-root";
import { UsageError, type Command } from "./command";

// Internal: runs a project script (the benchmarks) with the CLI's TypeScript loader.
export const runScriptCommand: Command = {
  summary: "Run a project TypeScript script (used by the npm bench scripts).",
  usage: "run-script <file.ts> [args…]",
  options: {},
  needsDatabase: false,
  rawArgs: true,
  async run({ positionals }) {
    const [file, ...args] = positionals;
    if (!file) throw new UsageError("name the script to run.");
    process.argv = [process.argv[0], file, ...args];
    const script = await import(pathToFileURL(path.resolve(projectRoot(), file)).href);
    return typeof script.default === "function" ? ((await script.default(args)) ?? 0) : 0;
  },
};
