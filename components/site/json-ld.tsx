import { serializeJsonLd } from "@/lib/site/structured-data";

/** Structured data for search engines, escaped so no text can close the script element. */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}
