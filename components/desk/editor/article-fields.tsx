"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui";
import type { RichTextDoc } from "@/lib/editor";
import { RichTextEditor, type RichTextEditorProps } from "./rich-text-editor";

// Parts of the article editor that the saved and the live editor share.

/** The editor's top bar: title, version line, save status, Save and the history link. */
export function EditorBar({
  articleId,
  meta,
  statusKind,
  statusText,
  onSave,
  saveDisabled = false,
  children,
}: {
  articleId: string;
  meta: string;
  statusKind: string;
  statusText: string;
  onSave: () => void;
  saveDisabled?: boolean;
  /** More of the bar (the live status). */
  children?: ReactNode;
}) {
  return (
    <div className="article-editor-bar">
      <h1>Edit article</h1>
      <p className="article-editor-meta muted">{meta}</p>
      <p className={`save-status save-status-${statusKind}`} role="status" aria-live="polite" data-testid="save-status">
        {statusText}
      </p>
      {children}
      <Button variant="primary" onClick={onSave} disabled={saveDisabled} aria-keyshortcuts="Control+S Meta+S">
        Save
      </Button>
      <Link href={`/desk/articles/${articleId}/history`}>History</Link>
    </div>
  );
}

export function BodyField({
  seedKey,
  initial,
  errors,
  onChange,
  onEditor,
  live,
}: {
  seedKey: number;
  initial: RichTextDoc;
  errors: string[] | undefined;
  onChange: (body: RichTextDoc) => void;
  onEditor: RichTextEditorProps["onEditor"];
  live?: RichTextEditorProps["live"];
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
        live={live}
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
