import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { articleEditSchema, PHOTOS_MAX } from "@/lib/articles/edit-schema";
import type { Actor } from "@/lib/auth";
import { richTextLimitViolation, RICH_TEXT_LIMITS, type CaptionDoc, type RichTextDoc, type RichTextNode } from "@/lib/editor";
import { ConflictError, ValidationError } from "@/lib/errors";
import { BoundedCache } from "@/lib/factcheck/bounded-cache";
import { packedBodySchema, packedPhotoSchema, partRefSchema, type DraftReceipts, type PartRef } from "@/lib/factcheck/draft-packing";
import { checkArticleDraft, type ArticleDraft } from "@/lib/factcheck/checks";
import type { ArticleCheckResult, CheckTuning } from "@/lib/factcheck/findings";

// The server's side of lib/factcheck/draft-packing.ts: what it parsed of the editors' drafts, by
// handle, so a re-check's unchanged blocks and captions need not be sent, encoded and parsed again.
// A handle is a digest of the user, the article, the kind of part and the part as parsed: it names
// that content only, for that user and article, and nobody can make the cache hold other content
// under it. The cache is in-process and bounded in bytes (16 MB: a dozen long articles' parts); a
// handle it does not hold, for whatever reason, asks the editor for the whole text again.

const CACHE_BYTES = 16 * 1024 * 1024;

type Part = RichTextNode | CaptionDoc | PackedCheck["photos"];
/**
 * A part as parsed, and its JSON's length, which stands for its size (its strings are most of it);
 * a photo list holds its captions' handles too.
 */
type Held = { part: Part; jsonLength: number; captionHandles?: string[] };

const holderKey = Symbol.for("copydesk.factcheck.draft-parts");
const holder = globalThis as unknown as Record<symbol, BoundedCache<Held> | undefined>;
const parts = () => (holder[holderKey] ??= new BoundedCache<Held>(CACHE_BYTES, (key, held) => 200 + 2 * key.length + 2 * held.jsonLength));

const handleOf = (scope: string, kind: "block" | "caption" | "photos", json: string) => createHash("sha256").update(`${scope}\u0000${kind}\u0000${json}`).digest("hex").slice(0, 32);

const { headline, standfirst, body } = articleEditSchema.shape;
const articleId = z.string().trim().min(1).max(64);

/** A check from the editor: the body in full or by blocks, each caption in full or by handle. */
export const packedCheckSchema = z
  .strictObject({
    articleId,
    headline,
    standfirst,
    body: body.optional(),
    bodyParts: packedBodySchema.optional(),
    photos: z.union([partRefSchema, z.array(packedPhotoSchema).max(PHOTOS_MAX, `An article holds at most ${PHOTOS_MAX} photos.`)]),
  })
  .superRefine((input, ctx) => {
    if ((input.body === undefined) === (input.bodyParts === undefined)) ctx.addIssue({ code: "custom", path: ["body"], message: "Send the body or its blocks." });
  });

export type PackedCheck = {
  articleId: string;
  headline: string;
  standfirst: string;
  body?: RichTextDoc;
  bodyParts?: Array<PartRef | RichTextNode>;
  photos: PartRef | Array<Omit<ArticleDraft["photos"][number], "caption"> & { caption: CaptionDoc | PartRef }>;
};

type ResolvedPhotos = ArticleDraft["photos"];

const isRef = (part: unknown): part is PartRef => typeof part === "object" && part !== null && "ref" in part;

/** The editor asked for a check with handles this instance does not hold: it sends the whole text. */
function askForWholeText(): never {
  throw new ConflictError("The fact-check needs the whole text again.", { resend: true });
}

/**
 * The draft the packed check stands for, and the receipts its answer carries. Handles are looked
 * up for this user and article only; the body's limits are checked on the whole body, as a save does.
 */
export function unpackDraft(input: PackedCheck, actor: Actor): { draft: ArticleDraft; receipts: DraftReceipts } {
  const scope = `${actor.id}\u0000${input.articleId}`;
  const cache = parts();
  const lookup = (kind: "block" | "caption" | "photos", ref: PartRef): Held => cache.get(`${kind}\u0000${ref.ref}\u0000${scope}`) ?? askForWholeText();
  const hold = (kind: "block" | "caption" | "photos", part: Part, captionHandles?: string[]): string => {
    const json = JSON.stringify(part);
    const handle = handleOf(scope, kind, json);
    cache.set(`${kind}\u0000${handle}\u0000${scope}`, { part, jsonLength: json.length + 20 * (captionHandles?.length ?? 0), captionHandles });
    return handle;
  };
  const resolve = <T extends Part>(kind: "block" | "caption", part: T | PartRef): { value: T; handle: string } =>
    isRef(part) ? { value: lookup(kind, part).part as T, handle: part.ref } : { value: part, handle: hold(kind, part) };
  const blocks = input.body ? input.body.content.map((node) => resolve("block", node)) : input.bodyParts!.map((part) => resolve("block", part));
  // The photo list by one handle (none of it changed: its captions' handles are held with it), or
  // each photo with its caption or the caption's handle.
  let photoList: ResolvedPhotos;
  let photosHandle: string;
  let captionHandles: string[];
  if (isRef(input.photos)) {
    const held = lookup("photos", input.photos);
    photoList = held.part as ResolvedPhotos;
    captionHandles = held.captionHandles ?? askForWholeText();
    photosHandle = input.photos.ref;
  } else {
    const captions = input.photos.map((photo) => resolve("caption", photo.caption));
    photoList = input.photos.map((photo, index) => ({ ...photo, caption: captions[index].value }));
    captionHandles = captions.map((caption) => caption.handle);
    photosHandle = hold("photos", photoList, captionHandles);
  }
  const draftBody: RichTextDoc = input.body ?? { type: "doc", content: blocks.map((block) => block.value) };
  if (!input.body) {
    // Each block was valid on its own; together they must still fit the body's limits.
    const violation = richTextLimitViolation(draftBody, RICH_TEXT_LIMITS);
    if (violation) throw ValidationError.forField("body", violation);
  }
  return {
    draft: {
      headline: input.headline,
      standfirst: input.standfirst,
      body: draftBody,
      photos: photoList,
    },
    receipts: { body: blocks.map((block) => block.handle), captions: captionHandles, photos: photosHandle },
  };
}

/** `checkArticleDraft` of a packed check from the editor; the answer carries the receipts for its next one. */
export async function checkPackedDraft(input: PackedCheck, actor: Actor, tuning: CheckTuning = {}): Promise<ArticleCheckResult> {
  const { draft, receipts } = unpackDraft(input, actor);
  return { ...(await checkArticleDraft(input.articleId, draft, tuning)), receipts };
}
