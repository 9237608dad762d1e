import { expect, test, type Page } from "@playwright/test";
import { STORAGE } from "./support/auth";
import { openInEditor, saveStatus } from "./support/desk";
import { importDocument, letters, uniqueName } from "./support/documents";
import { ownServer } from "./support/own-server";
import { testJpeg } from "../lib/media/test-support/images";

// The editor without co-editing (COPYDESK_LIVE_EDITING=off, for a proxy that cannot pass
// WebSockets): the working copy is the page's own and reaches the database only by saving.
// "Add from library" and reordering change that copy through the same `update` the live editor
// routes to its shared document; this spec shows they are saved on this path too. It starts its
// own server with co-editing off, on the main server's database, so only this spec pays for it.

const server = ownServer({ env: { COPYDESK_LIVE_EDITING: "off" } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await server.start();
});

test.afterAll(async () => {
  await server.stop();
});

const photoGroup = (page: Page, number: number) => page.getByRole("group", { name: `Photo ${number}`, exact: true });
const captionsInOrder = (page: Page) => page.locator(".photo-editor").getByRole("textbox", { name: "Caption" });

test.describe("photos with co-editing off", () => {
  test.use({ storageState: STORAGE.editor, baseURL: server.url });

  test("a photo added from the library, with its credit, and a reorder from the keyboard are saved", async ({ page }) => {
    const word = letters();
    const photographer = `Mira ${letters()}`;
    const caption = `Ferries crossing the ${word} sound at noon`;
    const uploaded = await page.request.post("/api/media", {
      headers: { "content-type": "application/octet-stream", "x-file-name": "ferries.jpg" },
      data: await testJpeg({ caption, creator: photographer, creditLine: "Reuters" }),
    });
    expect(uploaded.status()).toBe(201);
    const existing = [`Passengers wait at the ${word} pier`, `A closed ticket office at the ${word} pier`];
    const { headline } = await importDocument({
      headline: uniqueName("Ferry strike"),
      repeatHeadline: true,
      paragraphs: ["The ferries stopped on Tuesday."],
      captions: existing.map((text) => `${text} - AP/Ola ${word}`),
    });

    await openInEditor(page, headline);
    // The saved editor: no live connection.
    await expect(page.getByTestId("live-status")).toHaveCount(0);

    await page.getByRole("button", { name: "Add from library" }).click();
    const picker = page.getByRole("dialog", { name: "Add a photo from the media library" });
    const search = picker.getByLabel("Search caption, credit or photographer");
    await search.fill(word);
    await search.press("Enter");
    await expect(picker.getByRole("status")).toHaveText(`1 image matching “${word}”.`);
    await picker.getByRole("button", { name: `Add: ${caption}` }).click();
    await expect(picker).toBeHidden();

    const added = photoGroup(page, 3);
    await expect(added.getByRole("textbox", { name: "Caption" })).toHaveText(caption);
    await expect(added.getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}`);
    const alt = "Two ferries pass each other on a calm sound";
    await added.getByLabel("Alt text").fill(alt);

    // The added photo one place up, from the keyboard; the focus stays on it.
    await added.getByRole("button", { name: "Move photo 3 up" }).focus();
    await page.keyboard.press("Enter");
    await expect(captionsInOrder(page)).toHaveText([existing[0], caption, existing[1]]);
    await expect(page.getByRole("button", { name: "Move photo 2 up" })).toBeFocused();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await page.reload();
    await expect(captionsInOrder(page)).toHaveText([existing[0], caption, existing[1]]);
    const kept = photoGroup(page, 2);
    await expect(kept.getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}`);
    await expect(kept.getByLabel("Alt text")).toHaveValue(alt);
    await expect(kept.getByRole("button", { name: /Set the focal point of photo 2/ })).toBeVisible();
  });
});
