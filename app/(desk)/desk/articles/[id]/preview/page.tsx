import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DraftPreviewBanner } from "@/components/desk/publishing/draft-preview";
import { ArticleView } from "@/components/site/article-view";
import { requirePageUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getDraftForPreview } from "@/lib/publishing";
import { siteConfig } from "@/lib/site/config";
import { articleViewFromSnapshot } from "@/lib/site/preview";
import styles from "@/components/desk/publishing/draft-preview.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Draft preview",
  robots: { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } },
};

type Props = { params: Promise<{ id: string }> };

// GET /desk/articles/[id]/preview — any signed-in desk user: the current draft exactly as publishing would show it
export default async function DraftPreviewPage({ params }: Props) {
  const { id } = await params;
  // Signed-out visitors are sent to the login page (the proxy does too); they never get the draft.
  await requirePageUser("reporter", `/desk/articles/${encodeURIComponent(id)}/preview`);
  const draft = await getDraftForPreview(id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const view = await articleViewFromSnapshot(draft.snapshot, {
    publishedAt: draft.firstPublishedAt,
    updatedAt: draft.publicUpdatedAt,
    corrections: draft.corrections,
    taxonomy: draft.taxonomy,
  });
  return (
    <div className={styles.preview}>
      <DraftPreviewBanner status={draft.status} version={draft.version} />
      <p>
        <Link href={`/desk/articles/${draft.articleId}`}>← Back to the editor</Link>
      </p>
      <div className={styles.page}>
        <ArticleView {...view} timeZone={siteConfig().timeZone} />
      </div>
    </div>
  );
}
