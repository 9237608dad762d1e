import "server-only";
import PgBoss from "pg-boss";

// The job queue: pg-boss on the application's PostgreSQL (its own "pgboss" schema, which
// pg-boss creates and migrates itself on start). One queue holds the scheduled publishes and
// unpublishes; the article schedule row is the truth, the job is the alarm clock.

export const SCHEDULE_QUEUE = "article-schedule";
/** How often an idle worker asks for due jobs: the main part of "time → visible" latency. */
export const SCHEDULE_POLL_SECONDS = 0.5;
/** A failed run is retried this many times (with backoff from RETRY_DELAY_SECONDS), then reported. */
export const SCHEDULE_RETRY_LIMIT = 3;
export const SCHEDULE_RETRY_DELAY_SECONDS = 5;

export interface ScheduleJobData {
  scheduleId: string;
}

export type ScheduleJob = PgBoss.JobWithMetadata<ScheduleJobData>;

// One instance per process, shared by the server (which starts it) and the Next bundle's
// actions (which send through it): both run in the same process but load modules separately.
const holder = globalThis as unknown as { copydeskJobQueue?: Promise<PgBoss> };

function createBoss(databaseUrl: string, worker: boolean): PgBoss {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: "copydesk-jobs",
    max: worker ? 4 : 2,
    // Only a worker process maintains the queue (expiry, archiving); pg-boss elects one.
    supervise: worker,
    schedule: false,
    migrate: true,
  });
  boss.on("error", (error) => console.error("[copydesk] job queue error", error));
  return boss;
}

/** A started pg-boss instance with the schedule queue created. The caller stops it. */
export async function createJobQueue(databaseUrl: string, options: { worker?: boolean } = {}): Promise<PgBoss> {
  const worker = options.worker ?? false;
  const boss = createBoss(databaseUrl, worker);
  await boss.start();
  // createQueue is idempotent in pg-boss 10 (it returns when the queue exists).
  await boss.createQueue(SCHEDULE_QUEUE, {
    name: SCHEDULE_QUEUE,
    retryLimit: SCHEDULE_RETRY_LIMIT,
    retryDelay: SCHEDULE_RETRY_DELAY_SECONDS,
    retryBackoff: true,
  });
  return boss;
}

/**
 * This process's shared queue (the server starts it with `worker: true` before serving; actions
 * then send through it). Idempotent. Elsewhere it only sends jobs (the CLI, tests).
 */
export function startJobQueue(options: { databaseUrl?: string; worker?: boolean } = {}): Promise<PgBoss> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: the job queue needs the application's PostgreSQL.");
  holder.copydeskJobQueue ??= createJobQueue(databaseUrl, { worker: options.worker }).catch((error) => {
    holder.copydeskJobQueue = undefined;
    throw error;
  });
  return holder.copydeskJobQueue;
}

/** The running queue, started on first use in processes that did not start one. */
export function jobQueue(): Promise<PgBoss> {
  return startJobQueue();
}

export async function stopJobQueue(): Promise<void> {
  const running = holder.copydeskJobQueue;
  holder.copydeskJobQueue = undefined;
  if (running) await (await running).stop({ graceful: true, timeout: 5_000 });
}

/** pg-boss's `db` option over a Prisma transaction: the job row commits (or not) with the schedule. */
export function transactionExecutor(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows };
    },
  };
}
