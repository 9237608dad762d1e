import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { ACCOUNTS, STORAGE, type E2ERole } from "./support/auth";
import { openInEditor, publishFirstTime } from "./support/desk";
import { importDocument, token, uniqueName } from "./support/documents";
import { articleUrl, readerRequest } from "./support/reader";

// Comments in a live story: one person comments on a passage and mentions another, who sees the
// thread and an inbox entry arrive without reloading; the highlight stays on its passage while
// someone types before it; a reply and a resolve reach the other editor; and no reader output
// carries a word of it. Then, in one editor: comments on the body and a caption listed in reading
// order, choosing one, editing and deleting one's own, reopening, and a resolved thread whose
// passage was deleted kept in the list.

// Each test imports a story, opens one or two live editors and walks a whole conversation through
// them: on a machine others share, more than the default minute.
test.describe.configure({ timeout: 180_000 });

const FIRST = "The council approved the new cycle lanes.";
const LAST = "Work starts next week.";

async function openAs(browser: Browser, role: E2ERole, headline: string) {
  const context = await browser.newContext({ storageState: STORAGE[role] });
  const page = await context.newPage();
  await openInEditor(page, headline);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText(FIRST);
  return { page, close: () => context.close() };
}

const panel = (page: Page) => page.getByRole("region", { name: /^Comments/ });
const bodyOf = (page: Page) => page.getByRole("textbox", { name: "Body" });
const passage = (page: Page) => bodyOf(page).locator(".comment-passage");

/** Selects `words` (the first place they occur) in a rich-text field, as a mouse drag would. */
async function selectWords(field: Locator, words: string) {
  await field.click();
  await field.evaluate((root, words) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(words) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${words}" is not in the field`);
  }, words);
}

/** Comments on what is selected in the editor, once the panel shows that selection. */
async function commentOnSelection(page: Page, quote: string, text: string) {
  await expect(panel(page).getByText(`Comment on ${quote}`, { exact: true })).toBeVisible();
  await panel(page).getByRole("textbox", { name: "Comment on the selected text" }).fill(text);
  await panel(page).getByRole("button", { name: "Comment", exact: true }).click();
  await expect(panel(page).getByTestId("comment-thread").filter({ hasText: text })).toBeVisible();
}

/** Every reader-facing text of the story must leave out these words. */
async function expectNoneInReaderOutput(page: Page, slug: string, words: string[]) {
  const reader = await readerRequest();
  try {
    for (const url of [articleUrl(slug), "/feed.xml", "/"]) {
      const response = await reader.get(url);
      expect(response.status(), url).toBe(200);
      const text = await response.text();
      for (const word of words) expect(text, url).not.toContain(word);
    }
    // Read again, the page comes from the page cache. Its JSON-LD is checked on its own so a change
    // of the page's markup cannot hide it.
    const cached = await reader.get(articleUrl(slug));
    expect(cached.headers()["x-copydesk-cache"]).toBe("hit");
    const page_ = await cached.text();
    const jsonLd = [...page_.matchAll(/<script[^>]*application\/ld\+json[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
    expect(jsonLd.length).toBeGreaterThan(0);
    for (const block of jsonLd) for (const word of words) expect(block).not.toContain(word);
  } finally {
    await reader.dispose();
  }
  const preview = await page.request.get(`${new URL(page.url()).pathname}/preview`);
  expect(preview.status()).toBe(200);
  const previewText = await preview.text();
  expect(previewText).toContain(FIRST.slice(4, 20));
  for (const word of words) expect(previewText).not.toContain(word);
}

test("a comment on a passage follows its text, mentions reach the inbox live, replies and resolve reach everyone, readers see none of it", async ({ browser }) => {
  const headline = uniqueName("Comments");
  const story = await importDocument({ headline, paragraphs: [FIRST, LAST] });
  const note = `Check the council's name ${token()}`;
  const replyText = `Checked with the clerk ${token()}`;
  const editor = await openAs(browser, "editor", headline);
  const reporter = await openAs(browser, "reporter", headline);
  try {
    const unreadBefore = Number(await reporter.page.getByTestId("inbox-count").textContent());
    const editorUnreadBefore = Number(await editor.page.getByTestId("inbox-count").textContent());

    // The editor selects "council" (after "The ") with the keyboard and comments on it, mentioning the reporter.
    const body = bodyOf(editor.page);
    await body.click();
    await editor.page.keyboard.press("Control+Home");
    for (let i = 0; i < 4; i += 1) await editor.page.keyboard.press("ArrowRight");
    for (let i = 0; i < 7; i += 1) await editor.page.keyboard.press("Shift+ArrowRight");
    await expect(panel(editor.page).getByText("Comment on council", { exact: true })).toBeVisible();
    const box = panel(editor.page).getByRole("textbox", { name: "Comment on the selected text" });
    await box.fill(note);
    await box.pressSequentially(" @Re");
    await panel(editor.page).getByRole("list", { name: "Mention" }).getByRole("button", { name: `@${ACCOUNTS.reporter.name}` }).click();
    await expect(box).toHaveValue(`${note} @${ACCOUNTS.reporter.name} `);
    await panel(editor.page).getByRole("button", { name: "Comment", exact: true }).click();
    await expect(passage(editor.page)).toHaveText("council");

    // The reporter sees the thread, its highlight and the mention without reloading.
    const thread = panel(reporter.page).getByTestId("comment-thread");
    await expect(thread).toHaveCount(1);
    await expect(thread).toContainText(note);
    await expect(thread.locator(".comment-mention")).toHaveText(`@${ACCOUNTS.reporter.name}`);
    await expect(passage(reporter.page)).toHaveText("council");
    await expect(reporter.page.getByTestId("inbox-count")).toHaveText(String(unreadBefore + 1));

    // The reporter types before the passage: the highlight stays on "council" for both.
    const reporterBody = bodyOf(reporter.page);
    await reporterBody.click();
    await reporter.page.keyboard.press("Control+Home");
    await reporter.page.keyboard.type("Yesterday ");
    // Read without the reporter's caret label, which sits inside the text.
    await expect
      .poll(() =>
        bodyOf(editor.page).evaluate((body) => {
          const copy = body.cloneNode(true) as HTMLElement;
          copy.querySelectorAll(".live-caret").forEach((caret) => caret.remove());
          return copy.textContent ?? "";
        }),
      )
      .toContain("Yesterday The council");
    await expect(passage(editor.page)).toHaveText("council");
    await expect(passage(reporter.page)).toHaveText("council");

    // Choosing the thread marks its passage as the chosen one.
    await thread.getByRole("button", { name: "“council”" }).click();
    await expect(bodyOf(reporter.page).locator(".comment-passage-active")).toHaveText("council");

    // A reply reaches the other editor and the thread's author's inbox; a resolve reaches the reporter.
    await thread.getByRole("button", { name: "Reply", exact: true }).click();
    await thread.getByRole("textbox", { name: "Reply" }).fill(replyText);
    await thread.getByRole("button", { name: "Reply", exact: true }).click();
    const editorThread = panel(editor.page).getByTestId("comment-thread");
    await expect(editorThread.getByRole("list", { name: "Replies" })).toContainText(replyText);
    await expect(editor.page.getByTestId("inbox-count")).toHaveText(String(editorUnreadBefore + 1));
    await editorThread.getByRole("button", { name: "Resolve" }).click();
    await expect(panel(reporter.page).getByRole("heading")).toContainText("(0 open)");
    await expect(passage(reporter.page)).toHaveCount(0);
    await panel(reporter.page).getByText("Resolved (1)").click();
    await expect(panel(reporter.page).getByRole("list", { name: "Resolved comments" })).toContainText(note);

    // The mention is an entry in the reporter's inbox, linking to the story; reading it lowers the count.
    await reporter.page.goto("/desk/inbox");
    await expect(reporter.page.getByTestId("inbox").getByRole("link", { name: `${ACCOUNTS.editor.name} mentioned you in a comment on “${headline}”` })).toBeVisible();

    // Published: nothing of the comments in the page, its JSON-LD, the feed, the front or the desk preview.
    await publishFirstTime(editor.page);
    await expectNoneInReaderOutput(editor.page, story.slug, [note, replyText]);
  } finally {
    await editor.close();
    await reporter.close();
  }
});

test("comments on the body and a caption in reading order; choose, edit, delete, reopen; a resolved thread whose passage was deleted stays listed", async ({ browser }) => {
  const headline = uniqueName("Comment threads");
  const story = await importDocument({ headline, paragraphs: [FIRST, LAST], captions: ["A cyclist on the bridge - AP/Ann Lee"], photosAfter: 1 });
  const [onLast, onCaption, onFirst, gone] = ["last", "caption", "first", "gone"].map((label) => `On the ${label} ${token()}`);
  const editor = await openAs(browser, "editor", headline);
  try {
    const { page } = editor;
    const caption = page.getByRole("textbox", { name: "Caption" });
    await expect(caption).toContainText("cyclist");

    // Made out of reading order: the last paragraph, the caption, then the first paragraph.
    await selectWords(bodyOf(page), "next week");
    await commentOnSelection(page, "next week", onLast);
    await selectWords(caption, "cyclist");
    await commentOnSelection(page, "cyclist", onCaption);
    await selectWords(bodyOf(page), "cycle lanes");
    await commentOnSelection(page, "cycle lanes", onFirst);

    const open = panel(page).getByRole("list", { name: "Open comments" }).getByTestId("comment-thread");
    await expect(open).toHaveCount(3);
    await expect(open.nth(0)).toContainText(onFirst);
    await expect(open.nth(1)).toContainText(onLast);
    await expect(open.nth(2)).toContainText(onCaption);
    await expect(open.nth(2)).toContainText("Caption of photo 1");
    await expect(caption.locator(".comment-passage")).toHaveText("cyclist");
    await expect(passage(page)).toHaveText(["cycle lanes", "next week"]);

    // Choosing a thread highlights its passage (and only that one) and brings it into view.
    await open.nth(2).getByRole("button", { name: "“cyclist”" }).click();
    await expect(caption.locator(".comment-passage-active")).toHaveText("cyclist");
    await expect(caption.locator(".comment-passage-active")).toBeInViewport();
    await expect(bodyOf(page).locator(".comment-passage-active")).toHaveCount(0);
    await open.nth(1).getByRole("button", { name: "“next week”" }).click();
    await expect(bodyOf(page).locator(".comment-passage-active")).toHaveText("next week");
    await expect(caption.locator(".comment-passage-active")).toHaveCount(0);

    // Editing one's own comment, and a reply that is then deleted.
    const edited = `${onLast} edited`;
    await open.nth(1).getByRole("button", { name: "Edit", exact: true }).click();
    await open.nth(1).getByRole("textbox", { name: "Edit your comment" }).fill(edited);
    await open.nth(1).getByRole("button", { name: "Save comment" }).click();
    await expect(open.nth(1)).toContainText(`${edited} (edited)`);
    const replyText = `A reply to delete ${token()}`;
    await open.nth(1).getByRole("button", { name: "Reply", exact: true }).click();
    await open.nth(1).getByRole("textbox", { name: "Reply" }).fill(replyText);
    await open.nth(1).getByRole("button", { name: "Reply", exact: true }).click();
    const replies = open.nth(1).getByRole("list", { name: "Replies" });
    await expect(replies).toContainText(replyText);
    page.once("dialog", (dialog) => void dialog.accept());
    await replies.getByRole("button", { name: "Delete" }).click();
    await expect(open.nth(1).getByRole("list", { name: "Replies" })).toHaveCount(0);
    await expect(open.nth(1)).not.toContainText(replyText);

    // Deleting one's own thread (no replies) removes it.
    await selectWords(bodyOf(page), "approved");
    await commentOnSelection(page, "approved", gone);
    await expect(open).toHaveCount(4);
    const goneThread = open.filter({ hasText: gone });
    page.once("dialog", (dialog) => void dialog.accept());
    await goneThread.getByRole("button", { name: "Delete" }).click();
    await expect(open).toHaveCount(3);
    await expect(panel(page)).not.toContainText(gone);

    // Resolve and reopen.
    await open.filter({ hasText: onFirst }).getByRole("button", { name: "Resolve" }).click();
    await expect(open).toHaveCount(2);
    await expect(passage(page)).toHaveText(["next week"]);
    await panel(page).getByText("Resolved (1)").click();
    const resolved = panel(page).getByRole("list", { name: "Resolved comments" }).getByTestId("comment-thread");
    await expect(resolved).toContainText(onFirst);
    await resolved.getByRole("button", { name: "Reopen" }).click();
    await expect(open).toHaveCount(3);
    await expect(open.nth(0)).toContainText(onFirst);
    await expect(passage(page)).toHaveText(["cycle lanes", "next week"]);

    // Resolved, then its whole paragraph deleted: still in the thread list, marked as deleted.
    await open.filter({ hasText: edited }).getByRole("button", { name: "Resolve" }).click();
    await expect(open).toHaveCount(2);
    await selectWords(bodyOf(page), LAST);
    await expect(panel(page).getByText(`Comment on ${LAST}`, { exact: true })).toBeVisible();
    await page.keyboard.press("Backspace");
    await expect(bodyOf(page)).not.toContainText("next week");
    await panel(page).getByText("Resolved (1)").click();
    const kept = panel(page).getByRole("list", { name: "Resolved comments" }).getByTestId("comment-thread");
    await expect(kept).toContainText(edited);
    await expect(kept).toContainText("(this passage was deleted)");
    // After a reload (threads and passages read afresh) it is still listed.
    await page.reload();
    await expect(page.getByTestId("live-status")).toHaveText("Live");
    await panel(page).getByText("Resolved (1)").click();
    await expect(panel(page).getByRole("list", { name: "Resolved comments" })).toContainText("(this passage was deleted)");
    await expect(open).toHaveCount(2);

    await publishFirstTime(page);
    await expectNoneInReaderOutput(page, story.slug, [onFirst, onCaption, edited]);
  } finally {
    await editor.close();
  }
});
