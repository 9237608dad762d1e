/** The reader site's identity, read at run time so one build serves any deployment. */
export interface SiteConfig {
  /** Shown in the masthead, titles, feeds and structured data. */
  name: string;
  /** Absolute base URL without a trailing slash, e.g. "https://news.example.com". */
  url: string;
  /** BCP 47 language of the articles. */
  language: string;
  /** IANA time zone dates are shown in. */
  timeZone: string;
}

const DEFAULT_NAME = "Copydesk";

function normalizeBaseUrl(value: string | undefined, port: string | undefined): string {
  const fallback = `http://localhost:${port || 3000}`;
  if (!value) return fallback;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return fallback;
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return fallback;
  }
}

function validTimeZone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: value });
    return value;
  } catch {
    return undefined;
  }
}

/** SITE_NAME, SITE_URL (else NEXTAUTH_URL), SITE_LANGUAGE and SITE_TIMEZONE from the environment, with defaults for a local start. */
export function siteConfig(env: Record<string, string | undefined> = process.env): SiteConfig {
  return {
    name: env.SITE_NAME?.trim() || DEFAULT_NAME,
    // `copydesk start` sets NEXTAUTH_URL to the address it serves on when SITE_URL is not given.
    url: normalizeBaseUrl(env.SITE_URL?.trim() || env.NEXTAUTH_URL?.trim(), env.PORT),
    language: env.SITE_LANGUAGE?.trim() || "en",
    timeZone: validTimeZone(env.SITE_TIMEZONE?.trim()) ?? "UTC",
  };
}

/** An absolute URL on the reader site for a path such as "/articles/x". */
export function absoluteUrl(site: SiteConfig, path: string): string {
  return `${site.url}${path.startsWith("/") ? path : `/${path}`}`;
}
