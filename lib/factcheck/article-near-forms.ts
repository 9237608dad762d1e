// The article's own capitalised forms by deletion key, to find which of them are near variants of
// one another (the symmetric-delete method of lib/factcheck/edit-distance.ts). A 10,000-word
// article has some 1,300 forms and 40,000 keys; re-checks while typing see the same forms again,
// so the index is kept between checks: only the forms that came or went are re-keyed, and each
// form's answer is kept until a form sharing one of its keys comes or goes.

import { nameDeletionKeys } from "@/lib/factcheck/edit-distance";
import { MIN_VARIABLE_LENGTH } from "@/lib/factcheck/names";

/** A form sharing a key with the asked one, and the first of the asked form's keys it shares. */
type Sharing = { form: string; key: number };

export class ArticleNearForms {
  /** Deletion key → the held forms that reach it (in no particular order). */
  private readonly byKey = new Map<string, string[]>();
  /** Each held form's place in the article's order, which decides the order answers come in. */
  private rank = new Map<string, number>();
  /** Answers of sharingKeys, unordered, while no form sharing a key with the asked one changes. */
  private readonly answers = new Map<string, Sharing[]>();

  /**
   * Makes the index hold exactly these forms (the short ones are left out), in the article's
   * order: forms already held keep their keys, new ones are added, the others removed.
   */
  update(forms: Iterable<string>): void {
    const rank = new Map<string, number>();
    for (const form of forms) if (form.length >= MIN_VARIABLE_LENGTH && !rank.has(form)) rank.set(form, rank.size);
    try {
      for (const form of this.rank.keys()) if (!rank.has(form)) this.change(form, "remove");
      for (const form of rank.keys()) if (!this.rank.has(form)) this.change(form, "add");
    } catch (error) {
      // Half updated, it would answer wrongly ever after: start again empty.
      this.byKey.clear();
      this.answers.clear();
      this.rank = new Map();
      throw error;
    }
    this.rank = rank;
  }

  private change(form: string, change: "add" | "remove"): void {
    this.answers.delete(form);
    for (const key of nameDeletionKeys(form)) {
      const list = this.byKey.get(key);
      // The forms sharing this key answer differently now.
      for (const other of list ?? []) this.answers.delete(other);
      if (change === "add") {
        if (list) list.push(form);
        else this.byKey.set(key, [form]);
      } else if (list) {
        if (list.length === 1) this.byKey.delete(key);
        else list.splice(list.indexOf(form), 1);
      }
    }
  }

  /**
   * The held forms sharing a deletion key with `form` (not `form` itself): key by key in the
   * order of its keys and, within a key, in the article's order, each once. They are candidates:
   * whether each is within the allowed edits is the caller's test.
   */
  sharingKeys(form: string): string[] {
    let answer = this.answers.get(form);
    if (!answer) {
      const first = new Map<string, number>();
      nameDeletionKeys(form).forEach((key, index) => {
        for (const other of this.byKey.get(key) ?? []) if (other !== form && !first.has(other)) first.set(other, index);
      });
      answer = [...first].map(([other, key]) => ({ form: other, key }));
      // Only a held form's answer is kept: its invalidation is by the forms sharing its keys.
      if (this.rank.has(form)) this.answers.set(form, answer);
    }
    if (answer.length === 0) return [];
    if (answer.length === 1) return [answer[0].form];
    const rankOf = (other: string) => this.rank.get(other) ?? Infinity;
    return [...answer].sort((a, b) => a.key - b.key || rankOf(a.form) - rankOf(b.form)).map((sharing) => sharing.form);
  }

  /** Forms held. */
  get size(): number {
    return this.rank.size;
  }
}
