import { db } from "@/lib/db";
import { cancelSchedule, formatInZone, listPendingSchedules, newsroomTimeZone, SCHEDULE_ACTIONS, type ScheduleActionName } from "@/lib/scheduling";
import { UsageError, type Command } from "./command";

export const scheduleListCommand: Command = {
  summary: "List scheduled publications and unpublications, soonest first.",
  usage: "schedule list",
  options: {},
  needsDatabase: true,
  async run() {
    const schedules = await listPendingSchedules();
    const timeZone = newsroomTimeZone();
    if (schedules.length === 0) {
      console.log("Nothing is scheduled.");
      return 0;
    }
    for (const schedule of schedules) {
      const kind = schedule.kind ? ` (${schedule.kind})` : "";
      console.log(`${schedule.runAt}  ${formatInZone(schedule.runAt, timeZone).padEnd(30)}${schedule.action.padEnd(10)}${schedule.slug}${kind}${schedule.createdBy ? `  by ${schedule.createdBy}` : ""}`);
    }
    console.log(`${schedules.length} scheduled (times also in ${timeZone}).`);
    return 0;
  },
};

export const scheduleCancelCommand: Command = {
  summary: "Cancel an article's scheduled publication (or, with --unpublish, its scheduled unpublication).",
  usage: "schedule cancel <slug> [--unpublish]",
  options: { unpublish: { type: "boolean" } },
  needsDatabase: true,
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError("Name one article by its slug.");
    const slug = positionals[0];
    const action: ScheduleActionName = values.unpublish ? "unpublish" : "publish";
    if (!SCHEDULE_ACTIONS.includes(action)) throw new UsageError(`Unknown action ${action}.`);
    const article = await db.article.findUnique({ where: { slug }, select: { id: true } });
    if (!article) {
      console.error(`copydesk schedule cancel: no article has the slug "${slug}".`);
      return 1;
    }
    await cancelSchedule({ articleId: article.id, action }, null);
    console.log(`Cancelled the scheduled ${action} of ${slug}.`);
    return 0;
  },
};
