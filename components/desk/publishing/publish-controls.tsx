"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button, FormError, Notice, TextAreaField } from "@/components/ui";
import { roleAtLeast, type RoleName } from "@/lib/auth/roles";
import type { ActionResult, FieldErrors, ServerAction } from "@/lib/errors";
import type { PublishResult, UnpublishResult } from "@/lib/publishing/publish";
import type { PublishReview, PublishState } from "@/lib/publishing/state";
import {
  CHANGE_KIND_LABELS,
  CHANGE_KINDS,
  isNotedKind,
  NOTE_MAX,
  PUBLISH_KIND_LABELS,
  type ChangeKind,
  type PublishKindName,
} from "@/lib/publishing/schemas";
import { DeskTime } from "./desk-time";
import { formatInZone, instantToWallTime } from "@/lib/scheduling/time-zone";
import { ModalDialog } from "./modal-dialog";
import { StatusBadge } from "./status-badge";
import { FieldChanges } from "@/components/desk/diff/field-changes";
import { BothZones, WhenField, type When } from "./schedule-time-field";
import styles from "./publishing.module.css";

/** What is about to be published, as handed to `onBeforePublish`. */
export interface PublishIntent {
  articleId: string;
  /** The version whose diff the editor reviewed; publishing any other is refused (409). */
  version: number;
  kind: PublishKindName;
  note?: string;
}

/**
 * Runs after the editor confirms in the publish dialog and before the request is sent. Return
 * false to stop (the hook shows its own explanation or confirmation first, e.g. the fact-check's
 * "there are open high-confidence findings: publish anyway?"). A throw also stops and is shown.
 */
export type BeforePublishHook = (intent: PublishIntent) => boolean | Promise<boolean>;

/** The publishing server actions (app/(desk)/desk/articles/[id]/publish-actions.ts, passed in by the page). */
export interface PublishActions {
  loadReview: ServerAction<PublishReview>;
  publish: ServerAction<PublishResult>;
  unpublish: ServerAction<UnpublishResult>;
  /** Publish or unpublish at a time (app/(desk)/desk/articles/[id]/workflow-actions.ts); without it the dialog offers "now" only. */
  schedule?: ServerAction<{ action: "publish" | "unpublish"; runAt: string }>;
  cancelSchedule?: ServerAction<{ cancelled: number }>;
}

export interface PublishControlsProps {
  actions: PublishActions;
  /** From `getPublishState(articleId)`. */
  state: PublishState;
  /** The signed-in user's role: reporters see the status but no publish buttons. */
  role: RoleName;
  /**
   * The editor holds edits not saved yet. Publishing publishes the last saved version, so it is
   * blocked until they are saved (pass this from the client component that owns the editor).
   */
  hasUnsavedChanges?: boolean;
  /**
   * Extension point for checks before publishing (see BeforePublishHook). A server page cannot
   * pass functions to a client component: wrap PublishControls in a client component that does.
   */
  onBeforePublish?: BeforePublishHook;
}

type Failure = Extract<ActionResult<never>, { ok: false }>;

function StatusLine({ state }: { state: PublishState }) {
  const last = state.lastPublication;
  return (
    <div className={styles.statusLine}>
      <StatusBadge status={state.status} />
      {state.status === "draft" ? <span>Readers cannot see this article yet.</span> : null}
      {last && state.status === "published" ? (
        <span>
          Readers see version {state.publishedVersion} ({PUBLISH_KIND_LABELS[last.kind].toLowerCase()},{" "}
          <DeskTime iso={last.at} />
          {last.by ? ` by ${last.by}` : ""}).
        </span>
      ) : null}
      {last && state.status === "unpublished" ? (
        <span>
          Taken down. Readers last saw version {state.publishedVersion}, published <DeskTime iso={last.at} />.
        </span>
      ) : null}
      {state.schedules.map((pending) => (
        <span key={pending.action} data-testid={`scheduled-${pending.action}`}>
          {pending.action === "publish" ? "Scheduled to publish at " : "Scheduled to unpublish at "}
          <BothZones iso={pending.runAt} newsroomTimeZone={state.newsroomTimeZone} />
          {pending.createdBy ? `, set by ${pending.createdBy}` : ""}.
        </span>
      ))}
      {state.status !== "draft" && state.hasUnpublishedChanges ? (
        <span className={styles.draftChanges}>The draft (version {state.currentVersion}) has changes readers do not see yet.</span>
      ) : null}
    </div>
  );
}

function publishLabel(state: PublishState) {
  if (state.status === "draft") return "Publish";
  if (state.status === "unpublished") return "Publish again…";
  return "Publish changes…";
}

/** The article editor's publishing panel: status, preview, and (for editors) publish and unpublish. */
export function PublishControls({ actions, state, role, hasUnsavedChanges = false, onBeforePublish }: PublishControlsProps) {
  const router = useRouter();
  const headingId = useId();
  const mayPublish = roleAtLeast(role, "editor");
  const [dialog, setDialog] = useState<"publish" | "unpublish" | null>(null);
  const [review, setReview] = useState<PublishReview | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const cancel = (action: "publish" | "unpublish") => {
    if (!actions.cancelSchedule) return;
    setNotice(null);
    setFailure(null);
    startTransition(async () => {
      const result = await actions.cancelSchedule!({ articleId: state.articleId, action });
      if (!result.ok) return setFailure(result);
      setNotice(action === "publish" ? "Scheduled publication cancelled." : "Scheduled unpublication cancelled.");
      router.refresh();
    });
  };

  const openPublish = () => {
    setNotice(null);
    setFailure(null);
    startTransition(async () => {
      const result = await actions.loadReview({ articleId: state.articleId });
      if (!result.ok) return setFailure(result);
      setReview(result.data);
      setDialog("publish");
    });
  };

  const finished = (message: string) => {
    setDialog(null);
    setReview(null);
    setFailure(null);
    setNotice(message);
    router.refresh();
  };

  return (
    <section className={styles.controls} aria-labelledby={headingId}>
      <h2 id={headingId}>Publishing</h2>
      <StatusLine state={state} />
      {state.corrections.length > 0 ? (
        <details>
          <summary>
            {state.corrections.length} published {state.corrections.length === 1 ? "note" : "notes"} (corrections and clarifications)
          </summary>
          <ul className={styles.corrections}>
            {state.corrections.map((correction) => (
              <li key={correction.id}>
                <strong>{PUBLISH_KIND_LABELS[correction.kind]}</strong>, <DeskTime iso={correction.createdAt} /> (version{" "}
                {correction.version}): {correction.note}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <div className={styles.actions}>
        <Link href={`/desk/articles/${state.articleId}/preview`}>Preview draft</Link>
        {state.status === "published" ? <a href={`/articles/${encodeURIComponent(state.slug)}`}>View on site</a> : null}
        {mayPublish ? (
          <>
            <Button
              variant="primary"
              onClick={openPublish}
              pending={pending && dialog === null}
              pendingLabel="Loading…"
              disabled={hasUnsavedChanges}
              aria-describedby={hasUnsavedChanges ? `${headingId}-why` : undefined}
            >
              {publishLabel(state)}
            </Button>
            {actions.cancelSchedule
              ? state.schedules.map((scheduled) => (
                  <Button key={scheduled.action} onClick={() => cancel(scheduled.action)} pending={pending && dialog === null} pendingLabel="Cancelling…">
                    {scheduled.action === "publish" ? "Cancel scheduled publication" : "Cancel scheduled unpublication"}
                  </Button>
                ))
              : null}
            {state.status === "published" || state.schedules.some((scheduled) => scheduled.action === "publish") ? (
              <Button
                variant="danger"
                onClick={() => {
                  setNotice(null);
                  setFailure(null);
                  setDialog("unpublish");
                }}
              >
                Unpublish…
              </Button>
            ) : null}
          </>
        ) : (
          <p className="muted">Only editors can publish.</p>
        )}
      </div>
      {mayPublish && hasUnsavedChanges ? (
        <p id={`${headingId}-why`} className="muted">
          Save your changes first: publishing publishes the saved version.
        </p>
      ) : null}

      {dialog === null ? <ActionFailure failure={failure} /> : null}
      <Notice tone="success">{notice}</Notice>

      <ModalDialog open={dialog === "publish" && review !== null} onClose={() => setDialog(null)} labelledBy={`${headingId}-publish`}>
        {review ? (
          <PublishForm
            titleId={`${headingId}-publish`}
            review={review}
            publish={actions.publish}
            schedule={actions.schedule}
            onBeforePublish={onBeforePublish}
            onCancel={() => setDialog(null)}
            onDone={(kind) =>
              finished(kind === "first" ? "Published. Readers can see the article now." : `Published (${PUBLISH_KIND_LABELS[kind].toLowerCase()}).`)
            }
            onScheduled={(runAt) => finished(`Scheduled: publishes at ${formatScheduled(runAt, state.newsroomTimeZone)}.`)}
          />
        ) : null}
      </ModalDialog>

      <ModalDialog open={dialog === "unpublish"} onClose={() => setDialog(null)} labelledBy={`${headingId}-unpublish`}>
        <UnpublishForm
          titleId={`${headingId}-unpublish`}
          articleId={state.articleId}
          unpublish={actions.unpublish}
          schedule={actions.schedule}
          newsroomTimeZone={state.newsroomTimeZone}
          scheduledOnly={state.status !== "published"}
          onCancel={() => setDialog(null)}
          onDone={() => finished("Unpublished. Readers can no longer see the article.")}
          onScheduled={(runAt) => finished(`Scheduled: unpublishes at ${formatScheduled(runAt, state.newsroomTimeZone)}.`)}
        />
      </ModalDialog>
    </section>
  );
}

const formatScheduled = (iso: string, timeZone: string) => formatInZone(iso, timeZone);

/** A refused action's message; a conflict (409) offers a reload, since the page is out of date. */
function ActionFailure({ failure }: { failure: Failure | null }) {
  if (!failure) return <FormError message={null} />;
  return (
    <div>
      <FormError message={failure.error} />
      {failure.status === 409 ? (
        <p>
          <Button onClick={() => window.location.reload()}>Reload the article</Button>
        </p>
      ) : null}
    </div>
  );
}

function PublishForm({
  titleId,
  review,
  publish,
  schedule,
  onBeforePublish,
  onCancel,
  onDone,
  onScheduled,
}: {
  titleId: string;
  review: PublishReview;
  publish: PublishActions["publish"];
  schedule?: PublishActions["schedule"];
  onBeforePublish?: BeforePublishHook;
  onCancel: () => void;
  onDone: (kind: PublishKindName) => void;
  onScheduled: (runAt: string) => void;
}) {
  const { state, diff } = review;
  // Checked again by the server; here it spares the editor a form that can only be refused.
  const nothingToPublish = state.status === "published" && !state.hasUnpublishedChanges;
  const [kind, setKind] = useState<ChangeKind | "">("");
  const [note, setNote] = useState("");
  const pendingPublish = state.schedules.find((scheduled) => scheduled.action === "publish");
  const [when, setWhen] = useState<When>(pendingPublish ? "later" : "now");
  const [at, setAt] = useState(pendingPublish ? instantToWallTime(new Date(pendingPublish.runAt), state.newsroomTimeZone) : "");
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, startTransition] = useTransition();
  const kindErrorId = `${titleId}-kind-error`;
  const fieldErrors: FieldErrors = failure?.fieldErrors ?? {};
  // Field errors show next to their fields; the summary then only points at them.
  const summary = failure && (fieldErrors.kind || fieldErrors.note || fieldErrors.at) ? { ...failure, error: "Check the highlighted fields." } : failure;
  const later = schedule !== undefined && when === "later";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Without a chosen kind the request goes straight to the server, which says what is missing.
    const chosenKind: PublishKindName | null = state.needsKind ? kind || null : "first";
    const chosenNote = isNotedKind(kind) ? note : undefined;
    startTransition(async () => {
      if (onBeforePublish && chosenKind) {
        try {
          const intent: PublishIntent = { articleId: state.articleId, version: diff.toVersion, kind: chosenKind, note: chosenNote };
          if (!(await onBeforePublish(intent))) return;
        } catch (error) {
          return setFailure({ ok: false, status: 0, error: (error as Error).message || "The check before publishing failed." });
        }
      }
      if (later) {
        // The draft as it is at the time goes out; the schedule replaces any earlier one (reschedule).
        const scheduled = await schedule({
          articleId: state.articleId,
          action: "publish",
          at,
          ...(state.needsKind ? { kind } : {}),
          ...(chosenNote !== undefined ? { note: chosenNote } : {}),
        });
        if (scheduled.ok) onScheduled(scheduled.data.runAt);
        else setFailure(scheduled);
        return;
      }
      const result = await publish({
        articleId: state.articleId,
        expectedVersion: diff.toVersion,
        ...(state.needsKind ? { kind } : {}),
        ...(chosenNote !== undefined ? { note: chosenNote } : {}),
      });
      if (result.ok) onDone(result.data.kind);
      else setFailure(result);
    });
  };

  return (
    <form className={styles.dialogForm} onSubmit={submit} noValidate>
      <h2 id={titleId}>{state.needsKind ? "Publish changes" : "Publish this article?"}</h2>
      {nothingToPublish ? (
        <p>Nothing to publish: readers already see the latest saved version. Edit and save the article first.</p>
      ) : state.needsKind ? (
        <>
          <p>
            Readers have seen this article. Publishing makes version {diff.toVersion} what they see
            {diff.fromVersion ? ` instead of version ${diff.fromVersion}` : ""}.
          </p>
          <fieldset
            className={`${styles.kinds} ${fieldErrors.kind ? styles.invalidGroup : ""}`}
            aria-describedby={fieldErrors.kind ? kindErrorId : undefined}
            aria-invalid={fieldErrors.kind ? true : undefined}
          >
            <legend>What kind of change is this?</legend>
            {CHANGE_KINDS.map((option) => (
              <label key={option} className={styles.kind}>
                <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
                <span className={styles.kindLabel}>{CHANGE_KIND_LABELS[option].label}</span>
                <span className={styles.kindHint}>{CHANGE_KIND_LABELS[option].hint}</span>
              </label>
            ))}
            {fieldErrors.kind ? (
              <p id={kindErrorId} className="field-error">
                {fieldErrors.kind.join(" ")}
              </p>
            ) : null}
          </fieldset>
          {isNotedKind(kind) ? (
            <TextAreaField
              label={kind === "correction" ? "Correction note (shown to readers)" : "Clarification note (shown to readers)"}
              hint={`Say what was wrong or unclear, e.g. “An earlier version of this article misspelled the name of the band Phoenix.” ${note.trim().length}/${NOTE_MAX} characters.`}
              name="note"
              rows={3}
              maxLength={NOTE_MAX}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              error={fieldErrors.note}
            />
          ) : null}
          <section aria-label="Changes since the published version">
            <h3>What changes for readers</h3>
            <FieldChanges changes={diff.changes} emptyMessage="The text is the same as the version readers saw last." />
          </section>
        </>
      ) : (
        <p>
          Readers will see version {diff.toVersion} as it is now. Later edits stay in the draft until someone publishes again.
        </p>
      )}
      {schedule && !nothingToPublish ? (
        <WhenField verb="Publish" when={when} onWhen={setWhen} at={at} onAt={setAt} newsroomTimeZone={state.newsroomTimeZone} error={fieldErrors.at} />
      ) : null}
      <ActionFailure failure={summary} />
      <div className={styles.actions}>
        <Button type="submit" variant="primary" pending={pending} pendingLabel={later ? "Scheduling…" : "Publishing…"} disabled={nothingToPublish}>
          {later ? (pendingPublish ? "Reschedule" : "Schedule") : "Publish"}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function UnpublishForm({
  titleId,
  articleId,
  unpublish,
  schedule,
  newsroomTimeZone,
  scheduledOnly,
  onCancel,
  onDone,
  onScheduled,
}: {
  titleId: string;
  articleId: string;
  unpublish: PublishActions["unpublish"];
  schedule?: PublishActions["schedule"];
  newsroomTimeZone: string;
  /** Not published yet (a publication is scheduled): only a timed unpublication makes sense. */
  scheduledOnly: boolean;
  onCancel: () => void;
  onDone: () => void;
  onScheduled: (runAt: string) => void;
}) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, startTransition] = useTransition();
  const [when, setWhen] = useState<When>(scheduledOnly ? "later" : "now");
  const [at, setAt] = useState("");
  const later = schedule !== undefined && when === "later";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      if (later) {
        const scheduled = await schedule({ articleId, action: "unpublish", at });
        if (scheduled.ok) onScheduled(scheduled.data.runAt);
        else setFailure(scheduled);
        return;
      }
      const result = await unpublish({ articleId });
      if (result.ok) onDone();
      else setFailure(result);
    });
  };
  return (
    <form className={styles.dialogForm} onSubmit={submit}>
      <h2 id={titleId}>Unpublish this article?</h2>
      <p>
        Readers will no longer find it{later ? " from the time you choose" : ", at once"}. Its versions, corrections and notes are kept, and it can be published again.
      </p>
      {schedule ? (
        <WhenField verb="Unpublish" when={when} onWhen={setWhen} at={at} onAt={setAt} newsroomTimeZone={newsroomTimeZone} error={failure?.fieldErrors?.at} laterOnly={scheduledOnly} />
      ) : null}
      <ActionFailure failure={failure} />
      <div className={styles.actions}>
        <Button type="submit" variant="danger" pending={pending} pendingLabel={later ? "Scheduling…" : "Unpublishing…"}>
          {later ? "Schedule unpublication" : "Unpublish"}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
