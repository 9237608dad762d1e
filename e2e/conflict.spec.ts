import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { ACCOUNTS, runCli, STORAGE } from "./support/auth";

// Two people editing one article in two browsers: the second save is refused with the conflict
// view (who, when, their text against yours), the refused text stays in the editor, and the
// editor can overwrite deliberately or load the other version without losing their own.

const token = () => randomBytes(4).toString("hex");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-e2e-conflict-"));
test.afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

async function importDocument(label: string) {
  const headline = `${label} ${token()}`;
  const file = path.join(workDir, `conflict-${token()}.txt`);
  fs.writeFileSync(
    file,
    [` date 2024-08-11 ${headline}`, "The council approved the new cycle lanes.", "Here are some pictures.", "A cyclist - AP/Ann Lee\nThe town hall - AP/Bo Chan", "Work starts next week."].join("\n\n") + "\n",
  );
  const result = await runCli(["import", file]);
  expect(result.code, result.stderr).toBe(0);
  return headline;
}

async function openAs(browser: Browser, storageState: string, headline: string) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await page.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await page.getByRole("link", { name: headline }).click();
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText("Work starts next week.");
  return { context, page, body: page.getByRole("textbox", { name: "Body" }) };
}

async function typeAtEnd(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

const save = (page: Page) => page.getByRole("button", { name: "Save", exact: true }).click();
const status = (page: Page) => page.getByTestId("save-status");

test("the second save is refused with the conflict view; the text stays; overwriting deliberately works", async ({ browser }) => {
  const headline = await importDocument("Cycle lanes approved");
  const edna = await openAs(browser, STORAGE.editor, headline);
  const admin = await openAs(browser, STORAGE.admin, headline);

  await typeAtEnd(edna.page, edna.body, " Edna wrote this first.");
  await save(edna.page);
  await expect(status(edna.page)).toHaveText(/^Saved at/);

  await typeAtEnd(admin.page, admin.body, " Second writer here.");
  await save(admin.page);
  await expect(status(admin.page)).toHaveText("Conflict: not saved");

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
  await expect(status(admin.page)).toHaveText("Conflict: not saved");

  await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(status(admin.page)).toHaveText(/^Saved at/);
  await expect(conflict).toBeHidden();

  await admin.page.reload();
  await expect(admin.page.getByRole("textbox", { name: "Body" })).toContainText("Work starts next week. Second writer here. More.");
  await expect(admin.page.getByRole("textbox", { name: "Body" })).not.toContainText("Edna wrote this first.");

  await Promise.all([edna.context.close(), admin.context.close()]);
});

test("loading the other version keeps your text in the browser to restore", async ({ browser }) => {
  const headline = await importDocument("Library hours extended");
  const edna = await openAs(browser, STORAGE.editor, headline);
  const admin = await openAs(browser, STORAGE.admin, headline);

  await typeAtEnd(admin.page, admin.body, " The admin's sentence.");
  await save(admin.page);
  await expect(status(admin.page)).toHaveText(/^Saved at/);

  await typeAtEnd(edna.page, edna.body, " Edna's sentence.");
  // Autosave meets the conflict by itself.
  await expect(status(edna.page)).toHaveText("Conflict: not saved", { timeout: 8_000 });
  const conflict = edna.page.getByRole("region", { name: /saved a newer version/ });
  await expect(conflict).toContainText(`${ACCOUNTS.admin.name} saved version 2`);

  edna.page.once("dialog", (dialog) => dialog.accept());
  await conflict.getByRole("button", { name: "Load their version" }).click();
  await expect(conflict).toBeHidden();
  await expect(edna.body).toContainText("The admin's sentence.");
  await expect(edna.body).not.toContainText("Edna's sentence.");
  await expect(status(edna.page)).toHaveText("Saved");

  // Edna's text is kept: restoring it saves against version 1, so it conflicts again, honestly.
  const kept = edna.page.getByRole("region", { name: "Text kept in this browser" });
  await expect(kept).toContainText("started from version 1");
  await kept.getByRole("button", { name: "Restore that text" }).click();
  await expect(edna.page.getByRole("textbox", { name: "Body" })).toContainText("Edna's sentence.");
  await expect(status(edna.page)).toHaveText("Conflict: not saved", { timeout: 8_000 });

  await Promise.all([edna.context.close(), admin.context.close()]);
});
