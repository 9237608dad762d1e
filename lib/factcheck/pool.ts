import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { ArchiveStats } from "@/lib/factcheck/archive";
import { projectPath } from "@/lib/project-root";
import type { ArchiveContribution, CheckField } from "@/lib/factcheck/types";
import { grammarFindings } from "@/lib/factcheck/ranking";
import type { CheckReply, CheckRequest, EngineCheckReply, GrammarBlock, GrammarReply, WorkerData, WorkerMessage, WorkerRequest } from "@/lib/factcheck/worker-protocol";

// The fact-check runs in a small pool of worker threads: its cost grows with the text, and the
// thread that serves requests must stay free while it runs. One pool per process (the desk's Next
// server, a CLI command, a test run), made on first use and kept on globalThis so every copy of
// this module (Next bundles one per route) shares it.
//
// Two kinds of worker: engine workers (worker.ts: the names, spelling and place rules, with the
// dictionaries and the gazetteer) and one grammar worker (grammar-worker.ts: harper.js alone, ~2 s
// of start-up during which its thread answers nothing). A check goes to both at once and the pool
// joins the answers; until the grammar worker says it is ready, a caller that will ask again (the
// desk) gets the names alone, so a grammar start-up never delays name findings. The grammar worker
// starts with the first check that needs it (or the server's warm-up): a process that only writes
// never starts it. It stops when it has had nothing to do for a while (grammarIdleMs): harper's
// WebAssembly memory (~165 MB resident after its set-up, never given back while it runs) goes with
// it, so a server nobody checks with does not hold it; the next check starts it again and, meanwhile,
// says grammar is pending, as after a start.
//
// Each check has a time budget: the engine stops starting rules when it is spent and returns what
// it found, marked incomplete. A worker that overruns the budget by HARD_LIMIT_GRACE_MS anyway (a
// rule stuck on some input) is terminated and replaced, and that check comes back empty and
// incomplete: the desk never waits on it longer than that.

/** How far past its budget a check may run before its worker is terminated. */
export const HARD_LIMIT_GRACE_MS = 2_000;
/** An archive contribution that takes longer than this (a worker stuck) stops its worker. */
const CONTRIBUTION_LIMIT_MS = 10_000;
/** How long a desk check's names wait for grammar once they are ready: a re-check's lints are cached (~20 ms). */
const GRAMMAR_JOIN_MS = 100;
/** Checks waiting for a worker at most; beyond that callers are told to try again (urgent work is not bounded: a writer waits for it). */
const MAX_QUEUED = 64;

/** The check ran out of time and its worker was stopped: nothing came back. */
export class FactcheckTimeoutError extends Error {
  constructor() {
    super("The fact-check took too long and was stopped.");
    this.name = "FactcheckTimeoutError";
  }
}

/**
 * True for a FactcheckTimeoutError from any copy of this module: the server starts the pool
 * (server/main.ts) and Next's bundle has its own copy of the class, so `instanceof` fails there.
 */
export function isFactcheckTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "FactcheckTimeoutError";
}

/** Too many checks are waiting already. */
export class FactcheckBusyError extends Error {
  constructor() {
    super("The fact-check is busy; try again in a moment.");
    this.name = "FactcheckBusyError";
  }
}

type Role = WorkerData["role"];

type Job = {
  role: Role;
  message: (id: number) => WorkerRequest;
  /** The hard limit, armed when the worker starts on the text (archive loading does not count). */
  limitMs?: number;
  /** Short work a writer waits for (an archive contribution): goes ahead of waiting checks. */
  urgent?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
};

type Slot = {
  role: Role;
  worker: Worker;
  job: (Job & { id: number; timer?: NodeJS.Timeout }) | null;
  stopping: boolean;
  ready: boolean;
  /** The grammar worker's idle timer: it stops when this fires. */
  idle?: NodeJS.Timeout;
};

// Set by a test (holdGrammarLoadForTests): the next grammar worker blocks at start until released.
let grammarHold: SharedArrayBuffer | undefined;

/** How long the grammar worker waits for work before it stops: `COPYDESK_GRAMMAR_IDLE_MS`, else 10 minutes. */
export function grammarIdleMs(): number {
  const configured = process.env.COPYDESK_GRAMMAR_IDLE_MS;
  if (configured && Number.isFinite(Number(configured)) && Number(configured) >= 0) return Number(configured);
  return 10 * 60_000;
}

/** Engine workers in the pool: `COPYDESK_FACTCHECK_WORKERS`, else 1 (each holds its own dictionaries); grammar has one more. */
export function poolSize(): number {
  const configured = Number(process.env.COPYDESK_FACTCHECK_WORKERS);
  if (Number.isInteger(configured) && configured > 0) return Math.min(configured, os.availableParallelism());
  return 1;
}

class FactcheckPool {
  private readonly slots: Slot[] = [];
  private grammar: Slot | null = null;
  private readonly queues: Record<Role, Job[]> = { engine: [], grammar: [] };
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn("engine"));
  }

  private spawn(role: Role): Slot {
    const workerData: WorkerData = role === "grammar" ? { role, hold: grammarHold } : { role };
    if (role === "grammar") grammarHold = undefined;
    const worker = new Worker(projectPath("lib", "factcheck", "worker-entry.mjs"), { name: `copydesk-factcheck-${role}`, workerData });
    const slot: Slot = { role, worker, job: null, stopping: false, ready: false };
    // An idle worker does not keep a CLI command or a test run alive.
    worker.unref();
    worker.on("message", (message: WorkerMessage) => this.receive(slot, message));
    worker.on("error", (error) => console.error(`[copydesk] fact-check ${role} worker failed:`, error));
    worker.on("exit", (code) => this.exited(slot, code));
    return slot;
  }

  /** The grammar worker, started on first use. */
  private grammarSlot(): Slot {
    return (this.grammar ??= this.spawn("grammar"));
  }

  private receive(slot: Slot, message: WorkerMessage) {
    if (message.type === "grammar-ready") {
      slot.ready = true;
      this.idleUnlessBusy(slot);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (message.type === "started") {
      if (job.limitMs !== undefined) job.timer = setTimeout(() => void this.stop(slot), job.limitMs);
      return;
    }
    this.finish(slot);
    if (message.type === "failed") job.reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
    else if (message.type === "checked") job.resolve(message.reply);
    else if (message.type === "grammar") job.resolve(message.reply);
    else if (message.type === "contribution") job.resolve(message.contribution);
    else if (message.type === "credit-terms") job.resolve(message.terms);
    else if (message.type === "warm") job.resolve(undefined);
    else job.resolve(message.stats);
  }

  /** The slot's job is over (answered or not): free the worker for the next one. */
  private finish(slot: Slot) {
    if (slot.job?.timer) clearTimeout(slot.job.timer);
    slot.job = null;
    slot.worker.unref();
    this.dispatch();
    this.idleUnlessBusy(slot);
  }

  /** A grammar worker with no work starts its idle timer (see grammarIdleMs). */
  private idleUnlessBusy(slot: Slot) {
    if (slot.role !== "grammar" || slot.job || this.grammar !== slot) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (slot.job || this.grammar !== slot || this.queues.grammar.length > 0) return;
      // Out of the pool first: its exit is not a failure to replace, and the next grammar job starts a new one.
      this.grammar = null;
      slot.stopping = true;
      void slot.worker.terminate();
    }, grammarIdleMs());
    slot.idle.unref();
  }

  private async stop(slot: Slot) {
    const job = slot.job;
    if (!job) return;
    console.error(`[copydesk] fact-check overran its time budget; restarting its ${slot.role} worker.`);
    slot.job = null;
    slot.stopping = true;
    job.reject(new FactcheckTimeoutError());
    await slot.worker.terminate();
  }

  private exited(slot: Slot, code: number) {
    const job = slot.job;
    slot.job = null;
    if (job) {
      if (job.timer) clearTimeout(job.timer);
      job.reject(new Error(`The fact-check worker stopped (exit code ${code}).`));
    }
    if (slot.role === "grammar") {
      if (this.grammar !== slot) return;
      this.grammar = null;
      // Grammar checks waiting go to the next grammar worker, started for them.
      if (!this.closed && this.queues.grammar.length > 0) this.grammarSlot();
      this.dispatch();
      return;
    }
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    if (this.closed) {
      this.slots.splice(index, 1);
      return;
    }
    this.slots[index] = this.spawn("engine");
    this.dispatch();
  }

  private dispatch() {
    for (const slot of this.grammar ? [...this.slots, this.grammar] : this.slots) {
      const queue = this.queues[slot.role];
      if (queue.length === 0) continue;
      if (slot.job || slot.stopping) continue;
      const job = queue.shift()!;
      const id = this.nextId++;
      clearTimeout(slot.idle);
      slot.job = { ...job, id };
      slot.worker.ref();
      slot.worker.postMessage(job.message(id));
    }
  }

  private enqueue<T>(role: Role, message: (id: number) => WorkerRequest, limitMs?: number, urgent = false): Promise<T> {
    if (this.closed) return Promise.reject(new Error("The fact-check pool is closed."));
    const queue = this.queues[role];
    if (!urgent && queue.length >= MAX_QUEUED) return Promise.reject(new FactcheckBusyError());
    if (role === "grammar") this.grammarSlot();
    return new Promise<T>((resolve, reject) => {
      const job: Job = { role, message, limitMs, urgent, resolve: resolve as (value: unknown) => void, reject };
      const firstNotUrgent = urgent ? queue.findIndex((waiting) => !waiting.urgent) : -1;
      if (firstNotUrgent === -1) queue.push(job);
      else queue.splice(firstNotUrgent, 0, job);
      this.dispatch();
    });
  }

  /**
   * Names on an engine worker and grammar on the grammar worker, at once; the grammar findings
   * joined to the names' as one check always gave them (those the fast rules already make left
   * out, ranked the same way). Grammar is left out, and said to be pending, when the caller will
   * ask again and the grammar worker is not ready; it does not count when the names were cut short.
   */
  async check(request: CheckRequest): Promise<CheckReply> {
    const budget = request.options.budgetMs;
    const limit = budget === undefined ? undefined : budget + HARD_LIMIT_GRACE_MS;
    // A caller that asks again does not queue grammar behind grammar: while the grammar worker is
    // busy (a long article's first lint takes seconds) its checks say grammar is pending.
    const grammarBusy = (this.grammar?.job ?? null) !== null || this.queues.grammar.length > 0;
    const grammarPending = request.grammarMayFollow === true && (!this.grammar?.ready || grammarBusy);
    if (grammarPending) this.grammarSlot();
    const grammar = grammarPending
      ? null
      : this.enqueue<GrammarReply>("grammar", (id) => ({ type: "grammar", id, blocks: grammarBlocks(request.fields), budgetMs: budget }), limit);
    // Settled below, or left to run (its lints are cached for the next check) when the names fail.
    grammar?.catch(() => {});
    const names = await this.enqueue<EngineCheckReply>(
      "engine",
      (id) => ({ type: "check", id, request: { fields: request.fields, options: request.options, grammarSpans: grammar !== null } }),
      limit,
    );
    const { outcome, archiveSize, spellingPending } = names;
    if (!grammar || !outcome.complete || !names.grammarSpans) return { outcome, archiveSize, grammarPending, spellingPending };
    // The names are not held up for long by grammar still linting (its lints are cached for the
    // next check, which the caller asks for when told grammar is pending).
    if (request.grammarMayFollow === true) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), GRAMMAR_JOIN_MS)));
      const first = await Promise.race([grammar.then(() => "done" as const, () => "done" as const), late]);
      clearTimeout(timer);
      if (first === "late") return { outcome, archiveSize, grammarPending: true, spellingPending };
    }
    const linted = await grammar.catch((error: unknown): GrammarReply => {
      // The names stand without grammar: the check is marked incomplete rather than failed.
      if (!isFactcheckTimeout(error)) console.error("[copydesk] fact-check: the grammar check failed", error);
      return { drafts: [], complete: false };
    });
    const findings = grammarFindings(linted.drafts, names.grammarSpans, request.fields, request.options);
    return { outcome: { ...outcome, findings: [...outcome.findings, ...findings], complete: linted.complete }, archiveSize, grammarPending, spellingPending };
  }

  /** Tens of milliseconds per thousand words: ahead of the checks, under a hard limit all the same. */
  contribution(fields: CheckField[]): Promise<ArchiveContribution> {
    return this.enqueue("engine", (id) => ({ type: "contribution", id, fields }), CONTRIBUTION_LIMIT_MS, true);
  }

  /** What each credit label adds to the articles showing it (`creditArchiveTerms`), on a worker. */
  creditTerms(labels: string[]): Promise<string[][]> {
    return this.enqueue("engine", (id) => ({ type: "credit-terms", id, labels }), CONTRIBUTION_LIMIT_MS, true);
  }

  /** Every engine worker loads its engine now and the grammar worker starts; resolves once names can be checked. */
  warm(): Promise<void> {
    this.grammarSlot();
    return Promise.all(this.slots.map(() => this.enqueue<void>("engine", (id) => ({ type: "warm", id })))).then(() => {});
  }

  grammarRunning(): boolean {
    return this.grammar !== null;
  }

  /** Each engine worker's archive counts (for tests and benchmarks). */
  stats(): Promise<ArchiveStats[]> {
    return Promise.all(this.slots.map(() => this.enqueue<ArchiveStats>("engine", (id) => ({ type: "stats", id }))));
  }

  broadcast(message: WorkerRequest) {
    for (const slot of this.slots) slot.worker.postMessage(message);
  }

  async close() {
    this.closed = true;
    for (const job of [...this.queues.engine.splice(0), ...this.queues.grammar.splice(0)]) job.reject(new Error("The fact-check pool is closed."));
    const grammar = this.grammar;
    this.grammar = null;
    clearTimeout(grammar?.idle);
    await Promise.all([...this.slots, ...(grammar ? [grammar] : [])].map((slot) => slot.worker.terminate()));
  }
}

/** Every block of the fields, as the grammar worker lints them (their indices are the fields' own). */
function grammarBlocks(fields: CheckField[]): GrammarBlock[] {
  return fields.flatMap((field) => field.blocks.map((text, blockIndex) => ({ fieldKey: field.key, fieldKind: field.kind, blockIndex, text })));
}

const holderKey = Symbol.for("copydesk.factcheck.pool");
const holder = globalThis as unknown as Record<symbol, FactcheckPool | undefined>;

function pool(): FactcheckPool {
  return (holder[holderKey] ??= new FactcheckPool(poolSize()));
}

/**
 * Starts the workers now and has them load the engine (the server does at start, so the first
 * check finds them warm); resolves once they can check names, while grammar goes on loading.
 */
export function startFactcheckPool(): Promise<void> {
  return pool().warm();
}

/** Runs one check on a worker; rejects with FactcheckTimeoutError if it overran its budget. */
export function checkInWorker(request: CheckRequest): Promise<CheckReply> {
  return pool().check(request);
}

/**
 * What a text contributes to the fact-check's archive, worked out on a worker: the analysis costs
 * tens of milliseconds per article and needs the speller (~40 MB, seconds to load), neither of
 * which belongs on the thread that serves requests and live sessions. Every writer asks here
 * (saves, restores, the backfill, credit renames), so a process that writes never loads the
 * speller itself.
 */
export function archiveContributionInWorker(fields: CheckField[]): Promise<ArchiveContribution> {
  return pool().contribution(fields);
}

/** `creditArchiveTerms` of each label, worked out on a worker (see archiveContributionInWorker). */
export function creditTermsInWorker(labels: string[]): Promise<string[][]> {
  return pool().creditTerms(labels);
}

export function factcheckPoolStats(): Promise<ArchiveStats[]> {
  return pool().stats();
}

/** Whether the grammar worker is running now (for tests and benchmarks); asking starts nothing. */
export function grammarWorkerRunning(): boolean {
  return holder[holderKey]?.grammarRunning() ?? false;
}

/** The house dictionary changed in this process: workers reload it before their next check. */
export function invalidateHouseDictionary(): void {
  holder[holderKey]?.broadcast({ type: "invalidate-dictionary" });
}

/**
 * For tests: the next grammar worker started blocks its thread at start, as harper's set-up does,
 * until the returned function is called.
 */
export function holdGrammarLoadForTests(): () => void {
  const hold = new SharedArrayBuffer(4);
  grammarHold = hold;
  return () => {
    const flag = new Int32Array(hold);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
}

/** Stops the workers; the next check starts new ones (tests use it to start from scratch). */
export async function closeFactcheckPool(): Promise<void> {
  const current = holder[holderKey];
  holder[holderKey] = undefined;
  await current?.close();
}
