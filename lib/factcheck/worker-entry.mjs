// Entry of a fact-check worker thread (see lib/factcheck/pool.ts). Plain JavaScript, resolved on
// disk at run time, so it works the same under the CLI (tsx) and the production Next server:
// loader hooks are per thread, so it registers the TypeScript loader itself (as bin/copydesk.mjs
// does for the main thread) and then loads the worker's TypeScript.
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register as registerTypeScript } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// `server-only` guards modules from browser bundles; a worker thread has nothing to guard.
const serverOnlyHook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(serverOnlyHook)}`);
registerTypeScript({ tsconfig: path.join(root, "tsconfig.json") });

await import(pathToFileURL(path.join(root, "lib/factcheck/worker.ts")).href);
