import { srcSet } from "@/lib/media/formats";
import { ARTICLE_IMAGE_SIZES, widestVariant } from "@/lib/site/images";
import type { ReaderPhoto } from "@/lib/site/types";
import "./article.css";

type PhotoFigureProps = {
  photo: Pick<ReaderPhoto, "captionHtml" | "credit" | "alt" | "imageUrl" | "image">;
  /** The lead photo loads eagerly; the rest wait until scrolled to. */
  lead?: boolean;
  /** The `sizes` of the responsive image: how wide it shows at each screen width. */
  sizes?: string;
};

/**
 * A photo with its caption and credit: a responsive <picture> (WebP, then JPEG) for an uploaded
 * image, with its width and height so the page does not jump; a caption card when there is no
 * image. Plain markup: next/image would bring client JavaScript onto reader pages.
 */
export function PhotoFigure({ photo, lead = false, sizes = ARTICLE_IMAGE_SIZES }: PhotoFigureProps) {
  const image = photo.image;
  const fallback = image ? widestVariant(image, "jpeg") : null;
  const hasImage = Boolean((image && fallback) || photo.imageUrl);
  const loading = lead ? "eager" : "lazy";
  return (
    <figure className={hasImage ? "photo" : "photo photo--card"}>
      {image && fallback ? (
        <picture>
          <source type="image/webp" srcSet={srcSet(image, "webp")} sizes={sizes} />
          <img
            src={`/media/${image.hash}/${fallback.width}.jpg`}
            srcSet={srcSet(image, "jpeg")}
            sizes={sizes}
            width={fallback.width}
            height={fallback.height}
            alt={photo.alt}
            loading={loading}
            decoding="async"
            {...(lead ? { fetchPriority: "high" as const } : {})}
          />
        </picture>
      ) : photo.imageUrl ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={photo.imageUrl} alt={photo.alt} loading={loading} decoding="async" />
      ) : null}
      <figcaption>
        {/* Sanitized by renderCaptionToHtml (lib/editor/render). */}
        <span className="photo__caption" dangerouslySetInnerHTML={{ __html: photo.captionHtml }} />
        {photo.credit ? <span className="photo__credit">{` Photo: ${photo.credit}`}</span> : null}
      </figcaption>
    </figure>
  );
}
