// Photo credits in the house form, "AP/Martin Meissner": agency, slash, photographer. Anything
// else gets the house form as its suggestion where it can be worked out, and a pointer where not —
// unless the article writes its credits in a form of its own (credit-style.ts): then that form is
// learned, and only a credit breaking it is worth a look. Captions are also checked for a credit
// left inside the caption text, the same way.

import type { Draft } from "@/lib/factcheck/rules/draft";
import { articleCreditStyle, describeForm, readCreditForm, rewriteInForm, sameForm, type ArticleCreditStyle, type CreditForm } from "@/lib/factcheck/rules/credit-style";
import type { CheckField } from "@/lib/factcheck/types";

const LABEL_PREFIX = /^(?:©|\(c\)|photo(?:graph)?s?\s*(?:by\b|:)|pictures?\s*(?:by\b|:)|pic\s*:|credit\s*:|image\s*:)\s*/i;
const PHOTO_SUFFIX = /\s+photos?$/i;
// Lower-case words a credited name may hold: "Martin de Vries", "PA/House of Commons".
const NAME_PARTICLES = new Set("de du des la le van von der den da di del della dos das y bin al of the and for".split(" "));
const NAME_WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u;

// A caption ending the way wire captions carry credits: "… - AP/Name", "(Name/AP)", "Photo: …".
const INLINE_CREDITS = [
  /\s[-–—]\s*[\p{Lu}][\p{L}&.-]*(?:\s[\p{Lu}][\p{L}&.-]*)?\s*\/\s*[\p{Lu}][\p{L}\p{M}'’. -]*$/u,
  /\s*\((?:[^()]*\/[^()]*|(?:AP|AFP|Reuters|Getty Images|EPA)(?: Photo)?)\)\s*$/u,
  /\s(?:photo(?:graph)?|picture|credit)s?\s*:\s*[^.]{2,60}$/iu,
];

function isAgencyLike(text: string): boolean {
  return /^[\p{Lu}][\p{Lu}\p{N}&-]{1,11}$/u.test(text) || (/^[\p{Lu}][\p{L}&-]+$/u.test(text) && text.length <= 12);
}

function isPersonLike(text: string): boolean {
  const words = text.split(" ");
  if (words.length < 2 || words.length > 6) return false;
  return words.every((w) => NAME_WORD.test(w)) && words.some((w) => /^\p{Lu}\p{Ll}/u.test(w));
}

function titleCaseName(name: string): string {
  return name
    .split(" ")
    .map((word, i) =>
      i > 0 && NAME_PARTICLES.has(word.toLowerCase())
        ? word.toLowerCase()
        : word.replace(/(^|[-'’])(\p{L})(\p{L}*)/gu, (_m, sep: string, first: string, rest: string) => sep + first.toUpperCase() + rest.toLowerCase()),
    )
    .join(" ");
}

/** An agency's name: "AFP", "Getty Images", "Rex Features", "Shutterstock"; not a note like "File Photo" or "Handout". */
function isAgencyName(text: string): boolean {
  if (MULTI_WORD_AGENCIES.has(text)) return true;
  if (PHOTO_SUFFIX.test(text) || /^(?:file|handout|pool|stringer|staff|courtesy)\b/i.test(text)) return false;
  const words = text.split(" ");
  return isAgencyLike(text) || (words.length <= 3 && words.every((word) => /^[\p{Lu}][\p{L}&.-]*$/u.test(word)));
}

function isSyndicatedCredit(parts: string[]): boolean {
  if (parts.length !== 3 || parts.some((part) => !part)) return false;
  const [photographer, agency, syndicator] = parts;
  return (isPersonLike(photographer) || isAgencyLike(photographer)) && isAgencyName(agency) && isAgencyName(syndicator);
}

type Reading = { normalised: string; issues: string[]; confidence: number; complete: boolean };

/** The credit in house form, with what had to change to get there. */
export function readCredit(raw: string): Reading {
  const issues: string[] = [];
  let confidence = 0;
  const note = (issue: string, weight: number) => {
    issues.push(issue);
    confidence = Math.max(confidence, weight);
  };

  let text = raw.replace(/\s+/g, " ").trim();
  if (text !== raw) note("extra spaces", 0.72);
  const labelled = text.replace(LABEL_PREFIX, "");
  if (labelled !== text) {
    note("a label before the credit", 0.8);
    text = labelled;
  }
  const bracketed = /^\((.*)\)$/.exec(text);
  if (bracketed) {
    note("brackets around the credit", 0.78);
    text = bracketed[1].trim();
  }
  const unpunctuated = text.replace(/(?<!\b(?:Jr|Sr|\p{Lu}))[.,;:]+$/u, "");
  if (unpunctuated !== text) {
    note("punctuation at the end", 0.75);
    text = unpunctuated;
  }
  if (!text.includes("/")) {
    const separated = /^(.+?)\s*(?:\s[-–—|]\s|:\s|,\s)\s*(.+)$/.exec(text);
    if (separated && (isAgencyLike(separated[1]) || isAgencyLike(separated[1].replace(PHOTO_SUFFIX, "")))) {
      note("a separator other than a slash", 0.8);
      text = `${separated[1]}/${separated[2]}`;
    }
  }
  const spacedSlash = text.replace(/\s*\/+\s*/g, "/");
  if (spacedSlash !== text) {
    note(/\/\//.test(text) ? "a doubled slash" : "spaces around the slash", 0.75);
    text = spacedSlash;
  }
  const parts = text.split("/");
  // "Guy Bell/Rex Features/Shutterstock", "Adrian Dennis/AFP/Getty Images": a photographer, the
  // agency and the agency that syndicates its pictures, each in full. The wire's own form, not a
  // slip; "Reuters/Paul Childs/File Photo" ends in a note, not an agency, and stays a finding.
  if (isSyndicatedCredit(parts)) return { normalised: text, issues, confidence, complete: true };
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { normalised: text, issues, confidence, complete: false };
  let [agency, photographer] = parts;
  if (PHOTO_SUFFIX.test(agency)) {
    note(`"${agency}" for the agency`, 0.72);
    agency = agency.replace(PHOTO_SUFFIX, "");
  }
  if (isPersonLike(agency) && (isAgencyLike(photographer) || PHOTO_SUFFIX.test(photographer))) {
    note("the photographer before the agency", 0.74);
    [agency, photographer] = [photographer.replace(PHOTO_SUFFIX, ""), agency];
  }
  if (/^[\p{Ll}]+$/u.test(agency)) {
    note("the agency in lower case", 0.72);
    agency = agency.length <= 4 ? agency.toUpperCase() : agency[0].toUpperCase() + agency.slice(1);
  }
  const letters = photographer.replace(/[^\p{L}]/gu, "");
  const oddCase = letters.length > 1 && (letters === letters.toLowerCase() || letters === letters.toUpperCase());
  const lowerWord = photographer.split(" ").some((word, i) => /^\p{Ll}/u.test(word) && !(i > 0 && NAME_PARTICLES.has(word)));
  if (oddCase || lowerWord) {
    note("the photographer's name in the wrong case", 0.74);
    photographer = titleCaseName(photographer.toLowerCase());
  }
  return { normalised: `${agency}/${photographer}`, issues, confidence, complete: true };
}

const MULTI_WORD_AGENCIES = new Set(["Getty Images", "AP Photo", "AFP Photo", "Press Association", "Associated Press"]);

/** Credits of one form this many times in an article are the publication's style, not slips, even beside other forms. */
export const HOUSE_STYLE_MIN_CREDITS = 3;

/**
 * A credit that breaks the article's own style rests on one source (the article), so it is at most
 * "worth a look" (below the 0.6 of a possible error), however sure the house-form reading is.
 */
export const STYLE_OUTLIER_CONFIDENCE = 0.55;

// The house form with the names taken out; a photographer/agency/syndicator chain is the wire's
// own form, which the house also takes as written.
const HOUSE_FORMS = ["AP/Martin Meissner", "Adrian Dennis/AFP/Getty Images"].map((example) => readCreditForm(example)!);

/** Whether an article's own style is the house form, so the house's findings stand as they are. */
function isHouseForm(form: CreditForm): boolean {
  return HOUSE_FORMS.some((house) => sameForm(house, form));
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * The finding for a credit that breaks the article's own style (not the house form): worth a
 * look, with the credit rewritten in that style where that can be done reliably.
 */
function styleOutlier(text: string, style: NonNullable<ArticleCreditStyle["dominant"]>, where: string): Pick<Draft, "confidence" | "message" | "suggestion"> {
  const suggestion = rewriteInForm(text, style.form) ?? undefined;
  const form = describeForm(style.form);
  return {
    confidence: STYLE_OUTLIER_CONFIDENCE,
    message: `The article's other ${where} are written like "${style.example}"${form ? ` (${form})` : ""}; this one is written differently.`,
    suggestion,
  };
}

export function findCreditProblems(fields: CheckField[]): Draft[] {
  const drafts: Draft[] = [];
  const credits = fields.filter((field) => field.kind === "credit");
  const completeElsewhere = credits.filter((field) => readCredit(field.blocks.join(" ")).complete).length;
  // The publication's own style, learned from the article: credits written in it are no finding.
  const creditStyle = articleCreditStyle(
    credits.flatMap((field) => field.blocks.filter((raw) => raw.trim())),
    HOUSE_STYLE_MIN_CREDITS,
  );
  const houseStyle = creditStyle.dominant === null || isHouseForm(creditStyle.dominant.form);

  for (const field of credits) {
    field.blocks.forEach((raw, block) => {
      if (!raw.trim() || creditStyle.inStyle.has(raw)) return;
      const location = { fieldKey: field.key, block, from: 0, to: raw.length };
      const scope = `${field.key}\u0000${raw}`;
      if (!houseStyle && creditStyle.dominant) {
        drafts.push({ rule: "credit-form", ...styleOutlier(raw, creditStyle.dominant, "credits"), text: raw, location, scope });
        return;
      }
      const reading = readCredit(raw);
      if (reading.complete) {
        if (reading.normalised === raw) return;
        drafts.push({
          rule: "credit-form",
          confidence: reading.confidence,
          message: `The house form is agency/photographer ("AP/Martin Meissner"); this credit has ${list(reading.issues)}.`,
          text: raw,
          suggestion: reading.normalised,
          location,
          scope,
        });
        return;
      }
      const text = reading.normalised;
      if (text.split("/").length > 2) {
        drafts.push({ rule: "credit-form", confidence: 0.6, message: "This credit has more than one slash; the house form is agency/photographer.", text: raw, location, scope });
      } else if (text.endsWith("/") || text.startsWith("/")) {
        drafts.push({ rule: "credit-form", confidence: 0.8, message: `This credit is missing the ${text.startsWith("/") ? "agency" : "photographer"}.`, text: raw, location, scope });
      } else if (isPersonLike(text)) {
        drafts.push({ rule: "credit-form", confidence: 0.66, message: "This credit names a photographer but no agency; the house form is agency/photographer.", text: raw, location, scope });
      } else {
        // An agency alone ("AP", "Handout") is normal for some pictures; unusual only beside
        // credits that name the photographer.
        const others = completeElsewhere;
        drafts.push({
          rule: "credit-form",
          confidence: others >= 2 ? 0.55 : 0.35,
          message: "This credit names no photographer, unlike the article's other credits.",
          text: raw,
          location,
          scope,
        });
      }
    });
  }

  // Credits left at the end of captions: a slip where the house puts them in the credit field,
  // the publication's way where its captions carry them in one form throughout.
  const inline: Array<{ fieldKey: string; block: number; from: number; to: number; text: string }> = [];
  for (const field of fields) {
    if (field.kind !== "caption") continue;
    field.blocks.forEach((text, block) => {
      for (const pattern of INLINE_CREDITS) {
        const match = pattern.exec(text);
        if (!match) continue;
        const from = match.index + (match[0].length - match[0].trimStart().length);
        inline.push({ fieldKey: field.key, block, from, to: text.length, text: text.slice(from) });
        break;
      }
    });
  }
  const inlineStyle = articleCreditStyle(
    inline.map((credit) => credit.text),
    HOUSE_STYLE_MIN_CREDITS,
  );
  for (const { fieldKey, block, from, to, text } of inline) {
    if (inlineStyle.inStyle.has(text)) continue;
    const finding = inlineStyle.dominant
      ? styleOutlier(text, inlineStyle.dominant, "captions' credits")
      : { confidence: 0.7, message: "The caption ends with a photo credit; credits go in the picture's credit field." };
    drafts.push({ rule: "credit-form", ...finding, text, location: { fieldKey, block, from, to }, scope: `${fieldKey}\u0000${text}` });
  }
  return drafts;
}
