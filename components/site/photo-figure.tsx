import type { ReaderPhoto } from "@/lib/site/types";
import "./article.css";

type PhotoFigureProps = {
  photo: Pick<ReaderPhoto, "captionHtml" | "credit" | "alt" | "imageUrl">;
  /** The lead photo loads eagerly; the rest wait until scrolled to. */
  lead?: boolean;
};

/** A photo with its caption and credit; a caption card when there is no image file. */
export function PhotoFigure({ photo, lead = false }: PhotoFigureProps) {
  return (
    <figure className={photo.imageUrl ? "photo" : "photo photo--card"}>
      {photo.imageUrl ? (
        // A plain <img>: next/image would bring client JavaScript onto reader pages.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={photo.imageUrl} alt={photo.alt} loading={lead ? "eager" : "lazy"} decoding="async" />
      ) : null}
      <figcaption>
        {/* Sanitized by renderCaptionToHtml (lib/editor/render). */}
        <span className="photo__caption" dangerouslySetInnerHTML={{ __html: photo.captionHtml }} />
        {photo.credit ? <span className="photo__credit">{` Photo: ${photo.credit}`}</span> : null}
      </figcaption>
    </figure>
  );
}
