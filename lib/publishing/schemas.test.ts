import { describe, expect, it } from "vitest";
import { deskListQuerySchema, publishSchema } from "./schemas";

const base = { articleId: "a1", expectedVersion: 3 };

describe("publishSchema", () => {
  it("accepts a first publication without kind or note", () => {
    expect(publishSchema.parse(base)).toEqual(base);
  });

  it("requires a 10–500 character note for corrections and clarifications, trimmed", () => {
    for (const kind of ["correction", "clarification"]) {
      expect(publishSchema.safeParse({ ...base, kind }).error?.issues[0].path).toEqual(["note"]);
      expect(publishSchema.safeParse({ ...base, kind, note: "   " }).success).toBe(false);
      expect(publishSchema.safeParse({ ...base, kind, note: "Too short" }).success).toBe(false);
      expect(publishSchema.safeParse({ ...base, kind, note: "x".repeat(501) }).success).toBe(false);
      expect(publishSchema.parse({ ...base, kind, note: "  We misspelled Phoenix.  " }).note).toBe("We misspelled Phoenix.");
    }
  });

  it("refuses a note on other kinds but treats an empty textarea as no note", () => {
    for (const kind of ["silent", "update", "first"]) {
      expect(publishSchema.safeParse({ ...base, kind, note: "A note nobody would see." }).error?.issues[0].path).toEqual(["note"]);
      expect(publishSchema.parse({ ...base, kind, note: "" })).toEqual({ ...base, kind });
    }
  });

  it("refuses unknown kinds, fractional or string versions and extra fields", () => {
    expect(publishSchema.safeParse({ ...base, kind: "retraction" }).success).toBe(false);
    expect(publishSchema.safeParse({ ...base, expectedVersion: 2.5 }).success).toBe(false);
    expect(publishSchema.safeParse({ ...base, expectedVersion: "3" }).success).toBe(false);
    expect(publishSchema.safeParse({ ...base, status: "published" }).success).toBe(false);
  });
});

describe("deskListQuerySchema", () => {
  it("reads search params, taking the first of repeated values and '' as absent", () => {
    expect(deskListQuerySchema.parse({})).toEqual({ page: 1 });
    expect(deskListQuerySchema.parse({ query: [" Olympics ", "x"], status: "", page: "2" })).toEqual({ query: "Olympics", page: 2 });
    expect(deskListQuerySchema.parse({ status: ["draft"] })).toEqual({ status: "draft", page: 1 });
  });

  it("refuses statuses and pages that do not exist", () => {
    expect(deskListQuerySchema.safeParse({ status: "Published" }).success).toBe(false);
    expect(deskListQuerySchema.safeParse({ page: "0" }).success).toBe(false);
    expect(deskListQuerySchema.safeParse({ page: "1.5" }).success).toBe(false);
  });
});
