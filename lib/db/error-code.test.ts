import { describe, expect, it } from "vitest";
import { databaseErrorCodes } from "./error-code";

describe("databaseErrorCodes", () => {
  it("reads PostgreSQL's code through Prisma's wrapping of its driver adapter's error", () => {
    // The shape Prisma 6 with @prisma/adapter-pg throws for a raw query cancelled by statement_timeout.
    const error = Object.assign(new Error("Raw query failed. Code: `57014`."), {
      name: "PrismaClientKnownRequestError",
      code: "P2010",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "57014", kind: "postgres", code: "57014" } } },
    });
    expect(databaseErrorCodes(error)).toEqual(["P2010", "57014", "postgres"]);
  });

  it("follows causes and the first of an AggregateError's errors (a refused connection)", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const error = new Error("could not connect", { cause: new AggregateError([refused], "all addresses failed") });
    expect(databaseErrorCodes(error)).toEqual(["ECONNREFUSED"]);
  });

  it("has nothing for an error without codes, and stops on a cycle", () => {
    const looped: { cause?: unknown } = {};
    looped.cause = looped;
    expect(databaseErrorCodes(new Error("plain"))).toEqual([]);
    expect(databaseErrorCodes(looped)).toEqual([]);
    expect(databaseErrorCodes(null)).toEqual([]);
  });
});
