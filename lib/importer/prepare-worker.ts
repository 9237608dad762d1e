import "server-only";
import { parentPort, workerData } from "node:worker_threads";
import { archiveContributionOf } from "@/lib/factcheck/fact-checker";
import { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import type { HouseEntry } from "@/lib/factcheck/types";
import { loadSpeller } from "@/lib/factcheck/resources";
import { checkFieldsOf, prepareFile, type Prepared } from "./prepare";

// The import's preparation thread (started by preparer.ts): reads, parses and checks a batch of
// files and works out each document's archive contribution, while the importer's thread writes
// the batch before it. The house dictionary is the one the importer read when it started.

export interface PrepareWorkerData {
  repeatedNames: Map<string, string>;
  /** The house dictionary's entries; null when nothing will be written (a dry run). */
  dictionary: HouseEntry[] | null;
}

export type PrepareRequest = { id: number; files: string[] };
export type PrepareReply = { id: number; prepared: Prepared[] } | { id: number; error: string };

if (!parentPort) throw new Error("lib/importer/prepare-worker.ts runs as a worker thread (see lib/importer/preparer.ts).");
const port = parentPort;
const { repeatedNames, dictionary: entries } = workerData as PrepareWorkerData;
const analyser = entries
  ? loadSpeller().then((speller) => {
      const dictionary = new HouseDictionary(entries);
      return (prepared: Prepared) => {
        if (prepared.ok) prepared.document.contribution = archiveContributionOf(checkFieldsOf(prepared.document.content), speller, dictionary);
      };
    })
  : Promise.resolve(() => {});

port.on("message", ({ id, files }: PrepareRequest) => {
  analyser
    .then((analyse) =>
      files.map((file) => {
        const prepared = prepareFile(file, repeatedNames);
        analyse(prepared);
        return prepared;
      }),
    )
    .then(
      (prepared) => port.postMessage({ id, prepared } satisfies PrepareReply),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies PrepareReply),
    );
});
