import { expect, type APIRequestContext, type APIResponse, type Page, type Request } from "@playwright/test";

// Forged server-action requests: capture a real one from a signed-in page, then send it again as
// someone else or with another body, and check what the server answers.

/** The next server-action POST the page sends (Next marks them with a Next-Action header), if `marker` is given one whose body mentions it. */
export function nextActionRequest(page: Page, marker?: string): Promise<Request> {
  return page.waitForRequest(
    (request) =>
      request.method() === "POST" &&
      Boolean(request.headers()["next-action"]) &&
      (marker === undefined || (request.postData() ?? "").includes(marker)),
  );
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
