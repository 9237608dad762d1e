import { expect, type APIRequestContext, type APIResponse, type Page, type Request } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

// Forged server-action requests: capture a real one from a signed-in page, then send it again as
// someone else or with another body, and check what the server answers.

const root = path.join(import.meta.dirname, "..", "..");

/**
 * The Next-Action id of the server action exported as `name`, from the production build the e2e
 * server serves. A page can send other actions at any moment (the fact-check panel checks the
 * draft after each refresh), so a capture picks the one it means by its id, not by timing.
 */
function actionId(name: string): string {
  const manifestPath = path.join(root, ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { node: Record<string, { exportedName?: string }> };
  const ids = Object.entries(manifest.node)
    .filter(([, entry]) => entry.exportedName === name)
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`Expected one server action named ${name} in ${manifestPath}, found ${ids.length}.`);
  return ids[0]!;
}

/** The next server-action POST the page sends (Next marks them with a Next-Action header); if `action` is given, that exported action's. */
export function nextActionRequest(page: Page, action?: string): Promise<Request> {
  const id = action === undefined ? undefined : actionId(action);
  return page.waitForRequest((request) => {
    const sent = request.method() === "POST" ? request.headers()["next-action"] : undefined;
    return Boolean(sent) && (id === undefined || sent === id);
  });
}

/** Sends a captured server-action request again, to `pathname`, from `api` (someone else), with `body`. */
export function replayAction(api: APIRequestContext, captured: Request, pathname: string, body: string): Promise<APIResponse> {
  const headers = captured.headers();
  return api.post(pathname, {
    headers: { "next-action": headers["next-action"], "content-type": headers["content-type"], accept: "text/x-component" },
    data: body,
    maxRedirects: 0,
  });
}

/** A signed-out caller is sent to the login page before anything runs. */
export function expectSentToLogin(response: APIResponse) {
  expect(response.status()).toBeGreaterThanOrEqual(300);
  expect(response.status()).toBeLessThan(400);
  expect(response.headers()["location"]).toContain("/login");
}
