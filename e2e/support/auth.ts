import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { baseURL, e2eEnv } from "../../playwright.config";

export type E2ERole = "admin" | "editor" | "reporter";

const authDir = path.join(import.meta.dirname, "..", ".auth");

/** storageState files written by global.setup.ts: `test.use({ storageState: STORAGE.editor })`. */
export const STORAGE: Record<E2ERole, string> = {
  admin: path.join(authDir, "admin.json"),
  editor: path.join(authDir, "editor.json"),
  reporter: path.join(authDir, "reporter.json"),
};

/**
 * An empty storage state. Contexts made with `browser.newContext()` or `playwright.request.newContext()`
 * inside a test inherit the file's `test.use({ storageState })`; pass this for a signed-out one.
 */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** The accounts the setup project makes (the admin comes from ADMIN_EMAIL/ADMIN_PASSWORD at start). */
export const ACCOUNTS: Record<E2ERole, { email: string; password: string; name: string }> = {
  admin: { email: e2eEnv.ADMIN_EMAIL, password: e2eEnv.ADMIN_PASSWORD, name: "Administrator" },
  editor: { email: "editor@e2e.test", password: "e2e-editor-password-1", name: "Edna Editor" },
  reporter: { email: "reporter@e2e.test", password: "e2e-reporter-password-1", name: "Rex Reporter" },
};

/** An address no other test uses. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@e2e.test`;
}

/** Refuses to touch anything but a local server with its own data directory. */
export function assertLocalTarget() {
  const host = new URL(baseURL).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run browser tests against a non-local server (${baseURL}).`);
  }
  if (!e2eEnv.COPYDESK_DATA_DIR.startsWith(".data/")) {
    throw new Error(`Refusing to use a data directory outside .data/ (${e2eEnv.COPYDESK_DATA_DIR}).`);
  }
}

/** Runs the copydesk CLI against the e2e server's embedded database (never DATABASE_URL). */
export function runCli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  assertLocalTarget();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/copydesk.mjs", ...args], {
      cwd: path.join(import.meta.dirname, "..", ".."),
      env: { ...process.env, ...e2eEnv, DATABASE_URL: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

/** Creates a user through the CLI with a known password. */
export async function addUserViaCli(user: { email: string; role: E2ERole; password: string; name?: string }) {
  const args = ["user", "add", "--email", user.email, "--role", user.role, "--password-stdin"];
  if (user.name) args.push("--name", user.name);
  const result = await runCli(args, `${user.password}\n`);
  if (result.code !== 0) throw new Error(`copydesk user add failed (${result.code}): ${result.stderr || result.stdout}`);
}

/** Fills in and submits the login form; does not wait for where it leads. */
export async function submitLogin(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Logs in through the form and waits until the desk shows the signed-in user. */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await submitLogin(page, email, password);
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
}
