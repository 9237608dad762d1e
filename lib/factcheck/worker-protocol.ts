import type { ArchiveStats } from "@/lib/factcheck/archive";
import type { Draft } from "@/lib/factcheck/rules/draft";
import type { ArchiveContribution, CheckField, CheckFieldKind, CheckOptions, CheckOutcome, Location } from "@/lib/factcheck/types";

// Messages between the fact-check pool (lib/factcheck/pool.ts) and its workers: the engine
// workers (worker.ts: names, spelling, places, the archive) and the grammar worker
// (grammar-worker.ts: harper.js alone). Plain data only: they cross threads by structured clone.

/** What a check may be told: everything but the ignore list, which the caller applies. */
export type WorkerCheckOptions = Omit<CheckOptions, "ignoredFingerprints">;

export type CheckRequest = {
  fields: CheckField[];
  options: WorkerCheckOptions;
  /** The caller asks again for grammar (the desk does): a check does not wait for the grammar checker to load. */
  grammarMayFollow?: boolean;
};
/**
 * `grammarPending`: the grammar checker was still loading, so the outcome has no grammar findings yet;
 * `spellingPending`: words were left without their spelling suggestion (worked out on the worker next).
 */
export type CheckReply = { outcome: CheckOutcome; archiveSize: number; grammarPending: boolean; spellingPending: boolean };

/** An engine worker's part of a check; `grammarSpans` (when asked) are where the fast rules' grammar drafts stand. */
export type EngineCheckRequest = { fields: CheckField[]; options: WorkerCheckOptions; grammarSpans: boolean };
export type EngineCheckReply = { outcome: CheckOutcome; archiveSize: number; spellingPending: boolean; grammarSpans?: Location[] };

/** A block as the grammar worker lints it: its text and where it stands. */
export type GrammarBlock = { fieldKey: string; fieldKind: CheckFieldKind; blockIndex: number; text: string };
export type GrammarReply = { drafts: Draft[]; complete: boolean };

export type WorkerRequest =
  | { type: "check"; id: number; request: EngineCheckRequest }
  | { type: "stats"; id: number }
  /** What a text contributes to the archive (a writer's, worked out before its transaction). */
  | { type: "contribution"; id: number; fields: CheckField[] }
  /** What each credit label adds to the articles showing it (a credit rename's). */
  | { type: "credit-terms"; id: number; labels: string[] }
  /** Load the engine now; answered once names can be checked. */
  | { type: "warm"; id: number }
  | { type: "invalidate-dictionary" }
  /** To the grammar worker: lint these blocks within `budgetMs`. */
  | { type: "grammar"; id: number; blocks: GrammarBlock[]; budgetMs?: number };

export type WorkerMessage =
  /** The archive is current and the engine starts on the text: the time budget runs from here. */
  | { type: "started"; id: number }
  | { type: "checked"; id: number; reply: EngineCheckReply }
  | { type: "stats"; id: number; stats: ArchiveStats }
  | { type: "contribution"; id: number; contribution: ArchiveContribution }
  | { type: "credit-terms"; id: number; terms: string[][] }
  | { type: "warm"; id: number }
  | { type: "grammar"; id: number; reply: GrammarReply }
  /** From the grammar worker, unasked: its checker has loaded (and linted once); checks may wait for it now. */
  | { type: "grammar-ready" }
  | { type: "failed"; id: number; message: string; code?: string };

/** What a grammar worker is started with (`workerData`). */
export type WorkerData = { role: "engine" } | { role: "grammar"; hold?: SharedArrayBuffer };
