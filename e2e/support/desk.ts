import { expect, type Locator, type Page, type Request } from "@playwright/test";
import { nextActionRequest } from "./actions";

// The desk as an editor uses it: finding an article, typing in its editor, saving and publishing.

/** The editor's save status line ("Saved", "Unsaved changes", "Saved at …", "Conflict: not saved"). */
export const saveStatus = (page: Page) => page.getByTestId("save-status");

/** The article id in the editor's address (/desk/articles/<id>). */
const articleIdOf = (page: Page) => new URL(page.url()).pathname.split("/").at(-1)!;

/**
 * Finds the article on the desk by its headline and opens its editor (the page must be signed in); returns its id.
 * `timeout` is for each step of a first open on a server that has just started (its first editor page is slow).
 */
export async function openInEditor(page: Page, headline: string, { timeout }: { timeout?: number } = {}): Promise<string> {
  await page.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await page.getByRole("link", { name: headline, exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/articles\/[^/?]+$/, { timeout });
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible({ timeout });
  await expect(page.getByRole("heading", { name: "Publishing" })).toBeVisible({ timeout });
  return articleIdOf(page);
}

/** Clicks into an editor, puts the cursor at the end of its text and types. */
export async function typeAtEnd(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

/**
 * Publishes the article open in the editor for the first time, from its publishing panel; returns
 * the publish action's request (a template for forged ones).
 */
export async function publishFirstTime(page: Page): Promise<Request> {
  const id = articleIdOf(page);
  const controls = page.getByRole("region", { name: "Publishing" });
  await controls.getByRole("button", { name: "Publish", exact: true }).click();
  const request = nextActionRequest(page, "publishArticleAction");
  await page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Publish", exact: true }).click();
  const captured = await request;
  await expect(controls.getByRole("status")).toHaveText("Published. Readers can see the article now.");
  expect(captured.postData()).toContain(id);
  return captured;
}

/** Changes the headline, saves, and publishes the change as a correction with a public note. */
export async function publishHeadlineCorrection(page: Page, newHeadline: string, note: string) {
  await page.getByLabel("Headline", { exact: true }).fill(newHeadline);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(saveStatus(page)).toHaveText(/^Saved/);
  await page.getByRole("button", { name: "Publish changes…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: /^Correction/ }).check();
  await dialog.getByLabel("Correction note (shown to readers)").fill(note);
  await dialog.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published (correction).")).toBeVisible();
}

/** The stored draft's body as the desk's preview renders it. */
export async function storedBodyText(page: Page, articleId: string): Promise<string> {
  const preview = await page.context().newPage();
  await preview.goto(`/desk/articles/${articleId}/preview`);
  const text = await preview.locator("article").innerText();
  await preview.close();
  return text;
}
