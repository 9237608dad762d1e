import { expect, test, type Locator, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { SIGNED_OUT, STORAGE } from "./support/auth";
import { saveStatus } from "./support/desk";

// An editor's day, end to end, on the seed article imported at start: publish the Olympics
// closing-ceremony story, fix two misspellings by typing in the editors, publish the fix as a
// correction, and check what an anonymous reader sees. Other specs use their own documents.

const HEADLINE = "Au revoir! Paris hands over to Los Angeles in spectacular Olympics closing ceremony.";
const NOTE = "An earlier version of this article misspelled the name of the band Phoenix and the Stade de France.";

test.describe.configure({ mode: "serial" });
test.use({ storageState: STORAGE.editor });

/**
 * Double-clicks `word` inside an editor, as a person would to select it, and checks the browser
 * selected exactly that word.
 */
async function selectWordByDoubleClick(page: Page, editor: Locator, word: string) {
  const point = await editor.evaluate((element, target) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const index = node.textContent?.indexOf(target) ?? -1;
      if (index < 0) continue;
      node.parentElement?.scrollIntoView({ block: "center" });
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + target.length);
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
    return null;
  }, word);
  expect(point, `"${word}" is in the editor`).not.toBeNull();
  await page.mouse.dblclick(point!.x, point!.y);
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().trim())).toBe(word);
}

test.describe.serial("an editor's day", () => {
  let articlePath = "";
  let readerPath = "";

  test("the editor finds the Olympics story on the desk and publishes it", async ({ page }) => {
    await page.goto("/desk?q=closing+ceremony");
    await page.getByRole("link", { name: HEADLINE }).click();
    await expect(page).toHaveURL(/\/desk\/articles\/[^/?]+$/);
    articlePath = new URL(page.url()).pathname;

    const controls = page.getByRole("region", { name: "Publishing" });
    await expect(controls).toContainText("Draft");
    await controls.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Publish" }).click();
    // The fact-check assistant rates "State de France" a likely error: publishing asks to confirm.
    const confirm = page.getByRole("dialog", { name: /likely errors? (is|are) still open/ });
    await expect(confirm).toContainText("State de France");
    await confirm.getByRole("button", { name: "Publish anyway" }).click();
    await expect(controls.getByRole("status")).toHaveText("Published. Readers can see the article now.");
    readerPath = new URL((await controls.getByRole("link", { name: "View on site" }).getAttribute("href"))!, baseURL).pathname;

    // Readers have now seen the misspellings.
    const reader = await page.context().browser()!.newContext({ baseURL, storageState: SIGNED_OUT });
    const readerPage = await reader.newPage();
    await readerPage.goto(readerPath);
    await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(HEADLINE);
    await expect(readerPage.locator("article")).toContainText("Phonenix");
    await reader.close();
  });

  test("the editor fixes the band's name and the stadium by typing, and publishes a correction", async ({ page }) => {
    await page.goto(articlePath);
    const body = page.getByRole("textbox", { name: "Body" });
    await expect(body).toContainText("international stars like Phonenix, AIR");

    await selectWordByDoubleClick(page, body, "Phonenix");
    await page.keyboard.type("Phoenix");
    await expect(body).toContainText("international stars like Phoenix, AIR, Angele");
    await expect(body).not.toContainText("Phonenix");

    const caption = page.getByRole("textbox", { name: "Caption" }).filter({ hasText: "State de France" });
    await expect(caption).toHaveCount(1);
    await selectWordByDoubleClick(page, caption, "State");
    await page.keyboard.type("Stade");
    const fixedCaption = page.getByRole("textbox", { name: "Caption" }).filter({ hasText: "Tom Cruise is lowered on the Stade de France" });
    await expect(fixedCaption).toHaveCount(1);
    await expect(page.getByRole("textbox", { name: "Caption" }).filter({ hasText: "State de France" })).toHaveCount(0);

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);

    const controls = page.getByRole("region", { name: "Publishing" });
    await expect(controls).toContainText("has changes readers do not see yet");
    await controls.getByRole("button", { name: "Publish changes…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish changes" });
    // The dialog shows what readers will see change.
    await expect(dialog.locator("del").filter({ hasText: "Phonenix" })).toBeVisible();
    await expect(dialog.locator("ins").filter({ hasText: "Phoenix" })).toBeVisible();
    await expect(dialog.locator("del").filter({ hasText: "State" })).toBeVisible();

    // A correction without its note is refused, with the error next to the field.
    await dialog.getByRole("radio", { name: /Correction/ }).check();
    await dialog.getByRole("button", { name: "Publish" }).click();
    const noteField = dialog.getByRole("textbox", { name: /Correction note/ });
    await expect(noteField).toHaveAttribute("aria-invalid", "true");
    const describedBy = (await noteField.getAttribute("aria-describedby"))!.split(" ");
    await expect(page.locator(`[id="${describedBy.at(-1)}"]`)).toContainText("Write the public note");

    await noteField.fill(NOTE);
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect(controls.getByRole("status")).toHaveText("Published (correction).");
    await expect(controls).toContainText("1 published note");
  });

  test("an anonymous reader sees the fixed text, the caption and the dated correction", async ({ browser }) => {
    const reader = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const page = await reader.newPage();
    await page.goto(readerPath);
    const article = page.locator("article");
    await expect(article).toContainText("international stars like Phoenix, AIR, Angele");
    await expect(article).not.toContainText("Phonenix");
    await expect(article.locator("figcaption").filter({ hasText: "Tom Cruise is lowered on the Stade de France" })).toHaveCount(1);
    await expect(article).not.toContainText("State de France");

    const corrections = page.getByRole("region", { name: "Corrections and clarifications" });
    await expect(corrections).toContainText(`Correction`);
    await expect(corrections).toContainText(NOTE);
    await expect(corrections.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
    // A public update: the date line says so.
    await expect(article.locator("header")).toContainText(/Updated/i);

    await page.goto("/corrections");
    const entry = page.getByRole("listitem").filter({ hasText: NOTE });
    await expect(entry).toHaveCount(1);
    await expect(entry.getByRole("link", { name: HEADLINE })).toHaveAttribute("href", readerPath);
    await reader.close();
  });
});
