import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { ACCOUNTS, STORAGE, type E2ERole } from "./support/auth";
import { openInEditor, saveStatus, storedBodyText } from "./support/desk";
import { importDocument, token, uniqueName } from "./support/documents";
import { articleUrl } from "./support/reader";

// Co-editing in the desk: several people in one story type into the same text at once, with no
// save conflict; what everyone typed ends in every editor, in the stored draft and, published,
// on the reader page. A browser that goes offline keeps editing and merges when it is back.
// Presence (who is here) in the editor and "2 people editing" on the desk list.

// Several browser contexts each, typing, storing and publishing: on a machine others share, more
// than the default minute.
test.describe.configure({ timeout: 180_000 });

const LAST = "Work starts next week.";

async function importStory(label: string) {
  return importDocument({
    headline: uniqueName(label),
    paragraphs: ["The council approved the new cycle lanes.", LAST],
    captions: ["A cyclist - AP/Ann Lee"],
    photosAfter: 1,
  });
}

interface Editor {
  role: E2ERole;
  page: Page;
  body: Locator;
  close(): Promise<void>;
}

/** The article's editor in a browser context of its own, signed in as `role`, connected live. */
async function openAs(browser: Browser, role: E2ERole, headline: string): Promise<Editor> {
  const context = await browser.newContext({ storageState: STORAGE[role] });
  const page = await context.newPage();
  await openInEditor(page, headline);
  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body).toContainText(LAST);
  await expect(liveStatus(page)).toHaveText("Live");
  return { role, page, body, close: () => context.close() };
}

const liveStatus = (page: Page) => page.getByTestId("live-status");

/** The last paragraph of the body, where everyone types. */
const lastParagraph = (editor: Editor) => editor.body.locator("p").last();

/** The text of the body's last paragraph as typed: other people's carets (name labels) left out. */
const typedText = (editor: Editor) =>
  lastParagraph(editor).evaluate((paragraph) => {
    const copy = paragraph.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".live-caret").forEach((caret) => caret.remove());
    return copy.textContent ?? "";
  });

/** Puts the caret at the end of the body's last paragraph. */
async function caretAtEnd(editor: Editor) {
  await editor.body.click();
  await editor.page.keyboard.press("Control+End");
}

/** Whether every character of `typed` is in `text`, in order (others' keystrokes may fall between). */
function hasInOrder(text: string, typed: string): boolean {
  let at = 0;
  for (const char of text) if (char === typed[at]) at += 1;
  return at === typed.length;
}

/** Everyone types their own words at the end of the same paragraph, at the same moment. */
async function typeTogether(editors: Editor[], words: string[]) {
  for (const editor of editors) await caretAtEnd(editor);
  await Promise.all(editors.map((editor, index) => editor.page.keyboard.type(words[index], { delay: 25 })));
}

/** Every editor shows the same last paragraph, holding every word typed; returns it. */
async function expectMerged(editors: Editor[], words: string[]): Promise<string> {
  const expectedLength = LAST.length + words.reduce((sum, word) => sum + word.length, 0);
  let merged = "";
  await expect(async () => {
    const texts = await Promise.all(editors.map(typedText));
    expect(new Set(texts).size, texts.join(" | ")).toBe(1);
    merged = texts[0];
    expect(merged.length).toBe(expectedLength);
    for (const word of words) expect(hasInOrder(merged, word), `"${word}" in "${merged}"`).toBe(true);
  }).toPass({ timeout: 30_000 });
  return merged;
}

/** Waits until the server has stored what every editor typed (their save lines say so). */
async function expectStored(editors: Editor[]) {
  for (const editor of editors) await expect(saveStatus(editor.page)).toHaveText(/^Saved at \d/, { timeout: 20_000 });
}

/** Text as HTML shows it: runs of spaces are one (two people's typed spaces can meet, or end the paragraph). */
const asRendered = (text: string) => text.replace(/\s+/g, " ").trim();

const conflictView = (page: Page) => page.getByRole("region", { name: /saved a newer version/ });

test("two people type in the same paragraph at the same moment: both texts merge everywhere, with no conflict, and publish takes them", async ({ browser }) => {
  const { headline, slug } = await importStory("Cycle lanes approved");
  const edna = await openAs(browser, "editor", headline);
  const admin = await openAs(browser, "admin", headline);
  const articleId = new URL(edna.page.url()).pathname.split("/").at(-1)!;

  const words = [` Edna ${token()} adds this.`, ` Admin ${token()} adds that.`];
  await typeTogether([edna, admin], words);
  const merged = await expectMerged([edna, admin], words);

  await expectStored([edna, admin]);
  await expect(conflictView(edna.page)).toHaveCount(0);
  await expect(conflictView(admin.page)).toHaveCount(0);
  expect(asRendered(await storedBodyText(edna.page, articleId))).toContain(asRendered(merged));

  // Publishing publishes the stored, merged draft.
  const controls = edna.page.getByRole("region", { name: "Publishing" });
  await controls.getByRole("button", { name: "Publish", exact: true }).click();
  await edna.page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Publish", exact: true }).click();
  await expect(controls.getByRole("status")).toHaveText("Published. Readers can see the article now.");
  const reader = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const readerPage = await reader.newPage();
  await readerPage.goto(articleUrl(slug));
  await expect(readerPage.locator("article")).toContainText(merged.trim());

  await Promise.all([edna.close(), admin.close(), reader.close()]);
});

test("three people type in the same paragraph at once: every keystroke ends in all three editors and the stored draft", async ({ browser }) => {
  const { headline } = await importStory("Bridge repairs");
  const editors = [await openAs(browser, "editor", headline), await openAs(browser, "admin", headline), await openAs(browser, "reporter", headline)];
  const articleId = new URL(editors[0].page.url()).pathname.split("/").at(-1)!;

  const words = editors.map((editor) => ` ${editor.role} ${token()} was here.`);
  await typeTogether(editors, words);
  const merged = await expectMerged(editors, words);
  await expectStored(editors);
  for (const editor of editors) await expect(conflictView(editor.page)).toHaveCount(0);
  expect(asRendered(await storedBodyText(editors[0].page, articleId))).toContain(asRendered(merged));

  // A reload rejoins the session with the merged text.
  await editors[2].page.reload();
  await expect(liveStatus(editors[2].page)).toHaveText("Live");
  await expect.poll(() => typedText(editors[2])).toBe(merged);

  await Promise.all(editors.map((editor) => editor.close()));
});

test("an editor who goes offline keeps typing; back online, both people's edits merge", async ({ browser }) => {
  const { headline } = await importStory("Harbour wall");
  const edna = await openAs(browser, "editor", headline);
  const admin = await openAs(browser, "admin", headline);

  await edna.page.context().setOffline(true);
  await expect(liveStatus(edna.page)).toHaveText("Offline — your edits will be sent when you reconnect");
  const words = [` Offline ${token()} words.`, ` Online ${token()} words.`];
  await caretAtEnd(edna);
  await edna.page.keyboard.type(words[0]);
  await caretAtEnd(admin);
  await admin.page.keyboard.type(words[1]);
  // Apart, each sees only their own words.
  await expect(lastParagraph(admin)).not.toContainText(words[0].trim());
  await expect(saveStatus(edna.page)).toHaveText("Unsaved changes");

  await edna.page.context().setOffline(false);
  await expect(liveStatus(edna.page)).toHaveText("Live", { timeout: 20_000 });
  await expectMerged([edna, admin], words);
  await expectStored([edna, admin]);

  await Promise.all([edna.close(), admin.close()]);
});

test("the editor lists who is in the story, and the desk says how many people are editing", async ({ browser }) => {
  const { headline } = await importStory("Market square");
  const edna = await openAs(browser, "editor", headline);
  const rex = await openAs(browser, "reporter", headline);

  const present = (page: Page) => page.getByRole("list", { name: "In this story" });
  await expect(present(edna.page)).toContainText(ACCOUNTS.reporter.name);
  await expect(present(rex.page)).toContainText(ACCOUNTS.editor.name);
  await expect(present(rex.page)).toContainText(`${ACCOUNTS.reporter.name} (you)`);

  // Another person's caret carries their name.
  await caretAtEnd(rex);
  await rex.page.keyboard.type(" Rex types.");
  await expect(edna.body.locator(".live-caret-label")).toHaveText(ACCOUNTS.reporter.name);

  const desk = await edna.page.context().newPage();
  await desk.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await expect(desk.getByRole("row").filter({ hasText: headline })).toContainText("2 people editing");

  await rex.close();
  await expect(present(edna.page)).not.toContainText(ACCOUNTS.reporter.name);
  // The list is read when the page loads; on a loaded machine the disconnect may land just after a reload.
  await expect(async () => {
    await desk.reload();
    await expect(desk.getByRole("row").filter({ hasText: headline })).toContainText("1 person editing", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await edna.close();
});

test("a revision restored mid-session reaches every open editor as one change, with nothing doubled", async ({ browser }) => {
  const { headline } = await importStory("Tram depot");
  const edna = await openAs(browser, "editor", headline);
  const articleId = new URL(edna.page.url()).pathname.split("/").at(-1)!;

  const added = ` Added ${token()}.`;
  await caretAtEnd(edna);
  await edna.page.keyboard.type(added);
  await expectStored([edna]);

  // Someone else restores the imported version from the history page while Edna is in the story.
  const admin = await browser.newContext({ storageState: STORAGE.admin });
  const history = await admin.newPage();
  await history.goto(`/desk/articles/${articleId}/history`);
  history.once("dialog", (dialog) => dialog.accept());
  await history.getByRole("button", { name: "Restore version 1" }).click();
  await expect(history.getByText(/Restored: version \d+ now has the text of version 1\./)).toBeVisible();

  await expect.poll(() => typedText(edna), { timeout: 20_000 }).toBe(LAST);
  await expect(edna.body).toContainText("The council approved the new cycle lanes.");
  await expect(edna.body.getByText("The council approved the new cycle lanes.")).toHaveCount(1);
  await expect(conflictView(edna.page)).toHaveCount(0);

  await Promise.all([edna.close(), admin.close()]);
});
