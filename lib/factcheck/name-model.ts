// How much a string looks like a name, from the proper nouns in the English dictionary: a
// character trigram model. It only breaks ties ("Alaine" once, "Alain" once, no other evidence):
// typing slips tend to produce letter sequences real names rarely have.

const SMOOTHING = 0.1;
const ALPHABET_SIZE = 28;

export class NameModel {
  private readonly trigrams = new Map<string, number>();
  private readonly contexts = new Map<string, number>();
  private readonly scores = new Map<string, number>();

  constructor(names: Iterable<string>) {
    for (const name of names) {
      const padded = `^^${name.toLowerCase()}$`;
      for (let i = 2; i < padded.length; i++) {
        const trigram = padded.slice(i - 2, i + 1);
        const context = padded.slice(i - 2, i);
        this.trigrams.set(trigram, (this.trigrams.get(trigram) ?? 0) + 1);
        this.contexts.set(context, (this.contexts.get(context) ?? 0) + 1);
      }
    }
  }

  /** Log-probability of the name's letters; higher is more name-like. */
  score(name: string): number {
    const cached = this.scores.get(name);
    if (cached !== undefined) return cached;
    if (this.scores.size > 100_000) this.scores.clear();
    const padded = `^^${name.toLowerCase()}$`;
    let logProbability = 0;
    for (let i = 2; i < padded.length; i++) {
      const trigram = this.trigrams.get(padded.slice(i - 2, i + 1)) ?? 0;
      const context = this.contexts.get(padded.slice(i - 2, i)) ?? 0;
      logProbability += Math.log((trigram + SMOOTHING) / (context + SMOOTHING * ALPHABET_SIZE));
    }
    this.scores.set(name, logProbability);
    return logProbability;
  }
}

/** Capitalised single-word entries of a hunspell .dic file: the dictionary's proper nouns. */
export function properNounsFromDic(dic: string): string[] {
  const names: string[] = [];
  for (const line of dic.split("\n")) {
    const word = line.split("/")[0].trim();
    if (/^\p{Lu}\p{Ll}+$/u.test(word)) names.push(word);
  }
  return names;
}
