import { z } from "zod";
import { CHANGE_KINDS, isNotedKind, NOTE_MAX, NOTE_MIN } from "@/lib/publishing/schemas";

// Client-safe: the publish dialog sends these.

export const SCHEDULE_ACTIONS = ["publish", "unpublish"] as const;
export type ScheduleActionName = (typeof SCHEDULE_ACTIONS)[number];

const articleId = z.string().trim().min(1, "Which article?").max(64);
const emptyAsUndefined = (value: unknown) =>
  value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;

/**
 * Publish or unpublish at a time. `at` is either an instant with its offset
 * ("2026-12-02T06:00:00Z") or a newsroom wall time ("2026-12-02T06:00", read in
 * NEWSROOM_TIME_ZONE), which is what the dialog's datetime-local field sends.
 */
export const scheduleSchema = z
  .strictObject({
    articleId,
    action: z.enum(SCHEDULE_ACTIONS, { error: "Choose publish or unpublish." }),
    at: z
      .string({ error: "Choose a date and time." })
      .trim()
      .min(1, "Choose a date and time.")
      .max(40)
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, "Choose a date and time."),
    kind: z.preprocess(emptyAsUndefined, z.enum(CHANGE_KINDS, { error: "Choose what kind of change this is." }).optional()),
    note: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
  })
  .superRefine((request, ctx) => {
    if (request.action === "unpublish" && (request.kind !== undefined || request.note !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["kind"], message: "An unpublication has no kind or note." });
    }
    if (isNotedKind(request.kind)) {
      if (request.note === undefined || request.note.length < NOTE_MIN) {
        ctx.addIssue({ code: "custom", path: ["note"], message: `Write the public note (at least ${NOTE_MIN} characters).` });
      } else if (request.note.length > NOTE_MAX) {
        ctx.addIssue({ code: "custom", path: ["note"], message: `Keep the note under ${NOTE_MAX} characters.` });
      }
    } else if (request.note !== undefined) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Only a correction or clarification publishes a note." });
    }
  });
export type ScheduleInput = z.input<typeof scheduleSchema>;
export type ScheduleRequest = z.output<typeof scheduleSchema>;

export const cancelScheduleSchema = z.strictObject({
  articleId,
  action: z.enum(SCHEDULE_ACTIONS, { error: "Choose publish or unpublish." }),
});
export type CancelScheduleInput = z.input<typeof cancelScheduleSchema>;
export type CancelScheduleRequest = z.output<typeof cancelScheduleSchema>;
