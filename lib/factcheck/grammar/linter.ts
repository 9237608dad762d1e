import "server-only";
import type { LocalLinter } from "harper.js";

// The grammar checker (harper.js, WebAssembly), loaded lazily and once per thread. In the pool it
// is the grammar worker's alone (lib/factcheck/grammar-worker.ts): its start-up holds its thread
// for seconds, which must not be the thread that checks names.

let linter: Promise<LocalLinter> | undefined;

/** The grammar checker, British English (it accepts American spellings too; spelling is ours). */
export function loadGrammarLinter(): Promise<LocalLinter> {
  linter ??= (async () => {
    // The binary read from its .wasm file, not the base64-inlined module: the inlined one keeps
    // its 21 MB source, the decoded string and copies of both alive in the heap (~230 MB more RSS
    // per worker, measured); the grammar checked is the same binary ("full" flavour) either way.
    const [{ LocalLinter, Dialect }, { binary }, v8] = await Promise.all([import("harper.js"), import("harper.js/binary"), import("node:v8")]);
    const created = new LocalLinter({ binary, dialect: Dialect.British });
    // Compiled by V8's baseline compiler only: its optimising tier re-compiles the hot part of the
    // 16 MB module while linting, ~100 MB more per worker for lints no faster on news text
    // (measured: 542 MB peak, 496 MB after, against 399 MB flat). The flag is read when a module
    // is compiled, so it is set for this one alone.
    v8.setFlagsFromString("--liftoff-only");
    try {
      await created.setup();
    } finally {
      v8.setFlagsFromString("--no-liftoff-only");
    }
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
