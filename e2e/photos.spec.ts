import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, e2eEnv } from "../playwright.config";
import { SIGNED_OUT, STORAGE } from "./support/auth";
import { openInEditor, publishFirstTime, saveStatus } from "./support/desk";
import { importDocument, letters, uniqueName } from "./support/documents";
import { testJpeg } from "../lib/media/test-support/images";

// Photos with images, as an editor adds them: upload a wire JPEG (IPTC caption and credit, made
// once with exiftool and committed), confirm what the file says, write alt text, set the focal
// point, publish; a reader sees the picture. A file that is not an image is refused and nothing
// is stored. The article is imported per test through the CLI.

const FIXTURE = path.resolve(import.meta.dirname, "../lib/media/fixtures/iptc-wire-photo.jpg");
const FIXTURE_CAPTION = "Firefighters tackle a blaze at a warehouse in Dortmund, Germany, on Saturday.";
const FIXTURE_CREDIT = "AP/Martin Meissner";
const MEDIA_DIR = path.resolve(import.meta.dirname, "..", e2eEnv.COPYDESK_DATA_DIR, "media");

async function storedFiles(): Promise<number> {
  try {
    return (await readdir(MEDIA_DIR, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length;
  } catch {
    return 0;
  }
}

/** The library's count of images, as the desk shows it. */
async function libraryCount(page: Page): Promise<string> {
  await page.goto("/desk/media");
  return (await page.getByRole("status").first().textContent()) ?? "";
}

const addPhotosInput = (page: Page) => page.getByLabel(/^Add photos/);
const photoGroup = (page: Page, number: number) => page.getByRole("group", { name: `Photo ${number}`, exact: true });

/**
 * Drags photo `from` by its handle and drops it on photo `to`, as an editor does on a long page:
 * the drag starts, the page scrolls to the other photo (the browser scrolls near the window's edge),
 * and the photo is dropped there. Not `locator.dragTo`: it scrolls the target into view between the
 * press and the first move, and Chromium then never starts the drag (no dragstart at all).
 */
async function dragPhoto(page: Page, from: number, to: number) {
  const handle = photoGroup(page, from).getByTitle("Drag to move this photo");
  await handle.hover();
  const start = (await handle.boundingBox())!;
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 8, start.y + start.height / 2 + 8);
  const target = photoGroup(page, to).locator("legend");
  await target.evaluate((element) => element.scrollIntoView({ block: "center" }));
  const end = (await target.boundingBox())!;
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 4 });
  await page.mouse.up();
}

test.describe("photos with images", () => {
  test.use({ storageState: STORAGE.editor });

  test("an uploaded wire photo is prefilled from its IPTC, gets alt text and a focal point, and readers see it", async ({ page, browser }) => {
    const { headline, slug } = await importDocument({ headline: uniqueName("Warehouse fire"), repeatHeadline: true, paragraphs: ["Firefighters fought a blaze on Saturday."] });
    await openInEditor(page, headline);

    await addPhotosInput(page).setInputFiles(FIXTURE);
    await expect(page.getByRole("list", { name: "Uploads" }).getByRole("status")).toHaveText("added as photo 1");
    const photo = page.getByRole("group", { name: "Photo 1", exact: true });
    // What the file says, for the editor to confirm: caption and credit, and the rest.
    const review = page.getByTestId("prefill-1");
    await expect(review).toContainText(FIXTURE_CAPTION);
    await expect(review).toContainText(FIXTURE_CREDIT);
    await expect(review).toContainText("Martin Meissner");
    await review.getByRole("button", { name: "Use the file's caption and credit" }).click();
    await expect(review).toBeHidden();
    await expect(photo.getByRole("textbox", { name: "Caption" })).toHaveText(FIXTURE_CAPTION);
    await expect(photo.getByLabel("Credit", { exact: true })).toHaveValue(/.+/);
    await expect(photo.getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(FIXTURE_CREDIT);

    // No alt text yet: flagged beside the photo and in the fact-check panel.
    await expect(photo.getByText("This photo has no alt text")).toBeVisible();
    await expect(page.getByTestId("factcheck-panel")).toContainText("Alt text of photo 1");
    const alt = "Firefighters on a ladder spray water onto a burning warehouse roof";
    await photo.getByLabel("Alt text").fill(alt);
    await expect(photo.getByText("This photo has no alt text")).toBeHidden();

    // The focal point: a click on the picture, a quarter across and three quarters down.
    const picture = photo.getByRole("button", { name: /Set the focal point of photo 1/ });
    const box = (await picture.boundingBox())!;
    await picture.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
    await expect(photo.getByText(/Focal point: 2[4-6]% across, 7[4-6]% down\./)).toBeVisible();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await publishFirstTime(page);

    const reader = await browser.newContext({ storageState: SIGNED_OUT });
    try {
      const readerPage = await reader.newPage();
      await readerPage.goto(`/articles/${slug}`);
      const figure = readerPage.locator("figure.photo").first();
      const image = figure.locator("img");
      await expect(image).toHaveAttribute("alt", alt);
      await expect(image).toHaveAttribute("srcset", /\/media\/[0-9a-f]{64}\/320\.jpg 320w, \/media\/[0-9a-f]{64}\/640\.jpg 640w/);
      await expect(figure.locator("source[type='image/webp']")).toHaveAttribute("srcset", /\/media\/[0-9a-f]{64}\/640\.webp 640w/);
      await expect(figure.locator("figcaption")).toContainText(FIXTURE_CAPTION);
      await expect(figure.locator("figcaption")).toContainText(FIXTURE_CREDIT);
      // The picture itself loads for the anonymous reader, and the social card is cut at the focal point.
      await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
      const ogImage = await readerPage.locator("meta[property='og:image']").getAttribute("content");
      expect(ogImage).toMatch(/\/media\/[0-9a-f]{64}\/og-2[4-6]-7[4-6]-1200\.jpg$/);
      const card = await reader.request.get(new URL(ogImage!, baseURL).toString());
      expect(card.status()).toBe(200);
      expect(card.headers()["content-type"]).toBe("image/jpeg");
    } finally {
      await reader.close();
    }
  });

  test("a renamed text file is refused with its message and nothing is stored", async ({ page }) => {
    const { headline } = await importDocument({ headline: uniqueName("Council meeting"), repeatHeadline: true, paragraphs: ["The council met on Monday."] });
    const countBefore = await libraryCount(page);
    const filesBefore = await storedFiles();
    await openInEditor(page, headline);

    await addPhotosInput(page).setInputFiles({ name: "minutes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("Minutes of the council meeting, renamed.\n".repeat(40)) });
    await expect(page.getByRole("alert").filter({ hasText: "minutes.jpg was not added" })).toHaveText(
      "minutes.jpg was not added: This file is not an image we can use. Upload a JPEG, PNG, WebP or AVIF image.",
    );
    await expect(page.getByRole("group", { name: "Photo 1", exact: true })).toHaveCount(0);
    expect(await storedFiles()).toBe(filesBefore);
    expect(await libraryCount(page)).toBe(countBefore);
  });

  test("the media library finds an image by caption and photographer, reuses it in another article and replaces it everywhere", async ({ page }) => {
    const word = letters();
    const photographer = `Ines ${letters()}`;
    const caption = `Boats moored in the ${word} harbour at dawn`;
    const uploaded = await page.request.post("/api/media", {
      headers: { "content-type": "application/octet-stream", "x-file-name": "harbour.jpg" },
      data: await testJpeg({ caption, creator: photographer, creditLine: "Reuters" }),
    });
    expect(uploaded.status()).toBe(201);
    const image = (await uploaded.json()) as { id: string; hash: string };
    const { headline } = await importDocument({ headline: uniqueName("Harbour festival"), repeatHeadline: true, paragraphs: ["The festival opened on Friday."] });

    for (const query of [word, photographer]) {
      await page.goto(`/desk/media?q=${encodeURIComponent(query)}`);
      const row = page.locator(`tr[data-media-id="${image.id}"]`);
      await expect(row).toContainText(caption);
      await expect(row).toContainText(`Reuters/${photographer}`);
      await expect(row).toContainText("Not used in any article");
    }

    await page.goto(`/desk/media/${image.id}`);
    await page.getByLabel("Find the article").fill(headline);
    await page.getByRole("button", { name: "Find" }).click();
    await page.getByRole("button", { name: `Add to this article: ${headline}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added as a new photo" })).toBeVisible();

    await page.goto(`/desk/media?q=${encodeURIComponent(word)}`);
    const used = page.locator(`tr[data-media-id="${image.id}"]`);
    await expect(used).toContainText("1 article, 0 published");
    await expect(used.getByRole("link", { name: headline })).toBeVisible();
    // The credit travelled with the image.
    await openInEditor(page, headline);
    const photo = page.getByRole("group", { name: "Photo 1", exact: true });
    await expect(photo.getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}`);
    await expect(photo.getByRole("textbox", { name: "Caption" })).toHaveText(caption);

    // Replace everywhere with another upload.
    await page.goto(`/desk/media/${image.id}`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByLabel("Replacement image (JPEG, PNG, WebP or AVIF)").setInputFiles({ name: "better.jpg", mimeType: "image/jpeg", buffer: await testJpeg({ caption: `Better ${word}` }) });
    await expect(page.getByText(/^Uploaded: 400×300/)).toBeVisible();
    await page.getByRole("button", { name: "Replace everywhere" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Replaced in 1 article." })).toContainText("draft changed");
    await page.goto(`/desk/media?q=${encodeURIComponent(word)}`);
    await expect(page.locator(`tr[data-media-id="${image.id}"]`)).toContainText("Not used in any article");
    await expect(page.locator("tr", { hasText: `Better ${word}` })).toContainText("1 article, 0 published");
  });

  test("several images chosen or dropped at once each become a photo, and an image attached to an imported caption keeps that caption", async ({ page }) => {
    const word = letters();
    const imported = `Dancers open the ${word} carnival`;
    const { headline } = await importDocument({
      headline: uniqueName("Carnival parade"),
      repeatHeadline: true,
      paragraphs: ["The parade started at noon."],
      // Two captions: the importer reads a lone last line as text, not as a photo.
      captions: [`${imported} - AP/Ana ${word}`, `Drummers lead the ${word} parade - AP/Ana ${word}`],
    });
    await openInEditor(page, headline);
    const first = photoGroup(page, 1);
    await expect(first.getByRole("button", { name: /Set the focal point of photo 1/ })).toHaveCount(0);

    // An image for the imported caption: the file's own caption is offered, not written over the desk's.
    await first.getByLabel(/^Attach image/).setInputFiles({ name: "dancers.jpg", mimeType: "image/jpeg", buffer: await testJpeg({ caption: `A file caption ${word}` }) });
    await expect(first.getByRole("button", { name: /Set the focal point of photo 1/ })).toBeVisible();
    await expect(page.getByTestId("prefill-1")).toContainText(`The file's caption differs from yours (yours is kept): “A file caption ${word}”`);
    await expect(first.getByRole("textbox", { name: "Caption" })).toHaveText(imported);

    // Two files chosen together, then one dropped on the drop zone. The uploads are held at the
    // server's door a moment: each file shows its own progress until its answer comes.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/media", async (route) => {
      await held;
      await route.continue();
    });
    await addPhotosInput(page).setInputFiles([
      { name: "float.jpg", mimeType: "image/jpeg", buffer: await testJpeg() },
      { name: "band.jpg", mimeType: "image/jpeg", buffer: await testJpeg() },
    ]);
    const uploads = page.getByRole("list", { name: "Uploads" });
    await expect(uploads.getByRole("progressbar", { name: "Uploading float.jpg" })).toBeVisible();
    await expect(uploads.getByRole("progressbar", { name: "Uploading band.jpg" })).toBeVisible();
    release();
    await expect(uploads.getByRole("status")).toHaveText([/added as photo [34]/, /added as photo [34]/]);
    await expect(uploads.getByRole("progressbar")).toHaveCount(0);
    await page.unroute("**/api/media");
    const dropped = await testJpeg();
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "crowd.jpg", { type: "image/jpeg" }));
      return transfer;
    }, [...dropped]);
    await page.getByTestId("add-photos").dispatchEvent("drop", { dataTransfer });
    await expect(uploads.locator("li", { hasText: "crowd.jpg" }).getByRole("status")).toHaveText("added as photo 5");

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await page.reload();
    await expect(photoGroup(page, 2).getByRole("button", { name: /Set the focal point of photo 2/ })).toHaveCount(0);
    for (const number of [1, 3, 4, 5]) await expect(photoGroup(page, number).getByRole("button", { name: new RegExp(`Set the focal point of photo ${number}`) })).toBeVisible();
    await expect(photoGroup(page, 1).getByRole("textbox", { name: "Caption" })).toHaveText(imported);
  });

  test("photos are reordered by drag and drop and from the keyboard; the order is kept and readers see it", async ({ page, browser }) => {
    const unique = letters();
    const captions = ["Runners at the start", "Runners on the bridge", "Runners at the finish"].map((text) => `${text} ${unique}`);
    const { headline, slug } = await importDocument({
      headline: uniqueName("City marathon"),
      repeatHeadline: true,
      paragraphs: ["Thousands ran on Sunday."],
      captions: captions.map((caption) => `${caption} - AP/Ann ${unique}`),
    });
    await openInEditor(page, headline);
    const captionsInOrder = () => page.locator(".photo-editor").getByRole("textbox", { name: "Caption" });
    await expect(captionsInOrder()).toHaveText(captions);
    const [start, bridge, finish] = captions;

    // Drag the third photo by its handle onto the first: it becomes the first.
    await dragPhoto(page, 3, 1);
    await expect(captionsInOrder()).toHaveText([finish, start, bridge]);
    await expect(page.getByRole("status").filter({ hasText: "Photo 3 is now photo 1." })).toBeAttached();

    // From the keyboard: photo 2 down; the focus stays on the photo it moved (now the last, so on "up").
    await photoGroup(page, 2).getByRole("button", { name: "Move photo 2 down" }).focus();
    await page.keyboard.press("Enter");
    await expect(captionsInOrder()).toHaveText([finish, bridge, start]);
    await expect(page.getByRole("button", { name: "Move photo 3 up" })).toBeFocused();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await page.reload();
    await expect(captionsInOrder()).toHaveText([finish, bridge, start]);
    await publishFirstTime(page);

    const reader = await browser.newContext({ storageState: SIGNED_OUT });
    try {
      const readerPage = await reader.newPage();
      await readerPage.goto(`/articles/${slug}`);
      await expect(readerPage.locator("figure.photo figcaption")).toHaveText([finish, bridge, start].map((caption) => new RegExp(caption)));
    } finally {
      await reader.close();
    }
  });

  test("a photo with an image but no alt text is flagged in the fact-check panel, and publishing asks to confirm", async ({ page }) => {
    const { headline } = await importDocument({ headline: uniqueName("Frozen lake"), repeatHeadline: true, paragraphs: ["The lake froze on Monday."] });
    await openInEditor(page, headline);
    await addPhotosInput(page).setInputFiles({ name: "lake.jpg", mimeType: "image/jpeg", buffer: await testJpeg({ caption: "Skaters on the frozen lake", creator: `Lea ${letters()}`, creditLine: "Reuters" }) });
    await expect(page.getByRole("list", { name: "Uploads" }).getByRole("status")).toHaveText("added as photo 1");
    await page.getByTestId("prefill-1").getByRole("button", { name: "Use the file's caption and credit" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await expect(page.getByTestId("factcheck-panel")).toContainText("Alt text of photo 1");

    const controls = page.getByRole("region", { name: "Publishing" });
    const publishDialog = page.getByRole("dialog", { name: "Publish this article?" });
    const confirm = page.getByRole("dialog", { name: "1 likely error is still open" });
    await controls.getByRole("button", { name: "Publish", exact: true }).click();
    await publishDialog.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(confirm).toContainText("Alt text of photo 1");
    await confirm.getByRole("button", { name: "Go back and fix" }).click();
    await expect(confirm).toBeHidden();
    await publishDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(controls).toContainText("Readers cannot see this article yet.");

    await controls.getByRole("button", { name: "Publish", exact: true }).click();
    await publishDialog.getByRole("button", { name: "Publish", exact: true }).click();
    await confirm.getByRole("button", { name: "Publish anyway" }).click();
    await expect(controls.getByRole("status")).toHaveText("Published. Readers can see the article now.");
  });

  test("an image uploaded in one article is added to another from the library in the editor, with its credit, and readers see it there", async ({ page, browser }) => {
    const word = letters();
    const photographer = `Nils ${letters()}`;
    const caption = `Skaters on the ${word} canal at dusk`;
    const first = await importDocument({ headline: uniqueName("Canal freezes"), repeatHeadline: true, paragraphs: ["The canal froze overnight."] });
    const second = await importDocument({ headline: uniqueName("Winter weekend"), repeatHeadline: true, paragraphs: ["Crowds came out on Saturday."] });

    // Article A: the upload, with the file's caption and credit.
    await openInEditor(page, first.headline);
    await addPhotosInput(page).setInputFiles({ name: "canal.jpg", mimeType: "image/jpeg", buffer: await testJpeg({ caption, creator: photographer, creditLine: "Reuters" }) });
    await expect(page.getByRole("list", { name: "Uploads" }).getByRole("status")).toHaveText("added as photo 1");
    await page.getByTestId("prefill-1").getByRole("button", { name: "Use the file's caption and credit" }).click();
    await photoGroup(page, 1).getByLabel("Alt text").fill("Skaters on a frozen canal");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);

    // Article B: the picker is a labelled modal; Escape closes it.
    await openInEditor(page, second.headline);
    const opener = page.getByRole("button", { name: "Add from library" });
    await opener.click();
    const picker = page.getByRole("dialog", { name: "Add a photo from the media library" });
    const search = picker.getByLabel("Search caption, credit or photographer");
    await expect(search).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(picker).toBeHidden();
    await opener.click();
    await search.fill(word);
    await search.press("Enter");
    await expect(picker.getByRole("status")).toHaveText(`1 image matching “${word}”.`);
    await expect(picker.getByRole("list", { name: "Library images" })).toContainText(`Reuters/${photographer}`);
    await picker.getByRole("button", { name: `Add: ${caption}` }).click();
    await expect(picker).toBeHidden();

    const photo = photoGroup(page, 1);
    await expect(photo.getByRole("textbox", { name: "Caption" })).toHaveText(caption);
    await expect(photo.getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}`);
    const alt = "Skaters glide along a frozen canal under street lamps";
    await photo.getByLabel("Alt text").fill(alt);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(page)).toHaveText(/^Saved/);
    await page.reload();
    await expect(photoGroup(page, 1).getByLabel("Credit", { exact: true }).locator("option:checked")).toHaveText(`Reuters/${photographer}`);
    await publishFirstTime(page);

    const reader = await browser.newContext({ storageState: SIGNED_OUT });
    try {
      const readerPage = await reader.newPage();
      await readerPage.goto(`/articles/${second.slug}`);
      const figure = readerPage.locator("figure.photo").first();
      await expect(figure.locator("img")).toHaveAttribute("alt", alt);
      await expect(figure.locator("figcaption")).toContainText(caption);
      await expect(figure.locator("figcaption")).toContainText(`Reuters/${photographer}`);
      await expect.poll(() => figure.locator("img").evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }

    await page.goto(`/desk/media?q=${encodeURIComponent(word)}`);
    const row = page.locator("tr[data-media-id]");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("2 articles, 1 published");
    await expect(row.getByRole("link", { name: first.headline })).toBeVisible();
    await expect(row.getByRole("link", { name: second.headline })).toBeVisible();
  });
});

