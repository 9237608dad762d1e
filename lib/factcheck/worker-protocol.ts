import type { ArchiveStats } from "@/lib/factcheck/archive";
import type { ArchiveContribution, CheckField, CheckOptions, CheckOutcome } from "@/lib/factcheck/types";

// Messages between the fact-check pool (lib/factcheck/pool.ts) and its workers (worker.ts).
// Plain data only: they cross threads by structured clone.

/** What a check may be told: everything but the ignore list, which the caller applies. */
export type WorkerCheckOptions = Omit<CheckOptions, "ignoredFingerprints">;

export type CheckRequest = {
  fields: CheckField[];
  options: WorkerCheckOptions;
  /** The caller asks again for grammar (the desk does): a check does not wait for the grammar checker to load. */
  grammarMayFollow?: boolean;
};
/** `grammarPending`: the grammar checker was still loading, so the outcome has no grammar findings yet. */
export type CheckReply = { outcome: CheckOutcome; archiveSize: number; grammarPending: boolean };

export type WorkerRequest =
  | { type: "check"; id: number; request: CheckRequest }
  | { type: "stats"; id: number }
  /** What a text contributes to the archive (a writer's, worked out before its transaction). */
  | { type: "contribution"; id: number; fields: CheckField[] }
  /** What each credit label adds to the articles showing it (a credit rename's). */
  | { type: "credit-terms"; id: number; labels: string[] }
  /** Load the engine now; answered once names can be checked (grammar goes on loading). */
  | { type: "warm"; id: number }
  | { type: "invalidate-dictionary" };

export type WorkerMessage =
  /** The archive is current and the engine starts on the text: the time budget runs from here. */
  | { type: "started"; id: number }
  | { type: "checked"; id: number; reply: CheckReply }
  | { type: "stats"; id: number; stats: ArchiveStats }
  | { type: "contribution"; id: number; contribution: ArchiveContribution }
  | { type: "credit-terms"; id: number; terms: string[][] }
  | { type: "warm"; id: number }
  | { type: "failed"; id: number; message: string; code?: string };
