// Loader hooks for running the TypeScript sources directly, shared by the CLI launcher
// (bin/copydesk.mjs, for `run-script`) and the worker threads' entries (lib/factcheck/worker-entry.mjs,
// lib/importer/prepare-worker-entry.mjs) when their process runs the sources (tests, scripts):
// loader hooks are per thread, so each registers them before it imports any TypeScript.
// A process running the compiled code (bin/compile.mjs) never loads tsx.
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project's root folder (this file is in bin/). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// `server-only` guards modules from browser bundles; in a Node process or thread it has nothing to guard.
const serverOnlyHook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;

/** Set in a process that runs the compiled code: its folder, where the worker entries find their programs. */
export const COMPILED_DIR_VARIABLE = "COPYDESK_COMPILED_DIR";

/** Registers the `server-only` stub and tsx (with the project's tsconfig) on this thread. */
export async function registerTypeScriptLoader() {
  const { register: registerTypeScript } = await import("tsx/esm/api");
  register(`data:text/javascript,${encodeURIComponent(serverOnlyHook)}`);
  registerTypeScript({ tsconfig: path.join(projectRoot, "tsconfig.json") });
}

/**
 * Imports a worker thread's program: compiled (`compiledName` in the folder the process's launcher
 * compiled, see bin/compile.mjs) when the process runs compiled, else `source` through tsx.
 */
export async function importWorkerProgram(compiledName, source) {
  const compiled = process.env[COMPILED_DIR_VARIABLE];
  if (compiled) return import(pathToFileURL(path.join(compiled, `${compiledName}.mjs`)).href);
  await registerTypeScriptLoader();
  return import(pathToFileURL(path.join(projectRoot, source)).href);
}
