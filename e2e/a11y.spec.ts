import { expect, test } from "@playwright/test";
import { seriousA11yViolations } from "./support/a11y";
import { SIGNED_OUT, STORAGE } from "./support/auth";
import { openInEditor, publishFirstTime, publishHeadlineCorrection } from "./support/desk";
import { importArticle, type ImportedArticle } from "./support/documents";
import { articleUrl } from "./support/reader";

// The reader pages with axe-core, at desktop width and at 320 px: no serious or critical
// violations, one h1, landmarks, a working skip link and no sideways scrolling.

let article: ImportedArticle;

test.beforeAll(async ({ browser }) => {
  // A published article with photos and a correction, so every part of the pages is checked.
  article = await importArticle("Accessibility test");
  const context = await browser.newContext({ storageState: STORAGE.editor });
  const page = await context.newPage();
  await openInEditor(page, article.headline);
  await publishFirstTime(page);
  await publishHeadlineCorrection(page, `${article.headline} (corrected)`, "An earlier version of this article gave the wrong date for the ceremony.");
  await context.close();
});

const pages = [
  { name: "front page", path: () => "/" },
  { name: "article page", path: () => articleUrl(article.slug) },
  { name: "corrections page", path: () => "/corrections" },
];

const widths = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "320 px", viewport: { width: 320, height: 640 } },
];

for (const width of widths) {
  test.describe(`at ${width.name}`, () => {
    test.use({ viewport: width.viewport, storageState: SIGNED_OUT });

    for (const target of pages) {
      test(`${target.name} has no serious or critical axe violations`, async ({ page }) => {
        const response = await page.goto(target.path());
        expect(response?.status()).toBe(200);
        expect(await seriousA11yViolations(page)).toEqual([]);

        await expect(page.locator("h1")).toHaveCount(1);
        await expect(page.getByRole("banner")).toHaveCount(1);
        await expect(page.getByRole("main")).toHaveCount(1);
        await expect(page.getByRole("contentinfo")).toHaveCount(1);
        for (const image of await page.locator("img").all()) expect(await image.getAttribute("alt")).toBeTruthy();

        // Usable at this width: nothing forces sideways scrolling.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      });
    }
  });
}

test("the skip link is the first stop for the keyboard and moves focus to the content", async ({ page }) => {
  await page.goto(articleUrl(article.slug));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // The next Tab moves on from the content, not back to the masthead.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("header.masthead") ?? null)).toBeNull();
});
