import { expect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, STORAGE } from "./support/auth";
import { openInEditor, saveStatus, typeAtEnd } from "./support/desk";
import { importDocument, uniqueName } from "./support/documents";

// Two people editing one article in two browsers: the second save is refused with the conflict
// view (who, when, their text against yours), the refused text stays in the editor, and the
// editor can overwrite deliberately or load the other version without losing their own.

/** A document whose body ends "Work starts next week." (the photos come after its first paragraph). */
async function importStory(label: string) {
  const { headline } = await importDocument({
    headline: uniqueName(label),
    paragraphs: ["The council approved the new cycle lanes.", "Work starts next week."],
    captions: ["A cyclist - AP/Ann Lee", "The town hall - AP/Bo Chan"],
    photosAfter: 1,
  });
  return headline;
}

/** The article's editor in a browser context of its own, signed in with `storageState`. */
async function openAs(browser: Browser, storageState: string, headline: string) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await openInEditor(page, headline);
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText("Work starts next week.");
  return { context, page, body: page.getByRole("textbox", { name: "Body" }) };
}

const save = (page: Page) => page.getByRole("button", { name: "Save", exact: true }).click();

test("the second save is refused with the conflict view; the text stays; overwriting deliberately works", async ({ browser }) => {
  const headline = await importStory("Cycle lanes approved");
  const edna = await openAs(browser, STORAGE.editor, headline);
  const admin = await openAs(browser, STORAGE.admin, headline);

  await typeAtEnd(edna.page, edna.body, " Edna wrote this first.");
  await save(edna.page);
  await expect(saveStatus(edna.page)).toHaveText(/^Saved at/);

  await typeAtEnd(admin.page, admin.body, " Second writer here.");
  await save(admin.page);
  await expect(saveStatus(admin.page)).toHaveText("Conflict: not saved");

  const conflict = admin.page.getByRole("region", { name: /Not saved: .* saved a newer version/ });
  await expect(conflict.getByRole("heading", { level: 2 })).toHaveText(`Not saved: ${ACCOUNTS.editor.name} saved a newer version`);
  await expect(conflict).toContainText(`${ACCOUNTS.editor.name} saved version 2 at`);
  await expect(conflict.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  // Their words struck through, the admin's underlined.
  await expect(conflict.locator("del").filter({ hasText: "Edna wrote this first" })).toHaveCount(1);
  await expect(conflict.locator("ins").filter({ hasText: "Second writer here" })).toHaveCount(1);
  // The refused text is still in the editor, and saving stays paused (no silent retry).
  await expect(admin.body).toContainText("Work starts next week. Second writer here.");
  await expect(admin.body).not.toContainText("Edna wrote this first.");
  await expect(admin.page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  await typeAtEnd(admin.page, admin.body, " More.");
  await admin.page.waitForTimeout(2_500);
  await expect(saveStatus(admin.page)).toHaveText("Conflict: not saved");

  await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(saveStatus(admin.page)).toHaveText(/^Saved at/);
  await expect(conflict).toBeHidden();

  await admin.page.reload();
  await expect(admin.page.getByRole("textbox", { name: "Body" })).toContainText("Work starts next week. Second writer here. More.");
  await expect(admin.page.getByRole("textbox", { name: "Body" })).not.toContainText("Edna wrote this first.");

  await Promise.all([edna.context.close(), admin.context.close()]);
});

test("loading the other version keeps your text in the browser to restore", async ({ browser }) => {
  const headline = await importStory("Library hours extended");
  const edna = await openAs(browser, STORAGE.editor, headline);
  const admin = await openAs(browser, STORAGE.admin, headline);

  await typeAtEnd(admin.page, admin.body, " The admin's sentence.");
  await save(admin.page);
  await expect(saveStatus(admin.page)).toHaveText(/^Saved at/);

  await typeAtEnd(edna.page, edna.body, " Edna's sentence.");
  // Autosave meets the conflict by itself.
  await expect(saveStatus(edna.page)).toHaveText("Conflict: not saved", { timeout: 8_000 });
  const conflict = edna.page.getByRole("region", { name: /saved a newer version/ });
  await expect(conflict).toContainText(`${ACCOUNTS.admin.name} saved version 2`);

  edna.page.once("dialog", (dialog) => dialog.accept());
  await conflict.getByRole("button", { name: "Load their version" }).click();
  await expect(conflict).toBeHidden();
  await expect(edna.body).toContainText("The admin's sentence.");
  await expect(edna.body).not.toContainText("Edna's sentence.");
  await expect(saveStatus(edna.page)).toHaveText("Saved");

  // Edna's text is kept: restoring it saves against version 1, so it conflicts again, honestly.
  const kept = edna.page.getByRole("region", { name: "Text kept in this browser" });
  await expect(kept).toContainText("started from version 1");
  await kept.getByRole("button", { name: "Restore that text" }).click();
  await expect(edna.page.getByRole("textbox", { name: "Body" })).toContainText("Edna's sentence.");
  await expect(saveStatus(edna.page)).toHaveText("Conflict: not saved", { timeout: 8_000 });

  await Promise.all([edna.context.close(), admin.context.close()]);
});
