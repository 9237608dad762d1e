import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { expectSentToLogin, nextActionRequest, replayAction } from "./support/actions";
import { SIGNED_OUT, STORAGE } from "./support/auth";
import { openInEditor, publishFirstTime } from "./support/desk";
import { importDocument, uniqueName } from "./support/documents";

// Publishing from the desk: who may publish, what readers see at once, and that the publish
// action refuses forged requests. Every test imports its own documents (never the seeds).

/** A wire document (headline repeated, no photos) imported through the CLI; returns its headline and slug. */
const importStory = (label: string, paragraphs: string[]) => importDocument({ headline: uniqueName(label), repeatHeadline: true, paragraphs });

async function readerStatus(api: APIRequestContext, slug: string) {
  return (await api.get(`/articles/${slug}`, { maxRedirects: 0 })).status();
}

/** As the editor on `page`: opens an article and publishes it for the first time; returns its id and the action request sent. */
async function openAndPublish(page: Page, headline: string) {
  const id = await openInEditor(page, headline);
  const captured = await publishFirstTime(page);
  return { id, captured };
}

test.describe("as an editor", () => {
  test.use({ storageState: STORAGE.editor });

  test("publishing shows the article to readers at once, unpublishing takes it away at once", async ({ page, playwright }) => {
    const { headline, slug } = await importStory("Harbour bridge reopens", ["The bridge reopened on Sunday after repairs."]);
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
    const shared = uniqueName("Ferry timetable");
    const first = await importStory(`${shared} winter`, ["Ferries run less often in winter."]);
    const second = await importStory(`${shared} summer`, ["Ferries run more often in summer."]);
    await page.goto("/desk");
    await page.getByLabel("Search", { exact: true }).fill(shared.toUpperCase());
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    const table = page.getByRole("table", { name: /2 articles/ });
    await expect(table.getByRole("columnheader")).toHaveText(["Headline", "Status", "Stage", "Last change"]);
    await expect(table.getByRole("row", { name: new RegExp(first.headline) })).toContainText(/Draft.*In progress.*Imported/);
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
    const template = await importStory("Council approves budget", ["The council approved the budget on Monday."]);
    const target = await importStory("Library opens late", ["The library will open late on Tuesdays."]);

    // An editor publishes one article; their real request is the template for the forgeries.
    const editorContext = await browser.newContext({ baseURL, storageState: STORAGE.editor });
    const { id: templateId, captured } = await openAndPublish(await editorContext.newPage(), template.headline);

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
    const asReporter = await replayAction(reporterApi, captured, editorPath, forgedBody);
    const reporterAnswer = await asReporter.text();
    expect(reporterAnswer).toContain('"status":403');
    expect(reporterAnswer).toContain("You do not have permission to do that.");

    // Anonymous: sent to the login page before anything runs.
    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    expectSentToLogin(await replayAction(anonymous, captured, editorPath, forgedBody));

    // Malformed input from an editor: refused with field errors, nothing published.
    const editorApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.editor });
    for (const body of [
      JSON.stringify([{ articleId: targetId, expectedVersion: "1" }]),
      JSON.stringify([{ articleId: targetId, expectedVersion: 1, kind: "correction" }]),
      JSON.stringify([{ articleId: targetId, expectedVersion: 1, status: "published" }]),
      JSON.stringify(["not an object"]),
    ]) {
      const answer = await (await replayAction(editorApi, captured, editorPath, body)).text();
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
    const { headline } = await importStory("Museum extends hours", ["The museum stays open until nine on Fridays."]);
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
    const template = await importStory("Tram line extended", ["The tram line now reaches the airport."]);
    const live = await importStory("Market moves indoors", ["The weekly market moves indoors for winter."]);

    // The editor publishes both, then unpublishes one: that request is the template.
    const editorContext = await browser.newContext({ baseURL, storageState: STORAGE.editor });
    const editorPage = await editorContext.newPage();
    const { id: templateId } = await openAndPublish(editorPage, template.headline);
    const { id: liveId } = await openAndPublish(editorPage, live.headline);
    await editorPage.goto(`/desk/articles/${templateId}`);
    const editorControls = editorPage.getByRole("region", { name: "Publishing" });
    await editorControls.getByRole("button", { name: "Unpublish…" }).click();
    const request = nextActionRequest(editorPage, "unpublishArticleAction");
    await editorPage.getByRole("dialog", { name: "Unpublish this article?" }).getByRole("button", { name: "Unpublish" }).click();
    const captured = await request;
    await expect(editorControls.getByRole("status")).toHaveText(/Unpublished/);
    expect(JSON.parse(captured.postData()!)).toEqual([{ articleId: templateId }]);

    // The reporter has no unpublish button on the live article.
    await openInEditor(page, live.headline);
    const controls = page.getByRole("region", { name: "Publishing" });
    await expect(controls).toContainText("Published");
    await expect(controls.getByRole("button", { name: /unpublish/i })).toHaveCount(0);

    const forgedBody = captured.postData()!.replaceAll(templateId, liveId);
    const editorPath = `/desk/articles/${liveId}`;
    const reporterApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.reporter });
    const reporterAnswer = await (await replayAction(reporterApi, captured, editorPath, forgedBody)).text();
    expect(reporterAnswer).toContain('"status":403');

    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    expectSentToLogin(await replayAction(anonymous, captured, editorPath, forgedBody));

    const editorApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.editor });
    for (const body of [JSON.stringify([{}]), JSON.stringify([{ articleId: 5 }]), JSON.stringify([{ articleId: liveId, status: "draft" }])]) {
      const answer = await (await replayAction(editorApi, captured, editorPath, body)).text();
      expect(answer, body).toContain('"status":422');
    }

    // Readers still see the live article.
    expect(await readerStatus(anonymous, live.slug)).toBe(200);
    await Promise.all([reporterApi.dispose(), anonymous.dispose(), editorApi.dispose(), editorContext.close()]);
  });
});
