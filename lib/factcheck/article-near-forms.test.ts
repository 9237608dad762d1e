import { describe, expect, it } from "vitest";
import { ArticleNearForms } from "./article-near-forms";

/** What a fresh index, built for these forms alone, answers: what the kept one must answer too. */
function fresh(forms: string[], asked: string): string[] {
  const index = new ArticleNearForms();
  index.update(forms);
  return index.sharingKeys(asked);
}

describe("the article's near forms, kept between checks", () => {
  it("answers with a form that arrives near one already asked about, and forgets one that goes", () => {
    const index = new ArticleNearForms();
    index.update(["Marchand", "Phoenix", "Ledecky"]);
    expect(index.sharingKeys("Marchand")).toEqual([]);

    // An edit adds "Marchant": the answer kept for "Marchand" no longer holds.
    index.update(["Marchand", "Phoenix", "Marchant", "Ledecky"]);
    expect(index.sharingKeys("Marchand")).toEqual(["Marchant"]);
    expect(index.sharingKeys("Marchant")).toEqual(["Marchand"]);

    // The edit is undone: "Marchant" is gone from the answers and from the index.
    index.update(["Marchand", "Phoenix", "Ledecky"]);
    expect(index.sharingKeys("Marchand")).toEqual([]);
    expect(index.size).toBe(3);
  });

  it("gives near forms in the order of the asked form's keys, then of the article, as it now stands", () => {
    const index = new ArticleNearForms();
    const first = ["Marchand", "Marchant", "Marchan", "Merchand"];
    index.update(first);
    expect(index.sharingKeys("Marchand")).toEqual(fresh(first, "Marchand"));
    // The same forms in another order (a paragraph moved): the answer follows the new order.
    const moved = ["Merchand", "Marchan", "Marchant", "Marchand"];
    index.update(moved);
    expect(index.sharingKeys("Marchand")).toEqual(fresh(moved, "Marchand"));
    expect(index.sharingKeys("Marchand")).not.toEqual(fresh(first, "Marchand"));
  });

  it("holds only the current article's forms after checking another", () => {
    const index = new ArticleNearForms();
    index.update(["Marchand", "Marchant"]);
    index.sharingKeys("Marchand");
    index.update(["Phoenix", "Phonenix", "Abc"]);
    expect(index.size).toBe(2);
    expect(index.sharingKeys("Phonenix")).toEqual(["Phoenix"]);
    expect(index.sharingKeys("Marchand")).toEqual([]);
  });
});
