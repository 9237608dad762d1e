import type { Metadata } from "next";
import { siteConfig } from "@/lib/site/config";
import { formatDate } from "@/lib/site/format";
import { getCorrections } from "@/lib/site/queries";
import { articlePath } from "@/lib/site/reader-invalidation";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Corrections and clarifications",
  description: "Every correction and clarification to our published articles, newest first.",
  alternates: { canonical: "/corrections" },
};

const LABEL = { correction: "Correction", clarification: "Clarification" } as const;

// GET /corrections — readers: every correction and clarification, newest first
export default async function CorrectionsPage() {
  const site = siteConfig();
  const corrections = await getCorrections();
  return (
    <>
      <h1>Corrections and clarifications</h1>
      {corrections.length === 0 ? (
        <p>There are no corrections or clarifications.</p>
      ) : (
        <ul className="correction-list">
          {corrections.map((correction, index) => (
            <li key={index}>
              <strong>{LABEL[correction.kind]}</strong>, <time dateTime={correction.date}>{formatDate(correction.date, site.timeZone)}</time>, to{" "}
              <a href={articlePath(correction.articleSlug)}>{correction.articleHeadline}</a>: {correction.note}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
