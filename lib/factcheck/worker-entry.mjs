// Entry of a fact-check worker thread (see lib/factcheck/pool.ts). Plain JavaScript, resolved on
// disk at run time, so it works the same under the CLI (tsx) and the production Next server:
// loader hooks are per thread, so it registers the TypeScript loader itself (the one
// bin/copydesk.mjs registers for the main thread) and then loads the worker's TypeScript: the
// engine (worker.ts) or the grammar checker (grammar-worker.ts), as `workerData.role` says.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";
import { projectRoot, registerTypeScriptLoader } from "../../bin/typescript-loader.mjs";

registerTypeScriptLoader();

const file = workerData?.role === "grammar" ? "grammar-worker.ts" : "worker.ts";
await import(pathToFileURL(path.join(projectRoot, "lib/factcheck", file)).href);
