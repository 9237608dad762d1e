import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// Security headers for every response, set in the Node server so that cached reader pages (which
// never reach Next) get them too.
//
// Scripts: Next's pages carry inline scripts (the RSC payload, `self.__next_f.push(…)`). A page
// rendered by Next gets a fresh nonce per request: the server puts the policy on the *request*
// (Next reads the nonce from the request's Content-Security-Policy header and stamps it on every
// script it emits) and the same policy on the response. Reader pages are then stored by the page
// cache and served to everyone: a nonce repeated to every reader would be no secret, so a stored
// page is served with a policy listing the SHA-256 hashes of exactly the inline scripts it
// contains (`policyForStoredPage`). Either way no inline script runs that the server did not
// render, and 'unsafe-inline' is never allowed for scripts.
//
// Styles allow 'unsafe-inline': React renders `style` attributes, ProseMirror sets styles, and a
// nonce in style-src would disable 'unsafe-inline' for attributes. Injected CSS cannot run code.

export type SiteArea = "desk" | "reader";

/** The desk (and everything that is not a reader page: login, API) may never be framed. */
export function siteArea(url: string | undefined): SiteArea {
  const path = (url ?? "/").split("?")[0];
  return /^\/(desk|login|api)(\/|$)/.test(path) ? "desk" : "reader";
}

export interface PolicyOptions {
  area: SiteArea;
  /** Sources allowed for inline scripts: `'nonce-…'` or `'sha256-…'` entries. */
  scriptSources: string[];
  /** Next's development mode needs eval for its error overlay and stack reconstruction. */
  dev?: boolean;
}

export function contentSecurityPolicy({ area, scriptSources, dev }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${[...scriptSources, ...(dev ? ["'unsafe-eval'"] : [])].join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    // Photos may live on an image host or object store (any https URL).
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Reader pages may be framed by the site itself (embeds); the desk by no one.
    `frame-ancestors ${area === "desk" ? "'none'" : "'self'"}`,
  ].join("; ");
}

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** `'sha256-…'` sources for every inline script in an HTML document (scripts with src are 'self'). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    if (/\ssrc\s*=/i.test(` ${match[1]}`)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(match[2], "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** The policy a cached page is served with: its own inline scripts' hashes instead of a nonce. */
export function policyForStoredPage(body: Buffer, contentType: string, url: string): string {
  const scripts = /^text\/html\b/i.test(contentType) ? inlineScriptHashes(body.toString("utf8")) : [];
  return contentSecurityPolicy({ area: siteArea(url), scriptSources: scripts });
}

export interface SecurityHeaderOptions {
  /** Behind a trusted proxy, X-Forwarded-Proto says whether the client used https. */
  trustProxy: boolean;
  dev?: boolean;
}

/**
 * Sets the security headers on `response` before the request is handled, and the nonce policy
 * on `request` for Next to read. A cached page replaces the policy with its own (see above).
 */
export function applySecurityHeaders(request: IncomingMessage, response: ServerResponse, options: SecurityHeaderOptions): void {
  const area = siteArea(request.url);
  const policy = contentSecurityPolicy({ area, scriptSources: [`'nonce-${newNonce()}'`], dev: options.dev });
  // Whatever a client sent here is replaced: Next trusts this header for its nonce.
  request.headers["content-security-policy"] = policy;
  delete request.headers["content-security-policy-report-only"];
  response.setHeader("content-security-policy", policy);
  response.setHeader("x-content-type-options", "nosniff");
  // Desk addresses name drafts: they go to no other site, not even as an origin.
  response.setHeader("referrer-policy", area === "desk" ? "same-origin" : "strict-origin-when-cross-origin");
  if (area === "desk") response.setHeader("x-frame-options", "DENY");
  if (options.trustProxy && forwardedProto(request) === "https") {
    response.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
  }
}

function forwardedProto(request: IncomingMessage): string | undefined {
  const value = request.headers["x-forwarded-proto"];
  const first = (Array.isArray(value) ? value[0] : value)?.split(",")[0];
  return first?.trim().toLowerCase();
}
