"use client";

import type { Editor, EditorOptions } from "@tiptap/core";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useRef, useState } from "react";
import { editorExtensions, liveEditorExtensions, type RichTextDoc } from "@/lib/editor";
import { liveExtensions } from "@/components/desk/collab/live-extensions";
import type { LiveSession } from "@/components/desk/collab/use-live-session";
import { BODY_TOOLS, CAPTION_TOOLS, RichTextToolbar } from "./rich-text-toolbar";
import { PlainLine, SingleParagraph } from "./single-paragraph";

type Variant = "body" | "caption" | "line";

function extensionsFor(variant: Variant, live: RichTextEditorProps["live"]) {
  const base = live ? liveEditorExtensions : editorExtensions;
  const narrowed = variant === "body" ? base : variant === "caption" ? [...base, SingleParagraph] : [...base, SingleParagraph, PlainLine];
  return live ? [...narrowed, ...liveExtensions(live.session, live.field)] : narrowed;
}

export interface RichTextEditorProps {
  /** The id of the editable area (labels, toolbar and error messages point at it). */
  id: string;
  /** The id of the element that names the field (a visible label). */
  labelledBy: string;
  /** "caption": one paragraph, bold/italic/link only; "line": one paragraph of plain text (headline, alt). */
  variant: Variant;
  /** Read once, when the editor is created; remount (change `key`) to load other content. Ignored when live. */
  initialContent: RichTextDoc;
  /** Edit this field of a live (co-edited) document instead: its content comes from the session. */
  live?: { session: LiveSession; field: string };
  onChange: (doc: RichTextDoc) => void;
  /** Names the formatting toolbar ("Body formatting", "Caption 2 formatting"). */
  toolbarLabel: string;
  /** Ids of the hint and error messages for this field. */
  describedBy?: string;
  invalid?: boolean;
  /** Receives the TipTap editor once it exists (null when it goes): tools beside the editor act on its text. */
  onEditor?: (editor: Editor | null) => void;
}

/** A TipTap editor on the one extension list, with an accessible formatting toolbar. */
export function RichTextEditor({ id, labelledBy, variant, initialContent, live, onChange, toolbarLabel, describedBy, invalid, onEditor }: RichTextEditorProps) {
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  const editorProps = (): EditorOptions["editorProps"] => ({
    attributes: {
      id,
      role: "textbox",
      "aria-multiline": variant === "body" ? "true" : "false",
      "aria-labelledby": labelledBy,
      ...(describedBy ? { "aria-describedby": describedBy } : {}),
      ...(invalid ? { "aria-invalid": "true" } : {}),
      class: `rte-content rte-content-${variant}`,
      spellcheck: "true",
    },
    handleKeyDown: (_view, event) => {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setLinkFormOpen(true);
        return true;
      }
      return false;
    },
  });

  const editor = useEditor(
    {
      extensions: extensionsFor(variant, live),
      // A live editor's content is the shared document's field, never a copy of its own.
      ...(live ? {} : { content: initialContent }),
      // Rendered on the server first; the editor attaches in the browser (avoids hydration mismatches).
      immediatelyRender: false,
      // Markdown-style shortcuts ("## ", "> ") would turn a caption into a heading or quote.
      enableInputRules: variant === "body",
      editorProps: editorProps(),
      onUpdate: ({ editor: current }) => onChangeRef.current(current.getJSON() as RichTextDoc),
    },
    [live?.session, live?.field],
  );

  useEffect(() => {
    if (!editor || !onEditor) return;
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);

  // Error messages come and go after the editor exists; keep its aria attributes current.
  useEffect(() => {
    editor?.setOptions({ editorProps: editorProps() });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, describedBy, invalid]);

  return (
    <div className={`rte rte-${variant}${invalid ? " rte-invalid" : ""}`}>
      {editor && variant !== "line" ? (
        <RichTextToolbar
          editor={editor}
          tools={variant === "caption" ? CAPTION_TOOLS : BODY_TOOLS}
          label={toolbarLabel}
          controls={id}
          linkFormOpen={linkFormOpen}
          onLinkFormOpenChange={setLinkFormOpen}
        />
      ) : variant === "line" ? null : (
        <div className="rte-toolbar rte-toolbar-placeholder" aria-hidden="true" />
      )}
      {editor ? <EditorContent editor={editor} /> : <div className={`rte-content rte-content-${variant} rte-loading`}>Loading editor…</div>}
    </div>
  );
}
