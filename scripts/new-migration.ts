// `npm run migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the last committed schema (git HEAD) to prisma/schema.prisma. Prisma's `migrate dev`
// needs a native engine we cannot download; `migrate diff` runs on the JS engine but still wants a
// reachable server (it uses none of its data), so we give it ours: DATABASE_URL or the embedded one.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectDatabase } from "@/lib/db/connect";
import { projectPath, projectRoot } from "@/lib/project-root";

export default async function newMigration(args: string[]) {
  const name = args[0];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run migration:new -- <name in snake_case>");
    return 2;
  }
  const committed = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: projectRoot() });
  const oldSchema = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-schema-")), "schema.prisma");
  fs.writeFileSync(oldSchema, committed);

  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = projectPath("prisma", "migrations", `${stamp}_${name}`);
  fs.mkdirSync(folder, { recursive: true });
  const connection = await connectDatabase({ quiet: true });
  try {
    const result = spawnSync(
      process.execPath,
      [projectPath("node_modules", "prisma", "build", "index.js"), "migrate", "diff",
        "--from-schema-datamodel", oldSchema, "--to-schema-datamodel", projectPath("prisma", "schema.prisma"),
        "--script", "-o", path.join(folder, "migration.sql")],
      { cwd: projectRoot(), stdio: "inherit", env: { ...process.env, DATABASE_URL: connection.url } },
    );
    if (result.status !== 0) {
      fs.rmSync(folder, { recursive: true, force: true });
      return result.status ?? 1;
    }
  } finally {
    await connection.embedded?.stop();
  }
  console.log(`Wrote ${path.relative(projectRoot(), folder)}/migration.sql — review it, then commit it with the schema.`);
  return 0;
}
