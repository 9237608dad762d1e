import type { Editor } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { plainRangeToPos, textBlocks, type RichTextDoc } from "@/lib/editor";

// What the fact-check panel does to the text in a TipTap editor: find a finding's text, mark it,
// replace it. Replacements are editor transactions, so they are undoable (Ctrl+Z) and reach the
// article through the editor's ordinary change → autosave → revision path.

/** A finding's place: character offsets within one textblock, as the checker reports them. */
export interface BlockRange {
  block: number;
  from: number;
  to: number;
}

const highlightKey = new PluginKey<DecorationSet>("factcheckHighlight");

// Registered on an editor the first time the panel highlights something in it, so the shared
// extension list (also used by the server renderer) stays as it is.
function highlightPlugin() {
  return new Plugin<DecorationSet>({
    key: highlightKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const range = tr.getMeta(highlightKey) as { from: number; to: number } | null | undefined;
        if (range === undefined) return set.map(tr.mapping, tr.doc);
        if (range === null) return DecorationSet.empty;
        return DecorationSet.create(tr.doc, [
          Decoration.inline(range.from, range.to, { nodeName: "mark", class: "factcheck-highlight", "data-factcheck-highlight": "" }),
        ]);
      },
    },
    props: { decorations: (state) => highlightKey.getState(state) },
  });
}

/** ProseMirror positions of the range, or null when the text there is no longer `text` (edited since the check). */
export function locateInEditor(editor: Editor, range: BlockRange, text: string): { from: number; to: number } | null {
  const positions = plainRangeToPos(editor.getJSON() as RichTextDoc, { blockIndex: range.block, offset: range.from, length: range.to - range.from });
  if (!positions) return null;
  // Hard breaks read as "\n" and other leaves as U+FFFC, as in textBlocks: one character per position.
  const current = editor.state.doc.textBetween(positions.from, positions.to, "\n", (leaf) => (leaf.type.name === "hardBreak" ? "\n" : "\uFFFC"));
  return current === text ? positions : null;
}

/** Marks the range (or clears the mark with null) without moving focus, and scrolls it into view. */
export function highlightInEditor(editor: Editor, positions: { from: number; to: number } | null): void {
  if (editor.isDestroyed) return;
  if (!highlightKey.get(editor.state)) editor.registerPlugin(highlightPlugin());
  const tr = editor.state.tr.setMeta(highlightKey, positions).setMeta("addToHistory", false);
  // The editor's own selection moves there too, so focusing the editor lands on the text.
  if (positions) tr.setSelection(TextSelection.create(tr.doc, positions.from, positions.to));
  editor.view.dispatch(tr);
  if (!positions) return;
  const mark = editor.view.dom.querySelector<HTMLElement>("[data-factcheck-highlight]");
  mark?.scrollIntoView({ block: "center", behavior: "smooth" });
}

/** Puts the cursor in the editor with the range selected. */
export function focusInEditor(editor: Editor, positions: { from: number; to: number }): void {
  editor.chain().focus().setTextSelection(positions).scrollIntoView().run();
}

/** Replaces the range with `replacement`, keeping the marks of the text it replaces. One undo step. */
export function replaceInEditor(editor: Editor, positions: { from: number; to: number }, replacement: string): void {
  const tr = editor.state.tr.insertText(replacement, positions.from, positions.to);
  tr.setMeta(highlightKey, null);
  editor.view.dispatch(tr);
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Where `search` stands as a whole word (not inside a longer word), case-sensitive, in a string. */
export function wholeWordMatches(text: string, search: string): number[] {
  const starts: number[] = [];
  if (!search) return starts;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) {
    const end = at + search.length;
    if (WORD_CHAR.test(text[at - 1] ?? "") || WORD_CHAR.test(text[end] ?? "")) continue;
    starts.push(at);
    at = end - 1;
  }
  return starts;
}

/** Replaces every whole-word `search` in a plain string. */
export function replaceWholeWords(text: string, search: string, replacement: string): { text: string; count: number } {
  const starts = wholeWordMatches(text, search);
  let result = text;
  for (const start of [...starts].reverse()) result = result.slice(0, start) + replacement + result.slice(start + search.length);
  return { text: result, count: starts.length };
}

/** Replaces every whole-word `search` in the editor in one transaction (one undo step); returns how many. */
export function replaceAllInEditor(editor: Editor, search: string, replacement: string): number {
  const ranges: Array<{ from: number; to: number }> = [];
  for (const block of textBlocks(editor.getJSON() as RichTextDoc)) {
    for (const start of wholeWordMatches(block.text, search)) ranges.push({ from: block.pos + start, to: block.pos + start + search.length });
  }
  if (ranges.length === 0) return 0;
  const tr = editor.state.tr;
  // From the end, so earlier positions stay valid.
  for (const range of ranges.reverse()) tr.insertText(replacement, range.from, range.to);
  tr.setMeta(highlightKey, null);
  editor.view.dispatch(tr);
  return ranges.length;
}
