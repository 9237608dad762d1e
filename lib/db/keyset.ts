import { ValidationError } from "@/lib/errors";

// Keyset ("cursor") pagination: a page link carries the sort key of the last (or first) row it
// showed, and the next page starts strictly after it — cost independent of how deep one pages,
// and no row skipped or repeated when rows are added meanwhile. Cursors are opaque in URLs.

export type CursorValues = ReadonlyArray<string>;

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** The values of a cursor made by `encodeCursor` with `length` parts; a forged or stale one is a ValidationError. */
export function decodeCursor(cursor: string, length: number): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || values.length !== length || !values.every((value) => typeof value === "string" && value.length <= 200)) {
    throw new ValidationError("This page link is broken. Start again from the first page.", {
      cursor: ["This page link is broken. Start again from the first page."],
    });
  }
  return values as string[];
}

export interface KeysetPage<Row> {
  rows: Row[];
  /** Cursor for the page after this one, null on the last page. */
  next: string | null;
  /** Cursor for the page before this one, null on the first page. */
  previous: string | null;
}

/**
 * Turns the rows of a query that fetched `pageSize + 1` rows (in the requested direction) into a
 * page: drops the probe row, restores display order for a backwards page, and makes both cursors.
 */
export function keysetPage<Row>(
  fetched: Row[],
  options: { pageSize: number; direction: "after" | "before" | null; key: (row: Row) => CursorValues },
): KeysetPage<Row> {
  const more = fetched.length > options.pageSize;
  const rows = fetched.slice(0, options.pageSize);
  if (options.direction === "before") rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = options.direction === "before" ? true : more;
  const hasPrevious = options.direction === "before" ? more : options.direction === "after";
  return {
    rows,
    next: hasNext && last ? encodeCursor(options.key(last)) : null,
    previous: hasPrevious && first ? encodeCursor(options.key(first)) : null,
  };
}
