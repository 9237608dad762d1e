import "server-only";
import { parentPort } from "node:worker_threads";
import { archiveChecker, archiveStats, invalidateHouseDictionary } from "@/lib/factcheck/archive";
import { contributionAnalyser, creditTermsAnalyser } from "@/lib/factcheck/archive-contribution";
import { assessWithArchive } from "@/lib/factcheck/archive-store";
import { databaseErrorCodes } from "@/lib/db/error-code";
import { createRawSqlPool, type RawSql } from "@/lib/db/sql";
import { loadSpeller } from "@/lib/factcheck/resources";
import type { EngineCheckReply, EngineCheckRequest, WorkerMessage, WorkerRequest } from "@/lib/factcheck/worker-protocol";

// A fact-check engine worker thread (started by lib/factcheck/pool.ts through worker-entry.mjs). It
// holds the engine — the English dictionaries and the gazetteer — and checks one text at a time,
// so the thread serving requests never runs the rules nor loads what they need. It loads what it
// is asked for when first asked: a process that only writes (the backfill, a rename) loads the
// speller alone; the server asks it to warm up at start. The grammar checker is another worker's
// (grammar-worker.ts): its start-up holds its thread for seconds.

if (!parentPort) throw new Error("lib/factcheck/worker.ts runs as a worker thread (see lib/factcheck/pool.ts).");
const port = parentPort;
const send = (message: WorkerMessage) => port.postMessage(message);
// The worker reads the archive and the house dictionary by raw SQL alone: a pg pool, not a second
// Prisma client (~60 MB a thread). Made on first use: DATABASE_URL is set before any request.
let pool: ReturnType<typeof createRawSqlPool> | null = null;
const reader = (): RawSql => (pool ??= createRawSqlPool(process.env.DATABASE_URL ?? ""));

// Checked once at warm-up: the first desk check after a start ran its rules and its archive read
// for the first time (V8 compiling them, the database connection opening: ~0.3 s more than the
// next, measured at 100,000 articles). A few sentences of the kind the desk checks, names and
// places in them; what the read puts in the archive cache is what any check may.
const WARM_UP_FIELDS = [
  { key: "headline", kind: "headline" as const, blocks: ["Minister Maria Lopez visits flooded Valencia"] },
  {
    key: "body",
    kind: "body" as const,
    blocks: [
      "The minister, Maria Lopez, said on Tuesday in Valencia that the goverment would rebuild the bridge before the winter.",
      "\u201cWe will not wait,\u201d Lopez told reporters, adding that Spain's regions had been asked to help.",
    ],
  },
  { key: "caption:warm-up", kind: "caption" as const, blocks: ["Maria Lopez at the bridge in Valencia on Tuesday."] },
  { key: "credit:warm-up", kind: "credit" as const, blocks: ["AP/Jon Smith"] },
];

/** The warm-up check's budget: past it the server answers anyway (its read goes on filling the cache). */
const WARM_UP_BUDGET_MS = 2_000;

/**
 * Loads the names engine (the dictionaries, the gazetteer, the house dictionary) and checks a few
 * sentences once, so the first check a desk user asks for runs warm; grammar has its own worker.
 */
async function warm(): Promise<void> {
  const checker = await archiveChecker(reader());
  await assessWithArchive(checker, WARM_UP_FIELDS, { budgetMs: WARM_UP_BUDGET_MS }, { client: reader() });
}

/**
 * The one engine call: the checker every caller uses, `assess`ing the text against the PostgreSQL
 * archive (read ahead for this text in one query; lib/factcheck/archive-store.ts). The grammar
 * checker runs beside it on its own worker; asked for them, the reply says where the fast rules'
 * grammar drafts stand, so the pool can leave out grammar findings that say the same.
 */
export async function runCheck(request: EngineCheckRequest, onStart: () => void = () => {}): Promise<EngineCheckReply> {
  const [checker, speller] = await Promise.all([archiveChecker(reader()), loadSpeller()]);
  onStart();
  const deferrals = speller.deferrals;
  // An identical re-check (the editor asks again while grammar or spelling is pending) is answered
  // from the last one while nothing it weighed changed; one with a suggestion deferred is not kept.
  const reuse = { keep: () => speller.deferrals === deferrals };
  const { archiveSize, ...outcome } = await assessWithArchive(checker, request.fields, request.options, { client: reader(), reuse });
  const spellingPending = speller.deferrals > deferrals;
  return { outcome, archiveSize, spellingPending, ...(request.grammarSpans && outcome.complete ? { grammarSpans: checker.fastGrammarSpans(request.fields) } : {}) };
}

// Between jobs the worker works out the spelling suggestions checks had no time for (their budget
// bounds them: a long article's unseen words cost ~10 ms each), a slice at a time: a message that
// arrives waits one slice at most, and the next check finds them ready.
const IDLE_SLICE_MS = 10;
let jobsRunning = 0;
let idleQueued = false;

function scheduleIdleWork() {
  if (idleQueued || jobsRunning > 0) return;
  idleQueued = true;
  setImmediate(() => {
    idleQueued = false;
    if (jobsRunning > 0) return;
    void loadSpeller().then((speller) => {
      if (jobsRunning > 0 || speller.deferredCount === 0) return;
      if (speller.suggestDeferred(performance.now() + IDLE_SLICE_MS) > 0) scheduleIdleWork();
    });
  });
}

/** The driver's code of a database error (a SQLSTATE, an adapter's kind, a socket's), for the caller's error mapping. */
function errorCode(error: unknown): string | undefined {
  // Prisma's own codes (P2010 "raw query failed") and the adapter's generic kind say less than what they wrap.
  return databaseErrorCodes(error).find((code) => !/^P\d{4}$/.test(code) && code !== "postgres");
}

function answerOf(message: Exclude<WorkerRequest, { type: "invalidate-dictionary" } | { type: "grammar" }>): Promise<WorkerMessage> {
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
  if (message.type === "grammar") return;
  jobsRunning++;
  const answer = answerOf(message);
  // The error goes back to the caller, who reports it (the CLI and the desk map database errors
  // to one line by their code, so the code travels with it).
  answer
    .then(send, (error: unknown) => {
      send({ type: "failed", id: message.id, message: error instanceof Error ? error.message : String(error), code: errorCode(error) });
    })
    .finally(() => {
      jobsRunning--;
      if (message.type === "check") scheduleIdleWork();
    });
});

