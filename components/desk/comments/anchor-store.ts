import type { EditorView } from "@tiptap/pm/view";
import type { CommentThreadView } from "@/lib/comments";

// What the comment highlights in every live editor of a story and the comments panel share: the
// threads, the one chosen in the panel, where each thread's passage is now (each editor places the
// threads of its own field), and the last text selected in a commentable field.

export interface PlacedPassage {
  from: number;
  to: number;
}

export interface CommentableSelection {
  field: string;
  from: number;
  to: number;
  text: string;
  view: EditorView;
}

type Listener = () => void;

export class CommentAnchorStore {
  threads: CommentThreadView[] = [];
  activeId: string | null = null;
  selection: CommentableSelection | null = null;
  /** Thread id → its passage in its field's editor now; absent when the passage is gone. */
  readonly placed = new Map<string, PlacedPassage>();
  /** Field → the editor showing it (to scroll to a passage and to anchor a new comment). */
  readonly views = new Map<string, EditorView>();
  private listeners = new Set<Listener>();
  private version = 0;

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  /** For the panel: a number that changes whenever anything it shows may have. */
  snapshot = () => this.version;

  private changed() {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  setThreads(threads: CommentThreadView[]) {
    this.threads = threads;
    this.changed();
  }

  setActive(id: string | null) {
    this.activeId = id;
    this.changed();
  }

  setSelection(selection: CommentableSelection | null) {
    const same =
      selection?.field === this.selection?.field && selection?.from === this.selection?.from && selection?.to === this.selection?.to && selection?.text === this.selection?.text;
    this.selection = selection;
    if (!same) this.changed();
  }

  /** An editor placed the threads of its field (after any change of text or threads). */
  place(field: string, placements: Map<string, PlacedPassage>) {
    let different = false;
    for (const thread of this.threads) {
      if (thread.field !== field) continue;
      const before = this.placed.get(thread.id);
      const now = placements.get(thread.id);
      if (before?.from !== now?.from || before?.to !== now?.to) different = true;
      if (now) this.placed.set(thread.id, now);
      else this.placed.delete(thread.id);
    }
    if (different) this.changed();
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
