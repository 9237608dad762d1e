// Readable URL slugs from headlines: ASCII, lower case, words joined by hyphens.

const SLUG_MAX_LENGTH = 80;
const TRAILING_FILLER = /-(?:a|an|the|of|for|to|in|on|at|by|and|or|with|from)$/;

// Letters that Unicode decomposition does not reduce to ASCII.
const TRANSLITERATIONS: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ø: "o",
  Ø: "o",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ı: "i",
  "&": " and ",
};

/**
 * "Au revoir! Paris hands over to Los Angeles" → "au-revoir-paris-hands-over-to-los-angeles".
 * Accents are dropped (é → e), apostrophes vanish inside words (women's → womens), at most 80
 * characters cut at a word boundary. Never empty: a headline with no letters gives "article".
 */
export function slugify(headline: string): string {
  const ascii = headline
    .replace(/[ßæÆœŒøØłŁđĐðÐþÞı&]/g, (c) => TRANSLITERATIONS[c])
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/(\w)['’](\w)/g, "$1$2")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (ascii.length <= SLUG_MAX_LENGTH) return ascii || "article";
  const cut = ascii.slice(0, SLUG_MAX_LENGTH + 1);
  const boundary = cut.lastIndexOf("-");
  let slug = boundary > 0 ? cut.slice(0, boundary) : ascii.slice(0, SLUG_MAX_LENGTH);
  // A cut slug should not end on "-for-the".
  while (TRAILING_FILLER.test(slug)) slug = slug.replace(TRAILING_FILLER, "");
  return slug.replace(/-+$/, "");
}

/** `slug`, or `slug-2`, `slug-3` … : the first that `isTaken` says is free. Keeps within 80 chars. */
export function uniqueSlug(slug: string, isTaken: (candidate: string) => boolean): string {
  if (!isTaken(slug)) return slug;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const base = slug.length + suffix.length > SLUG_MAX_LENGTH ? slug.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "") : slug;
    const candidate = `${base}${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
}
