import { defineConfig, devices } from "@playwright/test";

// Browser tests run against a production build served by `copydesk start` on its own embedded
// PostgreSQL (.data/e2e, wiped by `npm run test:e2e` before each run) — the zero-config path.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** The e2e server's environment; e2e/support/own-server.ts starts a spec's own servers with it too. */
export const e2eEnv = {
  COPYDESK_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
  COPYDESK_EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54331",
  ADMIN_EMAIL: "admin@e2e.test",
  ADMIN_PASSWORD: "e2e-admin-password-1",
  SITE_URL: baseURL,
  SITE_NAME: "Copydesk Test Times",
};

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: {
    command: `node bin/copydesk.mjs start --port ${port} --host 127.0.0.1`,
    url: `${baseURL}/`,
    env: { ...e2eEnv, DATABASE_URL: "" },
    // The first start builds the app (next build) before serving.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
