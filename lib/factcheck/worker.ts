import "server-only";
import { parentPort } from "node:worker_threads";
import { archiveChecker, archiveStats, invalidateHouseDictionary } from "@/lib/factcheck/archive";
import { contributionAnalyser, creditTermsAnalyser } from "@/lib/factcheck/archive-contribution";
import { assessWithArchive } from "@/lib/factcheck/archive-store";
import { createRawSqlPool, type RawSql } from "@/lib/db/sql";
import { loadGrammarLinter } from "@/lib/factcheck/resources";
import type { CheckReply, CheckRequest, WorkerMessage, WorkerRequest } from "@/lib/factcheck/worker-protocol";

// A fact-check worker thread (started by lib/factcheck/pool.ts through worker-entry.mjs). It holds
// the engine — the English dictionary, the gazetteer and the grammar checker — and checks one text
// at a time, so the thread serving requests never runs the rules nor loads what they need. It
// loads what it is asked for when first asked: a process that only writes (the backfill, a rename)
// loads the speller alone; the server asks it to warm up at start.

if (!parentPort) throw new Error("lib/factcheck/worker.ts runs as a worker thread (see lib/factcheck/pool.ts).");
const port = parentPort;
const send = (message: WorkerMessage) => port.postMessage(message);
// The worker reads the archive and the house dictionary by raw SQL alone: a pg pool, not a second
// Prisma client (~60 MB a thread). Made on first use: DATABASE_URL is set before any request.
let pool: ReturnType<typeof createRawSqlPool> | null = null;
const reader = (): RawSql => (pool ??= createRawSqlPool(process.env.DATABASE_URL ?? ""));

// The grammar checker's first lint costs seconds (WASM start-up). Done once per worker, before any
// check's time limit starts: counted inside it, a slow start-up killed the worker on its first
// check, and the next worker started up again, for ever.
let grammarWarm: Promise<unknown> | null = null;
let grammarReady = false;
function warmGrammar() {
  grammarWarm ??= loadGrammarLinter()
    .then((linter) => linter.lint("A warm-up sentence."))
    .then(() => (grammarReady = true))
    .catch((error) => {
      grammarWarm = null;
      throw error;
    });
  return grammarWarm;
}

/** Names first (the dictionaries, the gazetteer, the house dictionary), then grammar, so they do not share the CPU. */
async function warm(): Promise<void> {
  await archiveChecker(reader());
  warmGrammar().catch((error) => console.error("[copydesk] fact-check: the grammar checker did not load", error));
}

/**
 * The one engine call: the checker every caller uses, `assess`ing the text against the PostgreSQL
 * archive (read ahead for this text in one query; lib/factcheck/archive-store.ts). A caller that
 * asks again (`grammarMayFollow`, the desk) gets the name findings without waiting for the grammar
 * checker to load (seconds after a start): the reply says grammar is pending.
 */
export async function runCheck(request: CheckRequest, onStart: () => void = () => {}): Promise<CheckReply> {
  // A caller that waits for grammar (the CLI) has both load at once; the desk's names come first.
  const grammarLoad = request.grammarMayFollow ? null : warmGrammar();
  grammarLoad?.catch(() => {});
  const checker = await archiveChecker(reader());
  const grammarPending = !grammarReady && request.grammarMayFollow === true;
  if (grammarPending) warmGrammar().catch(() => {});
  else await (grammarLoad ?? warmGrammar());
  onStart();
  const started = performance.now();
  const { archiveSize, ...outcome } = await assessWithArchive(checker, request.fields, request.options, { client: reader() });
  if (grammarPending) return { outcome, archiveSize, grammarPending };
  // Grammar (harper.js, loaded once per worker) after the name findings, in what is left of the
  // budget; cached per paragraph, so a long text is linted a part per check rather than overrunning
  // (an overrun stops the worker, and its archive cache with it).
  const budgetMs = request.options.budgetMs;
  const left = budgetMs === undefined ? undefined : Math.max(0, budgetMs - (performance.now() - started));
  const grammar = outcome.complete ? await checker.assessGrammar(request.fields, { ...request.options, budgetMs: left }) : { findings: [], complete: false };
  return {
    outcome: { ...outcome, findings: [...outcome.findings, ...grammar.findings], complete: outcome.complete && grammar.complete },
    archiveSize,
    grammarPending,
  };
}

/** The driver's code of a database error (Prisma wraps pg's), for the caller's error mapping. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const fields = current as { code?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof fields.kind === "string") return fields.kind;
    if (typeof fields.code === "string" && !fields.code.startsWith("P")) return fields.code;
    current = fields.meta?.driverAdapterError ?? fields.cause;
  }
  return undefined;
}

function answerOf(message: Exclude<WorkerRequest, { type: "invalidate-dictionary" }>): Promise<WorkerMessage> {
  const { id } = message;
  switch (message.type) {
    case "check":
      return runCheck(message.request, () => send({ type: "started", id })).then((reply) => ({ type: "checked", id, reply }));
    case "contribution":
      return contributionAnalyser(reader()).then((contributionOf) => {
        send({ type: "started", id });
        return { type: "contribution", id, contribution: contributionOf(message.fields) };
      });
    case "credit-terms":
      return creditTermsAnalyser(reader()).then((termsOf) => {
        send({ type: "started", id });
        return { type: "credit-terms", id, terms: message.labels.map(termsOf) };
      });
    case "warm":
      return warm().then(() => ({ type: "warm", id }));
    case "stats":
      return archiveStats(reader()).then((stats) => ({ type: "stats", id, stats }));
  }
}

port.on("message", (message: WorkerRequest) => {
  if (message.type === "invalidate-dictionary") {
    invalidateHouseDictionary();
    return;
  }
  const answer = answerOf(message);
  // The error goes back to the caller, who reports it (the CLI and the desk map database errors
  // to one line by their code, so the code travels with it).
  answer.then(send, (error: unknown) => {
    send({ type: "failed", id: message.id, message: error instanceof Error ? error.message : String(error), code: errorCode(error) });
  });
});

