import type { ArchiveStats } from "@/lib/factcheck/archive";
import type { ArchiveContribution, CheckField, CheckOptions, CheckOutcome } from "@/lib/factcheck/types";

// Messages between the fact-check pool (lib/factcheck/pool.ts) and its workers (worker.ts).
// Plain data only: they cross threads by structured clone.

/** What a check may be told: everything but the ignore list, which the caller applies. */
export type WorkerCheckOptions = Omit<CheckOptions, "ignoredFingerprints">;

export type CheckRequest = { fields: CheckField[]; options: WorkerCheckOptions };
export type CheckReply = { outcome: CheckOutcome; archiveSize: number };

export type WorkerRequest =
  | { type: "check"; id: number; request: CheckRequest }
  | { type: "stats"; id: number }
  /** What a text contributes to the archive (a writer's, worked out before its transaction). */
  | { type: "contribution"; id: number; fields: CheckField[] }
  | { type: "invalidate-dictionary" };

export type WorkerMessage =
  /** The archive is current and the engine starts on the text: the time budget runs from here. */
  | { type: "started"; id: number }
  | { type: "checked"; id: number; reply: CheckReply }
  | { type: "stats"; id: number; stats: ArchiveStats }
  | { type: "contribution"; id: number; contribution: ArchiveContribution }
  | { type: "failed"; id: number; message: string; code?: string };
