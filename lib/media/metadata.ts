import exifr from "exifr";
import { normaliseAgency, readCaptionCredit } from "@/lib/importer/caption-credit";

/** What an agency's file says about itself, for prefilling the desk's fields (the editor confirms). */
export interface EmbeddedMetadata {
  caption: string | null;
  creator: string | null;
  creditLine: string | null;
  copyright: string | null;
  /** ISO date (YYYY-MM-DD) or date-time the picture was taken. */
  dateTaken: string | null;
  city: string | null;
  country: string | null;
}

export const EMPTY_METADATA: EmbeddedMetadata = {
  caption: null,
  creator: null,
  creditLine: null,
  copyright: null,
  dateTaken: null,
  city: null,
  country: null,
};

const MAX_FIELD = 2000;

/** A field as text: exifr gives strings, arrays (XMP bags), {lang,value} alternatives or Dates. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return text(value.find((item) => text(item) !== null));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    return text(record.value ?? record["x-default"] ?? Object.values(record)[0]);
  }
  const string = String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .trim();
  return string ? string.slice(0, MAX_FIELD) : null;
}

function first(record: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = text(record[key]);
    if (value) return value;
  }
  return null;
}

/** EXIF "2024:06:01 14:03:00" and IPTC "20240601" become ISO dates. */
function isoDate(value: string | null): string | null {
  if (!value) return null;
  const exif = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (exif) return exif[4] ? `${exif[1]}-${exif[2]}-${exif[3]}T${exif[4]}:${exif[5]}:${exif[6] ?? "00"}` : `${exif[1]}-${exif[2]}-${exif[3]}`;
  const iptc = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (iptc) return `${iptc[1]}-${iptc[2]}-${iptc[3]}`;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/**
 * Caption, creator, credit line, copyright, date and place from IPTC-IIM, XMP and EXIF (in that
 * order of preference, as agencies fill IPTC most carefully). A file without them, or with
 * unreadable ones, gives empty fields rather than an error.
 */
export async function readEmbeddedMetadata(data: Buffer): Promise<EmbeddedMetadata> {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = (await exifr.parse(data, {
      tiff: true,
      exif: true,
      gps: false,
      iptc: true,
      xmp: true,
      icc: false,
      jfif: false,
      ihdr: false,
      mergeOutput: true,
      reviveValues: true,
    })) as Record<string, unknown> | undefined;
  } catch {
    return { ...EMPTY_METADATA };
  }
  if (!raw) return { ...EMPTY_METADATA };
  return {
    caption: first(raw, "Caption", "CaptionAbstract", "description", "ImageDescription"),
    creator: first(raw, "Byline", "By-line", "creator", "Artist"),
    creditLine: first(raw, "Credit", "CreditLine"),
    copyright: first(raw, "CopyrightNotice", "rights", "Copyright"),
    dateTaken: isoDate(first(raw, "DateCreated", "DateTimeOriginal", "CreateDate")),
    city: first(raw, "City"),
    country: first(raw, "Country", "CountryPrimaryLocationName", "Country-PrimaryLocationName"),
  };
}

/**
 * The credit a file names, in the importer's reading of wire styles: a credit line that is a
 * whole credit ("AP Photo/Martin Meissner", "REUTERS/Kai Pfaffenbach") is read as the importer
 * reads it; a credit line that is only the agency ("AP") goes with the creator.
 */
export function creditFromMetadata(metadata: Pick<EmbeddedMetadata, "creator" | "creditLine">): { agency: string; photographer: string } | null {
  const line = metadata.creditLine?.trim();
  const creator = metadata.creator?.trim();
  if (line && line.includes("/")) {
    for (const candidate of [`Photo. (${line})`, `Photo. - ${line}`, `Photo. ${line}`]) {
      const reading = readCaptionCredit(candidate);
      if (reading.kind === "credit") return reading.credit;
    }
  }
  if (line && creator) return { agency: normaliseAgency(line), photographer: creator };
  return null;
}
