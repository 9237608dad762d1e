import { describe, expect, it } from "vitest";
import { slugify, uniqueSlug } from "./slug";

describe("slugify", () => {
  it("makes readable ASCII slugs", () => {
    expect(slugify("Au revoir! Paris hands over to Los Angeles")).toBe("au-revoir-paris-hands-over-to-los-angeles");
    expect(slugify("Women’s marathon: Zürich, Łódź & São Paulo — Straße")).toBe(
      "womens-marathon-zurich-lodz-and-sao-paulo-strasse",
    );
    expect(slugify("“Curly” quotes")).toBe("curly-quotes");
    expect(slugify("!!!")).toBe("article");
  });

  it("cuts long headlines at a word boundary, within 80 characters", () => {
    const slug = slugify(
      "Highlights Los Angeles have given fans a short glimpse of what to expect for the 2028 Games following an epic ceremony",
    );
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toBe("highlights-los-angeles-have-given-fans-a-short-glimpse-of-what-to-expect");
    expect(slugify("x".repeat(120))).toHaveLength(80);
  });
});

describe("uniqueSlug", () => {
  it("adds -2, -3 … until the slug is free", () => {
    const taken = new Set(["storm", "storm-2"]);
    expect(uniqueSlug("storm", (s) => taken.has(s))).toBe("storm-3");
    expect(uniqueSlug("calm", (s) => taken.has(s))).toBe("calm");
    const long = "a".repeat(80);
    expect(uniqueSlug(long, (s) => s === long)).toBe(`${"a".repeat(78)}-2`);
  });
});
