import { Editor } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import { editorExtensions, isAllowedLinkHref } from "@/lib/editor/extensions";
import {
  CAPTION_LIMITS,
  RICH_TEXT_LIMITS,
  captionDocSchema,
  richTextDocSchema,
  type RichTextNode,
} from "@/lib/editor/schema";
import { captionFromText, docFromBlocks, plainRangeToPos, textBlocks } from "@/lib/editor/text";

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string {
  return result.success ? "" : result.error!.issues.map((issue) => issue.message).join(" | ");
}

const doc = (...content: unknown[]) => ({ type: "doc", content });
const p = (...content: unknown[]) => (content.length ? { type: "paragraph", content } : { type: "paragraph" });
const t = (text: string, marks?: unknown[]) => (marks ? { type: "text", text, marks } : { type: "text", text });
const link = (href: string) => ({ type: "link", attrs: { href } });

let editor: Editor | undefined;
afterEach(() => editor?.destroy());

describe("richTextDocSchema", () => {
  it("accepts docs built by docFromBlocks", () => {
    const built = docFromBlocks([
      { kind: "heading", text: "Paris hands over to Los Angeles" },
      { kind: "paragraph", text: "Over 70,000 spectators attended.\nMore followed online." },
      { kind: "quote", text: "It was magnificent" },
      { kind: "paragraph", text: "" },
    ]);
    expect(richTextDocSchema.parse(built)).toEqual(built);
    expect(richTextDocSchema.safeParse(docFromBlocks([])).success).toBe(true);
  });

  it("accepts what the TipTap editor itself produces after formatting", () => {
    // A headless editor (no DOM) running the real commands on the one extension list.
    editor = new Editor({
      element: null,
      extensions: editorExtensions,
      content: docFromBlocks([
        { kind: "heading", text: "Closing ceremony" },
        { kind: "paragraph", text: "Phoenix performed with Kavinsky." },
        { kind: "paragraph", text: "First item" },
        { kind: "paragraph", text: "Second item" },
      ]),
    });
    const current = editor;
    const select = (blockIndex: number, offset: number, length: number) => {
      const range = plainRangeToPos(current.getJSON() as never, { blockIndex, offset, length });
      if (!range) throw new Error("bad range");
      return range;
    };
    expect(editor.chain().setTextSelection(select(1, 0, 7)).toggleBold().run()).toBe(true);
    expect(
      editor.chain().setTextSelection(select(1, 23, 8)).setLink({ href: "https://example.org/kavinsky" }).toggleItalic().run(),
    ).toBe(true);
    expect(editor.chain().setTextSelection(select(0, 0, 7)).setHeading({ level: 3 }).run()).toBe(true);
    const lists = { from: select(2, 0, 0).from, to: select(3, 11, 0).from };
    expect(editor.chain().setTextSelection(lists).toggleOrderedList().run()).toBe(true);
    expect(editor.chain().setTextSelection(select(1, 15, 0)).setHardBreak().run()).toBe(true);

    const json = editor.getJSON();
    const serialized = JSON.stringify(json);
    // The edits really happened, so the assertion below covers marks, attrs and lists.
    for (const expected of ['"bold"', '"italic"', '"link"', '"hardBreak"', '"orderedList"', '"listItem"', '"level":3']) {
      expect(serialized).toContain(expected);
    }
    const parsed = richTextDocSchema.safeParse(json);
    expect(messages(parsed)).toBe("");
    expect(parsed.data).toEqual(json);
  });

  it("accepts bullet lists, nested lists and blockquotes", () => {
    const item = (...content: unknown[]) => ({ type: "listItem", content });
    const nested = doc(
      { type: "bulletList", content: [item(p(t("one")), { type: "orderedList", attrs: { start: 3, type: null }, content: [item(p(t("two")))] })] },
      { type: "blockquote", content: [p(t("quoted")), { type: "heading", attrs: { level: 4 }, content: [t("h4")] }] },
    );
    expect(messages(richTextDocSchema.safeParse(nested))).toBe("");
  });

  it("rejects an unknown node type", () => {
    const result = richTextDocSchema.safeParse(doc({ type: "image", attrs: { src: "https://x.org/a.png" } }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(["content", 0, "type"]);
  });

  it("rejects node types the starter kit has but the list disables", () => {
    expect(richTextDocSchema.safeParse(doc({ type: "codeBlock", content: [t("x")] })).success).toBe(false);
    expect(richTextDocSchema.safeParse(doc({ type: "horizontalRule" })).success).toBe(false);
  });

  it("rejects an unknown mark", () => {
    for (const mark of ["strike", "underline", "code", "script"]) {
      const result = richTextDocSchema.safeParse(doc(p(t("x", [{ type: mark }]))));
      expect(result.success, mark).toBe(false);
      expect(result.error!.issues[0].path).toEqual(["content", 0, "content", 0, "marks", 0, "type"]);
    }
  });

  it("refuses marks on the top-level doc node (a link wrapping the whole body)", () => {
    const wrapped = { ...doc(p(t("The whole body"))), marks: [link("https://evil.example/")] };
    const result = richTextDocSchema.safeParse(wrapped);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(["marks"]);
    expect(richTextDocSchema.safeParse({ ...doc(p(t("x"))), marks: [] }).success).toBe(false);
    expect(captionDocSchema.safeParse({ ...captionFromText("A caption"), marks: [{ type: "bold" }] }).success).toBe(false);
  });

  it("rejects javascript:, data:, relative and disguised links", () => {
    const hrefs = [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "java\tscript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "ftp://example.org/file",
      "/relative/path",
      "//evil.example/x",
      "",
    ];
    for (const href of hrefs) {
      const result = richTextDocSchema.safeParse(doc(p(t("x", [link(href)]))));
      expect(result.success, href).toBe(false);
      expect(messages(result)).toContain("http:, https: or mailto:");
    }
  });

  it("accepts http, https and mailto links, with the attributes pasted links carry", () => {
    for (const href of ["http://example.org", "https://example.org/a?b=1#c", "mailto:desk@example.org"]) {
      expect(richTextDocSchema.safeParse(doc(p(t("x", [link(href)])))).success, href).toBe(true);
    }
    const pasted = { type: "link", attrs: { href: "https://example.org", target: "_blank", rel: "noopener", class: "ext", title: "Example" } };
    expect(richTextDocSchema.safeParse(doc(p(t("x", [pasted])))).success).toBe(true);
  });

  it("rejects attributes the schema does not declare", () => {
    const withOnclick = { type: "link", attrs: { href: "https://example.org", onclick: "alert(1)" } };
    expect(messages(richTextDocSchema.safeParse(doc(p(t("x", [withOnclick])))))).toContain("onclick");
    expect(richTextDocSchema.safeParse(doc({ type: "paragraph", attrs: { style: "x" } })).success).toBe(false);
    expect(richTextDocSchema.safeParse({ ...doc(p()), onload: "alert(1)" }).success).toBe(false);
    expect(richTextDocSchema.safeParse(doc(p({ type: "text", text: "x", attrs: { href: "x" } }))).success).toBe(false);
  });

  it("rejects heading levels outside 2-4 and headings without a level", () => {
    for (const level of [1, 5, 6, 7, 2.5, "2"]) {
      const result = richTextDocSchema.safeParse(doc({ type: "heading", attrs: { level }, content: [t("x")] }));
      expect(result.success, String(level)).toBe(false);
    }
    expect(richTextDocSchema.safeParse(doc({ type: "heading", content: [t("x")] })).success).toBe(false);
    for (const level of [2, 3, 4]) {
      expect(richTextDocSchema.safeParse(doc({ type: "heading", attrs: { level }, content: [t("x")] })).success).toBe(true);
    }
  });

  it("rejects invalid nesting with a message from ProseMirror", () => {
    const headingInParagraph = doc(p({ type: "heading", attrs: { level: 2 }, content: [t("x")] }));
    expect(messages(richTextDocSchema.safeParse(headingInParagraph))).toMatch(/Invalid document structure: .*paragraph/);

    const paragraphInText = doc(p({ type: "text", text: "x", content: [p(t("y"))] }));
    expect(richTextDocSchema.safeParse(paragraphInText).success).toBe(false);

    const textAtTop = doc(t("loose text"));
    expect(messages(richTextDocSchema.safeParse(textAtTop))).toContain("Invalid document structure");

    const listItemWithoutList = doc({ type: "listItem", content: [p(t("x"))] });
    expect(messages(richTextDocSchema.safeParse(listItemWithoutList))).toContain("Invalid document structure");

    expect(messages(richTextDocSchema.safeParse(doc()))).toContain("Invalid document structure");
    expect(richTextDocSchema.safeParse(doc(doc(p()))).success).toBe(false);
  });

  it("rejects empty text nodes and non-doc roots", () => {
    expect(messages(richTextDocSchema.safeParse(doc(p(t("")))))).toContain("must not be empty");
    expect(richTextDocSchema.safeParse(p(t("x"))).success).toBe(false);
    expect(richTextDocSchema.safeParse(null).success).toBe(false);
    expect(richTextDocSchema.safeParse("<p>x</p>").success).toBe(false);
  });

  it("enforces the text size limit", () => {
    const atLimit = doc(p(t("a".repeat(RICH_TEXT_LIMITS.maxTextChars))));
    expect(richTextDocSchema.safeParse(atLimit).success).toBe(true);
    const half = "a".repeat(RICH_TEXT_LIMITS.maxTextChars / 2);
    const overLimit = doc(p(t(half)), p(t(half + "a")));
    expect(messages(richTextDocSchema.safeParse(overLimit))).toContain("the limit is 200000");
  });

  it("refuses deep nesting and huge node counts without overflowing the stack", () => {
    let deep: RichTextNode = { type: "paragraph" };
    for (let i = 0; i < 100_000; i++) deep = { type: "blockquote", content: [deep] };
    expect(messages(richTextDocSchema.safeParse(doc(deep)))).toContain("nested more than 32 levels");

    let fine: RichTextNode = { type: "paragraph" };
    for (let i = 0; i < 10; i++) fine = { type: "blockquote", content: [fine] };
    expect(richTextDocSchema.safeParse(doc(fine)).success).toBe(true);

    const many = doc(p(...Array.from({ length: RICH_TEXT_LIMITS.maxNodes }, () => ({ type: "hardBreak" }))));
    expect(messages(richTextDocSchema.safeParse(many))).toContain("more than 50000 nodes");
  });
});

describe("captionDocSchema", () => {
  it("accepts captions from text, the empty caption and marked-up captions", () => {
    const caption = captionFromText("Athletes gather at the Stade de France. - AP/Martin Meissner");
    expect(captionDocSchema.parse(caption)).toEqual(caption);
    expect(captionDocSchema.safeParse(captionFromText("")).success).toBe(true);
    expect(captionDocSchema.safeParse(doc({ type: "paragraph", content: [] })).success).toBe(true);
    const marked = doc(p(t("Tom Cruise", [{ type: "bold" }]), t(" at the "), t("Stade", [{ type: "italic" }, link("https://example.org")])));
    expect(messages(captionDocSchema.safeParse(marked))).toBe("");
  });

  it("accepts a caption edited in the TipTap editor", () => {
    editor = new Editor({ element: null, extensions: editorExtensions, content: captionFromText("Billie Eilish performs") });
    const [block] = textBlocks(editor.getJSON() as never);
    editor.chain().setTextSelection({ from: block.pos, to: block.pos + 13 }).toggleItalic().run();
    const json = editor.getJSON();
    expect(JSON.stringify(json)).toContain('"italic"');
    expect(messages(captionDocSchema.safeParse(json))).toBe("");
  });

  it("rejects two paragraphs, a heading, a list and hard breaks", () => {
    expect(messages(captionDocSchema.safeParse(doc(p(t("a")), p(t("b")))))).toContain("exactly one paragraph");
    expect(captionDocSchema.safeParse(doc({ type: "heading", attrs: { level: 2 }, content: [t("a")] })).success).toBe(false);
    expect(captionDocSchema.safeParse(doc()).success).toBe(false);
    expect(
      captionDocSchema.safeParse(doc({ type: "bulletList", content: [{ type: "listItem", content: [p(t("a"))] }] })).success,
    ).toBe(false);
    expect(captionDocSchema.safeParse(doc(p(t("a"), { type: "hardBreak" }, t("b")))).success).toBe(false);
  });

  it("applies the same link and mark rules as the body", () => {
    expect(captionDocSchema.safeParse(doc(p(t("x", [link("javascript:alert(1)")])))).success).toBe(false);
    expect(captionDocSchema.safeParse(doc(p(t("x", [{ type: "strike" }])))).success).toBe(false);
    expect(captionDocSchema.safeParse(doc(p(t("")))).success).toBe(false);
  });

  it("enforces the caption length limit", () => {
    expect(captionDocSchema.safeParse(captionFromText("a".repeat(CAPTION_LIMITS.maxTextChars))).success).toBe(true);
    expect(captionDocSchema.safeParse(captionFromText("a".repeat(CAPTION_LIMITS.maxTextChars + 1))).success).toBe(false);
  });
});

describe("editorExtensions link rules", () => {
  it("isAllowedLinkHref allows only absolute http, https and mailto URLs", () => {
    expect(isAllowedLinkHref("https://example.org")).toBe(true);
    expect(isAllowedLinkHref("mailto:desk@example.org")).toBe(true);
    expect(isAllowedLinkHref("javascript:alert(1)")).toBe(false);
    expect(isAllowedLinkHref("https://example.org\n")).toBe(false);
    expect(isAllowedLinkHref(null)).toBe(false);
  });

  it("the editor refuses to set a javascript: link", () => {
    editor = new Editor({ element: null, extensions: editorExtensions, content: docFromBlocks([{ kind: "paragraph", text: "click" }]) });
    expect(editor.chain().setTextSelection({ from: 1, to: 6 }).setLink({ href: "javascript:alert(1)" }).run()).toBe(false);
    expect(JSON.stringify(editor.getJSON())).not.toContain("javascript");
  });
});
