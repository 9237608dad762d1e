// Client-safe public face of the editor module. The HTML renderer is
// server-only: import it from "@/lib/editor/render".
export {
  HEADING_LEVELS,
  LINK_PROTOCOLS,
  editorExtensions,
  liveEditorExtensions,
  isAllowedLinkHref,
  type HeadingLevel,
} from "@/lib/editor/extensions";
export {
  CAPTION_LIMITS,
  RICH_TEXT_LIMITS,
  richTextLimitViolation,
  type RichTextLimits,
  captionDocSchema,
  editorSchema,
  richTextDocSchema,
  type CaptionDoc,
  type CaptionParagraph,
  type RichTextAttrs,
  type RichTextAttrValue,
  type RichTextDoc,
  type RichTextMark,
  type RichTextNode,
} from "@/lib/editor/schema";
export {
  captionFromDoc,
  captionFromText,
  captionToPlainText,
  docFromBlocks,
  docToPlainText,
  plainOffsetToPos,
  plainRangeToPos,
  replaceTextInDoc,
  textBlocks,
  type ReplaceOptions,
  type TextBlock,
  type TextBlockInput,
  type TextBlockKind,
} from "@/lib/editor/text";
export { diffWords, type DiffOp, type DiffSegment } from "@/lib/editor/diff";
