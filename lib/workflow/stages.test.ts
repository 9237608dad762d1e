import { describe, expect, it } from "vitest";
import { assignSchema, isReturn, mayMoveStage, moveStageSchema, WORKFLOW_STAGES } from "./stages";

describe("workflow role rules", () => {
  it("let a reporter submit and nothing else", () => {
    for (const from of WORKFLOW_STAGES) {
      for (const to of WORKFLOW_STAGES) {
        const expected = from === "in_progress" && to === "ready_for_edit";
        expect(mayMoveStage("reporter", from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it("let editors and admins move a story anywhere but where it is", () => {
    for (const role of ["editor", "admin"] as const) {
      for (const from of WORKFLOW_STAGES) {
        for (const to of WORKFLOW_STAGES) expect(mayMoveStage(role, from, to)).toBe(from !== to);
      }
    }
  });

  it("call a move to an earlier stage a return", () => {
    expect(isReturn("ready_for_copy", "in_progress")).toBe(true);
    expect(isReturn("in_progress", "ready_for_edit")).toBe(false);
  });

  it("parse moves and assignments strictly", () => {
    expect(moveStageSchema.safeParse({ articleId: "a", fromStage: "in_progress", toStage: "published" }).success).toBe(false);
    expect(moveStageSchema.safeParse({ articleId: "a", fromStage: "in_progress", toStage: "ready_for_edit", stage: "x" }).success).toBe(false);
    expect(moveStageSchema.parse({ articleId: "a", fromStage: "in_progress", toStage: "ready_for_edit" }).note).toBe("");
    expect(assignSchema.parse({ articleId: "a", reporterId: "", editorId: "u1" })).toEqual({ articleId: "a", reporterId: null, editorId: "u1" });
    expect(assignSchema.safeParse({ articleId: "a", reporterId: null }).success).toBe(false);
  });
});
