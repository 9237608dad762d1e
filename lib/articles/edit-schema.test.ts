import { describe, expect, it } from "vitest";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { articleEditSchema } from "./edit-schema";

const valid = () => ({
  articleId: "a1",
  expectedVersion: 1,
  headline: "  A headline  ",
  standfirst: "",
  body: docFromBlocks([{ kind: "paragraph", text: "Hello." }]),
  photos: [{ id: "p1", caption: captionFromText("A caption"), alt: "", creditId: null }],
});

function linkDoc(href: string) {
  return {
    type: "doc",
    content: [{ type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href } }] }] }],
  };
}

describe("articleEditSchema", () => {
  it("accepts the editor's content, trimming the headline and storing an empty alt as null", () => {
    const parsed = articleEditSchema.parse(valid());
    expect(parsed.headline).toBe("A headline");
    expect(parsed.photos[0].alt).toBeNull();
  });

  it("refuses an empty headline with a message for that field", () => {
    const result = articleEditSchema.safeParse({ ...valid(), headline: "   " });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(["headline"]);
    expect(result.error!.issues[0].message).toBe("Enter a headline.");
  });

  it("refuses javascript: links in the body and in captions, accepts https and mailto", () => {
    expect(articleEditSchema.safeParse({ ...valid(), body: linkDoc("javascript:alert(1)") }).success).toBe(false);
    const caption = { ...valid() };
    caption.photos = [{ ...caption.photos[0], caption: linkDoc("javascript:alert(1)") as never }];
    const refused = articleEditSchema.safeParse(caption);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0].path.slice(0, 3)).toEqual(["photos", 0, "caption"]);
    expect(articleEditSchema.safeParse({ ...valid(), body: linkDoc("https://example.com/") }).success).toBe(true);
    expect(articleEditSchema.safeParse({ ...valid(), body: linkDoc("mailto:desk@example.com") }).success).toBe(true);
  });

  it("refuses node types the editor does not have, a two-paragraph caption, and unknown keys", () => {
    const image = { type: "doc", content: [{ type: "image", attrs: { src: "x" } }] };
    expect(articleEditSchema.safeParse({ ...valid(), body: image }).success).toBe(false);
    const twoParagraphs = { type: "doc", content: [{ type: "paragraph" }, { type: "paragraph" }] };
    const input = valid();
    input.photos[0].caption = twoParagraphs as never;
    expect(articleEditSchema.safeParse(input).success).toBe(false);
    expect(articleEditSchema.safeParse({ ...valid(), status: "published" }).success).toBe(false);
  });

  it("refuses the same photo twice", () => {
    const input = valid();
    input.photos.push({ ...input.photos[0] });
    const result = articleEditSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(["photos", 1, "id"]);
  });
});
