import { z } from "zod";

// The house dictionary's input rules, kinds and limits. Client-safe: the dictionary page's forms
// use the limits and kinds; the server parses with these schemas (lib/factcheck/dictionary.ts).

export const CANONICAL_MAX = 120;
export const NOTE_MAX = 500;
export const VARIANTS_MAX = 50;
export const DICTIONARY_CATEGORIES = ["name", "place", "band", "organisation", "other"] as const;
export type DictionaryCategory = (typeof DICTIONARY_CATEGORIES)[number];
export const DICTIONARY_CATEGORY_LABELS: Record<DictionaryCategory, string> = {
  name: "Person",
  place: "Place",
  band: "Band or artist",
  organisation: "Organisation",
  other: "Other",
};

/** Spaces collapsed, ends trimmed: "Red  Hot " and "Red Hot" are one spelling. */
const spelling = (what: string) =>
  z
    .string()
    .transform((text) => text.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, `Enter the ${what}.`).max(CANONICAL_MAX, `Keep the ${what} under ${CANONICAL_MAX} characters.`));

const canonicalSchema = spelling("canonical spelling");
const variantSchema = spelling("misspelling");

const entryFields = z.strictObject({
  canonical: canonicalSchema,
  variants: z.array(variantSchema).max(VARIANTS_MAX, `Keep it to ${VARIANTS_MAX} misspellings; add the most common ones.`),
  category: z.enum(DICTIONARY_CATEGORIES).default("name"),
  note: z
    .string()
    .max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters.`)
    .default("")
    .transform((note) => note.trim()),
});

function checkVariants(entry: { canonical: string; variants: string[] }, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  entry.variants.forEach((variant, index) => {
    if (variant === entry.canonical) {
      ctx.addIssue({ code: "custom", path: ["variants", index], message: `“${variant}” is the canonical spelling itself.` });
    } else if (seen.has(variant)) {
      ctx.addIssue({ code: "custom", path: ["variants", index], message: `“${variant}” is listed twice.` });
    }
    seen.add(variant);
  });
}

export const dictionaryEntrySchema = entryFields.superRefine(checkVariants);

const entryIdSchema = z.string().trim().min(1).max(64);

export const dictionaryUpdateSchema = entryFields
  .extend({
    id: entryIdSchema,
    /** The canonical spelling the editor started from: a change by someone else meanwhile is a conflict. */
    expectedCanonical: z.string().optional(),
  })
  .superRefine(checkVariants);

export const dictionaryDeleteSchema = z.strictObject({ id: entryIdSchema });

export const addVariantSchema = z
  .strictObject({ canonical: canonicalSchema, variant: variantSchema })
  .refine((input) => input.canonical !== input.variant, { path: ["variant"], message: "The misspelling is the canonical spelling itself." });

export interface DictionaryEntryView {
  id: string;
  canonical: string;
  variants: string[];
  category: DictionaryCategory;
  note: string;
  createdAt: string;
}
