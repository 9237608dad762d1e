import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTakenDate, formatUploaded } from "@/components/desk/media/format";
import { MediaThumb } from "@/components/desk/media/media-thumb";
import { MediaUsage } from "@/components/desk/media/media-usage";
import { ReplaceImageForm } from "@/components/desk/media/replace-image-form";
import { ReuseButton } from "@/components/desk/media/reuse-button";
import { StatusBadge } from "@/components/desk/publishing/status-badge";
import { Button, FormError } from "@/components/ui";
import { requirePageUser, roleAtLeast } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getMediaImage } from "@/lib/media/library";
import { deskArticleFilterSchema, listDeskArticles } from "@/lib/search";
import { replaceImageAction, reuseImageAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Image" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /desk/media/[id] — desk users see an image's caption, credit, file facts and every article
// using it; reuse it in another article (found with the desk search); editors replace it everywhere
export default async function MediaImagePage({ params, searchParams }: Props) {
  const { id } = await params;
  const { user } = await requirePageUser("reporter", `/desk/media/${encodeURIComponent(id)}`);
  const image = await getMediaImage(id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const query = await searchParams;
  const articleQuery = ((Array.isArray(query.article) ? query.article[0] : query.article) ?? "").trim();
  const search = articleQuery ? deskArticleFilterSchema.safeParse({ q: articleQuery }) : null;
  const candidates = search?.success ? await listDeskArticles(search.data) : null;
  const usedIn = new Set(image.articles.map((article) => article.id));
  const taken = formatTakenDate(image.dateTaken);
  const place = [image.city, image.country].filter(Boolean).join(", ");

  return (
    <div className="media-image-page">
      <p>
        <Link href="/desk/media">← Media library</Link>
      </p>
      <h1>{image.caption || image.originalName || "Image"}</h1>
      <div className="media-image-detail">
        <MediaThumb hash={image.hash} variants={image.variants.filter((variant) => variant.width <= 640)} />
        <dl className="media-facts">
          <dt>Caption</dt>
          <dd>{image.caption || <span className="muted">None in the file</span>}</dd>
          <dt>Credit</dt>
          <dd>{image.credit?.label ?? <span className="muted">None: photos using it need one before publishing</span>}</dd>
          {image.creator ? (
            <>
              <dt>Photographer</dt>
              <dd>{image.creator}</dd>
            </>
          ) : null}
          {image.copyright ? (
            <>
              <dt>Copyright</dt>
              <dd>{image.copyright}</dd>
            </>
          ) : null}
          {taken ? (
            <>
              <dt>Taken</dt>
              <dd>{taken}</dd>
            </>
          ) : null}
          {place ? (
            <>
              <dt>Place</dt>
              <dd>{place}</dd>
            </>
          ) : null}
          <dt>File</dt>
          <dd>
            {image.originalName || "Unnamed"}, {image.width}×{image.height}, uploaded {formatUploaded(image.uploadedAt)} ·{" "}
            <a href={`/api/media/${image.id}/original`}>Download the original</a>
          </dd>
        </dl>
      </div>

      <section aria-labelledby="usage-title">
        <h2 id="usage-title">Used in</h2>
        <MediaUsage articles={image.articles} articleCount={image.articleCount} publishedCount={image.publishedCount} />
      </section>

      <section aria-labelledby="reuse-title">
        <h2 id="reuse-title">Use in another article</h2>
        <p className="muted">The image is added as a new photo at the end, with its caption and credit; write its alt text in the article.</p>
        <form method="get" className="inline-form" role="search">
          <div className="field">
            <label htmlFor="reuse-search">Find the article</label>
            <input id="reuse-search" type="search" name="article" defaultValue={articleQuery} />
          </div>
          <Button type="submit">Find</Button>
        </form>
        {search && !search.success ? <FormError message={search.error.issues.map((issue) => issue.message).join(" ")} /> : null}
        {candidates ? (
          candidates.articles.length === 0 ? (
            <p role="status">{candidates.notice ?? `No article matches “${articleQuery}”.`}</p>
          ) : (
            <ul className="reuse-candidates">
              {candidates.articles.slice(0, 10).map((article) => (
                <li key={article.id}>
                  <Link href={`/desk/articles/${article.id}`}>{article.headline}</Link> <StatusBadge status={article.status} />{" "}
                  {usedIn.has(article.id) ? <span className="muted">(already uses it)</span> : null}
                  <ReuseButton assetId={image.id} article={{ id: article.id, headline: article.headline }} reuse={reuseImageAction} />
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>

      {roleAtLeast(user.role, "editor") ? (
        <section aria-labelledby="replace-title">
          <h2 id="replace-title">Replace everywhere</h2>
          {image.articleCount > 0 ? (
            <p className="muted">
              Every photo showing this image shows the replacement instead, keeping its caption, alt text and focal point; the replacement&apos;s credit
              comes with it. Published articles are published again at once, as the kind of change you choose.
            </p>
          ) : null}
          {/* Always mounted: after a replacement the page refreshes with no article using the image, and the form keeps showing its result. */}
          <ReplaceImageForm assetId={image.id} articleCount={image.articleCount} publishedCount={image.publishedCount} replace={replaceImageAction} />
        </section>
      ) : null}
    </div>
  );
}
