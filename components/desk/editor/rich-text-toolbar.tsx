"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { isAllowedLinkHref } from "@/lib/editor";

export type ToolName = "bold" | "italic" | "h2" | "h3" | "bulletList" | "orderedList" | "blockquote" | "link" | "undo" | "redo";

export const BODY_TOOLS: readonly ToolName[] = ["bold", "italic", "h2", "h3", "bulletList", "orderedList", "blockquote", "link", "undo", "redo"];
export const CAPTION_TOOLS: readonly ToolName[] = ["bold", "italic", "link", "undo", "redo"];

interface ToolSpec {
  label: string;
  /** Shown as the button text (short), the label is the accessible name. */
  text: string;
  keys: string;
  toggle: boolean;
  isActive?: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

const TOOLS: Record<Exclude<ToolName, "link">, ToolSpec> = {
  bold: { label: "Bold", text: "B", keys: "Mod+B", toggle: true, isActive: (e) => e.isActive("bold"), run: (e) => e.chain().focus().toggleBold().run() },
  italic: { label: "Italic", text: "I", keys: "Mod+I", toggle: true, isActive: (e) => e.isActive("italic"), run: (e) => e.chain().focus().toggleItalic().run() },
  h2: {
    label: "Heading 2",
    text: "H2",
    keys: "Mod+Alt+2",
    toggle: true,
    isActive: (e) => e.isActive("heading", { level: 2 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  h3: {
    label: "Heading 3",
    text: "H3",
    keys: "Mod+Alt+3",
    toggle: true,
    isActive: (e) => e.isActive("heading", { level: 3 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
  },
  bulletList: {
    label: "Bulleted list",
    text: "• List",
    keys: "Mod+Shift+8",
    toggle: true,
    isActive: (e) => e.isActive("bulletList"),
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  orderedList: {
    label: "Numbered list",
    text: "1. List",
    keys: "Mod+Shift+7",
    toggle: true,
    isActive: (e) => e.isActive("orderedList"),
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  blockquote: {
    label: "Block quote",
    text: "“ Quote",
    keys: "Mod+Shift+B",
    toggle: true,
    isActive: (e) => e.isActive("blockquote"),
    run: (e) => e.chain().focus().toggleBlockquote().run(),
  },
  undo: { label: "Undo", text: "Undo", keys: "Mod+Z", toggle: false, run: (e) => e.chain().focus().undo().run() },
  redo: { label: "Redo", text: "Redo", keys: "Mod+Shift+Z", toggle: false, run: (e) => e.chain().focus().redo().run() },
};

function shortcutText(keys: string): string {
  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  return keys.replace("Mod", mac ? "⌘" : "Ctrl").replace("Alt", mac ? "⌥" : "Alt");
}

/**
 * What the user typed as a link, made absolute where the intent is plain ("example.com" →
 * https://example.com, "desk@example.com" → mailto:), or null when it is not an http, https or
 * mailto link (javascript:, data:, relative paths …).
 */
export function normaliseLinkInput(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  let href = value;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) href = `mailto:${value}`;
    else if (/^[^\s/]+\.[^\s/]+/.test(value)) href = `https://${value}`;
  }
  return isAllowedLinkHref(href) ? href : null;
}

export function RichTextToolbar({
  editor,
  tools,
  label,
  controls,
  linkFormOpen,
  onLinkFormOpenChange,
}: {
  editor: Editor;
  tools: readonly ToolName[];
  /** Names the toolbar, e.g. "Body formatting". */
  label: string;
  /** The id of the editable area the toolbar acts on. */
  controls: string;
  linkFormOpen: boolean;
  onLinkFormOpenChange: (open: boolean) => void;
}) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      ...Object.fromEntries(
        Object.entries(TOOLS).map(([name, tool]) => [name, tool.isActive ? tool.isActive(current) : false]),
      ),
      link: current.isActive("link"),
      canUndo: current.can().undo(),
      canRedo: current.can().redo(),
    }),
  }) as Record<ToolName, boolean> & { canUndo: boolean; canRedo: boolean };

  return (
    <div className="rte-toolbar-wrap">
      <div role="toolbar" aria-label={label} aria-controls={controls} className="rte-toolbar">
        {tools.map((name) => {
          if (name === "link") {
            return (
              <button
                key={name}
                type="button"
                className="rte-tool"
                aria-pressed={active.link}
                aria-expanded={linkFormOpen}
                title={`Link (${shortcutText("Mod+K")})`}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onLinkFormOpenChange(!linkFormOpen)}
              >
                Link
              </button>
            );
          }
          const tool = TOOLS[name];
          const disabled = (name === "undo" && !active.canUndo) || (name === "redo" && !active.canRedo);
          return (
            <button
              key={name}
              type="button"
              className={`rte-tool rte-tool-${name}`}
              aria-label={tool.label}
              aria-pressed={tool.toggle ? active[name] : undefined}
              aria-keyshortcuts={tool.keys.replace("Mod", "Control")}
              title={`${tool.label} (${shortcutText(tool.keys)})`}
              disabled={disabled}
              // Keep the editor's selection: the click must not move focus before the command runs.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => tool.run(editor)}
            >
              {tool.text}
            </button>
          );
        })}
      </div>
      {linkFormOpen ? <LinkForm editor={editor} onClose={() => onLinkFormOpenChange(false)} /> : null}
    </div>
  );
}

function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const current = (editor.getAttributes("link").href as string | undefined) ?? "";
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const apply = () => {
    const href = normaliseLinkInput(value);
    if (!href) {
      setError("Links must be web addresses (http:// or https://) or email addresses (mailto:).");
      inputRef.current?.focus();
      return;
    }
    const chain = editor.chain().focus().extendMarkRange("link");
    if (editor.state.selection.empty && !editor.isActive("link")) {
      // Nothing selected: insert the address itself as the link text.
      chain.insertContent({ type: "text", text: href.replace(/^mailto:/, ""), marks: [{ type: "link", attrs: { href } }] }).run();
    } else {
      chain.setLink({ href }).run();
    }
    onClose();
  };
  const remove = () => {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      apply();
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose();
      editor.commands.focus();
    }
  };

  return (
    <div className="rte-link-form" role="group" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-href`}>
        Link address
      </label>
      <input
        ref={inputRef}
        id={`${id}-href`}
        type="text"
        inputMode="url"
        value={value}
        placeholder="https://…"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="button button-primary" onClick={apply}>
        Apply link
      </button>
      {current ? (
        <button type="button" className="button" onClick={remove}>
          Remove link
        </button>
      ) : null}
      <button
        type="button"
        className="button button-link"
        onClick={() => {
          onClose();
          editor.commands.focus();
        }}
      >
        Cancel
      </button>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
