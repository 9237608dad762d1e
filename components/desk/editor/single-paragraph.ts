import { Extension } from "@tiptap/core";
import { Fragment, Slice, type Node as PMNode, type Schema } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

// Captions use the one extension list (so their marks and links are the body's), narrowed by
// this extension to a single paragraph of text: Enter does nothing, pasted blocks are squeezed
// into one line, and any change that would leave something other than one plain paragraph
// (a heading or list shortcut) is dropped. The server checks the same with captionDocSchema.

function isSingleParagraph(doc: PMNode): boolean {
  const only = doc.firstChild;
  if (doc.childCount !== 1 || !only || only.type.name !== "paragraph") return false;
  let hasBreak = false;
  only.forEach((child) => {
    if (!child.isText) hasBreak = true;
  });
  return !hasBreak;
}

/** The inline content of every textblock in `slice`, joined by spaces (line breaks become spaces). */
function flattenSlice(slice: Slice, schema: Schema): Slice {
  let hasBlocks = false;
  slice.content.forEach((node) => {
    if (node.isBlock) hasBlocks = true;
  });
  if (!hasBlocks) return slice;
  const inline: PMNode[] = [];
  const space = () => {
    const last = inline.at(-1);
    if (last && !(last.isText && last.text?.endsWith(" "))) inline.push(schema.text(" "));
  };
  slice.content.descendants((node) => {
    if (!node.isTextblock) return true;
    space();
    node.forEach((child) => (child.isText ? inline.push(child) : space()));
    return false;
  });
  while (inline.length && inline[0].isText && inline[0].text === " ") inline.shift();
  return new Slice(Fragment.fromArray(inline), 0, 0);
}

export const SingleParagraph = Extension.create({
  name: "singleParagraph",
  // Runs before StarterKit's keymaps, so Enter never reaches splitBlock or hard breaks.
  priority: 1000,
  addKeyboardShortcuts() {
    const ignore = () => true;
    return { Enter: ignore, "Shift-Enter": ignore, "Mod-Enter": ignore };
  },
  addProseMirrorPlugins() {
    const schema = this.editor.schema;
    return [
      new Plugin({
        key: new PluginKey("singleParagraph"),
        // A live document's own updates always pass: dropping one would part the editor from it.
        filterTransaction: (transaction) =>
          !transaction.docChanged || transaction.getMeta(ySyncPluginKey) !== undefined || isSingleParagraph(transaction.doc),
        props: { transformPasted: (slice) => flattenSlice(slice, schema) },
      }),
    ];
  },
});

/** For plain lines (headline, standfirst, alt text): one paragraph, and no formatting at all. */
export const PlainLine = Extension.create({
  name: "plainLine",
  priority: 1000,
  addKeyboardShortcuts() {
    const ignore = () => true;
    return { "Mod-b": ignore, "Mod-i": ignore, "Mod-k": ignore, "Mod-Shift-b": ignore };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("plainLine"),
        props: {
          transformPasted: (slice) => {
            const plain: PMNode[] = [];
            slice.content.descendants((node) => {
              if (node.isText) plain.push(node.mark([]));
              return true;
            });
            return new Slice(Fragment.fromArray(plain), 0, 0);
          },
        },
      }),
    ];
  },
});
