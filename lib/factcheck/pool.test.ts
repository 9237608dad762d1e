import { describe, expect, it } from "vitest";
import { FactcheckBusyError, FactcheckTimeoutError, isFactcheckTimeout } from "./pool";

describe("isFactcheckTimeout", () => {
  it("knows a timeout thrown by another copy of the pool module (the server's, seen from Next's bundle)", () => {
    class OtherCopy extends Error {
      constructor() {
        super("The fact-check took too long and was stopped.");
        this.name = "FactcheckTimeoutError";
      }
    }
    expect(new OtherCopy() instanceof FactcheckTimeoutError).toBe(false);
    expect(isFactcheckTimeout(new OtherCopy())).toBe(true);
    expect(isFactcheckTimeout(new FactcheckTimeoutError())).toBe(true);
    expect(isFactcheckTimeout(new FactcheckBusyError())).toBe(false);
    expect(isFactcheckTimeout(new Error("database down"))).toBe(false);
  });
});
