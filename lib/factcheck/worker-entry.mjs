// Entry of a fact-check worker thread (see lib/factcheck/pool.ts). Plain JavaScript, resolved on
// disk at run time, so it works the same under the CLI (tsx) and the production Next server:
// loader hooks are per thread, so it registers the TypeScript loader itself (the one
// bin/copydesk.mjs registers for the main thread) and then loads the worker's TypeScript.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot, registerTypeScriptLoader } from "../../bin/typescript-loader.mjs";

registerTypeScriptLoader();

await import(pathToFileURL(path.join(projectRoot, "lib/factcheck/worker.ts")).href);
