import "server-only";
import { Worker } from "node:worker_threads";
import type { HouseEntry } from "@/lib/factcheck/types";
import { projectPath } from "@/lib/project-root";
import { prepareFile, type Prepared } from "./prepare";
import type { PrepareReply, PrepareRequest, PrepareWorkerData } from "./prepare-worker";

// Where an import's batches are read, parsed and analysed. A large import does it in a worker
// thread (prepare-worker.ts), so that on a machine with two cores one parses and analyses the next
// batch while the other runs the importer's writes and PostgreSQL; a small one (a few files from
// the desk or a test) does it in its own thread and starts no worker (the worker loads the
// speller, ~40 MB, and costs a start-up).

export interface Preparer {
  /** The batch's files prepared, in order. Batches are prepared one after another, in the order asked. */
  prepare(files: string[]): Promise<Prepared[]>;
  close(): Promise<void>;
}

export function inThreadPreparer(repeatedNames: ReadonlyMap<string, string>): Preparer {
  return {
    async prepare(files) {
      // Let the batches being written send their statements first, then read and parse.
      await new Promise((resolve) => setImmediate(resolve));
      return files.map((file) => prepareFile(file, repeatedNames));
    },
    async close() {},
  };
}

/**
 * A worker thread that also works out each document's archive contribution with `dictionary` (the
 * house dictionary read when the import started; null for a dry run, which stores none).
 */
export function workerPreparer(repeatedNames: Map<string, string>, dictionary: HouseEntry[] | null): Preparer {
  const workerData: PrepareWorkerData = { repeatedNames, dictionary };
  const worker = new Worker(projectPath("lib", "importer", "prepare-worker-entry.mjs"), { name: "copydesk-import", workerData });
  const pending = new Map<number, { resolve: (prepared: Prepared[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on("message", (reply: PrepareReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ("error" in reply) waiting.reject(new Error(`the import's preparation failed: ${reply.error}`));
    else waiting.resolve(reply.prepared);
  });
  worker.on("error", (error) => failAll(new Error(`the import's preparation thread failed: ${error.message}`)));
  worker.on("exit", (code) => failAll(new Error(`the import's preparation thread stopped (exit code ${code})`)));
  return {
    prepare(files) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, files } satisfies PrepareRequest);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
