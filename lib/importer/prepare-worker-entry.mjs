// Entry of the import's preparation worker thread (see lib/importer/preparer.ts). Plain
// JavaScript resolved on disk at run time, like lib/factcheck/worker-entry.mjs: it loads the
// worker's program, compiled or from the TypeScript, as its process runs.
import { importWorkerProgram } from "../../bin/typescript-loader.mjs";

await importWorkerProgram("prepare-worker", "lib/importer/prepare-worker.ts");
