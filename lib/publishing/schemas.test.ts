import { describe, expect, it } from "vitest";
import { publishSchema } from "./schemas";

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
