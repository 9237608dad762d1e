import "server-only";
import type PgBoss from "pg-boss";
import { db } from "@/lib/db";
import { SCHEDULE_POLL_SECONDS, SCHEDULE_QUEUE, type ScheduleJobData } from "./queue";
import { runSchedule } from "./schedule";

/** The database's clock: the one pg-boss compares start times with, whatever this machine's says. */
async function databaseNow(): Promise<Date> {
  const [row] = await db.$queryRaw<Array<{ now: Date }>>`SELECT now() AS "now"`;
  return row.now;
}

/**
 * Makes this instance work the schedule queue: each job runs its schedule once it is due; a
 * failure is thrown back to pg-boss to retry, and on the last attempt reported instead.
 */
export async function startScheduleWorker(
  boss: PgBoss,
  options: { pollingIntervalSeconds?: number; now?: () => Promise<Date> } = {},
): Promise<string> {
  const now = options.now ?? databaseNow;
  return boss.work<ScheduleJobData>(
    SCHEDULE_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? SCHEDULE_POLL_SECONDS, includeMetadata: true, batchSize: 1 },
    async (jobs) => {
      for (const job of jobs) {
        const outcome = await runSchedule(job.data.scheduleId, { now: await now(), final: job.retryCount >= job.retryLimit });
        // Fired before its time by the database's clock (it cannot be, short of clock changes): try again shortly.
        if (outcome.status === "not_due") throw new Error(`Schedule ${job.data.scheduleId} is not due yet.`);
      }
    },
  );
}
