// The archive bench:desk imports: N wire documents in the seed format with a newsroom's variety —
// thousands of distinct people and places, 200–2,000 photo credits in several agencies, a few
// near-variant misspellings of the names that recur, ~25 captions each — plus one long article
// (500 photos, ~5,000 words) for the editor figures. Deterministic: the same N gives the same files.

import fs from "node:fs";
import path from "node:path";

// mulberry32, as in bench/import.ts.
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = "ka lo mi ra ten vel dor san bri ton mar lis fen gar hol jun kes lan mor nid par quin ros sel tav ul ven wes yar zel".split(" ");
const PLACE_ENDINGS = ["ford", "ton", "burg", "ville", "mouth", "field", "stad", "haven", "wick", "port"];
// Accented places, so that searching without accents is exercised on real-looking data.
const ACCENTED_PLACES = ["Zürich", "Gérardmer", "São Paulo", "Kraków", "Malmö", "Besançon", "Córdoba", "Tromsø"];
const AGENCIES = ["AP", "Reuters", "AFP", "EPA-EFE", "Getty Images", "dpa"];
const SUBJECTS = ["Athletes", "Spectators", "Volunteers", "Fans", "Performers", "Officials", "Swimmers", "Cyclists", "Rowers", "Gymnasts", "Residents", "Firefighters"];
const VERBS = ["gather", "cheer", "wave", "react", "celebrate", "perform", "arrive", "train", "compete", "rest", "march", "wait"];
const COMMON =
  "the a of and to in that was for on with as by at from said after before during while over under about council minister police team season match government hospital market report city river storm election vote school court museum festival".split(
    " ",
  );
/** A word the bench searches as "rare": in one document of every RARE_EVERY. */
export const RARE_WORD = "zeppelin";
export const RARE_EVERY = 2_000;
/** A word the bench searches as "common": a caption subject, in nearly every document. */
export const COMMON_WORD = "swimmers";

const capitalize = (word: string) => word[0].toUpperCase() + word.slice(1);

function word(rnd: () => number, syllables: number) {
  let out = "";
  for (let index = 0; index < syllables; index++) out += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
  return out;
}

/** A plausible misspelling: one letter dropped or two neighbours swapped. */
function variant(name: string, rnd: () => number) {
  const at = 1 + Math.floor(rnd() * (name.length - 2));
  return rnd() < 0.5 ? name.slice(0, at) + name.slice(at + 1) : name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

export interface Archive {
  people: string[];
  places: string[];
  credits: Array<{ agency: string; photographer: string }>;
  vocabulary: string[];
  /** Names that recur in the news (most mentions go to them), with one misspelling each. */
  famous: Array<{ name: string; misspelling: string }>;
}

export function archiveFor(n: number): Archive {
  const rnd = random(4242);
  const people = new Set<string>();
  const peopleTarget = Math.min(20_000, Math.max(3_000, Math.floor(n / 5)));
  while (people.size < peopleTarget) people.add(`${capitalize(word(rnd, 2))} ${capitalize(word(rnd, 2 + Math.floor(rnd() * 2)))}`);
  const places = new Set<string>(ACCENTED_PLACES);
  while (places.size < 2_000) places.add(capitalize(word(rnd, 1 + Math.floor(rnd() * 2))) + PLACE_ENDINGS[Math.floor(rnd() * PLACE_ENDINGS.length)]);
  const creditCount = Math.min(2_000, Math.max(200, Math.floor(n / 50)));
  const peopleList = [...people];
  const credits = Array.from({ length: creditCount }, (_, index) => ({
    agency: AGENCIES[index % AGENCIES.length],
    photographer: peopleList[peopleList.length - 1 - index],
  }));
  const vocabulary = new Set<string>();
  while (vocabulary.size < 3_000) vocabulary.add(word(rnd, 1 + Math.floor(rnd() * 3)));
  const famous = peopleList.slice(0, 300).map((name) => ({ name, misspelling: variant(name, rnd) }));
  return { people: peopleList, places: [...places], credits, vocabulary: [...vocabulary], famous };
}

function sentence(rnd: () => number, archive: Archive, words: number) {
  const out: string[] = [];
  for (let index = 0; index < words; index++) {
    const roll = rnd();
    if (roll < 0.04) {
      // A person: mostly the famous ones, sometimes misspelt (1 in 60), sometimes anyone.
      const famous = archive.famous[Math.floor(rnd() * archive.famous.length)];
      out.push(rnd() < 0.7 ? (rnd() < 1 / 60 ? famous.misspelling : famous.name) : archive.people[Math.floor(rnd() * archive.people.length)]);
    } else if (roll < 0.07) out.push(archive.places[Math.floor(rnd() * archive.places.length)]);
    else if (roll < 0.55) out.push(COMMON[Math.floor(rnd() * COMMON.length)]);
    else out.push(archive.vocabulary[Math.floor(rnd() * archive.vocabulary.length)]);
  }
  out[0] = capitalize(out[0]);
  return `${out.join(" ")}.`;
}

function caption(rnd: () => number, archive: Archive, date: string) {
  const credit = archive.credits[Math.floor(rnd() * archive.credits.length)];
  const place = archive.places[Math.floor(rnd() * archive.places.length)];
  const text = `${SUBJECTS[Math.floor(rnd() * SUBJECTS.length)]} ${VERBS[Math.floor(rnd() * VERBS.length)]} in ${place} on ${date}`;
  switch (Math.floor(rnd() * 3)) {
    case 0:
      return `${text}. - ${credit.agency}/${credit.photographer}`;
    case 1:
      return `${text}. (${credit.photographer}/${credit.agency})`;
    default:
      return `${text} - ${credit.agency}/${credit.photographer}`;
  }
}

function documentText(index: number, archive: Archive, options: { paragraphs?: number; captions?: number } = {}) {
  const rnd = random(index + 1);
  const year = 2015 + (index % 10);
  const date = `${year}-${String(1 + (index % 12)).padStart(2, "0")}-${String(1 + (index % 28)).padStart(2, "0")}`;
  const headline = sentence(rnd, archive, 7 + Math.floor(rnd() * 6)).slice(0, -1);
  const blocks = [` date ${date} ${headline}`, headline];
  const paragraphs = options.paragraphs ?? 6 + Math.floor(rnd() * 8);
  for (let p = 0; p < paragraphs; p++) {
    if (p === 4) blocks.push(sentence(rnd, archive, 4).slice(0, -1));
    let text = `${sentence(rnd, archive, 14 + Math.floor(rnd() * 16))} ${sentence(rnd, archive, 10 + Math.floor(rnd() * 10))}`;
    if (p === 1 && index % RARE_EVERY === 7) text += ` A ${RARE_WORD} was seen over the city.`;
    blocks.push(text);
  }
  const captionCount = options.captions ?? 20 + Math.floor(rnd() * 11);
  const captions = Array.from({ length: captionCount }, () => caption(rnd, archive, date));
  blocks.push("Here are some of the best pictures from the event.");
  return `${blocks.join("\n\n")}\n\n${captions.join("\n")}\n`;
}

/** The long article's headline starts with this, so the bench can find it after the import. */
export const LONG_ARTICLE_MARK = "Long read";

/** Writes the N documents (in subfolders of 1,000) and the long article; returns how many files. */
export function generateArchive(dir: string, n: number): number {
  const archive = archiveFor(n);
  for (let index = 0; index < n; index++) {
    const folder = path.join(dir, String(Math.floor(index / 1000)).padStart(4, "0"));
    if (index % 1000 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${String(index).padStart(7, "0")}.txt`), documentText(index, archive));
  }
  // ~5,000 words in 160 paragraphs, 500 captioned photos.
  const long = documentText(n + 1, archive, { paragraphs: 160, captions: 500 }).replace(/^ date (\S+) /, ` date $1 ${LONG_ARTICLE_MARK}: `);
  fs.writeFileSync(path.join(dir, "long-read.txt"), long);
  return n + 1;
}
