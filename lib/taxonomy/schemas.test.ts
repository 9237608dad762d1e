import { describe, expect, it } from "vitest";
import { articleTaxonomySchema, parseTagList } from "./schemas";

describe("the byline, section and tag request", () => {
  it("reads an empty section as none, and each byline as one of its three forms", () => {
    const parsed = articleTaxonomySchema.parse({
      articleId: "a1",
      section: "  ",
      tags: [" Olympics "],
      bylines: [{ contributorId: "c1" }, { userId: "u1" }, { name: " Ann Lee " }],
    });
    expect(parsed).toEqual({ articleId: "a1", section: null, tags: ["Olympics"], bylines: [{ contributorId: "c1" }, { userId: "u1" }, { name: "Ann Lee", bio: "" }] });
  });

  it("refuses a byline mixing forms, unknown keys, and too many bylines or tags", () => {
    const base = { articleId: "a1", section: null, tags: [], bylines: [] };
    expect(articleTaxonomySchema.safeParse({ ...base, bylines: [{ contributorId: "c1", userId: "u1" }] }).success).toBe(false);
    expect(articleTaxonomySchema.safeParse({ ...base, sectionId: "s1" }).success).toBe(false);
    expect(articleTaxonomySchema.safeParse({ ...base, bylines: Array.from({ length: 11 }, () => ({ userId: "u" })) }).success).toBe(false);
    expect(articleTaxonomySchema.safeParse({ ...base, tags: ["x".repeat(61)] }).success).toBe(false);
    expect(articleTaxonomySchema.safeParse({ ...base, bylines: [{ name: "A", bio: "b".repeat(501) }] }).success).toBe(false);
  });

  it("splits the desk's tag field at commas, dropping empty entries", () => {
    expect(parseTagList(" Olympics, Paris 2024 ,, ")).toEqual(["Olympics", "Paris 2024"]);
    expect(parseTagList("")).toEqual([]);
  });
});
