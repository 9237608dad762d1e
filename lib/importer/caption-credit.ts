// Reading photo credits off the end of wire captions. Pure functions, no I/O.
//
// Wire services append the credit to the caption in a handful of house styles:
//   "… France. - AP/Martin Meissner"        (dash, agency first)
//   "… France. (Martin Meissner/AP)"        (parentheses, AP style: photographer first)
//   "… France. (AP Photo/Martin Meissner)"  (parentheses, "<agency> Photo/<photographer>")
//   "… France. REUTERS/Kai Pfaffenbach"     (bare, agency first; Reuters and others)
//   "… France. Photo: Martin Meissner/AFP"  (labelled, either order)
// The caption keeps everything before the credit exactly as written, including its own final
// full stop when there was one.

export interface PhotoCredit {
  agency: string;
  photographer: string;
}

export type CaptionCreditReading =
  /** A credit was found and read. `caption` is the text before it. */
  | { kind: "credit"; caption: string; credit: PhotoCredit }
  /** Something that is meant to be a credit is there, but we cannot tell agency from photographer. */
  | { kind: "unreadable"; caption: string; fragment: string }
  /** No credit at all. */
  | { kind: "none"; caption: string };

// Spellings of the same agency that must become one Credit row. Keys are lower case.
const AGENCY_ALIASES: Record<string, string> = {
  ap: "AP",
  "ap photo": "AP",
  "ap photos": "AP",
  "associated press": "AP",
  "the associated press": "AP",
  reuters: "Reuters",
  "reuters photo": "Reuters",
  afp: "AFP",
  "afp photo": "AFP",
  "agence france-presse": "AFP",
  "agence france presse": "AFP",
  getty: "Getty Images",
  "getty images": "Getty Images",
  epa: "EPA",
  "epa-efe": "EPA-EFE",
  efe: "EFE",
  dpa: "dpa",
  "pa": "PA",
  "pa wire": "PA",
  "pa images": "PA",
  "pa media": "PA",
  aap: "AAP",
  anp: "ANP",
  ansa: "ANSA",
  xinhua: "Xinhua",
  kyodo: "Kyodo",
  yonhap: "Yonhap",
  bloomberg: "Bloomberg",
  shutterstock: "Shutterstock",
  alamy: "Alamy",
  imago: "Imago",
  "picture alliance": "picture alliance",
  "sipa": "Sipa",
  "sipa usa": "Sipa USA",
  "zuma press": "ZUMA Press",
  nurphoto: "NurPhoto",
  "usa today sports": "USA TODAY Sports",
  sportsfile: "Sportsfile",
  "the canadian press": "The Canadian Press",
  "canadian press": "The Canadian Press",
  "pool": "Pool",
};

const KNOWN_AGENCY_KEYS = new Set(Object.keys(AGENCY_ALIASES));

// "AP Photo", "AFP PHOTO", "Reuters Photo": the agency with a "Photo" label attached.
const PHOTO_LABEL_SUFFIX = /\s+photos?$/i;

function agencyKey(text: string) {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function isKnownAgency(text: string) {
  const key = agencyKey(text);
  return KNOWN_AGENCY_KEYS.has(key) || KNOWN_AGENCY_KEYS.has(key.replace(PHOTO_LABEL_SUFFIX, ""));
}

// An agency we do not know by name still looks like one: a short all-capitals token (KCNA, SANA,
// "EPA-EFE") or "<Something> Photo".
function looksLikeUnknownAgency(text: string) {
  const t = text.trim();
  return /^[A-Z][A-Z0-9&-]{1,11}$/.test(t) || /^[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,2} Photos?$/i.test(t);
}

function isAgencyLike(text: string) {
  return isKnownAgency(text) || looksLikeUnknownAgency(text);
}

/** "AP Photo" → "AP", "REUTERS" → "Reuters"; unknown agencies are kept as written, trimmed. */
export function normaliseAgency(text: string): string {
  const collapsed = text.trim().replace(/\s+/g, " ");
  const key = collapsed.toLowerCase();
  const withoutLabel = key.replace(PHOTO_LABEL_SUFFIX, "");
  return AGENCY_ALIASES[key] ?? AGENCY_ALIASES[withoutLabel] ?? collapsed.replace(PHOTO_LABEL_SUFFIX, "");
}

// A person's name as credited: 1–6 words, the first capitalised, letters with the punctuation
// names carry (Jean-François, O'Neill, J.D., van der Berg). Wire credits also use "Staff",
// "Stringer", "Handout" as the photographer; those pass too.
const NAME_WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u;
function isNameLike(text: string) {
  const t = text.trim();
  if (t.length === 0 || t.length > 60) return false;
  const words = t.split(/\s+/);
  if (words.length > 6) return false;
  if (!/^[\p{Lu}\p{Lt}]/u.test(words[0])) return false;
  return words.every((w) => NAME_WORD.test(w) && /\p{L}/u.test(w));
}

// Unknown agencies written out in words ("Getty Images" is known; "Frankfurter Allgemeine" is not)
// are accepted where the style fixes which side is the agency.
function isPlausibleAgencyText(text: string) {
  const t = text.trim();
  return t.length > 0 && t.length <= 40 && t.split(/\s+/).length <= 5 && /^[\p{L}\p{N}][\p{L}\p{N}\p{M}&'’. -]*$/u.test(t);
}

/**
 * Reads "X/Y" (the credit without its decoration). `agencyFirst` is the order this style uses when
 * neither side names a known agency.
 */
function readPair(pair: string, agencyFirst: boolean): PhotoCredit | null {
  // The same few hundred credits recur across thousands of captions: remember the readings.
  const key = `${agencyFirst ? "A" : "P"}${pair}`;
  const known = pairReadings.get(key);
  if (known !== undefined) return known;
  if (pairReadings.size >= PAIR_READINGS_MAX) pairReadings.clear();
  // Frozen: one reading is shared by every caption with that credit.
  const reading = readPairUncached(pair, agencyFirst);
  pairReadings.set(key, reading && Object.freeze(reading));
  return reading;
}

const PAIR_READINGS_MAX = 10_000;
const pairReadings = new Map<string, PhotoCredit | null>();

function readPairUncached(pair: string, agencyFirst: boolean): PhotoCredit | null {
  const slash = pair.indexOf("/");
  if (slash < 0) return null;
  const left = pair.slice(0, slash).trim();
  const right = pair.slice(slash + 1).trim();
  if (!left || !right || right.includes("/")) return null;

  let agency: string;
  let photographer: string;
  if (PHOTO_LABEL_SUFFIX.test(left)) {
    [agency, photographer] = [left, right];
  } else if (isKnownAgency(left) !== isKnownAgency(right)) {
    [agency, photographer] = isKnownAgency(left) ? [left, right] : [right, left];
  } else if (looksLikeUnknownAgency(left) !== looksLikeUnknownAgency(right)) {
    [agency, photographer] = looksLikeUnknownAgency(left) ? [left, right] : [right, left];
  } else {
    [agency, photographer] = agencyFirst ? [left, right] : [right, left];
  }
  if (!isPlausibleAgencyText(agency) || !isNameLike(photographer)) return null;
  return { agency: normaliseAgency(agency), photographer: photographer.replace(/\s+/g, " ") };
}

// Parentheses at the very end: "(Martin Meissner/AP)", "(AP Photo/Martin Meissner)".
const PARENTHESISED = /\s*\(([^()]*)\)$/;
// A label: "Photo: Martin Meissner/AFP", "Photograph by Jane Doe/Reuters", "Credit:Jane Doe/AP
// Photo", "© Jane Doe/ AFP" (the copyright sign is a label that needs no colon).
const LABELLED = /(?:^|\s+(?:[-–—|]\s*)?)(?:(?:photo(?:graph)?s?|pictures?|pic|credit)\s*(:|by\b)|(©))\s*([^:©]+)$/i;
// Cheap tests that rule out most caption lines before the expensive patterns run.
const MAY_BE_LABELLED = /\b(?:photo|picture|pic|credit)|©/i;

// Name credits end with the caption's full stop sometimes ("REUTERS/Kai Pfaffenbach."); initials
// and "Jr." keep theirs.
function withoutSentenceStop(name: string) {
  return /[\p{L}]{3,}\.$/u.test(name) && !/\b(?:Jr|Sr)\.$/.test(name) ? name.slice(0, -1) : name;
}

/** Where the last " - " (or en/em dash) is, and how long the separator is. */
function lastDash(text: string): { index: number; length: number } | null {
  const index = Math.max(text.lastIndexOf(" - "), text.lastIndexOf(" – "), text.lastIndexOf(" — "));
  if (index < 0) return null;
  return { index, length: 3 };
}

function unreadableCredit(text: string, fragment: string): CaptionCreditReading {
  return { kind: "unreadable", caption: text, fragment };
}

/** Reads the credit at the end of one caption line. */
export function readCaptionCredit(line: string): CaptionCreditReading {
  const text = line.trim();

  const parenthesised = text.endsWith(")") ? PARENTHESISED.exec(text) : null;
  if (parenthesised) {
    const inner = parenthesised[1].replace(/^(?:photo(?:graph)?s?\s*(?::|by\b)\s*)/i, "").trim();
    const caption = text.slice(0, parenthesised.index).trimEnd();
    // Parentheses are also used for "(left)", "(L-R)" and the like: only a slash or an agency
    // name makes them a credit.
    if (inner.includes("/")) {
      const credit = readPair(inner, false);
      return credit ? { kind: "credit", caption, credit } : unreadableCredit(text, parenthesised[0].trim());
    }
    if (isAgencyLike(inner)) return unreadableCredit(text, parenthesised[0].trim());
  }

  const labelled = MAY_BE_LABELLED.test(text) ? LABELLED.exec(text) : null;
  // "Photo by" also occurs in prose ("a photo by the river"); only a colon, the copyright sign or
  // a slash marks a credit.
  if (labelled && (labelled[1] === ":" || labelled[2] === "©" || labelled[3].includes("/"))) {
    const caption = text.slice(0, labelled.index).trimEnd();
    const credit = readPair(withoutSentenceStop(labelled[3].trim()), false);
    return credit ? { kind: "credit", caption, credit } : unreadableCredit(text, text.slice(labelled.index).trim());
  }

  const dash = lastDash(text);
  if (dash) {
    const tail = text.slice(dash.index + dash.length).trim();
    const caption = text.slice(0, dash.index).trimEnd();
    if (tail.includes("/")) {
      const credit = readPair(withoutSentenceStop(tail), true);
      if (credit) return { kind: "credit", caption, credit };
      // A dash followed by "something/something" that is not a credit (a date, "and/or") is prose.
      const [first, ...rest] = tail.split("/");
      if (isAgencyLike(first) || isAgencyLike(rest.at(-1) ?? "") || tail.endsWith("/")) {
        return unreadableCredit(text, text.slice(dash.index).trim());
      }
    } else if (isKnownAgency(tail.replace(/\.$/, ""))) {
      // "… - AP": an agency but no photographer.
      return unreadableCredit(text, text.slice(dash.index).trim());
    }
  }

  // The agency glued to the photographer without a separator: "… 2024. REUTERS/Kai Pfaffenbach".
  // The agency is the last word (or two) before the final slash.
  const slash = text.lastIndexOf("/");
  if (slash > 0) {
    const before = text.slice(0, slash);
    const photographer = text.slice(slash + 1).trim();
    for (const agencyAtEnd of [/(?:^|\s)(\S+)$/, /(?:^|\s)(\S+\s+\S+)$/]) {
      const found = agencyAtEnd.exec(before);
      if (!found) break;
      const agency = found[1];
      if (!/^[A-Z]/.test(agency) || !isAgencyLike(agency)) continue;
      const start = before.length - agency.length;
      const credit = photographer ? readPair(`${agency}/${withoutSentenceStop(photographer)}`, true) : null;
      return credit
        ? { kind: "credit", caption: text.slice(0, start).trimEnd(), credit }
        : unreadableCredit(text, text.slice(start).trim());
    }
    // "… REUTERS/Kai Pfaffenbach/File Photo": an agency credit we cannot take apart.
    const agencyCredit = /(?:^|\s)([A-Z][\p{L}&-]*)\/\S.*$/u.exec(text);
    if (agencyCredit && isAgencyLike(agencyCredit[1])) return unreadableCredit(text, agencyCredit[0].trim());
  }

  return { kind: "none", caption: text };
}
