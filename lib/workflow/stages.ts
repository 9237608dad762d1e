import { z } from "zod";
import { roleAtLeast, type RoleName } from "@/lib/auth/roles";

// Client-safe: the desk's stage controls, list filters and budget use these too.

/** The desk's hand-off stages, in order. Publication (scheduled or not) comes after the last. */
export const WORKFLOW_STAGES = ["in_progress", "ready_for_edit", "ready_for_copy", "ready_to_publish"] as const;
export type WorkflowStageName = (typeof WORKFLOW_STAGES)[number];

export const STAGE_LABELS: Record<WorkflowStageName, string> = {
  in_progress: "In progress",
  ready_for_edit: "Ready for edit",
  ready_for_copy: "Ready for copy",
  ready_to_publish: "Ready to publish",
};

export function isWorkflowStage(value: unknown): value is WorkflowStageName {
  return typeof value === "string" && (WORKFLOW_STAGES as readonly string[]).includes(value);
}

const stageIndex = (stage: WorkflowStageName) => WORKFLOW_STAGES.indexOf(stage);

/** A move back to an earlier stage hands the story back to its reporter. */
export function isReturn(from: WorkflowStageName, to: WorkflowStageName): boolean {
  return stageIndex(to) < stageIndex(from);
}

/**
 * The role rules: a reporter may only submit (in progress → ready for edit); editors and admins
 * move a story anywhere. Moving to the stage it is in is never a move.
 */
export function mayMoveStage(role: RoleName, from: WorkflowStageName, to: WorkflowStageName): boolean {
  if (from === to) return false;
  if (roleAtLeast(role, "editor")) return true;
  return from === "in_progress" && to === "ready_for_edit";
}

const articleId = z.string().trim().min(1, "Which article?").max(64);
const userRef = z.preprocess(
  (value) => (value === "" ? null : value),
  z.string().trim().min(1).max(64).nullable(),
);

export const moveStageSchema = z.strictObject({
  articleId,
  /** The stage the mover saw: a move from a stage the story has left is refused (409). */
  fromStage: z.enum(WORKFLOW_STAGES, { error: "Reload the page: the story's stage is missing." }),
  toStage: z.enum(WORKFLOW_STAGES, { error: "Choose a stage: in progress, ready for edit, ready for copy or ready to publish." }),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").default(""),
});
export type MoveStageInput = z.input<typeof moveStageSchema>;

/** A reporter's one move: in progress → ready for edit (the same request shape, its stages fixed). */
export const submitStorySchema = z.strictObject({
  articleId,
  fromStage: z.literal("in_progress", { error: "Reporters submit stories that are in progress; editors move them further." }),
  toStage: z.literal("ready_for_edit", { error: "Reporters submit stories for edit; editors move them further." }),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").default(""),
});
export type MoveStageRequest = z.output<typeof moveStageSchema>;

/** Both assignees at once (null clears one); the form always sends both. */
export const assignSchema = z.strictObject({
  articleId,
  reporterId: userRef,
  editorId: userRef,
});
export type AssignInput = z.input<typeof assignSchema>;
export type AssignRequest = z.output<typeof assignSchema>;

export const inboxReadSchema = z.strictObject({
  /** One entry, or every unread entry of the signed-in user when absent. */
  entryId: z.string().trim().min(1).max(64).optional(),
});
export type InboxReadInput = z.input<typeof inboxReadSchema>;
