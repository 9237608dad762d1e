import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { runCli } from "./support/auth";

// Reader-site test helpers: articles are imported through the CLI and published through the
// desk, as an editor would; readers are anonymous request contexts.

export interface ImportedArticle {
  headline: string;
  slug: string;
  paragraphs: string[];
  captions: Array<{ text: string; credit: string }>;
}

/** A wire document with a unique headline, imported as a draft with `copydesk import`. */
export async function importArticle(label: string): Promise<ImportedArticle> {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const headline = `${label} ${unique} as the lanterns go out over Paris`;
  const paragraphs = [
    `Standfirst for ${unique}: the last night of the Games drew a full stadium.`,
    `Body paragraph ${unique} describes the closing ceremony at the Stade de France.`,
    "Phoenix and Angele performed before the flag was handed to Los Angeles.",
  ];
  const agency = `AP${unique.slice(0, 4).toUpperCase()}`;
  const captions = [
    { text: `Athletes gather during the closing ceremony ${unique}`, credit: `${agency}/Martin Meissner` },
    { text: `Tom Cruise holds the Olympic flag ${unique}`, credit: `${agency}/Dita Alangkara` },
  ];
  const document = [
    ` date 2024-08-11 ${headline}`,
    "",
    headline,
    "",
    paragraphs.join("\n\n"),
    "",
    captions.map((caption) => `${caption.text} - ${caption.credit}`).join("\n"),
    "",
  ].join("\n");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "copydesk-site-e2e-"));
  const file = path.join(dir, `${unique}.txt`);
  await fs.writeFile(file, document);
  try {
    const result = await runCli(["import", file]);
    expect(result.code, result.stderr || result.stdout).toBe(0);
    const slug = /→ (\S+)/.exec(result.stdout)?.[1];
    expect(slug, result.stdout).toBeTruthy();
    return { headline, slug: slug!, paragraphs, captions };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Opens the article in the desk editor (the page must be signed in) and returns its id. */
export async function openInDesk(page: Page, headline: string): Promise<string> {
  await page.goto(`/desk?q=${encodeURIComponent(headline)}`);
  await page.getByRole("link", { name: headline, exact: true }).click();
  await expect(page.getByRole("heading", { name: "Publishing" })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** First publication from the desk editor's publishing panel. */
export async function publishFirstTime(page: Page) {
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published. Readers can see the article now.")).toBeVisible();
}

/** Changes the headline, saves, and publishes the change as a correction with a public note. */
export async function publishHeadlineCorrection(page: Page, newHeadline: string, note: string) {
  await page.getByLabel("Headline", { exact: true }).fill(newHeadline);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved/);
  await page.getByRole("button", { name: "Publish changes…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: /^Correction/ }).check();
  await dialog.getByLabel("Correction note (shown to readers)").fill(note);
  await dialog.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published (correction).")).toBeVisible();
}

/** An anonymous reader: no cookies, no storage state. */
export function readerRequest(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
}

export const articleUrl = (slug: string) => `/articles/${encodeURIComponent(slug)}`;
