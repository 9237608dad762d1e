import { expect, test, type APIRequestContext } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { seriousA11yViolations } from "./support/a11y";
import { expectSentToLogin, nextActionRequest, replayAction } from "./support/actions";
import { STORAGE } from "./support/auth";
import { openInEditor, saveStatus, typeAtEnd } from "./support/desk";
import { importDocument, letters, uniqueName } from "./support/documents";

// Editing an article in the desk: typing in the body and a caption, saving with the button and
// with Ctrl+S, what survives a reload, the history's word diff and restoring, links, credits, and
// the save endpoint's refusals. Each test imports its own document through the CLI.

/** A wire document with two credited photos after its first paragraph, so the body ends with the last paragraph given; returns its headline. */
async function importStory(label: string, paragraphs: string[], captions: string[]) {
  const { headline } = await importDocument({ headline: uniqueName(label), paragraphs, captions, photosAfter: 1 });
  return headline;
}

test.describe("as an editor", () => {
  test.use({ storageState: STORAGE.editor });

  test("types in the body and a caption, saves with the button and Ctrl+S, and it survives a reload; history diffs and restores", async ({ page }) => {
    const headline = await importStory(
      "Ferry timetable changes",
      ["The ferry will run every hour from Monday.", "Tickets cost the same."],
      ["Passengers board the ferry - AP/Ann Lee", "The harbour at dawn - AP/Bo Chan"],
    );
    const articleId = await openInEditor(page, headline);
    await expect(saveStatus(page)).toHaveText("Saved");

    const body = page.getByRole("textbox", { name: "Body" });
    await expect(body).toContainText("Tickets cost the same.");
    await typeAtEnd(page, body, " Extra sailings start in June.");
    await expect(saveStatus(page)).toHaveText("Unsaved changes");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved at \d/);

    const caption = page.getByRole("textbox", { name: "Caption" }).first();
    await typeAtEnd(page, caption, " on Sunday");
    // Enter must not split a caption into two paragraphs.
    await page.keyboard.press("Enter");
    await expect(caption.locator("p")).toHaveCount(1);
    await page.keyboard.press("Control+s");
    await expect(saveStatus(page)).toHaveText(/^Saved at \d/);

    await page.reload();
    await expect(page.getByRole("textbox", { name: "Body" })).toContainText("Tickets cost the same. Extra sailings start in June.");
    await expect(page.getByRole("textbox", { name: "Caption" }).first()).toHaveText("Passengers board the ferry on Sunday");
    await expect(page.getByText("Version 3")).toBeVisible();

    // History: one editor's saves within minutes are one revision (version 3), shown as a word
    // diff against the import, not JSON.
    await page.getByRole("link", { name: "History" }).click();
    await expect(page).toHaveURL(`${baseURL}/desk/articles/${articleId}/history`);
    const changes = page.getByRole("region", { name: /Changes from version 1 to version 3/ });
    await expect(changes.getByText("Caption 1")).toBeVisible();
    await expect(changes.getByText("Body", { exact: true })).toBeVisible();
    await expect(changes.locator("ins").filter({ hasText: "on Sunday" })).toHaveCount(1);
    await expect(changes.locator("ins").filter({ hasText: "Extra sailings start in June." })).toHaveCount(1);
    await expect(changes).not.toContainText('"type"');

    // Restore the import: a new version 4, and version 3 stays in the list.
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Restore version 1" }).click();
    await expect(page.getByText("Restored: version 4 now has the text of version 1.")).toBeVisible();
    const versions = page.getByRole("region", { name: "All versions" });
    await expect(versions.getByRole("row")).toHaveCount(4); // header + versions 1, 3 and 4
    // Newest first: the restore is version 4, with a summary of what it changed.
    await expect(versions.getByRole("row").nth(1)).toContainText("Restored version 1 (body, caption 1)");

    await page.goto(`/desk/articles/${articleId}`);
    await expect(page.getByRole("textbox", { name: "Body" })).not.toContainText("Extra sailings");
    await expect(page.getByRole("textbox", { name: "Caption" }).first()).toHaveText("Passengers board the ferry");
  });

  test("a link must be http, https or mailto; formatting buttons say whether they are on", async ({ page }) => {
    const headline = await importStory("Library reopens", ["The library reopens on Tuesday.", "Opening hours are longer."], ["Readers queue - AP/Ann Lee", "Shelves - AP/Bo Chan"]);
    await openInEditor(page, headline);
    const body = page.getByRole("textbox", { name: "Body" });
    await body.click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("Shift+End");
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe("The library reopens on Tuesday.");

    const bold = page.getByRole("toolbar", { name: "Body formatting" }).getByRole("button", { name: "Bold" });
    await expect(bold).toHaveAttribute("aria-pressed", "false");
    await bold.click();
    await expect(bold).toHaveAttribute("aria-pressed", "true");
    await expect(body.locator("strong")).toHaveText("The library reopens on Tuesday.");

    await page.getByRole("toolbar", { name: "Body formatting" }).getByRole("button", { name: "Link" }).click();
    const address = page.getByRole("textbox", { name: "Link address" });
    await address.fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Apply link" }).click();
    await expect(address).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Links must be web addresses")).toBeVisible();
    await expect(body.locator("a")).toHaveCount(0);

    await address.fill("https://example.com/library");
    await page.getByRole("button", { name: "Apply link" }).click();
    await expect(body.locator("a")).toHaveAttribute("href", "https://example.com/library");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved at/);
  });

  test("the server's validation message appears next to the field", async ({ page }) => {
    const headline = await importStory("Market day moves", ["The market moves to Thursdays.", "Stalls open at eight."], ["Stalls - AP/Ann Lee", "Fruit - AP/Bo Chan"]);
    await openInEditor(page, headline);
    const headlineField = page.getByRole("textbox", { name: "Headline" });
    await headlineField.fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText("Not saved: fix the marked fields");
    await expect(headlineField).toHaveAttribute("aria-invalid", "true");
    const describedBy = (await headlineField.getAttribute("aria-describedby"))!.split(" ");
    await expect(page.locator(`[id="${describedBy.at(-1)}"]`)).toHaveText("Enter a headline.");

    await headlineField.fill(headline);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await expect(headlineField).not.toHaveAttribute("aria-invalid", "true");
  });

  test("autosaves after typing stops", async ({ page }) => {
    const headline = await importStory("Pool closes for repairs", ["The pool closes for a month.", "Swimmers can use the lake."], ["Lanes - AP/Ann Lee", "Tiles - AP/Bo Chan"]);
    await openInEditor(page, headline);
    await typeAtEnd(page, page.getByRole("textbox", { name: "Body" }), " It reopens in May.");
    await expect(saveStatus(page)).toHaveText("Unsaved changes");
    await expect(saveStatus(page)).toHaveText(/^Saved at/, { timeout: 8_000 });
    await page.reload();
    await expect(page.getByRole("textbox", { name: "Body" })).toContainText("It reopens in May.");
  });

  test("a photo's credit is found by a search or created, and a credit fixed on the credits page shows on every photo", async ({ page }) => {
    const photographer = `Dana ${letters()}`;
    const elsewhere = `Kai ${letters()}`;
    await importStory("Harbour lights", ["Lights went up at the harbour."], [`Harbour - Reuters/${elsewhere}`]);
    const headline = await importStory("Night market opens", ["A night market opens downtown.", "It runs until midnight."], ["Lanterns - AP/Ann Lee", "Food stalls - AP/Bo Chan"]);
    await openInEditor(page, headline);
    const photo1 = page.getByRole("group", { name: "Photo 1" });
    const credit1 = photo1.getByLabel("Credit", { exact: true });
    // The list holds the article's own credits, not every credit: the others are found by a search.
    await expect(credit1.locator("option")).toHaveText(["No credit", "AP/Ann Lee", "AP/Bo Chan", "Find a credit…", "New credit…"]);
    await credit1.selectOption({ label: "Find a credit…" });
    const find = photo1.getByRole("group", { name: "Find a credit for photo 1" });
    await find.getByLabel("Agency or photographer").fill(`reuters/${elsewhere.toLowerCase()}`);
    await find.getByLabel("Agency or photographer").press("Enter");
    await expect(find.getByRole("status")).toHaveText(`1 credit matching “reuters/${elsewhere.toLowerCase()}”.`);
    await find.getByRole("button", { name: `Reuters/${elsewhere}` }).click();
    await expect(find).toBeHidden();
    await expect(credit1.locator("option:checked")).toHaveText(`Reuters/${elsewhere}`);

    const photo2 = page.getByRole("group", { name: "Photo 2" });
    // A credit found for one photo is offered to the others.
    await expect(photo2.getByLabel("Credit", { exact: true }).locator("option", { hasText: `Reuters/${elsewhere}` })).toHaveCount(1);
    await photo2.getByLabel("Credit", { exact: true }).selectOption({ label: "New credit…" });
    const form = photo2.getByRole("group", { name: "New credit for photo 2" });
    await form.getByLabel("Agency").fill("Reuters");
    await form.getByLabel("Photographer").fill(`${photographer.replace(" ", "  ")}s`);
    await form.getByRole("button", { name: "Add credit" }).click();
    await expect(photo2.getByLabel("Credit", { exact: true })).toHaveValue(/.+/);
    await expect(photo2.getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}s`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved at/);

    await page.goto(`/desk/credits?q=${encodeURIComponent(photographer)}`);
    const row = page.getByRole("row").filter({ hasText: headline });
    await expect(row).toHaveCount(1);
    await row.getByLabel("Photographer").fill(photographer);
    await row.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(`Saved: photos now show Reuters/${photographer}.`)).toBeVisible();

    await page.getByRole("link", { name: headline }).click();
    await expect(page.getByRole("group", { name: "Photo 2" }).getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}`);
    await expect(page.getByRole("group", { name: "Photo 1" }).getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${elsewhere}`);
  });

  test("the editor with someone else in the story, the history and the credits page have no serious accessibility problems", async ({ page, browser }) => {
    const headline = await importStory("Council budget passes", ["The budget passed on Monday.", "Taxes stay the same."], ["Council - AP/Ann Lee", "Mayor - AP/Bo Chan"]);
    const articleId = await openInEditor(page, headline);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Someone else in the story, typing: their name in the presence list and on their caret.
    const other = await browser.newContext({ storageState: STORAGE.admin });
    const otherPage = await other.newPage();
    await otherPage.goto(`/desk/articles/${articleId}`);
    await typeAtEnd(otherPage, otherPage.getByRole("textbox", { name: "Body" }), " Admin's line.");
    await expect(page.getByRole("textbox", { name: "Body" })).toContainText("Admin's line.");
    await expect(page.getByRole("list", { name: "In this story" })).toContainText("Administrator");
    await typeAtEnd(page, page.getByRole("textbox", { name: "Body" }), " My line.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved at/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await other.close();

    await page.goto(`/desk/articles/${articleId}/history`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto("/desk/credits?q=Ann+Lee");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

test.describe("forged requests to the save endpoint", () => {
  test("are refused when signed out, and malformed input gets 422", async ({ playwright, browser }) => {
    const headline = await importStory("Tram line extended", ["The tram reaches the airport.", "Trains run every ten minutes."], ["Tram - AP/Ann Lee", "Platform - AP/Bo Chan"]);
    const context = await browser.newContext({ storageState: STORAGE.editor });
    const page = await context.newPage();
    const articleId = await openInEditor(page, headline);

    const anonymous = await playwright.request.newContext({ baseURL });
    const forged = { articleId, expectedVersion: 1, headline: "Forged", standfirst: "", body: { type: "doc", content: [{ type: "paragraph" }] }, photos: [] };
    const refused = await anonymous.post(`/api/articles/${articleId}/save`, { data: forged, maxRedirects: 0 });
    expect(refused.status()).toBe(401);

    const malformed = await context.request.post(`/api/articles/${articleId}/save`, {
      data: { ...forged, body: { type: "doc", content: [{ type: "script", text: "alert(1)" }] } },
    });
    expect(malformed.status()).toBe(422);
    const fields = Object.keys(((await malformed.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors);
    expect(fields.some((field) => field.startsWith("body")), fields.join()).toBe(true);

    await page.reload();
    await expect(page.getByRole("textbox", { name: "Headline" })).toHaveText(headline);
    await anonymous.dispose();
    await context.close();
  });

  test("renaming a credit is refused for a reporter and a signed-out caller, and malformed input gets 422", async ({ browser, playwright }) => {
    const photographer = `Finn ${letters()}`;
    const headline = await importStory("Bridge painted", ["The bridge was repainted.", "It is green now."], [`Painters - AP/${photographer}`, "Scaffold - AP/Bo Chan"]);
    const editorContext = await browser.newContext({ storageState: STORAGE.editor });
    const page = await editorContext.newPage();
    const creditsPath = `/desk/credits?q=${encodeURIComponent(photographer)}`;
    await page.goto(creditsPath);
    const row = page.getByRole("row").filter({ hasText: headline });
    const creditId = (await row.getAttribute("data-credit-id"))!;

    // Capture the editor's real server-action request, then send it again as others.
    await row.getByLabel("Photographer").fill(`${photographer} Jr`);
    const [captured] = await Promise.all([nextActionRequest(page), row.getByRole("button", { name: "Save" }).click()]);
    await expect(page.getByText(`Saved: photos now show AP/${photographer} Jr.`)).toBeVisible();
    const replay = (api: APIRequestContext, body: unknown) => replayAction(api, captured, creditsPath, JSON.stringify([body]));
    const forged = { id: creditId, agency: "AP", photographer: "Forged Name" };

    const reporterApi = await playwright.request.newContext({ baseURL, storageState: STORAGE.reporter });
    expect(await (await replay(reporterApi, forged)).text()).toContain('"status":403');
    const anonymous = await playwright.request.newContext({ baseURL });
    expectSentToLogin(await replay(anonymous, forged));
    for (const body of [{ ...forged, photographer: "" }, { ...forged, agency: "A/B" }, { id: creditId }, "not an object"]) {
      expect(await (await replay(editorContext.request, body)).text(), JSON.stringify(body)).toContain('"status":422');
    }

    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: headline }).getByLabel("Photographer")).toHaveValue(`${photographer} Jr`);
    await Promise.all([reporterApi.dispose(), anonymous.dispose(), editorContext.close()]);
  });
});
