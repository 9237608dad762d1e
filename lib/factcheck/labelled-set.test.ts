import { beforeAll, describe, expect, it } from "vitest";
import { createFactChecker, type FactChecker } from "@/lib/factcheck";
import { loadLabelledSet, locateError, scoreDocument, type LabelledSet } from "@/lib/factcheck/fixtures/labelled-set";

// A guard on quality: the labelled documents (scripts/factcheck-eval.ts prints the details).
let set: LabelledSet;
let checker: FactChecker;
beforeAll(async () => {
  set = loadLabelledSet();
  checker = await createFactChecker({ houseDictionary: set.houseDictionary });
  for (const document of [...set.archive, ...set.documents]) checker.addArchiveDocument(document.id, document.fields);
});

describe("the labelled documents", () => {
  it("are found with high precision and recall", { timeout: 60_000 }, () => {
    let truePositives = 0;
    let findings = 0;
    let found = 0;
    let labelled = 0;
    for (const document of set.documents) {
      const score = scoreDocument(document, checker.check(document.fields, { excludeArchiveId: document.id }));
      truePositives += score.truePositives.length;
      findings += score.truePositives.length + score.falsePositives.length;
      const inScope = (kind: string) => !set.outOfScope.has(kind);
      found += score.found.filter((e) => inScope(e.kind)).length;
      labelled += [...score.found, ...score.missed].filter((e) => inScope(e.kind)).length;
    }
    expect(set.documents.length).toBeGreaterThanOrEqual(12);
    expect(truePositives / findings).toBeGreaterThanOrEqual(0.85);
    expect(found / labelled).toBeGreaterThanOrEqual(0.9);
  });

  it("raise nothing above low confidence in the documents labelled clean", () => {
    for (const document of set.documents.filter((d) => d.errors.length === 0)) {
      expect(checker.check(document.fields, { excludeArchiveId: document.id }), document.id).toEqual([]);
    }
  });

  it("locate labels on whole words only", () => {
    const fields = [{ key: "body", kind: "body" as const, blocks: ["Charles Leclerc won; Lecler was wrong."] }];
    expect(locateError(fields, { text: "Lecler", kind: "name-variant" })).toEqual({ fieldKey: "body", block: 0, from: 21, to: 27 });
  });
});
