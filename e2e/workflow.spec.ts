import { expect, test, type APIRequestContext } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { instantToWallTime } from "../lib/scheduling/time-zone";
import { ACCOUNTS, SIGNED_OUT, STORAGE } from "./support/auth";
import { openInEditor } from "./support/desk";
import { importDocument, letters, uniqueName } from "./support/documents";

// The hand-off and timed publishing as a desk lives it: a reporter submits, the editor finds the
// story in "ready for edit", gives it a byline, section and tag, schedules it a few seconds
// ahead from the publish dialog, and readers see it — article, section, tag and author pages —
// at the time and not before. The story and every name are this test's own.

const status = async (api: APIRequestContext, path: string) => (await api.get(path, { maxRedirects: 0 })).status();

test("a reporter submits, the editor schedules, readers see the story at the time and not before", async ({ browser, playwright }) => {
  test.setTimeout(120_000);
  const { headline, slug } = await importDocument({ headline: uniqueName("Marathon record falls"), repeatHeadline: true, paragraphs: ["The course record fell by a minute."] });
  const section = `Sport ${letters()}`;
  // A tag in another script keeps its letters in its address (percent-encoded in links).
  const tag = `東京 ${letters()}`;
  const contributor = `Guest ${letters()}`;
  const reader = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  const editorPage = await (await browser.newContext({ storageState: STORAGE.editor })).newPage();
  const reporterPage = await (await browser.newContext({ storageState: STORAGE.reporter })).newPage();

  // The editor assigns the story: Rex reports, Edna edits.
  await openInEditor(editorPage, headline);
  const assign = editorPage.getByRole("form", { name: "Assign the story" });
  await assign.getByLabel("Reporter").selectOption({ label: ACCOUNTS.reporter.name });
  await assign.getByLabel("Editor").selectOption({ label: ACCOUNTS.editor.name });
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(assign.getByRole("status")).toHaveText("Assignment saved.");

  // The reporter submits it; nothing else is offered to them.
  await openInEditor(reporterPage, headline);
  const move = reporterPage.getByRole("form", { name: "Move the story" });
  await expect(move.getByLabel("Submit")).toHaveValue("ready_for_edit");
  await move.getByRole("button", { name: "Submit for edit" }).click();
  await expect(reporterPage.getByTestId("workflow-stage")).toHaveText("Ready for edit");
  await expect(reporterPage.getByRole("button", { name: /^Publish/ })).toHaveCount(0);

  // The editor finds it among the stories ready for edit assigned to them.
  await editorPage.goto("/desk");
  await editorPage.getByLabel("Stage").selectOption({ label: "Ready for edit" });
  await editorPage.getByLabel("Assigned to me").check();
  await editorPage.getByRole("search", { name: "Articles" }).getByRole("button", { name: "Search" }).click();
  await expect(editorPage).toHaveURL(/stage=ready_for_edit/);
  await expect(editorPage.getByRole("link", { name: headline, exact: true })).toBeVisible();
  await editorPage.getByRole("link", { name: headline, exact: true }).click();

  // Byline (the reporter and an outside contributor), section and tag.
  const taxonomy = editorPage.getByRole("form", { name: "Byline, section and tags" });
  await taxonomy.getByLabel("Add a byline").selectOption({ label: `${ACCOUNTS.reporter.name} (desk)` });
  await taxonomy.getByRole("button", { name: "Add byline" }).click();
  await taxonomy.getByLabel("Or a new outside contributor: name").fill(contributor);
  await taxonomy.getByLabel("Short bio (optional)").fill("Runs marathons, writes about them.");
  await taxonomy.getByRole("button", { name: "Add contributor" }).click();
  await taxonomy.getByLabel("Section").fill(section);
  await taxonomy.getByLabel("Tags").fill(tag);
  await taxonomy.getByRole("button", { name: "Save byline, section and tags" }).click();
  await expect(taxonomy.getByRole("status")).toHaveText("Saved: Edited bylines, section, tags.");
  const sectionPath = `/sections/${section.toLowerCase().replace(" ", "-")}`;
  const tagPath = `/tags/${encodeURIComponent(tag.toLowerCase().replace(" ", "-"))}`;
  const authorPath = `/authors/${contributor.toLowerCase().replace(" ", "-")}`;

  // The draft preview shows them as readers will see them.
  const editorPath = new URL(editorPage.url()).pathname;
  await editorPage.goto(`${editorPath}/preview`);
  const preview = editorPage.getByRole("article");
  await expect(preview.getByRole("link", { name: contributor })).toHaveAttribute("href", authorPath);
  await expect(preview.getByRole("link", { name: section })).toHaveAttribute("href", sectionPath);
  await expect(preview.getByRole("navigation", { name: "Tags" }).getByRole("link", { name: tag })).toHaveAttribute("href", tagPath);
  await editorPage.goto(editorPath);

  // Schedule it a few seconds ahead, entered in newsroom time (the field's label names the zone).
  const controls = editorPage.getByRole("region", { name: "Publishing" });
  await controls.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = editorPage.getByRole("dialog", { name: "Publish this article?" });
  await dialog.getByRole("radio", { name: "Publish at a time" }).check();
  const timeField = dialog.getByLabel(/^Publish at \(/);
  const zone = /Publish at \((.+), newsroom time\)/.exec((await dialog.getByText(/newsroom time\)/).first().textContent()) ?? "")?.[1] ?? "UTC";
  const at = new Date(Date.now() + 15_000);
  at.setUTCMilliseconds(0);
  await timeField.fill(`${instantToWallTime(at, zone)}:${String(at.getUTCSeconds()).padStart(2, "0")}`);
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(controls.getByRole("status")).toContainText("Scheduled: publishes at");
  await expect(controls.getByTestId("scheduled-publish").locator("time")).toHaveAttribute("datetime", at.toISOString());

  // The desk list shows the scheduled time.
  await editorPage.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await expect(editorPage.getByTestId("scheduled-publish").locator("time")).toHaveAttribute("datetime", at.toISOString());

  // Before the time: nowhere a reader or crawler looks.
  expect(Date.now()).toBeLessThan(at.getTime());
  for (const path of [`/articles/${slug}`, sectionPath, `${sectionPath}/feed.xml`, tagPath, authorPath]) expect(await status(reader, path), path).toBe(404);
  expect(await (await reader.get("/sitemap.xml")).text()).not.toContain(slug);
  expect(await (await reader.get("/")).text()).not.toContain(headline);

  // At the time: the article, with its bylines and section, and every listing.
  await expect.poll(() => status(reader, `/articles/${slug}`), { timeout: 30_000, intervals: [250] }).toBe(200);
  const page = await (await reader.get(`/articles/${slug}`)).text();
  expect(page).toContain(ACCOUNTS.reporter.name);
  expect(page).toContain(contributor);
  expect(page).toContain(`"articleSection":"${section}"`);
  expect(page).toContain(`href="${tagPath}"`);
  for (const path of [sectionPath, tagPath, authorPath]) {
    const response = await reader.get(path);
    expect(response.status(), path).toBe(200);
    expect(await response.text(), path).toContain(headline);
  }
  expect(await (await reader.get(`${sectionPath}/feed.xml`)).text()).toContain(headline);
  expect(await (await reader.get(`${tagPath}/feed.xml`)).text()).toContain(`${tagPath}/feed.xml`);
  const sitemap = await (await reader.get("/sitemap.xml")).text();
  expect(sitemap).toContain(sectionPath);
  expect(sitemap).toContain(tagPath);
});
