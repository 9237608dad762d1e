import fs from "node:fs";
import path from "node:path";
import { test as setup } from "@playwright/test";
import { ACCOUNTS, addUserViaCli, assertLocalTarget, logIn, runCli, STORAGE, type E2ERole } from "./support/auth";

setup.beforeAll(() => assertLocalTarget());

setup("create the editor and reporter accounts", async () => {
  for (const role of ["editor", "reporter"] as const) {
    const account = ACCOUNTS[role];
    try {
      await addUserViaCli({ ...account, role });
    } catch (error) {
      // A reused data directory already has them: make sure the password is the known one.
      if (!String(error).includes("already exists")) throw error;
      const reset = await runCli(["user", "reset-password", "--email", account.email, "--password-stdin"], `${account.password}\n`);
      if (reset.code !== 0) throw new Error(`copydesk user reset-password failed: ${reset.stderr}`);
    }
  }
});

for (const role of ["admin", "editor", "reporter"] as E2ERole[]) {
  setup(`log in as ${role}`, async ({ page }) => {
    const { email, password } = ACCOUNTS[role];
    await logIn(page, email, password);
    fs.mkdirSync(path.dirname(STORAGE[role]), { recursive: true });
    await page.context().storageState({ path: STORAGE[role] });
  });
}
