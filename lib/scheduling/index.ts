import "server-only";

// Timed publishing on the pg-boss job queue.
export * from "./schemas";
export * from "./time-zone";
export { createJobQueue, jobQueue, startJobQueue, stopJobQueue, SCHEDULE_QUEUE } from "./queue";
export {
  cancelSchedule,
  listPendingSchedules,
  resolveScheduleTime,
  runDueSchedules,
  runSchedule,
  scheduleArticle,
  LATE_AFTER_MS,
  type ScheduleRunOutcome,
  type ScheduleView,
} from "./schedule";
export { startScheduleWorker } from "./worker";
