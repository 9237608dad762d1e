import { taxonomyPath } from "@/lib/site/reader-invalidation";
import type { ReaderTerm } from "@/lib/site/types";

/** "By Jane Doe and Sam Roe", each linked to their author page; nothing when unbylined. */
export function Byline({ bylines }: { bylines: readonly ReaderTerm[] | undefined }) {
  if (!bylines || bylines.length === 0) return null;
  return (
    <p className="byline">
      By{" "}
      {bylines.map((byline, index) => (
        <span key={byline.slug}>
          {index === 0 ? "" : index === bylines.length - 1 ? " and " : ", "}
          <a href={taxonomyPath("author", byline.slug)} rel="author">
            {byline.name}
          </a>
        </span>
      ))}
    </p>
  );
}
