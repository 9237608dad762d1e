// Loader hooks for running the TypeScript sources directly, shared by the CLI launcher
// (bin/copydesk.mjs) and the fact-check worker threads (lib/factcheck/worker-entry.mjs): loader
// hooks are per thread, so each registers them before it imports any TypeScript.
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register as registerTypeScript } from "tsx/esm/api";

/** The project's root folder (this file is in bin/). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// `server-only` guards modules from browser bundles; in a Node process or thread it has nothing to guard.
const serverOnlyHook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;

/** Registers the `server-only` stub and tsx (with the project's tsconfig) on this thread. */
export function registerTypeScriptLoader() {
  register(`data:text/javascript,${encodeURIComponent(serverOnlyHook)}`);
  registerTypeScript({ tsconfig: path.join(projectRoot, "tsconfig.json") });
}
