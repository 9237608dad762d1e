import { describe, expect, it } from "vitest";
import { captionFromText } from "@/lib/editor/text";
import { applyPrefill, prefillProposal, type UploadFacts } from "./prefill";

const wire: UploadFacts = {
  metadata: {
    caption: "Firefighters tackle a blaze at a warehouse in Dortmund.",
    creator: "Martin Meissner",
    creditLine: "AP",
    copyright: "Copyright 2026 The Associated Press",
    dateTaken: "2026-06-01",
    city: "Dortmund",
    country: "Germany",
  },
  credit: { id: "credit-ap-meissner", label: "AP/Martin Meissner" },
};
const empty = { caption: captionFromText(""), creditId: null };

describe("prefillProposal", () => {
  it("offers the file's caption and credit for empty fields, with the rest of what it says", () => {
    const proposal = prefillProposal(empty, wire)!;
    expect(proposal.caption).toBe("Firefighters tackle a blaze at a warehouse in Dortmund.");
    expect(proposal.credit).toEqual({ id: "credit-ap-meissner", label: "AP/Martin Meissner" });
    expect(proposal.kept).toEqual({ caption: null, credit: null });
    expect(proposal.facts).toEqual([
      { label: "Photographer", value: "Martin Meissner" },
      { label: "Credit line", value: "AP" },
      { label: "Copyright", value: "Copyright 2026 The Associated Press" },
      { label: "Taken", value: "2026-06-01" },
      { label: "Place", value: "Dortmund, Germany" },
    ]);
  });

  it("never offers to replace what the editor wrote, but shows what the file says instead", () => {
    const typed = { caption: captionFromText("Our own caption"), creditId: "credit-reuters" };
    const proposal = prefillProposal(typed, wire)!;
    expect(proposal.caption).toBeNull();
    expect(proposal.credit).toBeNull();
    expect(proposal.kept).toEqual({ caption: wire.metadata.caption, credit: "AP/Martin Meissner" });
    // The same caption and credit already there: nothing to compare.
    const same = prefillProposal({ caption: captionFromText(wire.metadata.caption!), creditId: wire.credit!.id }, wire)!;
    expect(same.kept).toEqual({ caption: null, credit: null });
  });

  it("is null for a file that says nothing", () => {
    const silent: UploadFacts = { metadata: { caption: null, creator: null, creditLine: null, copyright: null, dateTaken: null, city: null, country: null }, credit: null };
    expect(prefillProposal(empty, silent)).toBeNull();
  });
});

describe("applyPrefill", () => {
  it("fills what the editor accepted, and keeps anything they typed meanwhile", () => {
    const proposal = prefillProposal(empty, wire)!;
    const photo = { ...empty, alt: null, id: "p1" };
    expect(applyPrefill(photo, proposal, { caption: true, credit: true })).toEqual({ ...photo, caption: captionFromText(wire.metadata.caption!), creditId: "credit-ap-meissner" });
    expect(applyPrefill(photo, proposal, { caption: false, credit: true })).toEqual({ ...photo, creditId: "credit-ap-meissner" });
    const typedMeanwhile = { ...photo, caption: captionFromText("Typed while uploading"), creditId: "credit-other" };
    expect(applyPrefill(typedMeanwhile, proposal, { caption: true, credit: true })).toEqual(typedMeanwhile);
  });
});
