import { formatDate, formatDateTime } from "@/lib/site/format";

type DateLineProps = { publishedAt: string | null; updatedAt: string | null; timeZone?: string; withTime?: boolean };

/** "Published 11 August 2024 · Updated 12 August 2024", as machine-readable <time> elements. */
export function DateLine({ publishedAt, updatedAt, timeZone = "UTC", withTime = false }: DateLineProps) {
  const format = withTime ? formatDateTime : formatDate;
  return (
    <p className="dateline">
      {publishedAt ? (
        <>
          Published <time dateTime={publishedAt}>{format(publishedAt, timeZone)}</time>
        </>
      ) : (
        "Not published"
      )}
      {updatedAt ? (
        <>
          {" · "}
          <span className="dateline__updated">
            Updated <time dateTime={updatedAt}>{format(updatedAt, timeZone)}</time>
          </span>
        </>
      ) : null}
    </p>
  );
}
