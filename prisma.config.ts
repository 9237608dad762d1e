// Prisma CLI configuration. The JS engine with the pg adapter lets `prisma generate` and
// `prisma migrate diff` run offline: Prisma's native engines cannot be downloaded here.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI reads the datasource url even for offline commands, and without one it falls back to
// downloading a native engine. A placeholder is enough for generate and migrate diff.
process.env.DATABASE_URL ??= "postgresql://localhost/copydesk-placeholder";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
