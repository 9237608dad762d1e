import { describe, expect, it } from "vitest";
import { renderCaptionToHtml, renderDocToHtml } from "@/lib/editor/render";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor/schema";
import { captionFromText, docFromBlocks } from "@/lib/editor/text";

// Forged docs skip the zod schema on purpose: the renderer must be safe on its own.
const forged = (content: unknown[]) => ({ type: "doc", content }) as RichTextDoc;
const p = (...content: unknown[]) => ({ type: "paragraph", content });
const linked = (text: string, attrs: Record<string, unknown>) => ({ type: "text", text, marks: [{ type: "link", attrs }] });

describe("renderDocToHtml", () => {
  it("renders imported blocks to the expected HTML", () => {
    const doc = docFromBlocks([
      { kind: "heading", text: "Closing ceremony" },
      { kind: "paragraph", text: "Over 70,000 spectators\nattended." },
      { kind: "quote", text: "Magnifique" },
      { kind: "paragraph", text: "" },
    ]);
    expect(renderDocToHtml(doc)).toBe(
      "<h2>Closing ceremony</h2><p>Over 70,000 spectators<br />attended.</p><blockquote><p>Magnifique</p></blockquote><p></p>",
    );
  });

  it("renders marks, links, lists and heading levels", () => {
    const doc = forged([
      { type: "heading", attrs: { level: 4 }, content: [{ type: "text", text: "Small" }] },
      p(
        { type: "text", text: "bold", marks: [{ type: "bold" }] },
        { type: "text", text: " and " },
        { type: "text", text: "italic", marks: [{ type: "italic" }] },
        { type: "text", text: " " },
        linked("site", { href: "https://example.org/a?b=1&c=2", target: "_blank", class: "x", title: "t", rel: "me" }),
        { type: "text", text: " " },
        linked("mail", { href: "mailto:desk@example.org" }),
      ),
      { type: "orderedList", attrs: { start: 3, type: null }, content: [{ type: "listItem", content: [p({ type: "text", text: "third" })] }] },
      { type: "bulletList", content: [{ type: "listItem", content: [p({ type: "text", text: "dot" })] }] },
    ]);
    expect(renderDocToHtml(doc)).toBe(
      "<h4>Small</h4>" +
        '<p><strong>bold</strong> and <em>italic</em> <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">site</a> ' +
        '<a href="mailto:desk@example.org">mail</a></p>' +
        '<ol start="3"><li><p>third</p></li></ol><ul><li><p>dot</p></li></ul>',
    );
  });

  it("escapes <script> and other markup in text", () => {
    const html = renderDocToHtml(
      forged([
        p({ type: "text", text: '<script>alert("x")</script> & <img src=x onerror=alert(1)>' }),
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "</h2><script>1</script>" }] },
      ]),
    );
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toBe(
      "<p>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>" +
        "<h2>&lt;/h2&gt;&lt;script&gt;1&lt;/script&gt;</h2>",
    );
  });

  it("drops forged javascript: and data: hrefs but keeps the link text", () => {
    const html = renderDocToHtml(
      forged([
        p(
          linked("one", { href: "javascript:alert(1)" }),
          { type: "hardBreak" },
          linked("two", { href: "JaVaScRiPt:alert(1)" }),
          linked("three", { href: "data:text/html,<script>alert(1)</script>" }),
          linked("four", { href: "java\tscript:alert(1)" }),
          linked("five", { href: "https://ok.example/", onclick: "alert(1)", style: "x" }),
        ),
      ]),
    );
    expect(html).not.toMatch(/javascript|data:|onclick|style|script/i);
    expect(html).toBe('<p>one<br />twothreefour<a href="https://ok.example/" rel="noopener noreferrer nofollow">five</a></p>');
  });

  it("never emits tags outside the allowlist, even for forged nodes", () => {
    const html = renderDocToHtml(
      forged([
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "h1" }] },
        { type: "iframe", attrs: { src: "https://evil.example" }, content: [{ type: "text", text: "inner" }] },
        p({ type: "text", text: "marked", marks: [{ type: "script", attrs: { src: "x" } }, { type: "code" }] }),
      ]),
    );
    expect(html).not.toMatch(/<h1|<iframe|<script|<code/i);
    expect(html).toContain("inner");
    expect(html).toContain("<p>marked</p>");
  });
});

describe("renderCaptionToHtml", () => {
  it("renders inline content without a wrapping paragraph", () => {
    const caption: CaptionDoc = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Tom Cruise", marks: [{ type: "bold" }] },
            { type: "text", text: " at the " },
            { type: "text", text: "Stade de France", marks: [{ type: "italic" }, { type: "link", attrs: { href: "https://example.org/stade" } }] },
            { type: "text", text: " - AP/Martin Meissner" },
          ],
        },
      ],
    };
    expect(renderCaptionToHtml(caption)).toBe(
      '<strong>Tom Cruise</strong> at the <em><a href="https://example.org/stade" rel="noopener noreferrer nofollow">Stade de France</a></em> - AP/Martin Meissner',
    );
  });

  it("escapes text and renders the empty caption as an empty string", () => {
    expect(renderCaptionToHtml(captionFromText("A <b>fan</b> & a flag"))).toBe("A &lt;b&gt;fan&lt;/b&gt; &amp; a flag");
    expect(renderCaptionToHtml(captionFromText(""))).toBe("");
  });

  it("keeps forged block content inline and drops javascript: links", () => {
    const html = renderCaptionToHtml({
      type: "doc",
      content: [
        p({ type: "text", text: "one", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }),
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "two" }] },
        p({ type: "text", text: "a" }, { type: "hardBreak" }, { type: "text", text: "b" }),
      ],
    } as unknown as CaptionDoc);
    expect(html).toBe("one two a b");
  });
});
