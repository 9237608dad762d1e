import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFrontCache } from "./front-cache";
import { PageCache } from "./page-cache";
import { guardedHandler, maxBodyBytesFromEnv, type GuardOptions, type ServeRequest } from "./request-guard";
import { inlineScriptHashes } from "./security-headers";

// The server's own request listener (guardedHandler) on a real HTTP server, in front of a stand-in
// for Next that records what reached it and reads the whole body, as a route handler does.

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  bodyBytes: number;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function start(options: Partial<GuardOptions> = {}, reply?: ServeRequest) {
  const seen: Seen[] = [];
  const next: ServeRequest = async (request, response) => {
    let bodyBytes = 0;
    try {
      for await (const chunk of request) bodyBytes += (chunk as Buffer).length;
    } catch {
      return; // the request was cut off (body over the limit)
    }
    seen.push({ url: request.url!, headers: { ...request.headers }, bodyBytes });
    response.setHeader("content-type", "text/plain");
    response.end("ok");
  };
  const server = http.createServer(guardedHandler(reply ?? next, { trustProxy: false, maxBodyBytes: 1000, ...options }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer; chunks?: Buffer[] } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method: options.method ?? "GET", headers: options.headers }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (chunk) => parts.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(parts).toString() }));
    });
    // A refused upload may be cut off while still sending; the answer is what counts.
    request.on("error", (error) => ((error as NodeJS.ErrnoException).code === "ECONNRESET" || (error as NodeJS.ErrnoException).code === "EPIPE" ? undefined : reject(error)));
    if (options.chunks) {
      for (const chunk of options.chunks) request.write(chunk);
      request.end();
    } else request.end(options.body);
  });
}

describe("forwarding headers", () => {
  const forged = {
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    "x-forwarded-for": "10.9.8.7",
    forwarded: "for=10.9.8.7;host=evil.example;proto=https",
    "x-real-ip": "10.9.8.7",
  };

  it("drops the ones a client sent itself, and pins X-Forwarded-For to the socket's address", async () => {
    const { base, seen } = await start();
    await send(base, "/desk", { headers: forged });
    const headers = seen[0].headers;
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "forwarded", "x-real-ip"]) expect(headers[name]).toBeUndefined();
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("keeps them behind a trusted proxy", async () => {
    const { base, seen } = await start({ trustProxy: true });
    await send(base, "/desk", { headers: forged });
    expect(seen[0].headers).toMatchObject(forged);
  });
});

describe("malformed requests", () => {
  it("answers 400 to addresses that do not percent-decode, without handling them", async () => {
    const { base, seen } = await start();
    for (const path of ["/articles/%", "/articles/%E0%A4%A", "/desk/articles/%E0%A4%A", "/%zz?x=1"]) {
      const answer = await send(base, path);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toMatch(/not valid/);
    }
    expect(seen).toEqual([]);
    expect((await send(base, "/articles/caf%C3%A9?q=%")).status).toBe(200);
  });

  it("answers 400 to an Origin header that is not an origin, and lets real ones and \"null\" through", async () => {
    const { base, seen } = await start();
    for (const origin of ["not a url", "://", "http//x", "javascript:alert(1)"]) {
      const answer = await send(base, "/desk", { method: "POST", headers: { origin } });
      expect(answer.status, origin).toBe(400);
    }
    expect(seen).toEqual([]);
    for (const origin of ["http://localhost:3000", "https://news.example", "null"]) {
      expect((await send(base, "/desk", { method: "POST", headers: { origin } })).status, origin).toBe(200);
    }
  });
});

describe("request body limit", () => {
  it("refuses a declared body over the limit with 413 before the handler sees it", async () => {
    const { base, seen } = await start({ maxBodyBytes: 1000 });
    const answer = await send(base, "/api/articles/x/save", { method: "POST", body: Buffer.alloc(5000, 120) });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("larger than 1000 bytes");
    expect(seen).toEqual([]);
    const fits = await send(base, "/api/articles/x/save", { method: "POST", body: Buffer.alloc(1000, 120) });
    expect(fits.status).toBe(200);
    expect(seen.map((request) => request.bodyBytes)).toEqual([1000]);
  });

  it("lets a client that is still sending a large declared body read its 413 instead of a reset", async () => {
    const { base, seen } = await start({ maxBodyBytes: 1000 });
    // Closing the connection while the client still sends resets it, and the client's kernel then
    // drops the answer it had not read: the client sees ECONNRESET, never the 413. The client runs
    // in a process of its own, as a real one would (in this process the server reads too eagerly).
    const client = `
      const http = require("node:http");
      (async () => {
        const answers = [];
        for (let attempt = 0; attempt < 6; attempt++) {
          answers.push(await new Promise((resolve) => {
            const request = http.request(process.argv[1], { method: "POST" }, (response) => {
              response.resume();
              response.on("end", () => resolve(response.statusCode));
              response.on("error", (error) => resolve(error.code));
            });
            request.on("error", (error) => resolve(error.code));
            request.end(Buffer.alloc(24 * 1024 * 1024, 32));
          }));
        }
        console.log(JSON.stringify(answers));
      })();`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["-e", client, `${base}/api/articles/x/save`], { timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    expect(JSON.parse(output)).toEqual([413, 413, 413, 413, 413, 413]);
    expect(seen).toEqual([]);
  }, 60_000);

  it("cuts off a chunked body once it passes the limit", async () => {
    const { base, seen } = await start({ maxBodyBytes: 1000 });
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(400, 120));
    const answer = await send(base, "/api/articles/x/save", { method: "POST", headers: { "transfer-encoding": "chunked" }, chunks });
    expect(answer.status).toBe(413);
    expect(seen).toEqual([]);
    const small = await send(base, "/api/articles/x/save", { method: "POST", headers: { "transfer-encoding": "chunked" }, chunks: [Buffer.alloc(300), Buffer.alloc(300)] });
    expect(small.status).toBe(200);
    expect(seen.map((request) => request.bodyBytes)).toEqual([600]);
  });

  it("reads the limit from COPYDESK_MAX_BODY_BYTES", () => {
    expect(maxBodyBytesFromEnv({})).toBe(16 * 1024 * 1024);
    expect(maxBodyBytesFromEnv({ COPYDESK_MAX_BODY_BYTES: "2048" })).toBe(2048);
    expect(() => maxBodyBytesFromEnv({ COPYDESK_MAX_BODY_BYTES: "2mb" })).toThrow(/COPYDESK_MAX_BODY_BYTES/);
  });
});

describe("security headers", () => {
  it("never lets the desk be framed, and sends nosniff and a referrer policy everywhere", async () => {
    const { base } = await start();
    for (const path of ["/desk/users", "/login", "/api/articles/x/save"]) {
      const { headers } = await send(base, path);
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("same-origin");
    }
    const reader = await send(base, "/articles/x");
    expect(reader.headers["x-frame-options"]).toBeUndefined();
    expect(reader.headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(reader.headers["x-content-type-options"]).toBe("nosniff");
    expect(reader.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("gives each request a fresh script nonce, the same one Next is told on the request", async () => {
    const { base, seen } = await start();
    const first = await send(base, "/desk", { headers: { "content-security-policy": "script-src 'nonce-chosen-by-client'" } });
    const second = await send(base, "/desk");
    const nonce = (policy: unknown) => /'nonce-([^']+)'/.exec(String(policy))?.[1];
    expect(nonce(first.headers["content-security-policy"])).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce(first.headers["content-security-policy"])).not.toBe(nonce(second.headers["content-security-policy"]));
    expect(seen[0].headers["content-security-policy"]).toBe(first.headers["content-security-policy"]);
    const policy = String(first.headers["content-security-policy"]);
    expect(policy).not.toContain("unsafe-inline' 'nonce");
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
    expect(policy).toContain("object-src 'none'");
  });

  it("sends HSTS only for https behind a trusted proxy", async () => {
    const direct = await start();
    expect((await send(direct.base, "/", { headers: { "x-forwarded-proto": "https" } })).headers["strict-transport-security"]).toBeUndefined();
    const proxied = await start({ trustProxy: true });
    expect((await send(proxied.base, "/", { headers: { "x-forwarded-proto": "https" } })).headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect((await send(proxied.base, "/", { headers: { "x-forwarded-proto": "http" } })).headers["strict-transport-security"]).toBeUndefined();
  });

  it("serves a cached reader page with its inline scripts' hashes, not the nonce it was rendered with", async () => {
    const html = (nonce: string) =>
      `<!DOCTYPE html><html><head><script src="/_next/static/a.js" nonce="${nonce}" async></script></head>` +
      `<body><p>Story</p><script nonce="${nonce}">self.__next_f.push([1,"a"])</script><script nonce="${nonce}">self.__next_f.push([1,"b"])</script></body></html>`;
    let renders = 0;
    const cache = new PageCache();
    const front = createFrontCache(cache, async (request, response) => {
      renders += 1;
      const nonce = /'nonce-([^']+)'/.exec(String(request.headers["content-security-policy"]))![1];
      response.setHeader("content-type", "text/html; charset=utf-8");
      response.end(html(nonce));
    });
    const { base } = await start({}, front.handle);
    const miss = await send(base, "/articles/story");
    const hit = await send(base, "/articles/story");
    expect(renders).toBe(1);
    expect(hit.headers["x-copydesk-cache"]).toBe("hit");
    const missNonce = /'nonce-([^']+)'/.exec(String(miss.headers["content-security-policy"]))![1];
    const hitPolicy = String(hit.headers["content-security-policy"]);
    expect(hitPolicy).not.toContain("nonce-");
    expect(hitPolicy).toContain(`script-src 'self' ${inlineScriptHashes(html(missNonce)).join(" ")};`);
    expect(inlineScriptHashes(html(missNonce))).toHaveLength(2);
    // A revalidation keeps the stored page's policy.
    const revalidated = await send(base, "/articles/story", { headers: { "if-none-match": String(hit.headers.etag) } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers["content-security-policy"]).toBe(hitPolicy);
  });
});

describe("inlineScriptHashes", () => {
  it("hashes each inline script's exact text (as browsers do) and skips scripts with src", () => {
    // sha256("alert(1)") in base64.
    expect(inlineScriptHashes(`<script>alert(1)</script><script src="/x.js"></script><SCRIPT type="module">alert(1)</SCRIPT >`)).toEqual([
      "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
    ]);
  });
});
