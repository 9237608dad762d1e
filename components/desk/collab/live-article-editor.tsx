"use client";

import type { Editor } from "@tiptap/core";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { BodyField, EditorBar } from "@/components/desk/editor/article-fields";
import { draftFromArticle, type DraftContent } from "@/components/desk/editor/draft";
import { ArticleEditorBridgeProvider, PLAIN_FIELD_IDS, useArticleEditorBridgeState, type PlainField } from "@/components/desk/editor/editor-bridge";
import { errorsFor, FIELD_WITH_MESSAGE } from "@/components/desk/editor/field-errors";
import { RichTextEditor } from "@/components/desk/editor/rich-text-editor";
import type { ArticleEditorProps } from "@/components/desk/editor/article-editor";
import { useCreditOptions } from "@/components/desk/editor/use-credit-options";
import { useLeaveGuard } from "@/components/desk/editor/use-leave-guard";
import { useSaveShortcut } from "@/components/desk/editor/use-save-state";
import { PhotoFields } from "@/components/desk/photos/photo-fields";
import { PublishControls } from "@/components/desk/publishing/publish-controls";
import { Notice } from "@/components/ui";
import { HEADLINE_MAX, STANDFIRST_MAX } from "@/lib/articles/edit-schema";
import { BODY_FIELD, HEADLINE_FIELD, STANDFIRST_FIELD, applyPhotoChanges, captionField } from "@/lib/collab/document";
import type { FieldErrors } from "@/lib/errors";
import { CommentsPanel } from "@/components/desk/comments/comments-panel";
import { useComments, type CommentsSetup } from "@/components/desk/comments/use-comments";
import { LivePresence, LiveStatus } from "./live-status";
import { draftFromLive, useLiveDraft } from "./use-live-draft";
import { useLiveSession, type LiveSessionState } from "./use-live-session";
import { usePageForNewMedia, useStoredVersion } from "./use-stored-version";
import "./live.css";

const timeOfDay = (date: Date) => date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** The save line of a live editor: the server stores the document a moment after typing stops. */
function saveStatus(live: LiveSessionState): { kind: string; text: string; fieldErrors: FieldErrors } {
  const { problem } = live;
  if (problem) {
    const placed = problem.field !== null && FIELD_WITH_MESSAGE.test(problem.field);
    return {
      kind: "error",
      text: placed ? "Not saved: fix the marked fields" : `Not saved: ${problem.message}`,
      fieldErrors: placed ? { [problem.field!]: [problem.message] } : {},
    };
  }
  if (live.pending) return { kind: live.storing ? "saving" : "dirty", text: live.storing ? "Saving…" : "Unsaved changes", fieldErrors: {} };
  if (live.saved) return { kind: "saved", text: `Saved at ${timeOfDay(new Date(live.saved.at))}`, fieldErrors: {} };
  return { kind: "saved", text: "Saved", fieldErrors: {} };
}

/** Replaces the whole text of a plain-line editor with `text`, as one ordinary (collaborative, undoable) edit. */
function replaceLine(editor: Editor, text: string) {
  editor.commands.command(({ tr }) => {
    tr.insertText(text, 1, Math.max(1, tr.doc.content.size - 1));
    return true;
  });
}

/**
 * The article editor while co-editing: every text field is a view of the story's live document
 * (one Yjs document, one fragment per field), so everyone in the story types into the same text
 * and sees each other's carets. The server stores the document as the draft (a revision per
 * author every few minutes); Save only asks it to store now. There is no conflict to resolve.
 * Credits, images and focal points are choices shared through the document's maps; the photos'
 * order is a list in it, so adding, moving and removing photos are co-edited too.
 */
export function LiveArticleEditor({
  article,
  credits: creditActions,
  library,
  publishActions,
  publishState,
  role,
  sidebar,
  me,
  comments: commentsSetup,
}: ArticleEditorProps & { me: { id: string; name: string }; comments: CommentsSetup }) {
  const articleId = article.id;
  const live = useLiveSession(articleId, me);
  const comments = useComments(articleId, commentsSetup, live.session?.provider ?? null);
  // The editors of the body and captions place the comment threads through the session.
  const session = useMemo(() => (live.session ? { ...live.session, comments: comments.store } : null), [live.session, comments.store]);
  const { synced } = live;
  const initial = useMemo(() => draftFromArticle(article), []); // eslint-disable-line react-hooks/exhaustive-deps -- the article as first loaded
  const storedOrder = useMemo(() => initial.photos.map((photo) => photo.id), [initial]);
  const draft = useLiveDraft(session, synced, initial);
  const draftRef = useRef<DraftContent>(draft);
  useEffect(() => {
    draftRef.current = draft;
  }, [draft]);
  const { credits, addCredits } = useCreditOptions(article);
  const status = saveStatus(live);
  const { fieldErrors } = status;

  // Changes made outside the text editors: the fact-check panel's replacements in the headline or
  // standfirst (edits in their editors), and the photos' (added, moved, removed, a file's caption
  // or credit used, a credit, image or focal point chosen), read against the document as it is now
  // and written as small edits of it.
  const bridgeRef = useRef<ReturnType<typeof useArticleEditorBridgeState> | null>(null);
  const sessionRef = useRef(session);
  useEffect(() => {
    sessionRef.current = session;
  }, [session]);
  const update = useCallback(
    (change: (current: DraftContent) => DraftContent) => {
      const doc = sessionRef.current?.doc;
      if (!doc) return;
      const before = draftFromLive(doc, draftRef.current, storedOrder);
      const next = change(before);
      for (const field of ["headline", "standfirst"] as PlainField[]) {
        const editor = bridgeRef.current?.value.richTextEditor(field);
        if (editor && next[field] !== before[field]) replaceLine(editor, next[field]);
      }
      if (next.photos !== before.photos) applyPhotoChanges(doc, before.photos, next.photos);
    },
    [storedOrder],
  );
  const bridge = useArticleEditorBridgeState({ articleId, draft, update });
  useEffect(() => {
    bridgeRef.current = bridge;
  });

  useSaveShortcut(live.storeNow);
  useLeaveGuard(live.pending, "Your latest edits have not reached the server yet. Leave this page anyway? They will be lost.");

  // A newly stored version: the version line and the publishing panel take it from "saved".
  const stored = useStoredVersion(live.saved, article, publishState);
  usePageForNewMedia({ savedVersion: live.saved?.version, connected: live.connection === "connected" }, draft.photos, { photos: article.photos, credits });

  const ready = session && synced;
  const lineField = (field: PlainField, label: string, max: number) => {
    const errors = errorsFor(fieldErrors, field);
    const labelId = `${field}-label`;
    const hintId = `${field}-hint`;
    const errorId = `${field}-error`;
    return (
      <div className={`field field-${field}${errors ? " field-invalid" : ""}`}>
        <span className="field-label" id={labelId}>
          {label}
        </span>
        {ready ? (
          <RichTextEditor
            id={PLAIN_FIELD_IDS[field]}
            labelledBy={labelId}
            variant="line"
            toolbarLabel={label}
            initialContent={EMPTY_LINE}
            live={{ session, field: field === "headline" ? HEADLINE_FIELD : STANDFIRST_FIELD }}
            describedBy={errors ? `${hintId} ${errorId}` : hintId}
            invalid={Boolean(errors)}
            onChange={ignoreChange}
            onEditor={bridge.editorRef(field)}
          />
        ) : (
          <div className="rte-content rte-content-line rte-loading">Loading editor…</div>
        )}
        <p id={hintId} className="field-hint">
          {`${draft[field].length}/${max} characters`}
        </p>
        {errors ? (
          <p id={errorId} className="field-error">
            {errors.join(" ")}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <div className="article-editor article-editor-live">
      <div className="article-editor-main">
        <EditorBar
          articleId={articleId}
          meta={`Version ${stored.version}${stored.lastSavedBy ? ` · last saved by ${stored.lastSavedBy}` : ""}`}
          statusKind={status.kind}
          statusText={status.text}
          onSave={live.storeNow}
        >
          <LiveStatus connection={live.connection} synced={synced} />
        </EditorBar>

        {live.connection === "session-ended" ? (
          <Notice tone="warning">
            Your session ended, so your edits can no longer be sent. Copy any text you still need, sign in again, then reload this page.
          </Notice>
        ) : null}

        <div className="article-fields">
          {lineField("headline", "Headline", HEADLINE_MAX)}
          {lineField("standfirst", "Standfirst", STANDFIRST_MAX)}
          {ready ? (
            <BodyField
              seedKey={0}
              initial={initial.body}
              errors={errorsFor(fieldErrors, "body")}
              onChange={ignoreChange}
              onEditor={bridge.editorRef("body")}
              live={{ session, field: BODY_FIELD }}
            />
          ) : (
            <div className="field field-body">
              <span className="field-label" id="body-label">
                Body
              </span>
              <div className="rte-content rte-content-body rte-loading">Loading editor…</div>
            </div>
          )}
        </div>

        {ready ? (
          <PhotoFields
            photos={article.photos}
            draft={draft.photos}
            seed={{ key: 0, photos: initial.photos }}
            fieldErrors={fieldErrors}
            credits={credits}
            creditActions={creditActions}
            onCredits={addCredits}
            update={update}
            live={session}
            editorRef={bridge.editorRef}
            library={library}
          />
        ) : null}
      </div>

      <aside className="article-editor-sidebar" aria-label="Article tools">
        <LivePresence people={live.people} meId={me.id} />
        <CommentsPanel
          articleId={articleId}
          store={comments.store}
          run={comments.run}
          actions={commentsSetup.actions}
          users={commentsSetup.users}
          meId={me.id}
          fieldOrder={[BODY_FIELD, ...draft.photos.map((photo) => captionField(photo.id))]}
          loadError={comments.loadError}
        />
        <PublishControls actions={publishActions} state={stored.publishState} role={role} hasUnsavedChanges={live.pending} onBeforePublish={bridge.beforePublish} />
        <ArticleEditorBridgeProvider value={bridge.value}>{sidebar}</ArticleEditorBridgeProvider>
      </aside>
    </div>
  );
}

const EMPTY_LINE = { type: "doc", content: [{ type: "paragraph" }] } as DraftContent["body"];
// Live editors' text reaches the draft through the shared document, not through onChange.
const ignoreChange = () => {};
