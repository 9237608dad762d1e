import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { findHarperProblems } from "@/lib/factcheck/grammar/harper";
import { loadGrammarLinter } from "@/lib/factcheck/grammar/linter";
import type { GrammarBlock, WorkerData, WorkerMessage, WorkerRequest } from "@/lib/factcheck/worker-protocol";

// The grammar worker thread (started by lib/factcheck/pool.ts through worker-entry.mjs): harper.js
// alone, no dictionaries, no gazetteer, no database. Harper's start-up (compiling and setting up
// 16 MB of WebAssembly) holds its thread for seconds; on the engine's thread it held up every check
// that arrived meanwhile (7.5 s for the first findings after a start, issue 9). Here it holds up
// only grammar: the pool checks names on the engine worker and waits for grammar only once this
// worker has said it is ready.

if (!parentPort) throw new Error("lib/factcheck/grammar-worker.ts runs as a worker thread (see lib/factcheck/pool.ts).");
const port = parentPort;
const send = (message: WorkerMessage) => port.postMessage(message);
const data = workerData as Extract<WorkerData, { role: "grammar" }>;

// Tests hold the start-up the way harper's set-up does: the thread blocked, answering nothing.
if (data.hold) Atomics.wait(new Int32Array(data.hold), 0, 0);

let ready: Promise<unknown> | null = null;
function warm() {
  ready ??= loadGrammarLinter()
    .then((linter) => linter.lint("A warm-up sentence."))
    .catch((error) => {
      ready = null;
      throw error;
    });
  return ready;
}
warm().then(
  () => send({ type: "grammar-ready" }),
  (error) => console.error("[copydesk] fact-check: the grammar checker did not load", error),
);

async function lint(id: number, blocks: GrammarBlock[], budgetMs: number | undefined) {
  await warm();
  send({ type: "started", id });
  const deadline = budgetMs === undefined ? Infinity : performance.now() + budgetMs;
  return findHarperProblems(blocks, await loadGrammarLinter(), deadline);
}

port.on("message", (message: WorkerRequest) => {
  if (message.type !== "grammar") return;
  lint(message.id, message.blocks, message.budgetMs).then(
    (reply) => send({ type: "grammar", id: message.id, reply }),
    (error: unknown) => send({ type: "failed", id: message.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
