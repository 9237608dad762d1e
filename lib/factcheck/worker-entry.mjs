// Entry of a fact-check worker thread (see lib/factcheck/pool.ts). Plain JavaScript, resolved on
// disk at run time, so it works the same under the CLI, the production Next server and the tests:
// it loads the worker's program, the engine (worker.ts) or the grammar checker (grammar-worker.ts)
// as `workerData.role` says, compiled when its process runs compiled (bin/compile.mjs), else from
// the TypeScript through tsx (loader hooks are per thread, so it registers them itself).
import { workerData } from "node:worker_threads";
import { importWorkerProgram } from "../../bin/typescript-loader.mjs";

if (workerData?.role === "grammar") await importWorkerProgram("grammar-worker", "lib/factcheck/grammar-worker.ts");
else await importWorkerProgram("factcheck-worker", "lib/factcheck/worker.ts");
