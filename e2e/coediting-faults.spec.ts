import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { STORAGE, type E2ERole } from "./support/auth";
import { openInEditor, saveStatus, storedBodyText, typeAtEnd } from "./support/desk";
import { importDocument, token, uniqueName } from "./support/documents";
import { ownServer, type OwnServer } from "./support/own-server";

// Co-editing's faults, on a server of the test's own (the shared one must not be stopped or change
// its settings): the server restarted mid-session loses nothing a client had sent; and with live
// editing off, the second person to save a stale edit gets the conflict view and keeps their text.

const LAST = "Work starts next week.";

async function importStory(label: string) {
  const headline = uniqueName(label);
  await importDocument({ headline, paragraphs: ["The council approved the new cycle lanes.", LAST] });
  return headline;
}

interface Editor {
  page: Page;
  body: Locator;
  /** Server-page reads (RSC requests, not prefetches) the page sent after its first "saved" message. */
  readsAfterSaved: string[];
  close(): Promise<void>;
}

/**
 * Records the server-page reads (router.refresh and navigations: an `RSC: 1` header or an `_rsc`
 * query) a page sends once the collab server has first said "saved": a store is reported over the
 * socket, and a refresh sent then races a server going down (the page turns into an error page).
 * Link prefetches are left out: they fail quietly.
 */
function recordReadsAfterSaved(page: Page): string[] {
  const reads: string[] = [];
  let saved = false;
  page.on("websocket", (socket) => {
    socket.on("framereceived", ({ payload }) => {
      // Hocuspocus frames are binary; a stateless message carries its JSON text as it is.
      if (!saved && payload.toString().includes('"type":"saved"')) saved = true;
    });
  });
  page.on("request", (request) => {
    const headers = request.headers();
    const rsc = headers.rsc === "1" || new URL(request.url()).searchParams.has("_rsc");
    if (saved && rsc && !headers["next-router-prefetch"]) reads.push(`${request.method()} ${request.url()}`);
  });
  return reads;
}

/** The article's editor on `server`, in a browser context of its own signed in as `role`. */
async function openOn(server: OwnServer, browser: Browser, role: E2ERole, headline: string): Promise<Editor> {
  const context = await browser.newContext({ storageState: STORAGE[role], baseURL: server.url });
  const page = await context.newPage();
  const readsAfterSaved = recordReadsAfterSaved(page);
  // The server has just started: its first editor page is slow on a loaded machine.
  await openInEditor(page, headline, { timeout: 60_000 });
  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body).toContainText(LAST);
  return { page, body, readsAfterSaved, close: () => context.close() };
}

const liveStatus = (page: Page) => page.getByTestId("live-status");

/** The body as the editor shows it, other people's carets (name labels) left out. */
const bodyText = (editor: Editor) =>
  editor.body.evaluate((body) => {
    const copy = body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".live-caret").forEach((caret) => caret.remove());
    return copy.innerText;
  });

/** Types `text` at the end of the body's first paragraph (the other editor types at the end of the last). */
async function typeInFirstParagraph(editor: Editor, text: string) {
  await editor.body.locator("p").first().click();
  await editor.page.keyboard.press("End");
  await editor.page.keyboard.type(text);
}

// SIGTERM: the server stores the live documents before it goes. SIGKILL: it stores nothing, so what
// it had been sent but not yet stored exists only in the clients' documents, and comes back to it
// when they reconnect. Either way an editor that typed while it was down sends that too.
for (const signal of ["SIGTERM", "SIGKILL"] as const) {
  test(`the server is stopped (${signal}) and started again mid-session: both editors reconnect, nothing either typed is lost, and the page stays the editor`, async ({ browser }) => {
    test.setTimeout(360_000);
    const server = ownServer();
    const editors: Editor[] = [];
    try {
      await server.start();
      const headline = await importStory(`Night bus ${signal}`);
      const [edna, rex] = [await openOn(server, browser, "editor", headline), await openOn(server, browser, "reporter", headline)];
      editors.push(edna, rex);
      const articleId = new URL(edna.page.url()).pathname.split("/").at(-1)!;
      for (const editor of editors) await expect(liveStatus(editor.page)).toHaveText("Live");

      const words = { edna: [`edna${token()}`, `edna${token()}`], rex: [`rex${token()}`, `rex${token()}`, `rex${token()}`] };
      // Typed and stored before the stop.
      await typeAtEnd(edna.page, edna.body, ` ${words.edna[0]}`);
      await typeInFirstParagraph(rex, ` ${words.rex[0]}`);
      for (const editor of editors) for (const word of [words.edna[0], words.rex[0]]) await expect(editor.body).toContainText(word);
      for (const editor of editors) await expect(saveStatus(editor.page)).toHaveText(/^Saved at \d/, { timeout: 20_000 });

      // The last keystrokes, then the stop before the store a second later: Edna's reached the
      // server (Rex sees them), Rex's may still be on their way.
      await typeAtEnd(edna.page, edna.body, ` ${words.edna[1]}`);
      await expect(rex.body).toContainText(words.edna[1]);
      await typeInFirstParagraph(rex, ` ${words.rex[1]}`);
      await server.stop(signal);

      // Down: both say so, and Rex keeps typing.
      for (const editor of editors) await expect(liveStatus(editor.page)).toHaveText("Reconnecting…");
      await typeInFirstParagraph(rex, ` ${words.rex[2]}`);

      await server.start();
      // The provider's back-off between attempts grows while the server is down (up to 30 s).
      for (const editor of editors) await expect(liveStatus(editor.page)).toHaveText("Live", { timeout: 60_000 });
      const all = [...words.edna, ...words.rex];
      await expect(async () => {
        const texts = await Promise.all(editors.map(bodyText));
        expect(texts[1], "both editors show the same text").toBe(texts[0]);
        for (const word of all) expect(texts[0]).toContain(word);
      }).toPass({ timeout: 30_000 });
      // Stored a second after the editors resent what the server lacked.
      await expect
        .poll(async () => {
          const stored = await storedBodyText(edna.page, articleId);
          return all.filter((word) => !stored.includes(word));
        }, { message: "words missing from the stored draft", timeout: 30_000 })
        .toEqual([]);

      // Still the editor, not an error page from a refresh sent to the server as it went; and no
      // refresh was sent at all: what a store changes (version, publishing state) comes with "saved".
      for (const editor of editors) {
        await expect(editor.page).toHaveURL(new RegExp(`/desk/articles/${articleId}$`));
        await expect(editor.page.getByText("This page couldn’t load")).toHaveCount(0);
        await expect(editor.body).toBeVisible();
        expect(editor.readsAfterSaved, "server-page reads after the first store").toEqual([]);
      }
    } catch (error) {
      throw new Error(`${String(error)}\n--- own server's output ---\n${server.output()}`, { cause: error });
    } finally {
      await Promise.all(editors.map((editor) => editor.close()));
      await server.stop("SIGKILL");
    }
  });
}

test("with live editing off, the second person to save a stale edit gets the conflict view and keeps their text", async ({ browser }) => {
  test.setTimeout(240_000);
  const server = ownServer({ env: { COPYDESK_LIVE_EDITING: "off" } });
  const editors: Editor[] = [];
  try {
    await server.start();
    const headline = await importStory("Ferry fares");
    const [edna, admin] = [await openOn(server, browser, "editor", headline), await openOn(server, browser, "admin", headline)];
    editors.push(edna, admin);
    const articleId = new URL(edna.page.url()).pathname.split("/").at(-1)!;
    // The saved editor: no live session, and each save names the version it started from.
    await expect(liveStatus(edna.page)).toHaveCount(0);

    // No word in common, so the word diff shows each line whole.
    const adminsLine = ` Administrator ${token()} objects`;
    await typeAtEnd(admin.page, admin.body, adminsLine);
    await admin.page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(admin.page)).toHaveText(/^Saved at \d/);
    // Edna opened the story before that save and does not see it.
    await expect(edna.body).not.toContainText(adminsLine.trim());

    const ednasLine = ` Edna ${token()} agrees`;
    await typeAtEnd(edna.page, edna.body, ednasLine);
    await edna.page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(saveStatus(edna.page)).toHaveText("Conflict: not saved");
    const conflict = edna.page.getByRole("region", { name: /saved a newer version/ });
    await expect(conflict.getByRole("heading", { level: 2 })).toHaveText("Not saved: Administrator saved a newer version");
    // The administrator's line struck through, hers underlined; her text is still in the editor.
    await expect(conflict.locator("del").filter({ hasText: adminsLine.trim() })).toHaveCount(1);
    await expect(conflict.locator("ins").filter({ hasText: ednasLine.trim() })).toHaveCount(1);
    await expect(edna.body).toContainText(ednasLine.trim());
    await expect(edna.page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
    const stored = await storedBodyText(edna.page, articleId);
    expect(stored).toContain(adminsLine.trim());
    expect(stored).not.toContain(ednasLine.trim());

    // Loading their version keeps hers in this browser, to restore; restored, it is saved against
    // the version it started from, so it meets the conflict again rather than overwriting quietly.
    edna.page.once("dialog", (dialog) => void dialog.accept());
    await conflict.getByRole("button", { name: "Load their version" }).click();
    await expect(conflict).toBeHidden();
    await expect(edna.body).toContainText(adminsLine.trim());
    await expect(edna.body).not.toContainText(ednasLine.trim());
    const kept = edna.page.getByRole("region", { name: "Text kept in this browser" });
    await expect(kept).toContainText("started from version 1");
    await kept.getByRole("button", { name: "Restore that text" }).click();
    await expect(edna.body).toContainText(ednasLine.trim());
    await expect(saveStatus(edna.page)).toHaveText("Conflict: not saved");

    // Overwriting is her deliberate choice: her text is the stored draft.
    await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
    await expect(saveStatus(edna.page)).toHaveText(/^Saved at \d/);
    await expect(conflict).toBeHidden();
    expect(await storedBodyText(edna.page, articleId)).toContain(ednasLine.trim());
  } catch (error) {
    throw new Error(`${String(error)}\n--- own server's output ---\n${server.output()}`, { cause: error });
  } finally {
    await Promise.all(editors.map((editor) => editor.close()));
    await server.stop("SIGKILL");
  }
});
