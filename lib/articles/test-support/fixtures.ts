import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { captionFromText, docFromBlocks } from "@/lib/editor";
import { createUser } from "@/lib/auth/users";
import type { RoleName } from "@/lib/auth/roles";
import { buildSnapshot } from "../snapshot";

// Test data for lib/articles integration tests, made through Prisma's typed client the way the
// importer writes an article (article + photos + an "import" revision with buildSnapshot).

export const uniqueSuffix = () => randomUUID().slice(0, 8);

export async function createTestUser(role: RoleName, name = `${role} ${uniqueSuffix()}`) {
  const user = await createUser({
    email: `${role}-${uniqueSuffix()}@articles.test`,
    name,
    role,
    password: "a-long-test-password",
  });
  return { ...user, role };
}

export interface TestArticleSpec {
  headline?: string;
  standfirst?: string;
  paragraphs?: string[];
  photos?: Array<{ caption: string; credit?: { agency: string; photographer: string } }>;
  status?: "draft" | "published";
}

export async function createTestArticle(spec: TestArticleSpec = {}) {
  const suffix = uniqueSuffix();
  const headline = spec.headline ?? `Test article ${suffix}`;
  const body = docFromBlocks((spec.paragraphs ?? ["First paragraph.", "Second paragraph."]).map((text) => ({ kind: "paragraph", text })));
  return db.$transaction(async (tx) => {
    const photos = [];
    for (const [position, photo] of (spec.photos ?? []).entries()) {
      const credit = photo.credit
        ? await tx.credit.upsert({
            where: { agency_photographer: photo.credit },
            create: photo.credit,
            update: {},
          })
        : null;
      photos.push({ position, caption: captionFromText(photo.caption), credit });
    }
    const article = await tx.article.create({
      data: {
        slug: `test-${suffix}`,
        headline,
        standfirst: spec.standfirst ?? "",
        body,
        documentDate: new Date("2024-08-11"),
        importedVersion: 1,
        photos: {
          create: photos.map((photo) => ({ position: photo.position, caption: photo.caption, creditId: photo.credit?.id ?? null })),
        },
      },
      include: { photos: { include: { credit: true }, orderBy: { position: "asc" } } },
    });
    const snapshot = buildSnapshot(article) as unknown as Prisma.InputJsonValue;
    const revision = await tx.revision.create({
      data: { articleId: article.id, version: 1, kind: "import", summary: "Imported", snapshot },
    });
    if (spec.status === "published") {
      await tx.publication.create({ data: { articleId: article.id, revisionId: revision.id, kind: "first" } });
      await tx.article.update({
        where: { id: article.id },
        data: { status: "published", publishedSnapshot: snapshot, firstPublishedAt: new Date() },
      });
    }
    return article;
  });
}
