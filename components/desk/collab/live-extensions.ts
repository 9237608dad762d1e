import { Extension, type Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import { yCursorPlugin } from "@tiptap/y-tiptap";
import { commentAnchors } from "@/components/desk/comments/comment-anchors";
import type { LiveSession } from "./use-live-session";

// What turns one of the desk's TipTap editors into a view of one field of the live document:
// the collaboration binding (which replaces the editor's own content and undo) and other people's
// carets and selections, with their names. A person has one caret, in whichever field they are in.

function caret(user: { name?: string; color?: string }) {
  const caretElement = document.createElement("span");
  caretElement.className = "live-caret";
  // Not part of the text: not editable, and not read out in the middle of a sentence (the
  // sidebar names everyone in the story).
  caretElement.contentEditable = "false";
  caretElement.setAttribute("aria-hidden", "true");
  caretElement.style.borderColor = user.color ?? "#555";
  const label = document.createElement("span");
  label.className = "live-caret-label";
  label.style.backgroundColor = user.color ?? "#555";
  label.textContent = user.name ?? "Someone";
  caretElement.append(label);
  return caretElement;
}

export function liveExtensions(session: LiveSession, field: string): Extensions {
  const awareness = session.provider.awareness;
  return [
    Collaboration.configure({ document: session.doc, field }),
    // Comments are anchored in the body and the captions.
    ...(session.comments && (field === "body" || field.startsWith("caption:")) ? [commentAnchors(session.comments, field)] : []),
    Extension.create({
      name: "liveCarets",
      addProseMirrorPlugins() {
        if (!awareness) return [];
        // The default awareness field ("cursor"): y-tiptap draws other people's carets from that
        // field only, whatever field name is passed. One caret per person is right anyway; each
        // editor draws the carets whose position lies in its own fragment and ignores the rest.
        return [
          yCursorPlugin(awareness, {
            cursorBuilder: caret,
            selectionBuilder: (user: { color?: string }) => ({ style: `background-color: ${user.color ?? "#555"}33`, class: "live-selection" }),
          }),
        ];
      },
    }),
  ];
}
