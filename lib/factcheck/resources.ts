import "server-only";
import type { LocalLinter } from "harper.js";
import { loadGazetteer as readGazetteer, type Gazetteer } from "@/lib/factcheck/places/gazetteer";
import { loadSpeller, type Speller } from "@/lib/factcheck/speller";

// The fact-checker's heavy resources, each loaded lazily and once per process (per worker thread,
// where checks run in a pool): the dictionaries, the grammar checker (harper.js, WebAssembly,
// ~2 s to start) and the gazetteer (~140,000 places). Nothing else loads them.

export { loadSpeller, type Speller };

let linter: Promise<LocalLinter> | undefined;

/** The grammar checker, British English (it accepts American spellings too; spelling is ours). */
export function loadGrammarLinter(): Promise<LocalLinter> {
  linter ??= (async () => {
    // The binary read from its .wasm file, not the base64-inlined module: the inlined one keeps
    // its 21 MB source, the decoded string and copies of both alive in the heap (~230 MB more RSS
    // per worker, measured); the grammar checked is the same binary ("full" flavour) either way.
    const [{ LocalLinter, Dialect }, { binary }] = await Promise.all([import("harper.js"), import("harper.js/binary")]);
    const created = new LocalLinter({ binary, dialect: Dialect.British });
    await created.setup();
    // Spelling, names and quotation marks are the fact-checker's own rules; style advice
    // (sentence length, contractions, filler words) is not what an editor asked for.
    await created.setLintConfig({
      SpellCheck: false,
      SentenceCapitalization: false,
      LongSentences: false,
      UnclosedQuotes: false,
      AvoidContractions: false,
      OxfordComma: false,
      NoOxfordComma: false,
    });
    return created;
  })();
  linter.catch(() => {
    linter = undefined;
  });
  return linter;
}

let gazetteer: Promise<Gazetteer> | undefined;

/** Countries, regions and counties, and cities of 1,000 people or more, with their accents. */
export function loadGazetteer(): Promise<Gazetteer> {
  gazetteer ??= readGazetteer();
  return gazetteer;
}
