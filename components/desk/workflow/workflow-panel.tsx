"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { assignArticleAction, moveStageAction, submitStoryAction } from "@/app/(desk)/desk/articles/[id]/workflow-actions";
import { Button, FormError, Notice, SelectField, TextField } from "@/components/ui";
import { roleAtLeast, type RoleName } from "@/lib/auth/roles";
import type { ActionResult, FieldErrors } from "@/lib/errors";
import { mayMoveStage, STAGE_LABELS, WORKFLOW_STAGES, type WorkflowStageName } from "@/lib/workflow/stages";
import { DeskTime } from "@/components/desk/publishing/desk-time";

interface UserOption {
  id: string;
  name: string;
}

export interface WorkflowPanelProps {
  articleId: string;
  role: RoleName;
  stage: WorkflowStageName;
  reporterId: string | null;
  editorId: string | null;
  reporters: UserOption[];
  editors: UserOption[];
  history: Array<{ id: string; from: WorkflowStageName; to: WorkflowStageName; by: string | null; at: string; note: string }>;
}

type Failure = Extract<ActionResult<never>, { ok: false }>;

function useActionRunner() {
  const router = useRouter();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = <T,>(action: () => Promise<ActionResult<T>>, done: string) => {
    setFailure(null);
    setNotice(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) return setFailure(result);
      setNotice(done);
      router.refresh();
    });
  };
  return { run, failure, notice, pending };
}

const fieldError = (errors: FieldErrors | undefined, key: string) => errors?.[key];

/** The story's place in the desk's workflow: stage, assignees, stage history (scheduling is in the publish dialog). */
export function WorkflowPanel(props: WorkflowPanelProps) {
  const { articleId, role, stage } = props;
  const isEditor = roleAtLeast(role, "editor");
  const stageMoves = WORKFLOW_STAGES.filter((to) => mayMoveStage(role, stage, to));
  const move = useActionRunner();
  const assign = useActionRunner();

  const submitMove = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const request = { articleId, fromStage: stage, toStage: form.get("toStage"), note: form.get("note") ?? "" };
    move.run(() => (isEditor ? moveStageAction(request) : submitStoryAction(request)), isEditor ? "Stage changed." : "Submitted for edit.");
  };
  const submitAssign = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    assign.run(() => assignArticleAction({ articleId, reporterId: form.get("reporterId"), editorId: form.get("editorId") }), "Assignment saved.");
  };
  return (
    <section aria-labelledby="workflow-heading" className="workflow-panel">
      <h2 id="workflow-heading">Workflow</h2>
      <p>
        Stage: <strong data-testid="workflow-stage">{STAGE_LABELS[stage]}</strong>
      </p>
      {stageMoves.length > 0 ? (
        <form onSubmit={submitMove} aria-label="Move the story" key={stage}>
          <SelectField
            label={isEditor ? "Move to" : "Submit"}
            name="toStage"
            defaultValue={stageMoves[0]}
            options={stageMoves.map((to) => ({ value: to, label: STAGE_LABELS[to] }))}
            error={fieldError(move.failure?.fieldErrors, "toStage")}
          />
          <TextField label="Note (optional)" name="note" maxLength={500} error={fieldError(move.failure?.fieldErrors, "note")} />
          <Button type="submit" variant="primary" pending={move.pending} pendingLabel="Moving…">
            {isEditor ? "Move" : "Submit for edit"}
          </Button>
          <FormError message={move.failure && !move.failure.fieldErrors?.toStage ? move.failure.error : null} />
          <Notice tone="success">{move.notice}</Notice>
        </form>
      ) : null}

      {isEditor ? (
        <form onSubmit={submitAssign} aria-label="Assign the story">
          <SelectField
            label="Reporter"
            name="reporterId"
            defaultValue={props.reporterId ?? ""}
            options={[{ value: "", label: "Nobody" }, ...props.reporters.map((user) => ({ value: user.id, label: user.name }))]}
            error={fieldError(assign.failure?.fieldErrors, "reporterId")}
          />
          <SelectField
            label="Editor"
            name="editorId"
            defaultValue={props.editorId ?? ""}
            options={[{ value: "", label: "Nobody" }, ...props.editors.map((user) => ({ value: user.id, label: user.name }))]}
            error={fieldError(assign.failure?.fieldErrors, "editorId")}
          />
          <Button type="submit" pending={assign.pending} pendingLabel="Saving…">
            Assign
          </Button>
          <FormError message={assign.failure && !assign.failure.fieldErrors ? assign.failure.error : null} />
          <Notice tone="success">{assign.notice}</Notice>
        </form>
      ) : (
        <p>
          Reporter: {props.reporters.find((user) => user.id === props.reporterId)?.name ?? "nobody"}; editor:{" "}
          {props.editors.find((user) => user.id === props.editorId)?.name ?? "nobody"}.
        </p>
      )}

      {props.history.length > 0 ? (
        <details>
          <summary>Stage history</summary>
          <ol>
            {props.history.map((entry) => (
              <li key={entry.id}>
                <DeskTime iso={entry.at} />: {STAGE_LABELS[entry.from]} → {STAGE_LABELS[entry.to]}
                {entry.by ? ` by ${entry.by}` : ""}
                {entry.note ? ` — “${entry.note}”` : ""}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
