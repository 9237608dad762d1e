// The form an article writes its credits in, names taken out: a label ("Photograph:", "Picture:",
// "©"), brackets, which comes first (agency or photographer), spaces around the slash, the case of
// the photographer's name ("PATRICK MEINHARDT", "Martin BERNETTI"). A form most of an article's
// credits share is how that publication writes credits, learned rather than flagged against the
// house form; a credit that breaks it is worth a look, with the credit rewritten in that form.

const FRAME_LABEL = /^(?:©|\(c\)|(?:image\s+)?credit\s*:|photo(?:graph)?s?\s*(?:by\b|:)|pictures?\s*(?:by\b|:)|pic\s*:|image\s*:)\s*/i;
const LEAD_DASH = /^[-–—]\s*/;
// The caption's own full stop after a credit; not the stop of an initial or "Jr.".
const END_PUNCTUATION = /(?<!\b(?:Jr|Sr|\p{Lu}))[.,;:]+$/u;
const PHOTO_SUFFIX = /\s+photos?$/i;
const NAME_WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u;
const NAME_PARTICLES = new Set("de du des la le van von der den da di del della dos das y bin al".split(" "));
const KNOWN_AGENCIES = new Set(["getty images", "press association", "associated press", "picture alliance", "the canadian press", "zuma press"]);
// Words an agency's name ends with ("Barcroft Images", "PA Wire", "Rex Features", "NTB Scanpix").
const AGENCY_NOUN = /\s(?:images|photos?|press|wire|news|media|agency|pictures|features|stock(?:\s+photo)?|sports|pool|archive|handout|scanpix|collection)$/i;

export type NameCase = "title" | "caps" | "surname-caps" | "lower" | "mixed";

export interface CreditForm {
  /** What surrounds the credit, normalised: "photograph: …", "(photo by …)", "- …", "…." */
  frame: string;
  /** The frame as one credit writes it, to rewrite another credit in it. */
  prefix: string;
  suffix: string;
  /** "pair": agency and photographer; "agencies": agencies only, slashed ("AFP/STR"); "agency" or "photographer" alone. */
  kind: "pair" | "agencies" | "agency" | "photographer";
  order: "agency-first" | "photographer-first" | null;
  /** "AP Photo/…", "AFP PHOTO / …": the agency with "Photo" after it. */
  agencyPhoto: boolean;
  slash: "tight" | "spaced" | "mixed" | null;
  nameCase: NameCase | null;
  extraSpaces: boolean;
  agencies: string[];
  photographer: string | null;
}

function isAgencyPart(text: string): boolean {
  if (KNOWN_AGENCIES.has(text.toLowerCase()) || PHOTO_SUFFIX.test(text) || AGENCY_NOUN.test(text) || /\bvia\b/i.test(text)) return true;
  // "AFP", "EPA-EFE", "TASS", "STR"; "Reuters", "Xinhua", "Shutterstock": one word with a capital.
  return /^[\p{Lu}][\p{Lu}\p{N}&-]{1,11}$/u.test(text) || /^[\p{Lu}][\p{L}&.-]+$/u.test(text);
}

function isNamePart(text: string): boolean {
  const words = text.split(" ");
  return words.length >= 2 && words.length <= 6 && words.every((word) => NAME_WORD.test(word));
}

function caseOf(name: string): NameCase {
  const words = name.split(" ").filter((word) => !NAME_PARTICLES.has(word.toLowerCase()) && word.replace(/[^\p{L}]/gu, "").length > 1);
  const kinds = words.map((word) => {
    const letters = word.replace(/[^\p{L}]/gu, "");
    if (letters === letters.toUpperCase()) return "caps";
    if (/^\p{Ll}/u.test(letters)) return "lower";
    return "title";
  });
  if (kinds.includes("lower")) return "lower";
  if (kinds.every((kind) => kind === "caps")) return "caps";
  if (kinds.every((kind) => kind === "title")) return "title";
  return kinds.at(-1) === "caps" && kinds.slice(0, -1).every((kind) => kind === "title") ? "surname-caps" : "mixed";
}

/** The form of one credit, or null when it cannot be told apart into agency and photographer. */
export function readCreditForm(raw: string): CreditForm | null {
  const extraSpaces = /\s{2,}/.test(raw) || raw !== raw.trim();
  let text = raw.replace(/\s+/g, " ").trim();
  let prefix = "";
  let suffix = "";
  const take = (pattern: RegExp) => {
    const match = pattern.exec(text);
    if (!match) return;
    prefix += match[0];
    text = text.slice(match[0].length);
  };
  take(LEAD_DASH);
  take(FRAME_LABEL);
  const end = END_PUNCTUATION.exec(text);
  if (end) {
    suffix = end[0];
    text = text.slice(0, end.index);
  }
  const bracketed = /^\((.*)\)$/.exec(text);
  if (bracketed) {
    prefix += "(";
    suffix = `)${suffix}`;
    text = bracketed[1];
    take(FRAME_LABEL);
  }
  text = text.trim();
  const parts = text.split("/").map((part) => part.trim());
  if (parts.some((part) => !part)) return null;
  const roles = parts.map((part) => (isAgencyPart(part) ? "A" : isNamePart(part) ? "P" : null));
  if (roles.includes(null)) return null;
  const runs = roles.filter((role, i) => role !== roles[i - 1]).join("");
  const people = parts.filter((_, i) => roles[i] === "P");
  const agencies = parts.filter((_, i) => roles[i] === "A");
  if (people.length > 1 || !["AP", "PA", "A", "P"].includes(runs)) return null;

  const gaps = [...text.matchAll(/(\s?)\/(\s?)/g)].map((m) => (m[1] && m[2] ? "spaced" : !m[1] && !m[2] ? "tight" : "mixed"));
  const slash = gaps.length === 0 ? null : gaps.every((gap) => gap === gaps[0]) ? gaps[0] : "mixed";
  const kind = runs === "A" ? (parts.length > 1 ? "agencies" : "agency") : runs === "P" ? "photographer" : "pair";
  return {
    frame: `${prefix.toLowerCase().replace(/\s+/g, " ").trim()}…${suffix}`,
    prefix,
    suffix,
    kind,
    order: runs === "AP" ? "agency-first" : runs === "PA" ? "photographer-first" : null,
    agencyPhoto: agencies.some((agency) => PHOTO_SUFFIX.test(agency)),
    slash,
    nameCase: people[0] ? caseOf(people[0]) : null,
    extraSpaces,
    agencies,
    photographer: people[0] ?? null,
  };
}

/** Whether two credits are written the same way; a part one of them lacks cannot disagree. */
export function sameForm(a: CreditForm, b: CreditForm): boolean {
  const kinds =
    a.kind === b.kind
      ? a.order === b.order
      : // A chain of agencies ("AFP/STR") fits either order of a photographer's credit.
        (a.kind === "agencies" && b.kind === "pair") || (a.kind === "pair" && b.kind === "agencies");
  return (
    kinds &&
    a.frame === b.frame &&
    a.agencyPhoto === b.agencyPhoto &&
    a.extraSpaces === b.extraSpaces &&
    (a.slash === null || b.slash === null || a.slash === b.slash) &&
    (a.nameCase === null || b.nameCase === null || a.nameCase === b.nameCase)
  );
}

/**
 * Credits (distinct texts) agreeing on one form are an article's style when they are at least two
 * and more than two thirds of its credits. Two is enough: a slip does not repeat itself under two
 * different names, so two credits written alike are a choice, and with a third credit apart the
 * third is the odd one. Below two thirds ("A, A, B") no form speaks for the article.
 */
export const ARTICLE_STYLE_MIN_CREDITS = 2;

export interface ArticleCreditStyle {
  /** The form most credits share and an example of it; null when there is none. */
  dominant: { form: CreditForm; example: string } | null;
  /** Credits written in a form the article uses: the dominant one, or one used this many times. */
  inStyle: Set<string>;
}

/** The article's own credit style, from its credits as written. `repeatedForm`: a form used this often is a style even when not most credits use it. */
export function articleCreditStyle(credits: readonly string[], repeatedForm: number): ArticleCreditStyle {
  const distinct = [...new Set(credits)];
  const read = distinct.map((text) => ({ text, form: readCreditForm(text) }));
  const readable = read.filter((credit): credit is { text: string; form: CreditForm } => credit.form !== null);
  const supportOf = (form: CreditForm) => readable.filter((credit) => sameForm(form, credit.form));
  let best: { text: string; form: CreditForm; support: number } | null = null;
  const inStyle = new Set<string>();
  for (const candidate of readable) {
    if (candidate.form.kind !== "pair") continue;
    const supporters = supportOf(candidate.form);
    if (supporters.length >= repeatedForm) for (const supporter of supporters) inStyle.add(supporter.text);
    if (!best || supporters.length > best.support) best = { ...candidate, support: supporters.length };
  }
  const dominates = best !== null && best.support >= ARTICLE_STYLE_MIN_CREDITS && 3 * best.support > 2 * distinct.length;
  if (!dominates || !best) return { dominant: null, inStyle };
  for (const supporter of supportOf(best.form)) inStyle.add(supporter.text);
  return { dominant: { form: best.form, example: best.text }, inStyle };
}

function titleCase(name: string): string {
  return name
    .toLowerCase()
    .split(" ")
    .map((word, i) =>
      i > 0 && NAME_PARTICLES.has(word) ? word : word.replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, first: string) => sep + first.toUpperCase()),
    )
    .join(" ");
}

function inCase(name: string, nameCase: NameCase | null): string | null {
  if (nameCase === null) return name;
  if (nameCase === "title") return titleCase(name);
  if (nameCase === "caps") return name.toUpperCase();
  const words = name.split(" ");
  // Which words are the surname is only certain for a first name and a surname.
  if (nameCase === "surname-caps" && words.length === 2) return `${titleCase(words[0])} ${words[1].toUpperCase()}`;
  return null;
}

/** The credit rewritten in `target`'s form, or null where that cannot be done reliably. */
export function rewriteInForm(raw: string, target: CreditForm): string | null {
  const form = readCreditForm(raw);
  if (!form || form.kind !== "pair" || !form.photographer || target.kind !== "pair" || target.slash === "mixed" || target.extraSpaces) return null;
  let agencies = form.agencies;
  if (form.agencyPhoto && !target.agencyPhoto) agencies = agencies.map((agency) => agency.replace(PHOTO_SUFFIX, ""));
  else if (!form.agencyPhoto && target.agencyPhoto) return null;
  const photographer = inCase(form.photographer, target.nameCase);
  if (photographer === null) return null;
  const parts = target.order === "agency-first" ? [...agencies, photographer] : [photographer, ...agencies];
  const rewritten = `${target.prefix}${parts.join(target.slash === "spaced" ? " / " : "/")}${target.suffix}`;
  const check = readCreditForm(rewritten);
  return check && sameForm(check, target) && rewritten !== raw ? rewritten : null;
}

/** The form in words, for a message: "a label before the credit, the photographer first". */
export function describeForm(form: CreditForm): string {
  const features: string[] = [];
  if (form.prefix.trim()) features.push(`"${form.prefix.trim()}" before the credit`);
  if (form.order) features.push(form.order === "agency-first" ? "the agency first" : "the photographer first");
  if (form.slash === "spaced") features.push("spaces around the slash");
  if (form.nameCase === "caps") features.push("the photographer's name in capitals");
  if (form.nameCase === "surname-caps") features.push("the surname in capitals");
  return features.join(", ");
}
