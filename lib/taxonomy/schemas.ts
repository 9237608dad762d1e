import { z } from "zod";

// Client-safe: the desk's byline, section and tag controls send these; the server parses them.

export const BYLINES_MAX = 10;
export const TAGS_MAX = 20;
export const TAG_NAME_MAX = 60;
export const DISPLAY_NAME_MAX = 100;
export const BIO_MAX = 500;

const id = z.string().trim().min(1).max(64);

export const sectionNameSchema = z.string().trim().min(1, "Name the section.").max(60, "Keep section names under 60 characters.");
export const tagNameSchema = z.string().trim().min(1, "A tag needs a name.").max(TAG_NAME_MAX, `Keep tags under ${TAG_NAME_MAX} characters.`);
export const displayNameSchema = z.string().trim().min(1, "Give the contributor's name as it is printed.").max(DISPLAY_NAME_MAX, `Keep the name under ${DISPLAY_NAME_MAX} characters.`);
export const bioSchema = z.string().trim().max(BIO_MAX, `Keep the bio under ${BIO_MAX} characters.`).default("");

/** One byline: an existing contributor, a desk user (their contributor is made on first use), or a new outside contributor. */
export const bylineSchema = z.union(
  [
    z.strictObject({ contributorId: id }),
    z.strictObject({ userId: id }),
    z.strictObject({ name: displayNameSchema, bio: bioSchema }),
  ],
  { error: "Choose a contributor or a desk user, or give a new contributor's name." },
);
export type BylineInput = z.input<typeof bylineSchema>;

/**
 * An article's bylines (in print order), section and tags, all at once: the form always sends the
 * whole set, so leaving one out removes it. Names are matched case-insensitively by their slug.
 */
export const articleTaxonomySchema = z.strictObject({
  articleId: id,
  section: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? null : value), sectionNameSchema.nullable()),
  tags: z.array(tagNameSchema).max(TAGS_MAX, `An article carries at most ${TAGS_MAX} tags.`),
  bylines: z.array(bylineSchema).max(BYLINES_MAX, `An article carries at most ${BYLINES_MAX} bylines.`),
});
export type ArticleTaxonomyInput = z.input<typeof articleTaxonomySchema>;
export type ArticleTaxonomyRequest = z.output<typeof articleTaxonomySchema>;

/** Splits the desk's comma-separated tag field into names ("Olympics, Paris 2024" → two tags). */
export function parseTagList(text: string): string[] {
  return text
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

/** An editor corrects a contributor's printed name or bio (their page's address stays the same). */
export const contributorUpdateSchema = z.strictObject({
  contributorId: id,
  name: displayNameSchema,
  bio: bioSchema,
});
export type ContributorUpdateInput = z.input<typeof contributorUpdateSchema>;
export type ContributorUpdate = z.output<typeof contributorUpdateSchema>;
