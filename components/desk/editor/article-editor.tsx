"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { PublishControls, type PublishActions } from "@/components/desk/publishing/publish-controls";
import { Button, FormError, Notice, TextAreaField, TextField } from "@/components/ui";
import type { RoleName } from "@/lib/auth/roles";
import type { CreditOption } from "@/lib/articles/credits";
import type { ArticleForEditing } from "@/lib/articles/editing";
import { HEADLINE_MAX, STANDFIRST_MAX, isSaveConflict, type EditableContent, type SaveConflict, type SaveResult } from "@/lib/articles/edit-schema";
import type { RichTextDoc } from "@/lib/editor";
import type { FieldErrors } from "@/lib/errors";
import type { PublishState } from "@/lib/publishing/state";
import { PhotoImageField, type DeskImage } from "@/components/desk/photos/photo-image-field";
import { ConflictPanel } from "./conflict-panel";
import { CreditPicker, type CreateCreditAction } from "./credit-picker";
import { ArticleEditorBridgeProvider, PLAIN_FIELD_IDS, useArticleEditorBridgeState } from "./editor-bridge";
import {
  readLocalDrafts,
  removeLocalDraft,
  sameContent,
  writeLocalDraft,
  type DraftContent,
  type LocalDraft,
} from "./draft";
import { RichTextEditor, type RichTextEditorProps } from "./rich-text-editor";
import "./editor.css";

/** Autosave waits this long after the last keystroke. */
const AUTOSAVE_DELAY_MS = 2_000;
/** The local copy is written a little after typing, not on every keystroke. */
const LOCAL_COPY_DELAY_MS = 400;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "conflict" } | { kind: "error"; message: string };
type SaveMode = "manual" | "auto" | "overwrite";

function draftFromArticle(article: ArticleForEditing): DraftContent {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body,
    photos: article.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      alt: photo.alt,
      creditId: photo.credit?.id ?? null,
      imageId: photo.image?.id ?? null,
      focal: photo.focal,
    })),
  };
}

function draftFromEditable(content: EditableContent): DraftContent {
  return {
    headline: content.headline,
    standfirst: content.standfirst,
    body: content.body,
    photos: content.photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      alt: photo.alt,
      creditId: photo.creditId,
      imageId: photo.imageId ?? null,
      focal: photo.focal ?? null,
    })),
  };
}

/** Messages for a field and everything under it ("photos.2.caption" covers "photos.2.caption.content.0"). */
function errorsFor(fieldErrors: FieldErrors, field: string): string[] | undefined {
  const messages = Object.entries(fieldErrors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([, list]) => list);
  return messages.length ? [...new Set(messages)] : undefined;
}

/** Field-error keys that a field of this form displays next to itself. */
const FIELD_WITH_MESSAGE = /^(headline|standfirst|body)(\.|$)|^photos\.\d+\.(caption|alt|creditId|id)(\.|$)/;

const timeOfDay = (date: Date) => date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export interface ArticleEditorProps {
  article: ArticleForEditing;
  credits: CreditOption[];
  createCredit: CreateCreditAction;
  publishActions: PublishActions;
  publishState: PublishState;
  role: RoleName;
  /** Further sidebar panels (the fact-check panel goes here). */
  sidebar?: ReactNode;
}

/**
 * The article editor: headline, standfirst, body and every photo's caption and credit, saved by
 * the Save button, Ctrl/Cmd+S and autosave. Every save names the version it started from; a
 * refused save (someone saved first) stops autosave and opens the conflict view, with the typed
 * text left in the editor and a copy kept in localStorage.
 */
export function ArticleEditor({ article, credits: initialCredits, createCredit, publishActions, publishState, role, sidebar }: ArticleEditorProps) {
  const router = useRouter();
  const articleId = article.id;

  const [draft, setDraft] = useState<DraftContent>(() => draftFromArticle(article));
  const draftRef = useRef(draft);
  // What the editors were created with; a new key remounts them with other content.
  const [seed, setSeed] = useState<{ key: number; content: DraftContent }>(() => ({ key: 0, content: draft }));
  const [baseVersion, setBaseVersion] = useState(article.version);
  const baseVersionRef = useRef(article.version);

  // Edits are counted: "dirty" is "edits since the last successful save".
  const [edits, setEdits] = useState(0);
  const editsRef = useRef(0);
  const [savedEdits, setSavedEdits] = useState(0);
  const savedEditsRef = useRef(0);
  const attemptedEditsRef = useRef(0);

  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const savingRef = useRef(false);
  const queuedSaveRef = useRef(false);
  const [saveAgain, setSaveAgain] = useState(0);
  const [lastSavedAt, setLastSavedAt] = useState<Date | null>(null);
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  // An explicit save that hits a conflict moves focus to the conflict view; autosave only announces
  // it, so keystrokes of someone still typing are not sent elsewhere.
  const [focusConflict, setFocusConflict] = useState(false);
  const conflictRef = useRef<SaveConflict | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [credits, setCredits] = useState(initialCredits);
  // Images by id: those the article had when opened, plus uploads since.
  const [images, setImages] = useState<Record<string, DeskImage>>(() =>
    Object.fromEntries(article.photos.flatMap((photo) => (photo.image ? [[photo.image.id, photo.image]] : []))),
  );
  const [keptDraft, setKeptDraft] = useState<LocalDraft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const dirty = edits !== savedEdits;
  const unsafeToLeave = dirty || saveState.kind === "saving" || conflict !== null;

  const setConflictState = (next: SaveConflict | null) => {
    conflictRef.current = next;
    setConflict(next);
  };
  const markSaved = (editCount: number) => {
    savedEditsRef.current = editCount;
    setSavedEdits(editCount);
  };
  const setBase = (version: number) => {
    baseVersionRef.current = version;
    setBaseVersion(version);
  };

  const update = useCallback((change: (current: DraftContent) => DraftContent) => {
    const next = change(draftRef.current);
    draftRef.current = next;
    setDraft(next);
    editsRef.current += 1;
    setEdits(editsRef.current);
  }, []);

  // Sidebar tools (the fact-check panel) read the text and act on the editors through this.
  const bridge = useArticleEditorBridgeState({ articleId, draft, update });

  const loadIntoEditors = (content: DraftContent) => {
    draftRef.current = content;
    setDraft(content);
    setSeed((current) => ({ key: current.key + 1, content }));
  };

  const keepLocalCopy = useCallback(() => {
    writeLocalDraft({ articleId, baseVersion: baseVersionRef.current, writtenAt: new Date().toISOString(), content: draftRef.current });
  }, [articleId]);

  const save = useCallback(
    async (mode: SaveMode) => {
      if (savingRef.current) {
        queuedSaveRef.current = mode !== "auto" || queuedSaveRef.current;
        return;
      }
      const pendingConflict = conflictRef.current;
      if (pendingConflict && mode !== "overwrite") return;

      savingRef.current = true;
      setSaveState({ kind: "saving" });
      const startedEdits = editsRef.current;
      attemptedEditsRef.current = startedEdits;
      const startedBase = baseVersionRef.current;
      const expectedVersion = mode === "overwrite" && pendingConflict ? pendingConflict.currentVersion : startedBase;
      const content = draftRef.current;
      let next: SaveState = { kind: "idle" };
      try {
        const response = await fetch(`/api/articles/${encodeURIComponent(articleId)}/save`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ articleId, expectedVersion, ...content }),
          cache: "no-store",
        });
        const body = (await response.json().catch(() => null)) as
          | (SaveResult & { error?: string; fieldErrors?: FieldErrors; conflict?: unknown })
          | null;
        if (response.ok && body) {
          removeLocalDraft(articleId, startedBase);
          removeLocalDraft(articleId, expectedVersion);
          setBase(body.version);
          markSaved(startedEdits);
          // Typing went on during the request: keep that newer text locally under the new version.
          if (editsRef.current !== startedEdits) keepLocalCopy();
          setConflictState(null);
          setFieldErrors({});
          setFormError(null);
          setLastSavedAt(new Date());
          // The publishing panel shows the current version; let the server page tell it.
          if (body.changed) router.refresh();
        } else if (response.status === 409 && isSaveConflict(body?.conflict)) {
          keepLocalCopy();
          setFocusConflict(mode !== "auto");
          setConflictState(body.conflict);
          next = { kind: "conflict" };
        } else if (response.status === 422) {
          const errors = body?.fieldErrors ?? {};
          setFieldErrors(errors);
          // Errors no field shows (or a refusal without field errors) go above the form.
          const unplaced = Object.entries(errors)
            .filter(([key]) => !FIELD_WITH_MESSAGE.test(key))
            .flatMap(([, messages]) => messages);
          const placed = Object.keys(errors).some((key) => FIELD_WITH_MESSAGE.test(key));
          setFormError(unplaced.length ? unplaced.join(" ") : placed ? null : (body?.error ?? "The server refused the text."));
          next = { kind: "error", message: placed ? "fix the marked fields" : "see the message above the form" };
        } else if (response.status === 401) {
          next = { kind: "error", message: "you are signed out. Sign in in another tab, then save again" };
        } else {
          next = { kind: "error", message: body?.error ?? `the server answered ${response.status}` };
        }
      } catch {
        next = { kind: "error", message: "no connection. Your text is kept in this browser" };
      } finally {
        savingRef.current = false;
      }
      setSaveState(next);
      if (next.kind !== "idle") keepLocalCopy();
      // A Save pressed while this one ran: run it now for the text typed since.
      if (queuedSaveRef.current && next.kind === "idle" && editsRef.current !== savedEditsRef.current) setSaveAgain((n) => n + 1);
      queuedSaveRef.current = false;
    },
    [articleId, keepLocalCopy, router],
  );

  useEffect(() => {
    if (saveAgain === 0) return;
    const timer = setTimeout(() => void save("manual"), 0);
    return () => clearTimeout(timer);
  }, [saveAgain, save]);

  // Autosave: a while after typing stops, never into a conflict, and never twice for the same edits
  // (a refused or failed save waits for the next keystroke or an explicit Save).
  useEffect(() => {
    if (conflict || saveState.kind === "saving") return;
    if (edits === savedEdits || edits === attemptedEditsRef.current) return;
    const timer = setTimeout(() => void save("auto"), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [edits, savedEdits, conflict, saveState.kind, save]);

  // A local copy of unsaved text, so a crash or closed tab loses nothing.
  useEffect(() => {
    if (edits === savedEdits) return;
    const timer = setTimeout(keepLocalCopy, LOCAL_COPY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [edits, savedEdits, keepLocalCopy]);

  // On load: offer text kept in this browser that differs from what the server has.
  useEffect(() => {
    const server = draftFromArticle(article);
    const kept = readLocalDrafts(articleId).filter((candidate) => {
      if (!sameContent(candidate.content, server)) return true;
      removeLocalDraft(articleId, candidate.baseVersion);
      return false;
    });
    // localStorage exists only in the browser, after hydration: reading it here is the point.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (kept[0]) setKeptDraft(kept[0]);
    // Only for the article as first loaded; later server refreshes must not re-offer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [articleId]);

  // Ctrl/Cmd+S saves (instead of the browser's "save page").
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        // During a conflict this does nothing: the conflict view's buttons decide.
        void save("manual");
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save]);

  // Leaving with unsaved text: the browser's own warning, and a confirm for links inside the desk.
  useEffect(() => {
    if (!unsafeToLeave) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (new URL(link.href, location.href).origin !== location.origin) return;
      if (!window.confirm("You have unsaved changes. Leave this page anyway? (A copy stays in this browser.)")) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [unsafeToLeave]);

  const creditLabel = useCallback(
    (creditId: string | null) => (creditId ? (credits.find((credit) => credit.id === creditId)?.label ?? null) : null),
    [credits],
  );

  const loadTheirs = () => {
    const current = conflictRef.current;
    if (!current) return;
    keepLocalCopy(); // the user's text, under the version it started from
    const mine: LocalDraft = { articleId, baseVersion: baseVersionRef.current, writtenAt: new Date().toISOString(), content: draftRef.current };
    const theirs = draftFromEditable(current.current);
    // Credits theirs uses that this page has not seen yet.
    setCredits((list) => {
      const known = new Set(list.map((credit) => credit.id));
      const added = current.current.photos
        .filter((photo) => photo.creditId && photo.credit && !known.has(photo.creditId))
        .map((photo) => {
          const [agency, ...rest] = photo.credit!.split("/");
          return { id: photo.creditId!, agency, photographer: rest.join("/"), label: photo.credit! };
        });
      return [...list, ...added];
    });
    loadIntoEditors(theirs);
    setBase(current.currentVersion);
    markSaved(editsRef.current);
    attemptedEditsRef.current = editsRef.current;
    setConflictState(null);
    setFieldErrors({});
    setSaveState({ kind: "idle" });
    setLastSavedAt(null);
    setKeptDraft(mine);
    setNotice(`Loaded ${current.changedBy?.name ?? "their"} version ${current.currentVersion}.`);
  };

  const restoreKept = (kept: LocalDraft) => {
    loadIntoEditors(kept.content);
    // Saved against the version the text started from, so a newer save by someone else shows as a conflict.
    setBase(kept.baseVersion);
    setKeptDraft(null);
    setNotice(null);
    update((current) => current);
  };

  const discardKept = (kept: LocalDraft) => {
    removeLocalDraft(articleId, kept.baseVersion);
    const server = draftRef.current;
    const next = readLocalDrafts(articleId).find((candidate) => !sameContent(candidate.content, server));
    setKeptDraft(next ?? null);
  };

  const statusText =
    saveState.kind === "saving"
      ? "Saving…"
      : saveState.kind === "conflict"
        ? "Conflict: not saved"
        : saveState.kind === "error"
          ? `Not saved: ${saveState.message}`
          : dirty
            ? "Unsaved changes"
            : lastSavedAt
              ? `Saved at ${timeOfDay(lastSavedAt)}`
              : "Saved";

  const photoNumberLabel = (index: number) => `Photo ${index + 1}`;

  return (
    <div className="article-editor">
      <div className="article-editor-main">
        <div className="article-editor-bar">
          <h1>Edit article</h1>
          <p className="article-editor-meta muted">
            Version {baseVersion}
            {article.lastEditor && baseVersion === article.version ? ` · last saved by ${article.lastEditor.name}` : ""}
          </p>
          <p
            className={`save-status save-status-${saveState.kind === "idle" ? (dirty ? "dirty" : "saved") : saveState.kind}`}
            role="status"
            aria-live="polite"
            data-testid="save-status"
          >
            {statusText}
          </p>
          <Button variant="primary" onClick={() => void save("manual")} disabled={conflict !== null} aria-keyshortcuts="Control+S Meta+S">
            Save
          </Button>
          <Link href={`/desk/articles/${articleId}/history`}>History</Link>
        </div>

        {keptDraft ? (
          <div className="notice notice-warning kept-draft" role="region" aria-label="Text kept in this browser">
            <p>
              {notice ? `${notice} ` : ""}This browser kept unsaved text from {new Date(keptDraft.writtenAt).toLocaleString()} (started from
              version {keptDraft.baseVersion}).
            </p>
            <Button onClick={() => restoreKept(keptDraft)}>Restore that text</Button> <Button variant="link" onClick={() => discardKept(keptDraft)}>Discard it</Button>
          </div>
        ) : (
          <Notice tone="info">{notice}</Notice>
        )}

        {conflict ? (
          <ConflictPanel
            conflict={conflict}
            mine={draft}
            creditLabel={creditLabel}
            onLoadTheirs={loadTheirs}
            onOverwrite={() => void save("overwrite")}
            overwriting={saveState.kind === "saving"}
            takeFocus={focusConflict}
          />
        ) : null}

        <FormError message={formError} />

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

        {article.photos.length > 0 ? (
          <section className="article-photos" aria-labelledby="photos-title">
            <h2 id="photos-title">Photos</h2>
            {article.photos.map((photo, index) => {
              const photoDraft = draft.photos[index];
              const seedPhoto = seed.content.photos[index];
              const captionLabelId = `caption-label-${photo.id}`;
              const captionErrors = errorsFor(fieldErrors, `photos.${index}.caption`);
              const captionErrorId = `caption-error-${photo.id}`;
              return (
                <fieldset key={photo.id} className="photo-editor" data-photo-id={photo.id}>
                  <legend>{photoNumberLabel(index)}</legend>
                  <PhotoImageField
                    photoNumber={index + 1}
                    image={photoDraft.imageId ? (images[photoDraft.imageId] ?? null) : null}
                    focal={photoDraft.focal}
                    onFocal={(focal) =>
                      update((current) => ({
                        ...current,
                        photos: current.photos.map((item, i) => (i === index ? { ...item, focal } : item)),
                      }))
                    }
                    onUploaded={(uploaded) => {
                      setImages((known) => ({ ...known, [uploaded.id]: uploaded }));
                      const fileCredit = uploaded.credit;
                      if (fileCredit) {
                        const [agency, ...rest] = fileCredit.label.split("/");
                        setCredits((list) =>
                          list.some((item) => item.id === fileCredit.id)
                            ? list
                            : [...list, { id: fileCredit.id, agency, photographer: rest.join("/"), label: fileCredit.label }].sort((a, b) => a.label.localeCompare(b.label)),
                        );
                      }
                      // The file's credit fills an empty credit only: never overwrite what the editor chose.
                      update((current) => ({
                        ...current,
                        photos: current.photos.map((item, i) =>
                          i === index ? { ...item, imageId: uploaded.id, focal: { x: 50, y: 50 }, creditId: item.creditId ?? fileCredit?.id ?? null } : item,
                        ),
                      }));
                    }}
                  />
                  {photoDraft.imageId && !photoDraft.alt ? (
                    <p className="field-error">This photo has no alt text: describe it for readers who cannot see it.</p>
                  ) : null}
                  <div className="photo-fields">
                    <div className={`field${captionErrors ? " field-invalid" : ""}`}>
                      <span className="field-label" id={captionLabelId}>
                        Caption
                      </span>
                      <RichTextEditor
                        key={`${seed.key}-${photo.id}`}
                        id={`caption-${photo.id}`}
                        labelledBy={`${captionLabelId}`}
                        variant="caption"
                        toolbarLabel={`Caption ${index + 1} formatting`}
                        initialContent={seedPhoto.caption}
                        describedBy={captionErrors ? captionErrorId : undefined}
                        invalid={Boolean(captionErrors)}
                        onEditor={bridge.editorRef(`caption:${photo.id}`)}
                        onChange={(caption) =>
                          update((current) => ({
                            ...current,
                            photos: current.photos.map((item, i) => (i === index ? { ...item, caption } : item)),
                          }))
                        }
                      />
                      {captionErrors ? (
                        <p id={captionErrorId} className="field-error">
                          {captionErrors.join(" ")}
                        </p>
                      ) : null}
                    </div>
                    <TextField
                      label="Alt text"
                      hint="What the photo shows, for readers who cannot see it."
                      value={photoDraft.alt ?? ""}
                      error={errorsFor(fieldErrors, `photos.${index}.alt`)}
                      onChange={(event) => {
                        const alt = event.target.value;
                        update((current) => ({
                          ...current,
                          photos: current.photos.map((item, i) => (i === index ? { ...item, alt: alt === "" ? null : alt } : item)),
                        }));
                      }}
                    />
                    <CreditPicker
                      photoNumber={index + 1}
                      value={photoDraft.creditId}
                      credits={credits}
                      createCredit={createCredit}
                      error={errorsFor(fieldErrors, `photos.${index}.creditId`) ?? errorsFor(fieldErrors, `photos.${index}.id`)}
                      onCreated={(credit) =>
                        setCredits((list) =>
                          list.some((item) => item.id === credit.id)
                            ? list
                            : [...list, credit].sort((a, b) => a.label.localeCompare(b.label)),
                        )
                      }
                      onChange={(creditId) =>
                        update((current) => ({
                          ...current,
                          photos: current.photos.map((item, i) => (i === index ? { ...item, creditId } : item)),
                        }))
                      }
                    />
                  </div>
                </fieldset>
              );
            })}
          </section>
        ) : null}
      </div>

      <aside className="article-editor-sidebar" aria-label="Article tools">
        <PublishControls actions={publishActions} state={publishState} role={role} hasUnsavedChanges={unsafeToLeave} onBeforePublish={bridge.beforePublish} />
        <ArticleEditorBridgeProvider value={bridge.value}>{sidebar}</ArticleEditorBridgeProvider>
      </aside>
    </div>
  );
}

function BodyField({
  seedKey,
  initial,
  errors,
  onChange,
  onEditor,
}: {
  seedKey: number;
  initial: RichTextDoc;
  errors: string[] | undefined;
  onChange: (body: RichTextDoc) => void;
  onEditor: RichTextEditorProps["onEditor"];
}) {
  return (
    <div className={`field field-body${errors ? " field-invalid" : ""}`}>
      <span className="field-label" id="body-label">
        Body
      </span>
      <RichTextEditor
        key={seedKey}
        id="article-body"
        labelledBy="body-label"
        variant="body"
        toolbarLabel="Body formatting"
        initialContent={initial}
        describedBy={errors ? "body-error" : undefined}
        invalid={Boolean(errors)}
        onChange={onChange}
        onEditor={onEditor}
      />
      {errors ? (
        <p id="body-error" className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
