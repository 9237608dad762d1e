import { describe, expect, it } from "vitest";
import { clientAddress } from "./login";
import { isRole, roleAtLeast } from "./roles";

describe("roleAtLeast", () => {
  it("orders admin above editor above reporter", () => {
    expect(roleAtLeast("admin", "editor")).toBe(true);
    expect(roleAtLeast("editor", "editor")).toBe(true);
    expect(roleAtLeast("editor", "admin")).toBe(false);
    expect(roleAtLeast("reporter", "editor")).toBe(false);
    expect(roleAtLeast("reporter", "reporter")).toBe(true);
  });

  it("recognises only the three roles", () => {
    expect(isRole("editor")).toBe(true);
    expect(isRole("superuser")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe("clientAddress", () => {
  it("takes the last X-Forwarded-For hop, the one our own server saw", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" })).toBe("10.0.0.2");
    expect(clientAddress({ "x-forwarded-for": "127.0.0.1" })).toBe("127.0.0.1");
    expect(clientAddress({ "x-real-ip": "198.51.100.4" })).toBe("198.51.100.4");
    expect(clientAddress({})).toBe("unknown");
    expect(clientAddress(undefined)).toBe("unknown");
  });
});
