import type { Extensions } from "@tiptap/core";
import { StarterKit } from "@tiptap/starter-kit";

// Shared by the editor, the zod schema and the renderer; no server-only or
// browser-only imports here.

/** Heading levels editors may use: h1 is the article headline, rendered outside the body. */
export const HEADING_LEVELS = [2, 3, 4] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/** The only URL schemes a link may point to (as reported by `URL.protocol`). */
export const LINK_PROTOCOLS = ["http:", "https:", "mailto:"] as const;

const MAX_HREF_LENGTH = 2048;
// Control characters (tabs, newlines) inside an href and leading/trailing
// spaces are how scheme filters get bypassed ("java\tscript:"); no legitimate
// link contains them.
const UNSAFE_HREF_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * True when `href` is an absolute http:, https: or mailto: URL.
 * Relative links are refused on purpose: stored documents are rendered on
 * several surfaces (reader site, feeds, previews) where a relative URL would
 * resolve differently.
 */
export function isAllowedLinkHref(href: unknown): href is string {
  if (typeof href !== "string" || href.length === 0 || href.length > MAX_HREF_LENGTH) return false;
  if (UNSAFE_HREF_CHARS.test(href) || href.trim() !== href) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return (LINK_PROTOCOLS as readonly string[]).includes(url.protocol);
}

/**
 * The one TipTap extension list. The desk editor, the zod schemas in
 * `schema.ts` and the server renderer in `render.ts` are all built from it, so
 * a node type exists everywhere or nowhere.
 */
const starterKitOptions = {
    heading: { levels: [...HEADING_LEVELS] },
    link: {
      openOnClick: false,
      autolink: false,
      // `protocols` registers extra schemes with linkify; http, https and
      // mailto are built in, so nothing is added and isAllowedUri does the
      // restricting (it guards setLink, pasted HTML and rendering).
      protocols: [],
      defaultProtocol: "https",
      isAllowedUri: (url) => isAllowedLinkHref(url),
      HTMLAttributes: { target: null, rel: "noopener noreferrer nofollow", class: null },
    },
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    horizontalRule: false,
    // TrailingNode appends an empty paragraph to every edited doc, which would
    // show up in stored JSON and revision diffs.
    trailingNode: false,
  } satisfies Parameters<typeof StarterKit.configure>[0];

export const editorExtensions: Extensions = [StarterKit.configure(starterKitOptions)];

/**
 * The same list for a live (co-edited) document: the collaboration extension brings its own undo,
 * which undoes only this editor's changes, so StarterKit's would undo other people's typing.
 */
export const liveEditorExtensions: Extensions = [StarterKit.configure({ ...starterKitOptions, undoRedo: false })];
