// Misspelled places: a capitalised word nobody knows (not a dictionary word, not a name in the
// article, the archive or the house dictionary, not itself a place) one slip away from a place the
// gazetteer knows, where the text says a place stands: "Co Offlay", "in Kawaski, Japan". A place
// spelt right is never flagged. The article's own second spelling is the name rules' business.

import type { HouseDictionary } from "@/lib/factcheck/house-dictionary";
import type { ArchiveLookup, Exclusion } from "@/lib/factcheck/name-index";
import type { Gazetteer, Place } from "@/lib/factcheck/places/gazetteer";
import type { Draft, EvidenceSource } from "@/lib/factcheck/rules/draft";
import type { ArticleNames, CapitalisedOccurrence } from "@/lib/factcheck/names";
import type { Speller } from "@/lib/factcheck/speller";
import { insideCode, withoutPossessive, type TextBlock, type Token } from "@/lib/factcheck/tokenize";

export type PlaceRuleContext = {
  blocks: TextBlock[];
  /** The article's names: a word used inside a longer name here ("John Huston") is that name. */
  names?: ArticleNames;
  gazetteer: Gazetteer;
  speller: Speller;
  archive: ArchiveLookup;
  excluded?: Exclusion;
  house: HouseDictionary;
  /** Each block's `placeReading`, in the order of `blocks`, when the caller keeps them; else worked out here. */
  readings?: ReadonlyArray<PlaceReading>;
};

/**
 * What a block and the gazetteer and dictionaries alone (which never change in a process) say
 * for this rule: the countries its places name, and the tokens still to weigh against the
 * article, the archive and the house dictionary. A caller may keep it per paragraph text.
 */
export type PlaceReading = { countries: string[]; candidates: number[] };

/** Words after which a place name usually stands ("against France", "Wales vs Scotland" in sport). */
const PLACE_PREPOSITIONS = new Set("in at near from outside around towards toward across into against vs versus nearby via through throughout".split(" "));
/** Places of this size or more tell which countries an article is about. */
const CONTEXT_CITY = 10_000;
/** "Co Offaly", "County Kerry": the next word is a county. */
const COUNTY_WORDS = new Set(["Co", "County"]);
/** A city this big is a place a slip is more likely to be meant for than a village of that name. */
const BIG_CITY = 100_000;
const MIN_LENGTH = 4;
const SPACE_ONLY = /^\s+$/;

function confirmsCountry(place: Place, following: Place | undefined): boolean {
  return following !== undefined && following.kind !== "city" && following.country === place.country;
}

/** A capitalised word the gazetteer knows as a place, spelt right. */
function knownPlace(token: Token | undefined, gazetteer: Gazetteer, speller: Speller): Place | undefined {
  if (!token?.capitalised || token.allCaps || token.hasDigit) return undefined;
  const form = withoutPossessive(token.text);
  return speller.isCommonWord(form) ? undefined : gazetteer.get(form);
}

/** The countries of the places a block names (spelt right), for "which country is this about". */
function blockCountries(block: TextBlock, gazetteer: Gazetteer, speller: Speller): Set<string> {
  const countries = new Set<string>();
  if (block.fieldKind !== "credit") {
    block.tokens.forEach((token, index) => {
      const place = knownPlace(token, gazetteer, speller);
      if (!place || (place.kind === "city" && place.population < CONTEXT_CITY)) return;
      // "Virginia, Co. Cavan", "Perth, Scotland": the county or country after the comma says where
      // the place is; a namesake elsewhere (the US state) says nothing of what the article is about.
      const next = block.tokens[index + 1];
      if (next && /^,\s+$/.test(next.gapBefore)) {
        const following = knownPlace(COUNTY_WORDS.has(next.text) ? block.tokens[index + 2] : next, gazetteer, speller);
        if (following && following.kind !== "city" && following.country !== place.country) {
          countries.add(following.country);
          return;
        }
      }
      countries.add(place.country);
    });
  }
  return countries;
}

/** A capitalised word the dictionaries and the gazetteer do not know: one that may be a misspelled place. */
function mayBeMisspelledPlace(block: TextBlock, token: Token, gazetteer: Gazetteer, speller: Speller): boolean {
  if (!token.capitalised || token.allCaps || token.hasDigit || token.innerCapital || insideCode(block, token)) return false;
  const form = withoutPossessive(token.text);
  return !(form.length < MIN_LENGTH || speller.isWord(form) || gazetteer.has(form));
}

export function placeReading(block: TextBlock, gazetteer: Gazetteer, speller: Speller): PlaceReading {
  const candidates: number[] = [];
  if (block.fieldKind !== "credit") {
    block.tokens.forEach((token, index) => {
      if (mayBeMisspelledPlace(block, token, gazetteer, speller)) candidates.push(index);
    });
  }
  return { countries: [...blockCountries(block, gazetteer, speller)], candidates };
}

export function findPlaceNearMisses({ blocks, names, gazetteer, speller, archive, excluded, house, readings: kept }: PlaceRuleContext): Draft[] {
  const drafts: Draft[] = [];
  const readings = kept ?? blocks.map((block) => placeReading(block, gazetteer, speller));
  const countries = new Set(readings.flatMap((reading) => reading.countries));
  blocks.forEach((block, blockAt) => {
    for (const index of readings[blockAt].candidates) {
      const token = block.tokens[index];
      const form = withoutPossessive(token.text);
      if (house.isName(form)) continue;
      if (archive.nameCount(form, excluded) > 0) continue;
      // Used inside a longer name here ("John Huston"): that name. "Co Offlay" is no longer name.
      const inName = (occurrence: CapitalisedOccurrence) => {
        if (occurrence.standalone) return false;
        const at = occurrence.block.tokens.findIndex((t) => t.from === occurrence.from);
        return !(at > 0 && COUNTY_WORDS.has(occurrence.block.tokens[at - 1].text));
      };
      if ((names?.capitalised.get(form) ?? []).some(inName)) continue;
      const previous = block.tokens[index - 1];
      const next = block.tokens[index + 1];
      const afterCounty = previous !== undefined && COUNTY_WORDS.has(previous.text) && /^\.?\s+$/.test(token.gapBefore);
      const afterPreposition = previous !== undefined && PLACE_PREPOSITIONS.has(previous.text.toLowerCase()) && /^\s+$/.test(token.gapBefore);
      // "Kawaski, Japan", "Tullamroe, Co Offaly": the place that follows after a comma.
      let following: Place | undefined;
      if (next && /^,\s+$/.test(next.gapBefore)) {
        const nextText = COUNTY_WORDS.has(next.text) ? block.tokens[index + 2]?.text : next.text;
        following = nextText ? gazetteer.get(withoutPossessive(nextText)) : undefined;
      }
      // One word of a longer name ("Beit Sawa", "Creve Coeur") is not a place on its own.
      const inLongerName = (previous?.capitalised && SPACE_ONLY.test(token.gapBefore) && !afterCounty) || (next?.capitalised && SPACE_ONLY.test(next.gapBefore));
      if (inLongerName) continue;
      // Listed with places: "Cambridge and Kingstno", "Carolina, Oaklannd and San Diego".
      const beforeAnd = previous && /^(?:and|or)$/.test(previous.text) ? block.tokens[index - 2] : undefined;
      const afterAnd = next && /^(?:and|or)$/.test(next.text) ? block.tokens[index + 2] : undefined;
      const listedWithPlaces =
        (previous !== undefined && /^,\s+$/.test(token.gapBefore) && knownPlace(previous, gazetteer, speller) !== undefined) ||
        (next !== undefined && /^,\s+$/.test(next.gapBefore) && knownPlace(next, gazetteer, speller) !== undefined) ||
        knownPlace(beforeAnd, gazetteer, speller) !== undefined ||
        knownPlace(afterAnd, gazetteer, speller) !== undefined;

      // A place named with an ordinary word ("West", a region of Cameroon; "Split", "Nice") is no
      // likely target: one letter from "Wesa" says nothing when it is also a word of English.
      const candidates = gazetteer
        .nearMisses(form)
        .filter((place) => !place.name.includes(" ") && place.name.toLowerCase() !== form.toLowerCase() && !speller.isCommonWord(place.name));
      const confirmed = candidates.find(
        (place) => (afterCounty && place.kind === "region" && place.country === "IE") || confirmsCountry(place, following),
      );
      // "Boora, Co Offaly": the text names the county or country the place is in; a near miss in
      // another country ("Bogra", Bangladesh) is not what was meant.
      if (following !== undefined && following.kind !== "city" && confirmed === undefined) continue;
      const big = (place: Place) => place.kind !== "city" || place.population >= BIG_CITY;
      // Without a county or country to confirm it: after "in", "near"…, or listed with places, a
      // big place; anywhere, a country ("Francce"), or a county, state or big city of a country
      // the article is about ("Roscommno based", "the former Oklaoma star").
      const likely =
        confirmed ??
        (afterPreposition || afterCounty || listedWithPlaces ? candidates.find(big) : undefined) ??
        candidates.find((place) => place.kind === "country" || (countries.has(place.country) && big(place)));
      if (!likely) continue;
      // The gazetteer is one source; the text around the word saying which country or county it
      // is in ("…, Japan", "Co …") is the second.
      const sources: EvidenceSource[] = confirmed ? ["gazetteer", "article"] : ["gazetteer"];
      const where = likely.kind === "city" ? `a city in ${likely.country}` : likely.kind === "region" ? `a region or county of ${likely.country}` : "a country";
      drafts.push({
        rule: "place",
        confidence: confirmed ? 0.84 : 0.58,
        message: `"${form}" is no place the gazetteer knows; "${likely.name}" (${where}) is one letter away.`,
        text: form,
        suggestion: likely.name,
        location: { fieldKey: block.fieldKey, block: block.blockIndex, from: token.from, to: token.from + form.length },
        scope: "",
        sources,
      });
    }
  });
  return drafts;
}
