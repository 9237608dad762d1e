import { describe, expect, it } from "vitest";
import { docFromBlocks } from "@/lib/editor";
import type { PhotoSnapshot } from "@/lib/articles/snapshot";
import { bodyHtmlFromSnapshot, readerCorrections, readerPhotos } from "./view-model";

const caption = (text: string, marks: Array<{ type: string; attrs?: Record<string, unknown> }> = []) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text, ...(marks.length ? { marks } : {}) }] }],
});

const photo = (overrides: Partial<PhotoSnapshot>): PhotoSnapshot => ({
  id: null,
  position: 0,
  caption: caption("A caption"),
  alt: null,
  imageUrl: null,
  creditId: null,
  credit: null,
  ...overrides,
});

describe("readerPhotos", () => {
  it("orders by position and reads credits live, falling back to the snapshot's label", () => {
    const photos = readerPhotos(
      [
        photo({ position: 2, creditId: "gone", credit: "AP/Old Label" }),
        photo({ position: 0, creditId: "c1", credit: "AP/Martin Meisner" }),
        photo({ position: 1 }),
      ],
      new Map([["c1", "AP/Martin Meissner"]]),
    );
    expect(photos.map((item) => item.credit)).toEqual(["AP/Martin Meissner", null, "AP/Old Label"]);
  });

  it("uses the caption as alt text unless the editor wrote one", () => {
    const [withoutAlt, withAlt] = readerPhotos(
      [photo({ caption: caption("Tom Cruise holds the flag") }), photo({ position: 1, alt: "Cruise on a wire" })],
      new Map(),
    );
    expect(withoutAlt.alt).toBe("Tom Cruise holds the flag");
    expect(withAlt.alt).toBe("Cruise on a wire");
  });

  it("renders captions through the sanitizing renderer", () => {
    const [rendered] = readerPhotos(
      [photo({ caption: caption("click", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]) })],
      new Map(),
    );
    expect(rendered.captionHtml).toBe("click");
    const [emphasised] = readerPhotos([photo({ caption: caption("Phoenix", [{ type: "italic" }]) })], new Map());
    expect(emphasised.captionHtml).toBe("<em>Phoenix</em>");
  });
});

describe("bodyHtmlFromSnapshot", () => {
  it("renders the body with the editor's extensions", () => {
    const html = bodyHtmlFromSnapshot(docFromBlocks([{ kind: "heading", text: "Next" }, { kind: "paragraph", text: "Fish & chips <b>" }]));
    expect(html).toContain("<h2>Next</h2>");
    expect(html).toContain("<p>Fish &amp; chips &lt;b&gt;</p>");
  });

  it("does not throw on a body that is not a document", () => {
    expect(bodyHtmlFromSnapshot({ nonsense: true })).toBe("");
  });
});

describe("readerCorrections", () => {
  it("keeps corrections and clarifications, oldest first, and drops other kinds", () => {
    const corrections = readerCorrections([
      { kind: "clarification", note: "later", createdAt: new Date("2024-08-13") },
      { kind: "update", note: "not public", createdAt: new Date("2024-08-12") },
      { kind: "correction", note: "earlier", createdAt: new Date("2024-08-12") },
    ]);
    expect(corrections.map((correction) => [correction.kind, correction.note])).toEqual([
      ["correction", "earlier"],
      ["clarification", "later"],
    ]);
  });
});
