import { expect, test, type Page } from "@playwright/test";
import { seriousA11yViolations } from "./support/a11y";
import { STORAGE } from "./support/auth";
import { openInEditor, saveStatus } from "./support/desk";
import { importDocument, letters, token } from "./support/documents";

// The fact-check in the article editor: the panel lists a name spelled two ways, marks it in the
// text, fixes it (an ordinary edit: saved, in the history), ignores it for good, teaches the house
// dictionary, lists grammar slips and misspelled places the same way, and publishing with a likely
// error open asks first. Each test imports its own
// document through the CLI, with a name invented for it.

interface ConductorStory {
  headline: string;
  /** The name as the story spells it four times. */
  right: string;
  /** The one slip, in the body's second paragraph. */
  wrong: string;
}

/**
 * A story naming its conductor four times one way (headline, body, a caption) and once another
 * way: the panel flags the odd one out as a likely error. `slipInCaption` repeats the slip in the
 * second caption.
 */
async function importConductorStory(label: string, { slipInCaption = false } = {}): Promise<ConductorStory> {
  const surname = `Vel${letters()}`;
  const right = `Ingrid ${surname}`;
  const wrong = `Ingrid ${surname.slice(0, -1)}${surname.endsWith("a") ? "e" : "a"}`;
  // An earlier story in the archive spells the name right: with the story itself, two sources
  // agree, which is what makes a slip a likely error (one source alone is only worth a look).
  await importDocument({
    headline: `${right} named principal conductor ${token()}`,
    date: "2024-06-01",
    paragraphs: [`The city orchestra has named ${right} its principal conductor.`, `${right} starts in September.`],
  });
  const { headline } = await importDocument({
    headline: `${right} opens the ${label} season ${token()}`,
    date: "2024-09-20",
    paragraphs: [
      `The city orchestra opened its season on Friday under ${right}, its new principal conductor.`,
      `The programme was new music. Critics said ${wrong} had brought fresh energy to the players.`,
      `${right} returns in November.`,
    ],
    captions: [`${right} rehearses with the orchestra - AP/Ann Lee`, `${slipInCaption ? wrong : "The audience"} at the concert hall - AP/Bo Chan`],
    photosAfter: 2,
  });
  return { headline, right, wrong };
}

const panel = (page: Page) => page.getByRole("region", { name: "Fact-check" });
/** The finding's button in the panel: "High Ingrid Vela → Ingrid Vele Body ¶2". */
const findingButton = (page: Page, story: ConductorStory) =>
  panel(page).getByRole("button", { name: `${story.wrong} → ${story.right}` });

test.use({ storageState: STORAGE.editor });

test("the panel lists a name spelled two ways; choosing it marks the text; Fix changes it and the history shows the fix", async ({ page }) => {
  const story = await importConductorStory("autumn");
  const articleId = await openInEditor(page, story.headline);

  const finding = findingButton(page, story);
  await expect(finding).toBeVisible();
  await expect(finding).toContainText("High");
  await expect(finding).toContainText("Body ¶2");
  await expect(panel(page).getByRole("status").first()).toHaveText(/finding/);

  await finding.click();
  await expect(finding).toHaveAttribute("aria-pressed", "true");
  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body.locator("mark.factcheck-highlight")).toHaveText(story.wrong);

  await panel(page).getByRole("button", { name: "Fix", exact: true }).click();
  await expect(body).toContainText(`Critics said ${story.right} had brought`);
  await expect(body).not.toContainText(story.wrong);
  await expect(body.locator("mark.factcheck-highlight")).toHaveCount(0);
  await expect(findingButton(page, story)).toHaveCount(0);
  await expect(panel(page)).toContainText(`Replaced “${story.wrong}” with “${story.right}”`);
  // Undo works: the fix was an editor transaction.
  await body.click();
  await page.keyboard.press("Control+z");
  await expect(body).toContainText(`Critics said ${story.wrong} had`);
  await page.keyboard.press("Control+Shift+z");
  await expect(body).toContainText(`Critics said ${story.right} had`);

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(saveStatus(page)).toHaveText(/^Saved at/);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText(`Critics said ${story.right} had`);
  await expect(panel(page).getByRole("status").first()).toHaveText(/No problems found|finding/);
  await expect(findingButton(page, story)).toHaveCount(0);

  await page.goto(`/desk/articles/${articleId}/history`);
  const changes = page.getByRole("region", { name: /Changes from version 1 to version 2/ });
  await expect(changes.locator("del")).toContainText([story.wrong.split(" ")[1]]);
  await expect(changes.locator("ins")).toContainText([story.right.split(" ")[1]]);
});

test("Fix everywhere replaces the slip in the body and the captions", async ({ page }) => {
  const story = await importConductorStory("winter", { slipInCaption: true });
  await openInEditor(page, story.headline);
  await findingButton(page, story).first().click();
  await panel(page).getByRole("button", { name: "Fix everywhere" }).click();
  await expect(page.getByRole("textbox", { name: "Body" })).not.toContainText(story.wrong);
  await expect(page.getByRole("textbox", { name: "Caption" }).nth(1)).toHaveText(`${story.right} at the concert hall`);
  await expect(panel(page)).toContainText("2 times");
  await expect(findingButton(page, story)).toHaveCount(0);
  await expect(saveStatus(page)).toHaveText(/^Saved at/, { timeout: 8_000 });
});

test("Ignore removes the finding, and it stays ignored after a reload until shown again", async ({ page }) => {
  const story = await importConductorStory("spring");
  await openInEditor(page, story.headline);
  await findingButton(page, story).click();
  await panel(page).getByRole("button", { name: "Ignore" }).click();
  await expect(findingButton(page, story)).toHaveCount(0);
  await expect(panel(page)).toContainText(`Ignored “${story.wrong}” → “${story.right}” in this article.`);
  // Nothing in the text changed.
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText(story.wrong);
  await expect(saveStatus(page)).toHaveText("Saved");

  await page.reload();
  await expect(panel(page).getByRole("status").first()).toHaveText(/No problems found|finding/);
  await expect(findingButton(page, story)).toHaveCount(0);
  await panel(page).getByText("Ignored in this article (1)").click();
  await panel(page).getByRole("button", { name: "Show again" }).click();
  await expect(findingButton(page, story)).toBeVisible();
});

test("a tie (a name spelt two ways, once each) is one finding offering both spellings; choosing one is a live edit others see", async ({ page, browser }) => {
  const root = `Kow${letters().slice(0, 3)}`;
  const [first, second] = [`${root}czyk`, `${root}cyzk`];
  const { headline } = await importDocument({
    headline: `Derby settled early ${token()}`,
    date: "2024-10-12",
    paragraphs: [`The derby was settled early: ${first} scored twice before half-time.`, `The coach said ${second} had been unplayable all week.`],
  });
  await openInEditor(page, headline);
  // A second editor in the story: the chosen spelling reaches them as an ordinary co-edit.
  const other = await browser.newContext({ storageState: STORAGE.admin });
  const otherPage = await other.newPage();
  await openInEditor(otherPage, headline);
  await expect(otherPage.getByTestId("live-status")).toHaveText("Live");

  const tie = panel(page).getByRole("button", { name: `${first} or ${second}?` });
  await expect(tie).toHaveCount(1);
  await expect(tie).toContainText("Low");
  await expect(panel(page)).toContainText(`${first} or ${second}? Both spellings appear once`);
  await tie.click();
  // Neither spelling is taken for right: no lone Fix, no Fix everywhere, one choice per spelling.
  await expect(panel(page).getByRole("button", { name: "Fix", exact: true })).toHaveCount(0);
  await expect(panel(page).getByRole("button", { name: "Fix everywhere" })).toHaveCount(0);
  await expect(panel(page).getByRole("button", { name: `Use “${first}”` })).toBeVisible();
  await panel(page).getByRole("button", { name: `Use “${second}”` }).click();

  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body).toContainText(`settled early: ${second} scored`);
  await expect(body).not.toContainText(first);
  await expect(panel(page)).toContainText(`Replaced “${first}” with “${second}” (Body ¶1).`);
  await expect(panel(page).getByRole("button", { name: `Add “${first}” to the dictionary` })).toBeVisible();
  await expect(tie).toHaveCount(0);
  await expect(otherPage.getByRole("textbox", { name: "Body" })).toContainText(`settled early: ${second} scored`);
  await expect(saveStatus(page)).toHaveText(/^Saved/, { timeout: 8_000 });
  await other.close();
});

test("Add to dictionary teaches the house dictionary, and the dictionary page lists it", async ({ page }) => {
  const story = await importConductorStory("summer");
  await openInEditor(page, story.headline);
  await findingButton(page, story).click();
  await panel(page).getByRole("button", { name: "Add to dictionary" }).click();
  await expect(panel(page)).toContainText(`The house dictionary now lists “${story.wrong}” as a misspelling of “${story.right}”.`);
  // The dictionary now backs the finding.
  await expect(panel(page).getByText("house dictionary spells it")).toBeVisible();

  await page.goto(`/desk/dictionary?q=${encodeURIComponent(story.right)}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: story.right }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("listitem")).toHaveText([story.wrong]);
});

test("grammar findings are in the panel: Fix corrects the sentence, Ignore leaves it", async ({ page }) => {
  const { headline } = await importDocument({
    headline: `Marathon day in the city ${token()}`,
    date: "2024-10-06",
    paragraphs: [
      "The city marathon started at nine, with more than ten thousand runners on the course.",
      "Athletes waves flags as they cross the line at the finish on the river bank.",
      "Later in the square an artists perform for the crowd until the light goes.",
    ],
  });
  await openInEditor(page, headline);
  const body = page.getByRole("textbox", { name: "Body" });

  const agreement = panel(page).getByRole("button", { name: "Athletes waves → Athletes wave" });
  await expect(agreement).toBeVisible();
  await expect(agreement).toContainText("Body ¶2");
  await agreement.click();
  await expect(body.locator("mark.factcheck-highlight")).toHaveText("Athletes waves");
  // A grammar fix belongs to its sentence: no "Fix everywhere".
  await expect(panel(page).getByRole("button", { name: "Fix everywhere" })).toHaveCount(0);
  await panel(page).getByRole("button", { name: "Fix", exact: true }).click();
  await expect(body).toContainText("Athletes wave flags as they cross the line");
  await expect(agreement).toHaveCount(0);

  const article = panel(page).getByRole("button", { name: "an artists → an artist" });
  await article.click();
  await panel(page).getByRole("button", { name: "Ignore" }).click();
  await expect(article).toHaveCount(0);
  await expect(body).toContainText("an artists perform");
  await expect(saveStatus(page)).toHaveText(/^Saved/, { timeout: 8_000 });
});

test("a misspelled place is in the panel; Add to dictionary teaches it, Fix corrects it", async ({ page }) => {
  const { headline } = await importDocument({
    headline: `House fire in the midlands ${token()}`,
    date: "2024-11-03",
    paragraphs: [
      "Gardaí were called to a house fire in Tullamore, Co Offlay, late on Sunday night.",
      "Nobody was hurt, and the fire service said the cause was an electrical fault.",
    ],
  });
  await openInEditor(page, headline);
  const place = panel(page).getByRole("button", { name: "Offlay → Offaly" });
  await expect(place).toBeVisible();
  await expect(place).toContainText("High");
  await place.click();
  await panel(page).getByRole("button", { name: "Add to dictionary" }).click();
  await expect(panel(page)).toContainText("The house dictionary now lists “Offlay” as a misspelling of “Offaly”.");
  await expect(panel(page).getByText("house dictionary spells it")).toBeVisible();

  await panel(page).getByRole("button", { name: "Offlay → Offaly" }).click();
  await panel(page).getByRole("button", { name: "Fix", exact: true }).click();
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText("in Tullamore, Co Offaly, late on Sunday");
  await expect(panel(page).getByRole("button", { name: "Offlay → Offaly" })).toHaveCount(0);

  await page.goto(`/desk/dictionary?q=Offaly`);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Offaly" }) });
  await expect(row.getByRole("listitem")).toHaveText(["Offlay"]);
});

test("publishing with a likely error open asks to confirm; going back does not publish", async ({ page }) => {
  const story = await importConductorStory("gala");
  await openInEditor(page, story.headline);
  await expect(findingButton(page, story)).toBeVisible();

  const controls = page.getByRole("region", { name: "Publishing" });
  await controls.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Publish" }).click();
  const confirm = page.getByRole("dialog", { name: "1 likely error is still open" });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(`“${story.wrong}” → “${story.right}” (Body ¶2)`);
  await expect(confirm.getByRole("button", { name: "Go back and fix" })).toBeFocused();
  await confirm.getByRole("button", { name: "Go back and fix" }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Cancel" }).click();
  await expect(controls).toContainText("Readers cannot see this article yet.");

  await controls.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Publish this article?" }).getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog", { name: "1 likely error is still open" }).getByRole("button", { name: "Publish anyway" }).click();
  await expect(controls.getByRole("status")).toHaveText("Published. Readers can see the article now.");
});

test("editors keep the dictionary on its page (add, edit, delete); reporters can only read it", async ({ page, browser }) => {
  const canonical = `Zorvath ${letters()}`;
  await page.goto("/desk/dictionary");
  const form = page.getByRole("form", { name: "Add an entry" });
  await form.getByLabel("Canonical spelling").fill(canonical);
  await form.getByLabel("Known misspellings").fill(canonical);
  await form.getByRole("button", { name: "Add entry" }).click();
  const variants = form.getByRole("textbox", { name: "Known misspellings" });
  await expect(variants).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(`“${canonical}” is the canonical spelling itself.`)).toBeVisible();

  await variants.fill(`${canonical}h\n${canonical.toLowerCase()}`);
  await form.getByRole("button", { name: "Add entry" }).click();
  await expect(page.getByText(`Added “${canonical}”.`)).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: canonical, exact: true }) });
  await expect(row.getByRole("listitem")).toHaveText([`${canonical}h`, canonical.toLowerCase()]);

  await row.getByRole("button", { name: `Edit “${canonical}”` }).click();
  const edit = page.getByRole("form", { name: `Edit “${canonical}”` });
  await edit.getByLabel("Known misspellings").fill(`${canonical}e`);
  await edit.getByLabel("Kind").selectOption({ label: "Band or artist" });
  await edit.getByRole("button", { name: "Save entry" }).click();
  await expect(page.getByText(`Saved “${canonical}”.`)).toBeVisible();
  await expect(row.getByRole("listitem")).toHaveText([`${canonical}e`]);
  await expect(row).toContainText("Band or artist");

  const reporter = await browser.newContext({ storageState: STORAGE.reporter });
  const reporterPage = await reporter.newPage();
  await reporterPage.goto(`/desk/dictionary?q=${encodeURIComponent(canonical)}`);
  await expect(reporterPage.getByRole("rowheader", { name: canonical, exact: true })).toBeVisible();
  await expect(reporterPage.getByRole("form", { name: "Add an entry" })).toHaveCount(0);
  await expect(reporterPage.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
  await reporter.close();

  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: `Delete “${canonical}”` }).click();
  await expect(page.getByText(`Deleted “${canonical}”.`)).toBeVisible();
  await expect(page.getByRole("rowheader", { name: canonical, exact: true })).toHaveCount(0);
});

test("the panel and the dictionary page have no serious accessibility problems", async ({ page }) => {
  const story = await importConductorStory("chamber");
  await openInEditor(page, story.headline);
  await findingButton(page, story).click();
  await expect(panel(page).getByRole("button", { name: "Fix", exact: true })).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.goto("/desk/dictionary");
  expect(await seriousA11yViolations(page)).toEqual([]);
});
