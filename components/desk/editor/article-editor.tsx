"use client";

import type { ReactNode } from "react";
import { LiveArticleEditor } from "@/components/desk/collab/live-article-editor";
import type { CommentsSetup } from "@/components/desk/comments/use-comments";
import type { LibraryPickerActions } from "@/components/desk/photos/add-from-library";
import { PhotoFields } from "@/components/desk/photos/photo-fields";
import { PublishControls, type PublishActions } from "@/components/desk/publishing/publish-controls";
import { Button, FormError, Notice, TextAreaField, TextField } from "@/components/ui";
import type { RoleName } from "@/lib/auth/roles";
import type { ArticleForEditing } from "@/lib/articles/editing";
import { HEADLINE_MAX, STANDFIRST_MAX } from "@/lib/articles/edit-schema";
import type { PublishState } from "@/lib/publishing/state";
import { ConflictPanel } from "./conflict-panel";
import type { CreditPickerActions } from "./credit-picker";
import { ArticleEditorBridgeProvider, PLAIN_FIELD_IDS, useArticleEditorBridgeState } from "./editor-bridge";
import { errorsFor } from "./field-errors";
import { BodyField, EditorBar } from "./article-fields";
import { useAutosave } from "./use-autosave";
import { useConflictMerge } from "./use-conflict-merge";
import { useCreditOptions } from "./use-credit-options";
import { useDraft } from "./use-draft";
import { useLeaveGuard } from "./use-leave-guard";
import { useLocalDraft } from "./use-local-draft";
import { useSaveShortcut, useSaveState } from "./use-save-state";
import "./editor.css";

export interface ArticleEditorProps {
  article: ArticleForEditing;
  /** The photo credit pickers' server actions (make a credit, search the credits). */
  credits: CreditPickerActions;
  /** The media library's picker for the photos ("Add from library"). */
  library: LibraryPickerActions;
  publishActions: PublishActions;
  publishState: PublishState;
  role: RoleName;
  /** Further sidebar panels (the fact-check panel goes here). */
  sidebar?: ReactNode;
  /** Co-editing as this user: every text field is edited live with everyone in the story. */
  live?: { me: { id: string; name: string }; comments: CommentsSetup };
}

/** The article editor: live (co-edited) when the page says so, otherwise saved by version. */
export function ArticleEditor({ live, ...props }: ArticleEditorProps) {
  return live ? <LiveArticleEditor {...props} me={live.me} comments={live.comments} /> : <SavedArticleEditor {...props} />;
}

/**
 * The saved article editor: headline, standfirst, body and every photo's caption and credit, saved by
 * the Save button, Ctrl/Cmd+S and autosave. Every save names the version it started from; a
 * refused save (someone saved first) stops autosave and opens the conflict view, with the typed
 * text left in the editor and a copy kept in localStorage. The parts are hooks: the working copy
 * (useDraft), the save path (useSaveState, useAutosave), the browser's copy (useLocalDraft), the
 * leave guard and the conflict merge.
 */
function SavedArticleEditor({ article, credits: creditActions, library, publishActions, publishState, role, sidebar }: ArticleEditorProps) {
  const articleId = article.id;
  const working = useDraft(article);
  const { draft, seed, update } = working;
  const saving = useSaveState(articleId, article.version, working);
  const { save, saveState, conflict, fieldErrors, baseVersion } = saving;
  const { credits, addCredits, creditLabel } = useCreditOptions(article);
  const local = useLocalDraft({ article, draft: working, dirty: saving.dirty, keepLocalCopy: saving.keepLocalCopy, restoreAt: saving.setBase });
  const merge = useConflictMerge({
    articleId,
    conflictRef: saving.conflictRef,
    baseVersionRef: saving.baseVersionRef,
    draftRef: working.draftRef,
    keepLocalCopy: saving.keepLocalCopy,
    loadIntoEditors: working.loadIntoEditors,
    settleAt: saving.settleAt,
    addCredits,
    offerKept: local.setKeptDraft,
  });

  useAutosave({ save, edits: working.edits, savedEdits: saving.savedEdits, attemptedEditsRef: saving.attemptedEditsRef, paused: conflict !== null || saveState.kind === "saving" });
  useSaveShortcut(save);
  useLeaveGuard(saving.unsafeToLeave);

  // Sidebar tools (the fact-check panel) read the text and act on the editors through this.
  const bridge = useArticleEditorBridgeState({ articleId, draft, update });
  const keptDraft = local.keptDraft;

  return (
    <div className="article-editor">
      <div className="article-editor-main">
        <EditorBar
          articleId={articleId}
          meta={`Version ${baseVersion}${article.lastEditor && baseVersion === article.version ? ` · last saved by ${article.lastEditor.name}` : ""}`}
          statusKind={saving.statusKind}
          statusText={saving.statusText}
          onSave={() => void save("manual")}
          saveDisabled={conflict !== null}
        />

        {keptDraft ? (
          <div className="notice notice-warning kept-draft" role="region" aria-label="Text kept in this browser">
            <p>
              {merge.notice ? `${merge.notice} ` : ""}This browser kept unsaved text from {new Date(keptDraft.writtenAt).toLocaleString()} (started from
              version {keptDraft.baseVersion}).
            </p>
            <Button
              onClick={() => {
                local.restoreKept(keptDraft);
                merge.setNotice(null);
              }}
            >
              Restore that text
            </Button>{" "}
            <Button variant="link" onClick={() => local.discardKept(keptDraft)}>
              Discard it
            </Button>
          </div>
        ) : (
          <Notice tone="info">{merge.notice}</Notice>
        )}

        {conflict ? (
          <ConflictPanel
            conflict={conflict}
            mine={draft}
            creditLabel={creditLabel}
            onLoadTheirs={merge.loadTheirs}
            onOverwrite={() => void save("overwrite")}
            overwriting={saveState.kind === "saving"}
            takeFocus={saving.focusConflict}
          />
        ) : null}

        <FormError message={saving.formError} />

        <div className="article-fields">
          <TextField
            id={PLAIN_FIELD_IDS.headline}
            label="Headline"
            value={draft.headline}
            error={errorsFor(fieldErrors, "headline")}
            hint={`${draft.headline.length}/${HEADLINE_MAX} characters`}
            onChange={(event) => {
              const headline = event.target.value;
              update((current) => ({ ...current, headline }));
            }}
            className="field-headline"
          />
          <TextAreaField
            id={PLAIN_FIELD_IDS.standfirst}
            label="Standfirst"
            value={draft.standfirst}
            rows={3}
            error={errorsFor(fieldErrors, "standfirst")}
            hint={`${draft.standfirst.length}/${STANDFIRST_MAX} characters`}
            onChange={(event) => {
              const standfirst = event.target.value;
              update((current) => ({ ...current, standfirst }));
            }}
          />
          <BodyField
            seedKey={seed.key}
            initial={seed.content.body}
            errors={errorsFor(fieldErrors, "body")}
            onChange={(body) => update((current) => ({ ...current, body }))}
            onEditor={bridge.editorRef("body")}
          />
        </div>

        <PhotoFields
          photos={article.photos}
          draft={draft.photos}
          seed={{ key: seed.key, photos: seed.content.photos }}
          fieldErrors={fieldErrors}
          credits={credits}
          creditActions={creditActions}
          onCredits={addCredits}
          update={update}
          editorRef={bridge.editorRef}
          library={library}
        />
      </div>

      <aside className="article-editor-sidebar" aria-label="Article tools">
        <PublishControls actions={publishActions} state={publishState} role={role} hasUnsavedChanges={saving.unsafeToLeave} onBeforePublish={bridge.beforePublish} />
        <ArticleEditorBridgeProvider value={bridge.value}>{sidebar}</ArticleEditorBridgeProvider>
      </aside>
    </div>
  );
}
