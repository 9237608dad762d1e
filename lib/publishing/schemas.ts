import { z } from "zod";

// Client-safe: the publish dialog and the desk list use these constants and schemas too.

/** What a publication after the first one says about the change (the first is always "first"). */
export const CHANGE_KINDS = ["silent", "update", "correction", "clarification"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type PublishKindName = "first" | ChangeKind;

/** Kinds that publish a dated public note next to the article and in the corrections log. */
export const NOTED_KINDS = ["correction", "clarification"] as const satisfies readonly ChangeKind[];
/** Kinds readers see as "Updated <date>" (a silent typo fix is not announced). */
export const PUBLIC_UPDATE_KINDS = ["update", "correction", "clarification"] as const satisfies readonly ChangeKind[];

export const NOTE_MIN = 10;
export const NOTE_MAX = 500;

export const CHANGE_KIND_LABELS: Record<ChangeKind, { label: string; hint: string }> = {
  silent: { label: "Silent fix", hint: "A typo or formatting fix. Readers are not told." },
  update: { label: "Update", hint: "New information. Readers see “Updated” with the date." },
  correction: { label: "Correction", hint: "Something was wrong. A dated public note explains what." },
  clarification: { label: "Clarification", hint: "Something was unclear. A dated public note explains what." },
};

export const PUBLISH_KIND_LABELS: Record<PublishKindName, string> = {
  first: "First publication",
  silent: "Silent fix",
  update: "Update",
  correction: "Correction",
  clarification: "Clarification",
};

export function isNotedKind(kind: string | undefined | null): kind is (typeof NOTED_KINDS)[number] {
  return kind === "correction" || kind === "clarification";
}

const articleId = z.string().trim().min(1, "Which article?").max(64);
// A form sends "" for an empty textarea or an unchosen radio (and JSON may say null): "not given".
const emptyAsUndefined = (value: unknown) =>
  value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;

/**
 * One publish request. `kind` is required (and "first" refused) once readers have seen the
 * article; that rule needs the database, so `publishArticle` applies it. The note rule does not.
 */
export const publishSchema = z
  .strictObject({
    articleId,
    expectedVersion: z.number({ error: "Reload the page: the version you looked at is missing." }).int().min(1),
    kind: z.preprocess(
      emptyAsUndefined,
      z.enum(["first", ...CHANGE_KINDS], { error: "Choose what kind of change this is." }).optional(),
    ),
    note: z.preprocess(emptyAsUndefined, z.string().trim().optional()),
  })
  .superRefine((request, ctx) => {
    if (isNotedKind(request.kind)) {
      if (request.note === undefined) {
        ctx.addIssue({ code: "custom", path: ["note"], message: `Write the public note readers will see with this ${request.kind}.` });
      } else if (request.note.length < NOTE_MIN) {
        ctx.addIssue({ code: "custom", path: ["note"], message: `Write at least ${NOTE_MIN} characters.` });
      } else if (request.note.length > NOTE_MAX) {
        ctx.addIssue({ code: "custom", path: ["note"], message: `Keep the note under ${NOTE_MAX} characters.` });
      }
    } else if (request.note !== undefined) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "Only a correction or clarification publishes a note." });
    }
  });
export type PublishInput = z.input<typeof publishSchema>;
export type PublishRequest = z.output<typeof publishSchema>;

export const unpublishSchema = z.strictObject({ articleId });
export type UnpublishInput = z.input<typeof unpublishSchema>;
export type UnpublishRequest = z.output<typeof unpublishSchema>;

export const articleRefSchema = z.strictObject({ articleId });

export const ARTICLE_STATUSES = ["draft", "published", "unpublished"] as const;
export type ArticleStatusName = (typeof ARTICLE_STATUSES)[number];
export const STATUS_LABELS: Record<ArticleStatusName, string> = {
  draft: "Draft",
  published: "Published",
  unpublished: "Unpublished",
};
