import "server-only";
import { loadGazetteer as readGazetteer, type Gazetteer } from "@/lib/factcheck/places/gazetteer";
import { loadSpeller, type Speller } from "@/lib/factcheck/speller";

// The fact-checker's heavy resources, each loaded lazily and once per process (per worker thread,
// where checks run in a pool): the dictionaries, the grammar checker (harper.js, WebAssembly,
// ~2 s to start; lib/factcheck/grammar/linter.ts) and the gazetteer (~140,000 places). Nothing
// else loads them.

export { loadSpeller, type Speller };
// The grammar checker has its own module (and, in the pool, its own worker thread): loading it
// must not load the dictionaries or the gazetteer.
export { loadGrammarLinter } from "@/lib/factcheck/grammar/linter";

let gazetteer: Promise<Gazetteer> | undefined;

/** Countries, regions and counties, and cities of 1,000 people or more, with their accents. */
export function loadGazetteer(): Promise<Gazetteer> {
  gazetteer ??= readGazetteer();
  return gazetteer;
}
