import type { Metadata } from "next";
import Link from "next/link";
import { formatTakenDate, formatUploaded } from "@/components/desk/media/format";
import { MediaThumb } from "@/components/desk/media/media-thumb";
import { MediaUsage } from "@/components/desk/media/media-usage";
import { Button, FormError, KeysetPagination } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/session";
import { listMediaLibrary, mediaLibraryQuerySchema } from "@/lib/media/library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Media library" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function mediaHref(query: string | null, position: Record<string, string> = {}) {
  const params = new URLSearchParams({ ...(query ? { q: query } : {}), ...position });
  const search = params.toString();
  return search ? `/desk/media?${search}` : "/desk/media";
}

// GET /desk/media — desk users browse and search every uploaded image, see where each is used,
// and open one to reuse it in another article or replace it everywhere
export default async function MediaLibraryPage({ searchParams }: Props) {
  await requirePageUser("reporter", "/desk/media");
  const params = await searchParams;
  const rawQuery = (Array.isArray(params.q) ? params.q[0] : params.q) ?? "";
  const parsed = mediaLibraryQuerySchema.safeParse(params);
  const searchForm = (
    <form method="get" className="inline-form" role="search">
      <div className="field">
        <label htmlFor="media-search">Search caption, credit or photographer</label>
        <input id="media-search" type="search" name="q" defaultValue={rawQuery} />
      </div>
      <Button type="submit">Search</Button>
      {rawQuery ? <Link href="/desk/media">Show all</Link> : null}
    </form>
  );
  if (!parsed.success) {
    return (
      <div className="media-page">
        <h1>Media library</h1>
        {searchForm}
        <FormError message={parsed.error.issues.map((issue) => issue.message).join(" ")} />
      </div>
    );
  }
  const page = await listMediaLibrary(parsed.data);
  const query = page.query;
  const count = `${page.total.toLocaleString("en")}${page.totalIsBound ? "+" : ""}`;
  return (
    <div className="media-page">
      <h1>Media library</h1>
      <p className="muted">Every uploaded image, newest first. An image keeps its credit wherever it is used.</p>
      {searchForm}
      <p role="status">
        {page.total === 0
          ? query
            ? `No image matches “${query}”.`
            : "No images yet: upload them from an article's photos."
          : `${count} ${page.total === 1 ? "image" : "images"}${query ? ` matching “${query}”` : ""}.`}
      </p>
      {page.images.length > 0 ? (
        <table className="data media-list">
          <thead>
            <tr>
              <th scope="col">Image</th>
              <th scope="col">Caption and credit</th>
              <th scope="col">Date</th>
              <th scope="col">Used in</th>
            </tr>
          </thead>
          <tbody>
            {page.images.map((image) => (
              <tr key={image.id} data-media-id={image.id}>
                <td>
                  <Link href={`/desk/media/${image.id}`} aria-label={`Open image ${image.originalName || image.id}`}>
                    <MediaThumb hash={image.hash} variants={image.variants} />
                  </Link>
                </td>
                <td>
                  <p className="media-caption">{image.caption || <span className="muted">No caption</span>}</p>
                  <p className="media-credit">
                    {image.credit ? image.credit.label : <span className="muted">No credit</span>}
                    {image.creator && !image.credit?.label.includes(image.creator) ? ` · by ${image.creator}` : null}
                  </p>
                  <Link href={`/desk/media/${image.id}`}>Details, reuse or replace</Link>
                </td>
                <td>
                  {formatTakenDate(image.dateTaken) ? <p>Taken {formatTakenDate(image.dateTaken)}</p> : null}
                  <p className="muted">Uploaded {formatUploaded(image.uploadedAt)}</p>
                </td>
                <td>
                  <MediaUsage articles={image.articles} articleCount={image.articleCount} publishedCount={image.publishedCount} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <KeysetPagination
        previousHref={page.previous ? mediaHref(query, { before: page.previous }) : null}
        nextHref={page.next ? mediaHref(query, { after: page.next }) : null}
        firstHref={mediaHref(query)}
        label="Image pages"
      />
    </div>
  );
}
