import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteFooter, SiteHeader } from "@/components/site/site-chrome";
import { siteConfig } from "@/lib/site/config";
import "./site.css";

export function generateMetadata(): Metadata {
  const site = siteConfig();
  return {
    metadataBase: new URL(`${site.url}/`),
    title: { default: site.name, template: `%s | ${site.name}` },
    alternates: { types: { "application/rss+xml": [{ url: "/feed.xml", title: site.name }] } },
    openGraph: { siteName: site.name },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** The reader site's root layout: landmarks, skip link, no client components. */
export default function SiteLayout({ children }: { children: ReactNode }) {
  const site = siteConfig();
  return (
    <html lang={site.language}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader siteName={site.name} />
        <main id="main" className="wrap" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter siteName={site.name} />
      </body>
    </html>
  );
}
