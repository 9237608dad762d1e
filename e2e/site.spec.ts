import { expect, test } from "@playwright/test";
import { SIGNED_OUT, STORAGE } from "./support/auth";
import { openInEditor, publishFirstTime, publishHeadlineCorrection } from "./support/desk";
import { importArticle, type ImportedArticle } from "./support/documents";
import { articleUrl, readerRequest } from "./support/reader";

// The reader site end to end: an article imported as a draft is invisible to readers; the
// desk publishes it and it appears everywhere; a published fix is on the very next request
// (through the in-memory page cache); unpublishing takes it away again.

test.describe.configure({ mode: "serial" });
test.use({ storageState: STORAGE.editor });

let article: ImportedArticle;
let articleId: string;

test.beforeAll(async () => {
  article = await importArticle("Reader test");
});

test("a draft is invisible to readers, including its preview URL", async ({ page }) => {
  articleId = await openInEditor(page, article.headline);
  // The editor can preview the draft…
  await page.goto(`/desk/articles/${articleId}/preview`);
  await expect(page.getByRole("heading", { level: 1, name: article.headline })).toBeVisible();

  // …readers cannot, and nothing public mentions it.
  const reader = await readerRequest();
  expect((await reader.get(articleUrl(article.slug))).status()).toBe(404);
  const preview = await reader.get(`/desk/articles/${articleId}/preview`);
  expect(await preview.text()).not.toContain(article.paragraphs[1]);
  for (const path of ["/", "/feed.xml", "/sitemap.xml", "/news-sitemap.xml"]) {
    const response = await reader.get(path);
    expect(response.status(), path).toBe(200);
    expect(await response.text(), path).not.toContain(article.slug);
  }
  await reader.dispose();
});

test("publishing puts the article on the front page, its own page, the feed and the sitemaps", async ({ page, browser }) => {
  await openInEditor(page, article.headline);
  await publishFirstTime(page);

  const readerContext = await browser.newContext({ storageState: SIGNED_OUT });
  const reader = await readerContext.newPage();
  await reader.goto("/");
  const entry = reader.getByRole("article").filter({ has: reader.getByRole("link", { name: article.headline }) });
  await expect(entry).toBeVisible();
  await expect(entry.getByText(article.captions[0].text)).toBeVisible();
  await expect(entry.getByText(`Photo: ${article.captions[0].credit}`)).toBeVisible();

  await entry.getByRole("link", { name: article.headline }).click();
  await expect(reader).toHaveURL(articleUrl(article.slug));
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(article.headline);
  await expect(reader.getByText(article.paragraphs[1])).toBeVisible();
  for (const caption of article.captions) {
    const figure = reader.locator("figure").filter({ hasText: caption.text });
    await expect(figure).toContainText(`Photo: ${caption.credit}`);
  }
  await expect(reader.getByText(/^Published \d/)).toBeVisible();

  const jsonLd = JSON.parse((await reader.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd).toMatchObject({ "@type": "NewsArticle", headline: article.headline });
  expect(Date.parse(jsonLd.datePublished)).not.toBeNaN();
  await expect(reader.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`${articleUrl(article.slug)}$`));
  await expect(reader.locator('meta[property="og:title"]')).toHaveAttribute("content", article.headline);
  await readerContext.close();

  const anonymous = await readerRequest();
  const feed = await (await anonymous.get("/feed.xml")).text();
  expect(feed).toContain(`<title>${article.headline}</title>`);
  expect(feed).toContain(article.paragraphs[2]);
  expect(await (await anonymous.get("/sitemap.xml")).text()).toContain(articleUrl(article.slug));
  expect(await (await anonymous.get("/news-sitemap.xml")).text()).toContain(`<news:title>${article.headline}</news:title>`);
  await anonymous.dispose();
});

test("a credit spelling fix shows on the very next request of every page using it", async ({ page }) => {
  const reader = await readerRequest();
  await reader.get(articleUrl(article.slug));
  expect((await reader.get(articleUrl(article.slug))).headers()["x-copydesk-cache"]).toBe("hit");

  const [agency] = article.captions[0].credit.split("/");
  const fixed = `${agency}/Martin Meissner Jr`;
  await page.goto(`/desk/credits?q=${encodeURIComponent(agency)}`);
  const form = page.getByRole("form", { name: `Edit credit ${article.captions[0].credit}` });
  await form.getByLabel("Photographer").fill("Martin Meissner Jr");
  await form.getByRole("button", { name: "Save" }).click();
  // The saved credit is listed under its new name.
  await expect(page.getByRole("form", { name: `Edit credit ${fixed}` })).toBeVisible();

  const html = await (await reader.get(articleUrl(article.slug))).text();
  expect(html).toContain(`Photo: ${fixed}`);
  expect(html).not.toContain(`${article.captions[0].credit}<`);
  expect(await (await reader.get("/")).text()).toContain(fixed);
  article = { ...article, captions: [{ ...article.captions[0], credit: fixed }, ...article.captions.slice(1)] };
  await reader.dispose();
});

test("a published correction is on the very next request, served from the page cache after that", async ({ page }) => {
  const reader = await readerRequest();
  // Warm the page cache: the second response never reaches Next.
  await reader.get(articleUrl(article.slug));
  const warm = await reader.get(articleUrl(article.slug));
  expect(warm.headers()["x-copydesk-cache"]).toBe("hit");
  await reader.get("/");
  expect((await reader.get("/")).headers()["x-copydesk-cache"]).toBe("hit");

  const corrected = `${article.headline} (corrected)`;
  const note = `An earlier version of this article misnamed the stadium (${Date.now()}).`;
  await openInEditor(page, article.headline);
  await publishHeadlineCorrection(page, corrected, note);

  const next = await reader.get(articleUrl(article.slug));
  expect(next.status()).toBe(200);
  const html = await next.text();
  expect(html).toContain(`<h1>${corrected}</h1>`);
  expect(html).toContain(note);
  expect(html).toContain("Updated <time");
  expect(await (await reader.get("/")).text()).toContain(corrected);
  const corrections = await (await reader.get("/corrections")).text();
  expect(corrections).toContain(note);
  expect(corrections).toContain(`href="${articleUrl(article.slug)}"`);

  // The new version is cached in turn.
  expect((await reader.get(articleUrl(article.slug))).headers()["x-copydesk-cache"]).toBe("hit");
  article = { ...article, headline: corrected };
  await reader.dispose();
});

test("unpublishing takes the article away from readers at once", async ({ page }) => {
  const reader = await readerRequest();
  expect((await reader.get(articleUrl(article.slug))).status()).toBe(200);

  await openInEditor(page, article.headline);
  await page.getByRole("button", { name: "Unpublish…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: /^Unpublish/ }).click();
  await expect(page.getByText("Unpublished. Readers can no longer see the article.")).toBeVisible();

  expect((await reader.get(articleUrl(article.slug))).status()).toBe(404);
  for (const path of ["/", "/feed.xml", "/sitemap.xml", "/news-sitemap.xml", "/corrections"]) {
    expect(await (await reader.get(path)).text(), path).not.toContain(article.slug);
  }
  await reader.dispose();
});

test("responses are compressed for clients that accept it and revalidate with ETags", async () => {
  const reader = await readerRequest();
  await reader.get("/corrections");
  const compressed = await reader.get("/corrections", { headers: { "accept-encoding": "br" } });
  expect(compressed.headers()["content-encoding"]).toBe("br");
  expect(compressed.headers()["vary"]).toMatch(/Accept-Encoding/i);
  const etag = compressed.headers()["etag"];
  expect(etag).toBeTruthy();
  const revalidated = await reader.get("/corrections", { headers: { "if-none-match": etag } });
  expect(revalidated.status()).toBe(304);
  await reader.dispose();
});
