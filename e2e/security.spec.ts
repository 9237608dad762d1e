import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { nextActionRequest } from "./support/actions";
import { addUserViaCli, logIn, SIGNED_OUT, STORAGE, uniqueEmail } from "./support/auth";
import { openInEditor, saveStatus, typeAtEnd } from "./support/desk";
import { importArticle, importDocument, token, uniqueName } from "./support/documents";
import { readerRequest } from "./support/reader";

// What an attacker or a careless client can do to the server itself: headers, framing, malformed
// input, oversized or unauthenticated uploads, disk use, and revoked sessions.

test.use({ storageState: STORAGE.admin });

/** A raw HTTP request, byte for byte as given (Playwright and fetch would normalise the path). */
function rawRequest(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  const { hostname, port } = new URL(baseURL);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request({ hostname, port, path: pathname, method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    // A reset is a failure too: the server must let a refused sender read its answer.
    request.on("error", reject);
    request.end(options.body);
  });
}

/** Collects the browser's Content-Security-Policy violation reports for a page. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const nonceOf = (policy: string | undefined) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];

test.describe("security headers", () => {
  test("the desk sends a nonce-based policy, cannot be framed, and the editor works under it", async ({ page }) => {
    const violations = cspViolations(page);
    const response = await page.goto("/desk/users");
    const headers = response!.headers();
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    const policy = headers["content-security-policy"];
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
    // Every script Next sent carries this response's nonce.
    const html = await response!.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]).filter((tag) => !tag.includes("application/ld+json"));
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(policy)}"`);
    await expect(page.getByRole("button", { name: "Add user" })).toBeVisible();

    // The signed-in users page, framed by a page of the same site (so the session cookie goes
    // along), does not load: no live "Reset password" buttons under someone else's overlay.
    await page.goto("/");
    await page.evaluate((src) => {
      const frame = document.createElement("iframe");
      frame.id = "framed";
      frame.src = src;
      document.body.append(frame);
    }, `${baseURL}/desk/users`);
    await page.waitForTimeout(1500);
    await expect(page.frameLocator("#framed").getByRole("button", { name: /Reset password/ })).toHaveCount(0);
    violations.length = 0; // the refused frame is reported as a violation, as it should be

    // The editor (TipTap, autosave over fetch, publishing dialog) runs under the policy.
    const article = await importArticle("Policy check");
    await openInEditor(page, article.headline);
    await typeAtEnd(page, page.getByRole("textbox", { name: "Body" }), " Typed under a strict policy.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    expect(violations).toEqual([]);
  });

  test("a cached reader page is served with its own scripts' hashes, and still renders cleanly", async ({ page }) => {
    const reader = await readerRequest();
    await reader.get("/");
    const second = await reader.get("/");
    expect(second.headers()["x-copydesk-cache"]).toBe("hit");
    const policy = second.headers()["content-security-policy"];
    expect(policy).not.toContain("nonce-");
    expect(policy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/);
    expect(policy).not.toContain("unsafe-inline' 'sha");
    expect(second.headers()["x-content-type-options"]).toBe("nosniff");
    await reader.dispose();

    const violations = cspViolations(page);
    await page.context().clearCookies();
    await page.goto("/");
    await page.reload();
    expect(violations).toEqual([]);
  });
});

test("a server action with a forged X-Forwarded-Host is refused as cross-origin", async ({ page, playwright }) => {
  await page.goto("/desk/users");
  const captured = nextActionRequest(page);
  const form = page.getByRole("form", { name: "Add a user" });
  const template = uniqueEmail("template");
  await form.getByLabel("Email").fill(template);
  await form.getByLabel("Name").fill("Template");
  await form.getByLabel("Role").selectOption("reporter");
  await form.getByLabel("Password").fill("template-password-1");
  await form.getByRole("button", { name: "Add user" }).click();
  const request = await captured;
  await expect(page.getByTestId(`user-row-${template}`)).toBeVisible();

  // A page on evil.example posts the admin's form, claiming through X-Forwarded-Host to be that host.
  const forged = uniqueEmail("forged");
  const admin = await playwright.request.newContext({ baseURL, storageState: STORAGE.admin });
  const response = await admin.post("/desk/users", {
    headers: {
      "next-action": request.headers()["next-action"],
      "content-type": request.headers()["content-type"],
      accept: "text/x-component",
      origin: "http://evil.example",
      "x-forwarded-host": "evil.example",
    },
    data: (request.postData() ?? "").replaceAll(template, forged),
    maxRedirects: 0,
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  await page.reload();
  await expect(page.getByTestId(`user-row-${forged}`)).toHaveCount(0);
  await admin.dispose();
});

test("a disabled account's old cookie gets no draft headline, not even in the page title", async ({ page, browser, playwright }) => {
  const secret = `SECRET draft headline ${token()}`;
  await importDocument({ headline: secret, paragraphs: ["Embargoed until the minister speaks."] });
  const id = await openInEditor(page, secret);

  const email = uniqueEmail("leaver");
  await addUserViaCli({ email, role: "editor", password: "leaver-password-1" });
  const theirs = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  await logIn(await theirs.newPage(), email, "leaver-password-1");
  const oldCookie = await theirs.storageState();
  await theirs.close();

  await page.goto("/desk/users");
  const row = page.getByTestId(`user-row-${email}`);
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(row.locator(".badge")).toHaveText("Disabled");

  const api = await playwright.request.newContext({ baseURL, storageState: oldCookie });
  for (const pathname of [`/desk/articles/${id}`, `/desk/articles/${id}/history`, `/desk/articles/${id}/preview`]) {
    const response = await api.get(pathname, { maxRedirects: 0 });
    expect(response.status(), pathname).toBe(307);
    expect(response.headers()["location"]).toContain("/login");
    expect(await response.text()).not.toContain(secret);
  }
  await api.dispose();
});

test("malformed addresses and Origin headers get 400, not 500", async () => {
  for (const pathname of ["/articles/%", "/articles/%E0%A4%A", "/desk/articles/%E0%A4%A"]) {
    const response = await rawRequest(pathname);
    expect(response.status, pathname).toBe(400);
  }
  for (const method of ["GET", "POST"]) {
    const response = await rawRequest("/desk/users", { method, headers: { origin: "not a url" } });
    expect(response.status, method).toBe(400);
  }
  // A well-formed missing article is still a plain 404.
  expect((await rawRequest(`/articles/no-such-${token()}`)).status).toBe(404);
});

test("the save route turns a stranger away before reading the body, and the server caps bodies", async () => {
  const stranger = await readerRequest();
  const unauthenticated = await stranger.post("/api/articles/anything/save", { headers: { "content-type": "application/json" }, data: "{not json" });
  expect(unauthenticated.status()).toBe(401);
  await stranger.dispose();

  const oversized = await rawRequest("/api/articles/anything/save", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: Buffer.alloc(17 * 1024 * 1024, 0x20), // over the 16 MiB default
  });
  expect(oversized.status).toBe(413);
});

test("requests for articles that do not exist write nothing to Next's data cache", async () => {
  const cacheDir = path.join(import.meta.dirname, "..", ".next", "cache", "fetch-cache");
  const countFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir, { recursive: true }).length : 0);
  const reader = await readerRequest();
  // Warm up: whatever the first reader requests cache is not what this test is about.
  await reader.get(`/articles/${uniqueName("warm-up").replace(" ", "-")}`);
  const before = countFiles();
  for (let i = 0; i < 20; i++) {
    const response = await reader.get(`/articles/missing-${token()}`);
    expect(response.status()).toBe(404);
  }
  expect(countFiles()).toBe(before);
  await reader.dispose();
});
