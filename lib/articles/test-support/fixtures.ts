import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RoleName } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { getArticleForEditing, type ArticleEditInput } from "@/lib/articles";
import { importDocuments } from "@/lib/importer";
import { publishArticle } from "@/lib/publishing";

// Test data for lib/articles integration tests, made the way the newsroom makes it: a wire
// document written to a temp folder and imported with the real importer (article, photos,
// credits and an "import" revision), published with the real publishArticle when asked.

export const uniqueSuffix = () => randomUUID().slice(0, 8);
/** A unique capitalised word of letters only, for names the importer must read as a photographer's. */
export const uniqueName = () => `Q${uniqueSuffix().replace(/\d/g, (digit) => "ghijklmnop"[Number(digit)])}`;

const documentsDir = mkdtempSync(path.join(tmpdir(), "copydesk-articles-"));

export async function createTestUser(role: RoleName, name = `${role} ${uniqueSuffix()}`) {
  const user = await createUser({ email: `${role}-${uniqueSuffix()}@articles.test`, name, role, password: "a-long-test-password" });
  return { ...user, role };
}

export interface TestArticleSpec {
  headline?: string;
  paragraphs?: string[];
  /**
   * Captions as the wire writes them, with the credit appended as " - AGENCY/Name". No `credit`
   * means a default one ("AP/Test Photographer"); `null` means none (the importer only reads an
   * uncredited line as a caption next to credited ones).
   */
  photos?: Array<{ caption: string; credit?: { agency: string; photographer: string } | null }>;
  status?: "draft" | "published";
}

export const PICTURES_INTRO = "Here are some pictures.";
export const DEFAULT_CREDIT = { agency: "AP", photographer: "Test Photographer" };

/** A wire document in the format of seeds/*.txt. */
export function wireDocument(headline: string, paragraphs: string[], photos: NonNullable<TestArticleSpec["photos"]>): string {
  const captions = photos.map((photo) => {
    const credit = photo.credit === undefined ? DEFAULT_CREDIT : photo.credit;
    return credit ? `${photo.caption} - ${credit.agency}/${credit.photographer}` : photo.caption;
  });
  const blocks = [` date 2024-08-11 ${headline}`, ...paragraphs];
  // The importer reads a lone credited line as prose unless a line introduces the pictures.
  if (captions.length > 0) blocks.push(PICTURES_INTRO, captions.join("\n"));
  return `${blocks.join("\n\n")}\n`;
}

let publisher: Awaited<ReturnType<typeof createTestUser>> | null = null;

export async function createTestArticle(spec: TestArticleSpec = {}) {
  const suffix = uniqueSuffix();
  const headline = spec.headline ?? `Test article ${suffix}`;
  const file = path.join(documentsDir, `article-${suffix}.txt`);
  writeFileSync(file, wireDocument(headline, spec.paragraphs ?? ["First paragraph.", "Second paragraph."], spec.photos ?? []));
  const summary = await importDocuments([file]);
  const result = summary.results[0];
  if (result?.status !== "created" || !result.articleId) {
    throw new Error(`Test document did not import: ${JSON.stringify(result)}`);
  }
  if (spec.status === "published") {
    publisher ??= await createTestUser("editor", "Test Publisher");
    await publishArticle({ articleId: result.articleId, expectedVersion: 1 }, publisher);
  }
  const article = await db.article.findUniqueOrThrow({
    where: { id: result.articleId },
    include: { photos: { include: { credit: true }, orderBy: { position: "asc" } } },
  });
  return { ...article, documentPath: file };
}

/** The error a call rejected with; fails the test when it did not reject. */
export async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** What the editor sends to save the article as it stands (with `changes`): the desk's save input. */
export async function editInputOf(articleId: string, changes: Partial<ArticleEditInput> = {}): Promise<ArticleEditInput> {
  const article = await getArticleForEditing(articleId);
  return {
    articleId,
    expectedVersion: article.version,
    headline: article.headline,
    standfirst: article.standfirst,
    body: article.body,
    photos: article.photos.map((photo) => ({ id: photo.id, caption: photo.caption, alt: photo.alt, creditId: photo.credit?.id ?? null })),
    ...changes,
  };
}
