import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createTestArticle, createTestUser, uniqueSuffix } from "@/lib/articles/test-support/fixtures";
import { buildSnapshot } from "@/lib/articles/snapshot";
import { readRevisionSnapshot } from "@/lib/articles/revision-store";
import { db } from "@/lib/db";
import { closeFactcheckPool } from "@/lib/factcheck/pool";
import { getDraftForPreview, getPublishState } from "@/lib/publishing/state";
import { BODY_FIELD } from "./document";
import { storeLiveDocument } from "./live-store";
import { loadLiveDocument } from "./stored-state";

// What a store tells the editors about the stored version (sent with "saved", so that no page is
// read again): whether readers see something else, and who last changed the draft.

afterAll(async () => {
  await closeFactcheckPool();
});

/** The text of the body's first paragraph, to edit as an editor's keystrokes would. */
function firstParagraph(doc: Y.Doc): Y.XmlText {
  const text = (doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).get(0);
  if (!(text instanceof Y.XmlText)) throw new Error("The body's first paragraph has no text.");
  return text;
}

async function liveDocument(articleId: string) {
  const doc = new Y.Doc();
  await loadLiveDocument(articleId, doc);
  return doc;
}

describe("storeLiveDocument", () => {
  it("says whether the stored version reads differently from the publication, as the publishing panel does, and who last changed it", async () => {
    const article = await createTestArticle({ status: "published", paragraphs: ["The bridge opens in May.", "Tolls stay."] });
    const suffix = uniqueSuffix();
    const [edna, rex, alice] = [
      await createTestUser("editor", `Edna ${suffix}`),
      await createTestUser("reporter", `Rex ${suffix}`),
      await createTestUser("editor", `Alice ${suffix}`),
    ];
    const doc = await liveDocument(article.id);
    const agreesWithPanel = async (stored: { hasUnpublishedChanges: boolean }) =>
      expect(stored.hasUnpublishedChanges).toBe((await getPublishState(article.id)).hasUnpublishedChanges);

    // Edna adds a word: readers do not see it yet.
    firstParagraph(doc).insert("The bridge".length, " finally");
    const added = await storeLiveDocument(article.id, doc, edna);
    expect(added).toMatchObject({ changed: true, version: 2, hasUnpublishedChanges: true, savedBy: edna.name });
    await agreesWithPanel(added);

    // Rex takes it out again: a newer version than the published one, reading as it does.
    firstParagraph(doc).delete("The bridge".length, " finally".length);
    const reverted = await storeLiveDocument(article.id, doc, rex);
    expect(reverted).toMatchObject({ changed: true, hasUnpublishedChanges: false, savedBy: rex.name });
    expect(reverted.version).toBeGreaterThan(1);
    await agreesWithPanel(reverted);

    // A store that changes nothing leaves the last editor as they were, whoever stored it.
    const unchanged = await storeLiveDocument(article.id, doc, alice);
    expect(unchanged).toMatchObject({ changed: false, version: reverted.version, hasUnpublishedChanges: false, savedBy: rex.name });
  });

  it("says a never-published draft differs from what readers see, and that nobody changed an imported one", async () => {
    const article = await createTestArticle({ paragraphs: ["Polling stations open at seven."] });
    const editor = await createTestUser("editor");
    const doc = await liveDocument(article.id);
    const stored = await storeLiveDocument(article.id, doc, editor);
    expect(stored).toMatchObject({ changed: false, version: 1, hasUnpublishedChanges: true, savedBy: null });
    expect((await getPublishState(article.id)).hasUnpublishedChanges).toBe(true);
  });

  it("lets the preview and the publishing panel read the draft while its author's stores coalesce into one revision", async () => {
    // A store by the same author within minutes renumbers that author's last revision to the new
    // version: a reader that took the article's version and then looked for its revision found none.
    const article = await createTestArticle({ paragraphs: ["The count starts at nine."] });
    const editor = await createTestUser("editor");
    const doc = await liveDocument(article.id);
    let storing = true;
    const stores = (async () => {
      try {
        for (let i = 0; i < 40; i += 1) {
          firstParagraph(doc).insert(0, "A");
          await storeLiveDocument(article.id, doc, editor);
        }
      } finally {
        storing = false;
      }
    })();
    const reads: Array<Promise<unknown>> = [];
    while (storing) {
      reads.push(getDraftForPreview(article.id), getPublishState(article.id));
      await Promise.all(reads.slice(-2));
    }
    await stores;
    await Promise.all(reads);
    const preview = await getDraftForPreview(article.id);
    expect(preview.version).toBe(41);
    expect(reads.length).toBeGreaterThan(10);
    // The one revision the stores coalesced into records the text as stored, in buildSnapshot's shape.
    const stored = await db.article.findUniqueOrThrow({ where: { id: article.id }, include: { photos: { include: { credit: true } } } });
    const revisions = await db.revision.findMany({ where: { articleId: article.id }, orderBy: { version: "asc" } });
    expect(revisions.map((revision) => revision.version)).toEqual([1, 41]);
    const coalesced = await readRevisionSnapshot(db, article.id, 41);
    expect(coalesced).toEqual(buildSnapshot(stored));
    expect(JSON.stringify(coalesced)).toContain(`${"A".repeat(40)}The count starts at nine.`);
  });
});
