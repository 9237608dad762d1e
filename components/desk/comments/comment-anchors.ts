import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { base64ToBytes, bytesToBase64, type CommentAnchorStore, type PlacedPassage } from "./anchor-store";

// Comments in a live editor: each thread's passage is a pair of Yjs relative positions, which
// stay with the characters they were made at while anyone edits around them. This extension draws
// the open threads of its field as highlights (the chosen one stronger), tells the store where each
// passage is now, and tells it what the person selected, so the panel can anchor a new comment.
// Nothing of this is in the document: readers and the stored draft never see a comment.

const commentsKey = new PluginKey<DecorationSet>("copydeskComments");

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
}

function syncOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding ? sync : null;
}

function toAbsolute(sync: SyncState, anchor: string): number | null {
  const bytes = base64ToBytes(anchor);
  if (!bytes) return null;
  try {
    // A forged or foreign anchor cannot be placed: the passage reads as gone.
    return relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(bytes), sync.binding!.mapping as never);
  } catch {
    return null;
  }
}

/** The anchors of a selection in this editor's field, encoded for the server. */
export function anchorsOfSelection(state: EditorState, from: number, to: number): { anchorStart: string; anchorEnd: string } | null {
  const sync = syncOf(state);
  if (!sync) return null;
  const encode = (pos: number) => bytesToBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, sync.type, sync.binding!.mapping as never)));
  return { anchorStart: encode(from), anchorEnd: encode(to) };
}

function placeThreads(state: EditorState, store: CommentAnchorStore, field: string) {
  const sync = syncOf(state);
  const placements = new Map<string, PlacedPassage>();
  const decorations: Decoration[] = [];
  if (sync) {
    for (const thread of store.threads) {
      if (thread.field !== field) continue;
      const from = toAbsolute(sync, thread.anchorStart);
      const to = toAbsolute(sync, thread.anchorEnd);
      // Deleted passages collapse (both ends land on the same character): gone.
      if (from === null || to === null || to <= from) continue;
      placements.set(thread.id, { from, to });
      if (thread.resolved) continue;
      const active = thread.id === store.activeId;
      decorations.push(
        Decoration.inline(from, to, { class: active ? "comment-passage comment-passage-active" : "comment-passage", "data-comment-id": thread.id }),
      );
    }
  }
  return { placements, decorations: DecorationSet.create(state.doc, decorations) };
}

export function commentAnchors(store: CommentAnchorStore, field: string) {
  return Extension.create({
    name: "commentAnchors",
    addProseMirrorPlugins() {
      return [
        new Plugin<DecorationSet>({
          key: commentsKey,
          state: {
            init: (_config, state) => placeThreads(state, store, field).decorations,
            apply(tr, previous, _old, state) {
              // The Yjs document takes a local edit only after this state is applied (y-sync's view
              // update), so anchors resolved now would read the text before it: map the highlights
              // for now and place them again once Yjs has it (the view's update below).
              const fromYjs = Boolean((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin);
              if (!tr.getMeta(commentsKey) && !(tr.docChanged && fromYjs)) return previous.map(tr.mapping, tr.doc);
              const { placements, decorations } = placeThreads(state, store, field);
              // Told after this transaction is applied, not during it.
              queueMicrotask(() => store.place(field, placements));
              return decorations;
            },
          },
          props: {
            decorations: (state) => commentsKey.getState(state),
          },
          view(view) {
            store.views.set(field, view);
            let seen = { threads: store.threads, activeId: store.activeId };
            const redraw = () => {
              if (seen.threads === store.threads && seen.activeId === store.activeId) return;
              seen = { threads: store.threads, activeId: store.activeId };
              if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentsKey, true).setMeta("addToHistory", false));
            };
            const unsubscribe = store.subscribe(redraw);
            queueMicrotask(() => {
              if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentsKey, true).setMeta("addToHistory", false));
            });
            return {
              update(current, previousState) {
                // After any change of text (Yjs has it by now), place the threads again.
                if (current.state.doc !== previousState.doc) {
                  queueMicrotask(() => {
                    if (!current.isDestroyed) current.dispatch(current.state.tr.setMeta(commentsKey, true).setMeta("addToHistory", false));
                  });
                }
                const { from, to, empty } = current.state.selection;
                if (!empty && current.hasFocus()) {
                  store.setSelection({ field, from, to, text: current.state.doc.textBetween(from, to, " "), view: current });
                } else if (current.hasFocus() && store.selection?.field === field) {
                  store.setSelection(null);
                }
              },
              destroy() {
                unsubscribe();
                if (store.views.get(field) === view) store.views.delete(field);
              },
            };
          },
        }),
      ];
    },
  });
}
