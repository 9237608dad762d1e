import type http from "node:http";
import { describe, expect, it } from "vitest";
import { pinClientAddress } from "./request-guard";

function request(headers: http.IncomingHttpHeaders, remoteAddress = "203.0.113.7") {
  return { headers: { ...headers }, socket: { remoteAddress } } as unknown as http.IncomingMessage;
}

describe("pinClientAddress", () => {
  it("replaces a forwarded address a client sent itself", () => {
    const forged = request({ "x-forwarded-for": "10.0.0.1" });
    pinClientAddress(forged, false);
    expect(forged.headers["x-forwarded-for"]).toBe("203.0.113.7");
  });

  it("keeps the header a trusted proxy set, and fills it in when the proxy sent none", () => {
    const proxied = request({ "x-forwarded-for": "198.51.100.4" }, "127.0.0.1");
    pinClientAddress(proxied, true);
    expect(proxied.headers["x-forwarded-for"]).toBe("198.51.100.4");
    const direct = request({}, "127.0.0.1");
    pinClientAddress(direct, true);
    expect(direct.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });
});
