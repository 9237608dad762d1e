// Edit distance for spotting near-variants, and the deletion keys that let an index find them
// without comparing a word against the whole vocabulary (the symmetric-delete method: two words
// within k edits share a string reachable from both by at most k deletions).

/**
 * Damerau–Levenshtein distance with adjacent transpositions (optimal string alignment). Returns
 * `max + 1` as soon as the distance is known to exceed `max`.
 */
// Rows reused across calls: the distance is computed thousands of times per check.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (rows[0].length <= lb) rows = [new Int32Array(lb + 1), new Int32Array(lb + 1), new Int32Array(lb + 1)];
  let [previousPrevious, previous, current] = rows;
  for (let j = 0; j <= lb; j++) previous[j] = j;
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, previousPrevious[j - 2] + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previousPrevious, previous, current] = [previous, current, previousPrevious];
  }
  return previous[lb] > max ? max + 1 : previous[lb];
}

/** The string itself and every string reachable by up to `depth` single-character deletions. */
export function deletionKeys(word: string, depth: number): Set<string> {
  const keys = new Set<string>([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const item of frontier) {
      if (item.length <= 1) continue;
      for (let i = 0; i < item.length; i++) {
        const key = item.slice(0, i) + item.slice(i + 1);
        if (!keys.has(key)) {
          keys.add(key);
          next.push(key);
        }
      }
    }
    frontier = next;
  }
  return keys;
}

const nameKeysCache = new Map<string, string[]>();

/** The deletion keys of a name at the depth its length allows; names recur, so they are cached. */
export function nameDeletionKeys(form: string): readonly string[] {
  let keys = nameKeysCache.get(form);
  if (!keys) {
    if (nameKeysCache.size >= 100_000) nameKeysCache.clear();
    keys = [...deletionKeys(form.toLowerCase(), allowedNameEdits(form.length))];
    nameKeysCache.set(form, keys);
  }
  return keys;
}

/** Longer than any name (Llanfairpwllgwyngyll… is 58): a run of glued words, matched exactly only. */
export const MAX_NAME_LENGTH = 64;

/**
 * How many edits a name of this length may be from another and still count as a variant of it.
 * Short names differ by one letter all the time (Lee, Yee); long names rarely do by accident.
 * A form past MAX_NAME_LENGTH has no variants: its deletion keys grow with the square of its
 * length (a 300-letter run was 45,000 archive rows, holding a save's transaction for minutes).
 */
export function allowedNameEdits(length: number): number {
  if (length < 4 || length > MAX_NAME_LENGTH) return 0;
  if (length < 9) return 1;
  return 2;
}

const ASCII = /^[\x00-\x7f]*$/;

export function withoutAccents(text: string): string {
  return ASCII.test(text) ? text : text.normalize("NFD").replace(/\p{M}/gu, "");
}

/**
 * Two names close enough to be one misspelt: within the edits their lengths allow, ignoring
 * case, or differing only in accents ("Pogacar" / "Pogačar").
 */
export function withinNameEdits(a: string, b: string): boolean {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA === lowerB) return false;
  if (!(ASCII.test(a) && ASCII.test(b)) && withoutAccents(lowerA) === withoutAccents(lowerB)) return true;
  const allowed = Math.min(allowedNameEdits(a.length), allowedNameEdits(b.length));
  return allowed > 0 && editDistance(lowerA, lowerB, allowed) <= allowed;
}

const PLURAL_OR_POSSESSIVE = new Set(["s", "es", "'s", "’s", "'"]);

/** People of a place: "Queenslander", "Iraqi". ("Indonesian" is left out: "Maria"/"Marian" too.) */
function isDemonymEnding(base: string, ending: string): boolean {
  if (ending === "er" || ending === "ers") return true;
  if (ending === "i" || ending === "is") return /[^aeiouy]$/.test(base);
  return false;
}

/** Plural, possessive or demonym forms of each other ("Olympic"/"Olympics"), not misspellings. */
export function isInflection(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a.toLowerCase(), b.toLowerCase()] : [b.toLowerCase(), a.toLowerCase()];
  if (!long.startsWith(short)) return false;
  const ending = long.slice(short.length);
  if (PLURAL_OR_POSSESSIVE.has(ending)) return true;
  // Short names take endings by accident ("Lean"/"Lea").
  return short.length >= 5 && isDemonymEnding(short, ending);
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Every string one deletion, transposition, substitution or insertion (a–z) away from `word`. */
export function singleEdits(word: string): Set<string> {
  const edits = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) edits.add(head + tail.slice(1));
    if (tail.length > 1) edits.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail) edits.add(head + letter + tail.slice(1));
      edits.add(head + letter + tail);
    }
  }
  edits.delete(word);
  return edits;
}
