import "server-only";
import { parentPort } from "node:worker_threads";
import { archiveChecker, archiveStats, invalidateHouseDictionary } from "@/lib/factcheck/archive";
import { contributionAnalyser } from "@/lib/factcheck/archive-contribution";
import { assessWithArchive } from "@/lib/factcheck/archive-store";
import { db } from "@/lib/db";
import { loadGrammarLinter } from "@/lib/factcheck/resources";
import type { CheckReply, CheckRequest, WorkerMessage, WorkerRequest } from "@/lib/factcheck/worker-protocol";

// A fact-check worker thread (started by lib/factcheck/pool.ts through worker-entry.mjs). It holds
// the engine — the English dictionary and the archive — and checks one text at a time, so the
// thread serving requests never runs the rules.

if (!parentPort) throw new Error("lib/factcheck/worker.ts runs as a worker thread (see lib/factcheck/pool.ts).");
const port = parentPort;
const send = (message: WorkerMessage) => port.postMessage(message);

// The grammar checker's first lint costs seconds (WASM start-up). Done once per worker, before any
// check's time limit starts: counted inside it, a slow start-up killed the worker on its first
// check, and the next worker started up again, for ever.
let grammarWarm: Promise<unknown> | null = null;
function warmGrammar() {
  grammarWarm ??= loadGrammarLinter()
    .then((linter) => linter.lint("A warm-up sentence."))
    .catch((error) => {
      grammarWarm = null;
      throw error;
    });
  return grammarWarm;
}

/**
 * The one engine call: the checker every caller uses, `assess`ing the text against the PostgreSQL
 * archive (read ahead for this text in one query; lib/factcheck/archive-store.ts).
 */
export async function runCheck(request: CheckRequest, onStart: () => void = () => {}): Promise<CheckReply> {
  const checker = await archiveChecker();
  await warmGrammar();
  onStart();
  const started = performance.now();
  const { archiveSize, ...outcome } = await assessWithArchive(checker, request.fields, request.options);
  // Grammar (harper.js, loaded once per worker) after the name findings, in what is left of the
  // budget; cached per paragraph, so a long text is linted a part per check rather than overrunning
  // (an overrun stops the worker, and its archive cache with it).
  const budgetMs = request.options.budgetMs;
  const left = budgetMs === undefined ? undefined : Math.max(0, budgetMs - (performance.now() - started));
  const grammar = outcome.complete ? await checker.assessGrammar(request.fields, { ...request.options, budgetMs: left }) : { findings: [], complete: false };
  return { outcome: { ...outcome, findings: [...outcome.findings, ...grammar.findings], complete: outcome.complete && grammar.complete }, archiveSize };
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

port.on("message", (message: WorkerRequest) => {
  if (message.type === "invalidate-dictionary") {
    invalidateHouseDictionary();
    return;
  }
  const answer =
    message.type === "check"
      ? runCheck(message.request, () => send({ type: "started", id: message.id })).then((reply): WorkerMessage => ({ type: "checked", id: message.id, reply }))
      : message.type === "contribution"
        ? contributionAnalyser(db).then((contributionOf): WorkerMessage => {
            send({ type: "started", id: message.id });
            return { type: "contribution", id: message.id, contribution: contributionOf(message.fields) };
          })
        : archiveStats().then((stats): WorkerMessage => ({ type: "stats", id: message.id, stats }));
  // The error goes back to the caller, who reports it (the CLI and the desk map database errors
  // to one line by their code, so the code travels with it).
  answer.then(send, (error: unknown) => {
    send({ type: "failed", id: message.id, message: error instanceof Error ? error.message : String(error), code: errorCode(error) });
  });
});

// Load the dictionaries now, so the first check does not wait for them (the archive is read per
// check: nothing to build). A failure (database not reachable yet) is retried by the first check.
archiveChecker().catch(() => {});
warmGrammar().catch(() => {});
