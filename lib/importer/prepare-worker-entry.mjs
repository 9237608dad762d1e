// Entry of the import's preparation worker thread (see lib/importer/preparer.ts). Plain
// JavaScript resolved on disk at run time, like lib/factcheck/worker-entry.mjs: loader hooks are
// per thread, so it registers the TypeScript loader itself, then loads the worker's TypeScript.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot, registerTypeScriptLoader } from "../../bin/typescript-loader.mjs";

registerTypeScriptLoader();

await import(pathToFileURL(path.join(projectRoot, "lib/importer/prepare-worker.ts")).href);
