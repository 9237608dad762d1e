import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page, type Request } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { runCli, STORAGE } from "./support/auth";

// Publishing from the desk: who may publish, what readers see at once, and that the publish
// action refuses forged requests. Every test imports its own documents (never the seeds).

const token = () => randomBytes(4).toString("hex");
// Contexts made inside a test inherit the test's storageState unless told otherwise.
const SIGNED_OUT = { cookies: [], origins: [] };
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-e2e-publishing-"));
test.afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Imports a wire document through the CLI, as a newsroom would; returns its headline and slug. */
async function importDocument(label: string, paragraphs: string[]) {
  const headline = `${label} ${token()}`;
  const file = path.join(workDir, `publishing-${token()}.txt`);
  fs.writeFileSync(file, [` date 2024-08-11 ${headline}`, "", headline, "", ...paragraphs.flatMap((text) => [text, ""])].join("\n"));
  const result = await runCli(["import", file]);
  expect(result.code, result.stderr).toBe(0);
  const slug = /→ (\S+)/.exec(result.stdout)?.[1];
  expect(slug, result.stdout).toBeTruthy();
  return { headline, slug: slug! };
}

/** Finds the article on the desk by headline and opens its editor; returns its id. */
async function openInEditor(page: Page, headline: string) {
  await page.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await page.getByRole("link", { name: headline }).click();
  await expect(page).toHaveURL(/\/desk\/articles\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: "Publishing" })).toBeVisible();
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

/** The next server-action POST the page sends whose body mentions `marker`. */
function actionRequest(page: Page, marker: string): Promise<Request> {
  return page.waitForRequest(
    (request) => request.method() === "POST" && Boolean(request.headers()["next-action"]) && (request.postData() ?? "").includes(marker),
  );
}

/** Sends a captured server-action request again, as someone else, with another body. */
function replay(api: APIRequestContext, captured: Request, pathname: string, body: string) {
  const headers = captured.headers();
  return api.post(pathname, {
    headers: { "next-action": headers["next-action"], "content-type": headers["content-type"], accept: "text/x-component" },
    data: body,
    maxRedirects: 0,
  });
}

async function readerStatus(api: APIRequestContext, slug: string) {
  return (await api.get(`/articles/${slug}`, { maxRedirects: 0 })).status();
}

/** As the editor on `page`: publishes an article for the first time; returns its id and the action request sent. */
async function publishFirstTime(page: Page, headline: string) {
  const id = await openInEditor(page, headline);
  const controls = page.getByRole("region", { name: "Publishing" });
  await controls.getByRole("button", { name: "Publish", exact: true }).click();
  const request = actionRequest(page, "expectedVersion");
  await page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Publish" }).click();
  const captured = await request;
  await expect(controls.getByRole("status")).toHaveText(/Published/);
  expect(captured.postData()).toContain(id);
  return { id, captured };
}

test.describe("as an editor", () => {
  test.use({ storageState: STORAGE.editor });

  test("publishing shows the article to readers at once, unpublishing takes it away at once", async ({ page, playwright }) => {
    const { headline, slug } = await importDocument("Harbour bridge reopens", ["The bridge reopened on Sunday after repairs."]);
    const reader = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    expect(await readerStatus(reader, slug)).toBe(404);

    await openInEditor(page, headline);
    const controls = page.getByRole("region", { name: "Publishing" });
    await expect(controls).toContainText("Draft");
    await controls.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this article?" });
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect(controls.getByRole("status")).toHaveText("Published. Readers can see the article now.");
    await expect(dialog).toBeHidden();
    await expect(controls).toContainText("Readers see version 1");

    const live = await reader.get(`/articles/${slug}`);
    expect(live.status()).toBe(200);
    expect(await live.text()).toContain("The bridge reopened on Sunday after repairs.");

    // Nothing changed since: the dialog says so and cannot publish.
    await controls.getByRole("button", { name: "Publish changes…" }).click();
    const again = page.getByRole("dialog", { name: "Publish changes" });
    await expect(again).toContainText("Nothing to publish");
    await expect(again.getByRole("button", { name: "Publish" })).toBeDisabled();
    await again.getByRole("button", { name: "Cancel" }).click();

    await controls.getByRole("button", { name: "Unpublish…" }).click();
    await page.getByRole("dialog", { name: "Unpublish this article?" }).getByRole("button", { name: "Unpublish" }).click();
    await expect(controls.getByRole("status")).toHaveText("Unpublished. Readers can no longer see the article.");
    expect(await readerStatus(reader, slug)).toBe(404);
    await expect(controls).toContainText("Unpublished");

    // The desk list shows the new status and filters by it.
    await page.goto(`/desk?q=${encodeURIComponent(headline)}&status=unpublished`);
    await expect(page.getByRole("row", { name: new RegExp(headline) })).toContainText("Unpublished");
    await page.goto(`/desk?q=${encodeURIComponent(headline)}&status=published`);
    await expect(page.getByRole("link", { name: headline })).toHaveCount(0);
    await expect(page.getByText(/No articles match/)).toBeVisible();
    await reader.dispose();
  });

  test("the desk lists articles with status and last change, searchable by headline", async ({ page }) => {
    const shared = `Ferry timetable ${token()}`;
    const first = await importDocument(`${shared} winter`, ["Ferries run less often in winter."]);
    const second = await importDocument(`${shared} summer`, ["Ferries run more often in summer."]);
    await page.goto("/desk");
    await page.getByLabel("Headline contains").fill(shared.toUpperCase());
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    const table = page.getByRole("table", { name: /2 articles/ });
    await expect(table.getByRole("columnheader")).toHaveText(["Headline", "Status", "Last change"]);
    await expect(table.getByRole("row", { name: new RegExp(first.headline) })).toContainText(/Draft.*Imported/);
    await expect(table.getByRole("row", { name: new RegExp(second.headline) })).toBeVisible();

    await page.getByLabel("Status").selectOption("published");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText(/No articles match/)).toBeVisible();
    await page.goto("/desk?status=bogus");
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("These filters do not work");
  });
});

test.describe("as a reporter", () => {
  test.use({ storageState: STORAGE.reporter });

  test("no publish buttons, and forged publish requests are refused", async ({ page, browser, playwright }) => {
    const template = await importDocument("Council approves budget", ["The council approved the budget on Monday."]);
    const target = await importDocument("Library opens late", ["The library will open late on Tuesdays."]);

    // An editor publishes one article; their real request is the template for the forgeries.
    const editorContext = await browser.newContext({ baseURL, storageState: STORAGE.editor });
    const { id: templateId, captured } = await publishFirstTime(await editorContext.newPage(), template.headline);

    // The reporter sees the status and a preview, but no way to publish.
    const targetId = await openInEditor(page, target.headline);
    const controls = page.getByRole("region", { name: "Publishing" });
    await expect(controls).toContainText("Only editors can publish.");
    await expect(controls.getByRole("button", { name: /publish/i })).toHaveCount(0);
    await expect(controls.getByRole("link", { name: "Preview draft" })).toBeVisible();

    const forgedBody = captured.postData()!.replaceAll(templateId, targetId);
    const editorPath = `/desk/articles/${targetId}`;

    // Forged as the reporter: the action itself refuses.
    const reporterApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.reporter });
    const asReporter = await replay(reporterApi, captured, editorPath, forgedBody);
    const reporterAnswer = await asReporter.text();
    expect(reporterAnswer).toContain('"status":403');
    expect(reporterAnswer).toContain("You do not have permission to do that.");

    // Anonymous: sent to the login page before anything runs.
    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    const asAnonymous = await replay(anonymous, captured, editorPath, forgedBody);
    expect(asAnonymous.status()).toBeGreaterThanOrEqual(300);
    expect(asAnonymous.status()).toBeLessThan(400);
    expect(asAnonymous.headers()["location"]).toContain("/login");

    // Malformed input from an editor: refused with field errors, nothing published.
    const editorApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.editor });
    for (const body of [
      JSON.stringify([{ articleId: targetId, expectedVersion: "1" }]),
      JSON.stringify([{ articleId: targetId, expectedVersion: 1, kind: "correction" }]),
      JSON.stringify([{ articleId: targetId, expectedVersion: 1, status: "published" }]),
      JSON.stringify(["not an object"]),
    ]) {
      const answer = await (await replay(editorApi, captured, editorPath, body)).text();
      expect(answer, body).toContain('"status":422');
    }

    // The target is still a draft: readers get a 404 and the desk says Draft.
    expect(await readerStatus(anonymous, target.slug)).toBe(404);
    await page.reload();
    await expect(controls).toContainText("Draft");
    await expect(controls).toContainText("Readers cannot see this article yet.");

    await Promise.all([reporterApi.dispose(), anonymous.dispose(), editorApi.dispose(), editorContext.close()]);
  });

  test("the draft preview is for desk users only", async ({ page, browser }) => {
    const { headline } = await importDocument("Museum extends hours", ["The museum stays open until nine on Fridays."]);
    const id = await openInEditor(page, headline);
    await page.getByRole("link", { name: "Preview draft" }).click();
    await expect(page).toHaveURL(new RegExp(`/desk/articles/${id}/preview$`));
    await expect(page.getByRole("note", { name: "Draft preview" })).toContainText("Draft preview — not published.");
    await expect(page.getByRole("heading", { level: 1, name: headline })).toBeVisible();
    await expect(page.getByText("The museum stays open until nine on Fridays.")).toBeVisible();
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);

    const anonymous = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const anonymousPage = await anonymous.newPage();
    const response = await anonymousPage.goto(`/desk/articles/${id}/preview`);
    await expect(anonymousPage).toHaveURL(/\/login/);
    expect(await response!.text()).not.toContain("The museum stays open until nine on Fridays.");
    await anonymous.close();
  });

  test("forged unpublish requests are refused", async ({ page, browser, playwright }) => {
    const template = await importDocument("Tram line extended", ["The tram line now reaches the airport."]);
    const live = await importDocument("Market moves indoors", ["The weekly market moves indoors for winter."]);

    // The editor publishes both, then unpublishes one: that request is the template.
    const editorContext = await browser.newContext({ baseURL, storageState: STORAGE.editor });
    const editorPage = await editorContext.newPage();
    const { id: templateId } = await publishFirstTime(editorPage, template.headline);
    const { id: liveId } = await publishFirstTime(editorPage, live.headline);
    await editorPage.goto(`/desk/articles/${templateId}`);
    const editorControls = editorPage.getByRole("region", { name: "Publishing" });
    await editorControls.getByRole("button", { name: "Unpublish…" }).click();
    const request = actionRequest(editorPage, templateId);
    await editorPage.getByRole("dialog", { name: "Unpublish this article?" }).getByRole("button", { name: "Unpublish" }).click();
    const captured = await request;
    await expect(editorControls.getByRole("status")).toHaveText(/Unpublished/);

    // The reporter has no unpublish button on the live article.
    await openInEditor(page, live.headline);
    const controls = page.getByRole("region", { name: "Publishing" });
    await expect(controls).toContainText("Published");
    await expect(controls.getByRole("button", { name: /unpublish/i })).toHaveCount(0);

    const forgedBody = captured.postData()!.replaceAll(templateId, liveId);
    const editorPath = `/desk/articles/${liveId}`;
    const reporterApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.reporter });
    const reporterAnswer = await (await replay(reporterApi, captured, editorPath, forgedBody)).text();
    expect(reporterAnswer).toContain('"status":403');

    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    const asAnonymous = await replay(anonymous, captured, editorPath, forgedBody);
    expect(asAnonymous.status()).toBeGreaterThanOrEqual(300);
    expect(asAnonymous.status()).toBeLessThan(400);
    expect(asAnonymous.headers()["location"]).toContain("/login");

    const editorApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.editor });
    for (const body of [JSON.stringify([{}]), JSON.stringify([{ articleId: 5 }]), JSON.stringify([{ articleId: liveId, status: "draft" }])]) {
      const answer = await (await replay(editorApi, captured, editorPath, body)).text();
      expect(answer, body).toContain('"status":422');
    }

    // Readers still see the live article.
    expect(await readerStatus(anonymous, live.slug)).toBe(200);
    await Promise.all([reporterApi.dispose(), anonymous.dispose(), editorApi.dispose(), editorContext.close()]);
  });
});
