import { describe, expect, it } from "vitest";
import { taxonomyPath } from "@/lib/site/reader-invalidation";
import { termSlug } from "./slug";

describe("termSlug", () => {
  it("gives Latin names the ASCII slug, accents dropped", () => {
    expect(termSlug("Café")).toBe("cafe");
    expect(termSlug("Zürich Marathon")).toBe("zurich-marathon");
    expect(termSlug("Paris 2024")).toBe("paris-2024");
    expect(termSlug("Straße")).toBe("strasse");
    expect(termSlug("Article 50")).toBe("article-50");
  });

  it("keeps the letters of other scripts, lower-cased, words joined by hyphens", () => {
    expect(termSlug("Москва")).toBe("москва");
    expect(termSlug("東京")).toBe("東京");
    expect(termSlug("東京 2020")).toBe("東京-2020");
    expect(termSlug("Αθήνα")).toBe("αθήνα");
    // A Japanese voiced kana keeps its mark (が is not か); Latin accents still go.
    expect(termSlug("がんばれ")).toBe("がんばれ");
    expect(termSlug("Café Москва")).toBe("cafe-москва");
    expect(termSlug("हिन्दी समाचार")).toBe("हिन्दी-समाचार");
  });

  it("gives the same slug to the same name however it is written (case, composed or not)", () => {
    expect(termSlug("МОСКВА")).toBe(termSlug("москва"));
    expect(termSlug("Αθήνα".normalize("NFD"))).toBe(termSlug("Αθήνα"));
  });

  it("cuts long names within 80 characters at a word boundary", () => {
    const slug = termSlug(Array.from({ length: 30 }, () => "東京").join(" "))!;
    expect(Array.from(slug).length).toBeLessThanOrEqual(80);
    expect(slug.endsWith("-")).toBe(false);
    expect(Array.from(termSlug("東".repeat(120))!)).toHaveLength(80);
  });

  it("refuses a name with no letter or digit", () => {
    expect(termSlug("!!!")).toBeNull();
    expect(termSlug("🏅")).toBeNull();
    expect(termSlug(" - ")).toBeNull();
  });

  it("makes addresses that carry the name percent-encoded and read back", () => {
    const path = taxonomyPath("tag", termSlug("東京")!);
    expect(path).toBe("/tags/%E6%9D%B1%E4%BA%AC");
    expect(decodeURIComponent(path.slice("/tags/".length))).toBe("東京");
  });
});
