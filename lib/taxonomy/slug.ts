import { slugify } from "@/lib/importer/slug";

// The URL form of a section, tag or contributor name. Client-safe (no database).
//
// A name written in Latin letters gets the ASCII slug headlines get ("Café" → "cafe", "Zürich" →
// "zurich"): accents dropped the way PostgreSQL's unaccent drops them. A name in any other script
// ("Москва", "東京", "Αθήνα") has no faithful ASCII form — transliteration schemes disagree, and a
// Japanese word has no letters to drop accents from — so it keeps its own letters, lower-cased,
// words joined by hyphens ("москва", "東京-2020"). Links carry it percent-encoded (taxonomyPath).

const SLUG_MAX_CODE_POINTS = 80;
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

function unicodeSlug(name: string): string {
  const words = name
    .normalize("NFD")
    // Accents on Latin letters go as in the ASCII form; marks of other scripts are part of their letters.
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC")
    .toLowerCase()
    .replace(/(\p{L})['’](\p{L})/gu, "$1$2")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  const points = Array.from(words);
  if (points.length <= SLUG_MAX_CODE_POINTS) return words;
  const cut = points.slice(0, SLUG_MAX_CODE_POINTS + 1).join("");
  const boundary = cut.lastIndexOf("-");
  return (boundary > 0 ? cut.slice(0, boundary) : points.slice(0, SLUG_MAX_CODE_POINTS).join("")).replace(/-+$/, "");
}

/**
 * The slug of a section, tag or contributor name, or null when the name has no letter or digit
 * at all ("!!!", "🏅") and so nothing to put in an address.
 */
export function termSlug(name: string): string | null {
  if (NON_LATIN_LETTER.test(name)) {
    const slug = unicodeSlug(name);
    return slug.length > 0 ? slug : null;
  }
  const slug = slugify(name);
  // slugify's stand-in for "nothing left" is "article", which a name may also really say.
  return slug === "article" && !/article/i.test(name) ? null : slug;
}
