import "server-only";
import type { Mark } from "@tiptap/pm/model";
import {
  renderToHTMLString,
  serializeAttrsToHTMLString,
  serializeChildrenToHTMLString,
} from "@tiptap/static-renderer/pm/html-string";
import sanitizeHtml from "sanitize-html";
import { editorExtensions, isAllowedLinkHref } from "@/lib/editor/extensions";
import type { CaptionDoc, RichTextDoc } from "@/lib/editor/schema";

// Rendering uses @tiptap/static-renderer, which turns each extension's
// renderHTML into strings without a DOM (the `@tiptap/html` server entry needs
// happy-dom). Whatever it produces is then sanitized against an allowlist, so
// a doc that skipped validation (or a bug in an extension) still cannot emit
// scripts, handlers or javascript: links.

const EXTERNAL_LINK_REL = "noopener noreferrer nofollow";

function sanitizeOptions(allowedTags: string[]): sanitizeHtml.IOptions {
  return {
    allowedTags,
    allowedAttributes: { a: ["href", "rel"], ol: ["start", "type"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      // The rel is always ours, whatever the doc carried. `renderLink` already
      // unwraps links with a disallowed href; should one slip past it, the <a>
      // loses every attribute and is inert. (Renaming it to a tag outside the
      // allowlist would drop it, but sanitize-html 2.17 then emits a stray
      // closing tag when a <br> follows.)
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href;
        const safe: sanitizeHtml.Attributes = {};
        if (isAllowedLinkHref(href)) {
          safe.href = href;
          if (!href.startsWith("mailto:")) safe.rel = EXTERNAL_LINK_REL;
        }
        return { tagName, attribs: safe };
      },
    },
  };
}

const BODY_SANITIZE = sanitizeOptions([
  "p", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote", "br",
]);
// Captions sit inside a <figcaption>: inline markup only, no <p>, no <br>.
const CAPTION_SANITIZE = sanitizeOptions(["strong", "em", "a"]);

// Nodes or marks a stored doc names but the extension list no longer knows are
// rendered as their content rather than throwing on a reader page.
const renderChildren = ({ children }: { children?: string | string[] }) =>
  serializeChildrenToHTMLString(children);

// A link whose href is not allowed renders as its bare text.
const renderLink = ({ mark, children }: { mark: Mark; children?: string | string[] }) => {
  const inner = serializeChildrenToHTMLString(children);
  const href: unknown = mark.attrs.href;
  return isAllowedLinkHref(href) ? `<a${serializeAttrsToHTMLString({ href })}>${inner}</a>` : inner;
};

/** Sanitized HTML for a rich-text body. */
export function renderDocToHtml(doc: RichTextDoc): string {
  const html = renderToHTMLString({
    content: doc,
    extensions: editorExtensions,
    options: { unhandledNode: renderChildren, unhandledMark: renderChildren, markMapping: { link: renderLink } },
  });
  return sanitizeHtml(html, BODY_SANITIZE);
}

/** Sanitized inline HTML for a caption (no wrapping <p>). */
export function renderCaptionToHtml(doc: CaptionDoc): string {
  const html = renderToHTMLString({
    content: doc,
    extensions: editorExtensions,
    options: {
      unhandledNode: renderChildren,
      unhandledMark: renderChildren,
      markMapping: { link: renderLink },
      // A caption's only block is its paragraph; should an invalid doc carry
      // more blocks or hard breaks, words are kept apart by a space.
      nodeMapping: {
        paragraph: ({ children }) => `${serializeChildrenToHTMLString(children)} `,
        heading: ({ children }) => `${serializeChildrenToHTMLString(children)} `,
        hardBreak: () => " ",
      },
    },
  });
  return sanitizeHtml(html, CAPTION_SANITIZE).trim();
}
