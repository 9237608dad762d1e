import { variantUrl, type StoredVariant } from "@/lib/media/formats";

/** A desk thumbnail of an image: its narrowest WebP variant, with its size so the list does not jump. */
export function MediaThumb({ hash, variants, alt = "" }: { hash: string; variants: StoredVariant[]; alt?: string }) {
  const thumb = [...variants].filter((variant) => variant.format === "webp").sort((a, b) => a.width - b.width)[0] ?? variants[0];
  if (!thumb) return null;
  // eslint-disable-next-line @next/next/no-img-element -- a desk thumbnail of known size, served by /media
  return <img src={variantUrl(hash, thumb.width, thumb.format)} width={thumb.width} height={thumb.height} alt={alt} className="media-thumb" loading="lazy" />;
}
