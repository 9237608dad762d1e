import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { projectPath } from "@/lib/project-root";

/**
 * The secret next-auth signs sessions with: NEXTAUTH_SECRET when given, else one generated on
 * first start and kept in .data/ so sessions survive restarts.
 */
export function ensureAuthSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(process.env.COPYDESK_DATA_DIR ?? projectPath(".data"), "nextauth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}
