import { z } from "zod";
import { photoEditSchema } from "@/lib/articles/edit-schema";
import { richTextDocSchema, RICH_TEXT_LIMITS, type CaptionDoc, type RichTextDoc, type RichTextNode } from "@/lib/editor";

// A re-check sends only what changed (issue 9: the whole 5,000-word, 500-photo article parsed by
// zod and Next's action encoding on every pause in typing cost 60-100 ms of a re-check). Each
// answer carries a receipt per body block and per caption: a handle the server made from what it
// parsed (lib/factcheck/draft-parts.ts, scoped to the user and the article). The editor's next
// check sends `{ ref: handle }` for each block and caption exactly as it sent it before (the same
// JSON) and the others in full. The server resolves handles from a bounded cache of what it parsed;
// one it does not hold (another instance, a restart, evicted, forged) makes it ask for the whole
// text again (409 with `conflict.resend`), which the editor sends at once: never a check of other
// text. Client-safe: the desk panel packs with it, the server parses with the schema.

/** A handle the server gave for a block or a caption it parsed. */
export const partRefSchema = z.strictObject({ ref: z.string().regex(/^[0-9a-f]{32}$/, "Not a handle this server gives.") });
export type PartRef = z.infer<typeof partRefSchema>;

/** One top-level body block in full: valid on its own as a document's only child (`block+`). */
const bodyBlockSchema = z.unknown().transform((node, ctx): RichTextNode => {
  const parsed = richTextDocSchema.safeParse({ type: "doc", content: [node] });
  if (parsed.success) return parsed.data.content[0];
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
  return z.NEVER;
});

export const packedBodySchema = z
  .array(z.union([partRefSchema, bodyBlockSchema]))
  .min(1, "The body needs a paragraph.")
  .max(RICH_TEXT_LIMITS.maxNodes);

/** A photo as the check reads it: its caption in full, or the handle of the one sent before. */
export const packedPhotoSchema = photoEditSchema.extend({ caption: z.union([partRefSchema, photoEditSchema.shape.caption]) });

/** The body or its blocks, and each caption or its handle; what else a draft holds is sent as it is (it is small). */
export type PackedBody = { body: RichTextDoc; bodyParts?: undefined } | { body?: undefined; bodyParts: Array<PartRef | RichTextNode> };

/** Per body block and per photo's caption, in the order sent, and for the whole photo list: the server's handle for it. */
export interface DraftReceipts {
  body: string[];
  captions: string[];
  photos: string;
}

/** What `pack` sent, for `received` to pair with the answer's receipts. */
type Sent = { body: string[]; captions: string[]; photos: string };

type DraftLike = { body: RichTextDoc; photos: ReadonlyArray<{ caption: CaptionDoc | RichTextDoc }> };

/**
 * What the editor remembers between checks: the JSON of each block and caption it sent, and the
 * handle the answer gave it. Bounded by what one draft holds (it is rebuilt from each answer).
 */
export class DraftPacker {
  private blocks = new Map<string, string>();
  private captions = new Map<string, string>();
  /** The photo list as last sent (ids, captions, credits, alt texts) and its handle: 500 photos are most of a long article's draft. */
  private photoList: { json: string; handle: string } | null = null;

  /** The draft with every block and caption sent before (the same JSON) replaced by its handle. */
  pack(draft: DraftLike): { sent: Sent; packed: Record<string, unknown> } {
    const bodyJson = draft.body.content.map((node) => JSON.stringify(node));
    const captionJson = draft.photos.map((photo) => JSON.stringify(photo.caption));
    const photosJson = JSON.stringify(draft.photos);
    const { body, photos, ...rest } = draft;
    const packedPhotos =
      this.photoList?.json === photosJson
        ? { ref: this.photoList.handle }
        : photos.map((photo, index) => {
            const handle = this.captions.get(captionJson[index]);
            return { ...photo, caption: handle ? { ref: handle } : photo.caption };
          });
    const blockHandles = bodyJson.map((json) => this.blocks.get(json));
    const packedBody: PackedBody = blockHandles.some((handle) => handle !== undefined)
      ? { bodyParts: body.content.map((node, index) => (blockHandles[index] ? { ref: blockHandles[index] } : node)) }
      : { body };
    return { sent: { body: bodyJson, captions: captionJson, photos: photosJson }, packed: { ...rest, ...packedBody, photos: packedPhotos } };
  }

  /** The answer's receipts for what `pack` sent: kept for the next check (and nothing older). */
  received(sent: Sent, receipts: DraftReceipts | undefined): void {
    this.forget();
    if (!receipts || receipts.body.length !== sent.body.length || receipts.captions.length !== sent.captions.length) return;
    sent.body.forEach((json, index) => this.blocks.set(json, receipts.body[index]));
    sent.captions.forEach((json, index) => this.captions.set(json, receipts.captions[index]));
    this.photoList = { json: sent.photos, handle: receipts.photos };
  }

  /** The server holds none of them (409 with `conflict.resend`): the next pack sends everything. */
  forget(): void {
    this.blocks = new Map();
    this.captions = new Map();
    this.photoList = null;
  }
}

/** Whether a failed check's answer asks for the whole text again. */
export function asksForWholeText(result: { ok: boolean; status?: number; conflict?: unknown }): boolean {
  return !result.ok && result.status === 409 && (result.conflict as { resend?: unknown } | undefined)?.resend === true;
}
