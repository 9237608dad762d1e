import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { applyContent, applyPhotoChanges, captionField, mediaMap, photoOrder, readContent, type CollabContent } from "./document";

// The live document's shape: what applyContent writes, readContent reads back, and the photo
// choices (credit, image, focal point) that the editors share through its maps.

const content = (imageId: string | null): CollabContent => ({
  headline: "Harbour wall repaired",
  standfirst: "Work took a month.",
  body: docFromBlocks([{ kind: "paragraph", text: "The wall is fixed." }]),
  photos: [
    { id: "p1", caption: captionFromText("The wall"), alt: "Stones", creditId: "c1", imageId, focal: imageId ? { x: 20, y: 80 } : null },
    { id: "p2", caption: captionFromText("The harbour"), alt: null, creditId: null, imageId: null, focal: null },
  ],
});

describe("the live document", () => {
  it("reads back what was written, images and focal points included", () => {
    const doc = new Y.Doc();
    applyContent(doc, content("img-1"));
    expect(readContent(doc, ["p1", "p2"])).toEqual(content("img-1"));
  });

  it("takes an image chosen in one editor to another as a change of the map, not of the text", () => {
    const one = new Y.Doc();
    applyContent(one, content(null));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one));
    const before = Y.encodeStateVector(other);
    mediaMap(one).set("p1", { imageId: "img-2", focal: { x: 50, y: 50 } });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one, before));
    expect(readContent(other, ["p1", "p2"]).photos[0]).toMatchObject({ imageId: "img-2", focal: { x: 50, y: 50 }, alt: "Stones" });
  });

  it("leaves a photo's image alone when the document never said anything about it", () => {
    const doc = new Y.Doc();
    const { photos, ...text } = content(null);
    applyContent(doc, { ...text, photos: photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.creditId })) });
    expect(readContent(doc, ["p1"]).photos[0]).not.toHaveProperty("imageId");
  });

  it("keeps the photo order in the document: photos added and removed by two people at once both count", () => {
    const one = new Y.Doc();
    applyContent(one, content(null));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one));

    const before = readContent(one, []).photos;
    const added = { id: "p3", caption: captionFromText("The quay"), alt: "Boats", creditId: null, imageId: null, focal: null };
    applyPhotoChanges(one, before, [...before, added]);
    const otherBefore = readContent(other, []).photos;
    applyPhotoChanges(other, otherBefore, otherBefore.filter((photo) => photo.id !== "p1"));

    Y.applyUpdate(one, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one));
    expect(photoOrder(one)).toEqual(["p2", "p3"]);
    expect(readContent(other, []).photos.map((photo) => [photo.id, photo.alt])).toEqual([
      ["p2", null],
      ["p3", "Boats"],
    ]);
  });

  it("lists a photo that two people moved at the same moment once", () => {
    const one = new Y.Doc();
    applyContent(one, content(null));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one));
    const photos = readContent(one, []).photos;
    applyPhotoChanges(one, photos, [photos[1], photos[0]]);
    applyPhotoChanges(other, photos, [photos[1], photos[0]]);
    Y.applyUpdate(one, Y.encodeStateAsUpdate(other));
    expect(photoOrder(one)).toEqual(["p2", "p1"]);
  });

  it("writes only the part of a photo that changed, so what someone types in another caption meanwhile survives", () => {
    const one = new Y.Doc();
    applyContent(one, content(null));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one));
    const before = readContent(one, []).photos;
    applyPhotoChanges(one, before, before.map((photo) => (photo.id === "p1" ? { ...photo, creditId: "c2" } : photo)));
    const caption = (other.getXmlFragment(captionField("p2")).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    caption.insert(caption.length, " at night");
    Y.applyUpdate(one, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(one));
    expect(readContent(other, []).photos.map((photo) => [photo.creditId, JSON.stringify(photo.caption)])).toEqual([
      ["c2", JSON.stringify(captionFromText("The wall"))],
      [null, JSON.stringify(captionFromText("The harbour at night"))],
    ]);
  });

  it("reads a document stored before it held the photo order in the stored order", () => {
    const doc = new Y.Doc();
    applyContent(doc, content(null));
    doc.getMap("layout").delete("photoOrderWritten");
    expect(photoOrder(doc)).toBeNull();
    expect(readContent(doc, ["p2", "p1"]).photos.map((photo) => photo.id)).toEqual(["p2", "p1"]);
  });
});
