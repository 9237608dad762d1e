import { expect, test } from "@playwright/test";
import { ACCOUNTS, addUserViaCli, logIn, STORAGE, submitLogin, uniqueEmail } from "./support/auth";

const INCORRECT = "Email or password is incorrect.";

test.describe("signed out", () => {
  test("the desk sends a signed-out visitor to the login page and back afterwards", async ({ page }) => {
    await page.goto("/desk/audit");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await expect(page.getByRole("heading", { name: "Log in to Copydesk" })).toBeVisible();
    await submitLogin(page, ACCOUNTS.admin.email, ACCOUNTS.admin.password);
    await expect(page).toHaveURL(/\/desk\/audit$/);
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  });

  test("logging in lands on the desk with the user's name and the nav", async ({ page }) => {
    await logIn(page, ACCOUNTS.editor.email, ACCOUNTS.editor.password);
    await expect(page).toHaveURL(/\/desk$/);
    const header = page.getByRole("banner");
    await expect(header).toContainText(ACCOUNTS.editor.name);
    const nav = page.getByRole("navigation", { name: "Desk" });
    for (const link of ["Articles", "Credits", "Dictionary", "Corrections"]) {
      await expect(nav.getByRole("link", { name: link })).toBeVisible();
    }
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  });

  test("a wrong password and an unknown email get the same answer", async ({ page }) => {
    await page.goto("/login");
    await submitLogin(page, ACCOUNTS.reporter.email, "not-the-password");
    const alert = page.getByRole("alert").filter({ hasText: /\S/ });
    await expect(alert).toHaveText(INCORRECT);
    await expect(page).toHaveURL(/\/login/);

    await submitLogin(page, uniqueEmail("nobody"), "not-the-password");
    await expect(alert).toHaveText(INCORRECT);
    await expect(page.locator("body")).not.toContainText(/no (such )?(user|account)|not found|unknown/i);
  });

  test("an empty form shows errors next to its fields", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Log in" }).click();
    const email = page.getByLabel("Email");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    const describedBy = await email.getAttribute("aria-describedby");
    await expect(page.locator(`#${describedBy}`)).toHaveText("Enter your email address.");
  });

  test("repeated failures slow down and then lock the account at this address, even for the right password", async ({ page }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail("throttled");
    const password = "throwaway-password-1";
    await addUserViaCli({ email, role: "reporter", password });
    await page.goto("/login");
    const alert = page.getByRole("alert").filter({ hasText: /\S/ });
    for (let attempt = 1; attempt <= 9; attempt++) {
      await submitLogin(page, email, `wrong-${attempt}`);
      await expect(alert).toHaveText(INCORRECT, { timeout: 15_000 });
      // Wait for the form to be usable again before the next attempt.
      await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled({ timeout: 15_000 });
    }
    await submitLogin(page, email, "wrong-10");
    await expect(alert).toHaveText("Too many failed attempts. Try again in 15 minutes.", { timeout: 15_000 });
    await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled({ timeout: 15_000 });
    await submitLogin(page, email, password);
    await expect(alert).toHaveText(/Too many failed attempts\. Try again in 1[45] minutes\./);
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("signed in", () => {
  test("logging out ends the session", async ({ page }) => {
    // Its own session: next-auth sessions are stateless, but the shared storage states stay untouched.
    await logIn(page, ACCOUNTS.reporter.email, ACCOUNTS.reporter.password);
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("button", { name: "Log out" })).toHaveCount(0);
    await page.goto("/desk");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  });

  test.describe("as a reporter", () => {
    test.use({ storageState: STORAGE.reporter });

    test("cannot open the users page or the audit log", async ({ page }) => {
      await page.goto("/desk/users");
      await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
      await expect(page.locator("body")).not.toContainText(ACCOUNTS.editor.email);
      await page.goto("/desk/audit");
      await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    });
  });

  test.describe("as an admin", () => {
    test.use({ storageState: STORAGE.admin });

    test("the audit log shows logins and can be filtered by action", async ({ page }) => {
      await page.goto("/desk/audit");
      await page.getByLabel("Action").selectOption("login_failed");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(/action=login_failed/);
      const rows = page.getByRole("table").locator("tbody tr");
      await expect(rows.first()).toBeVisible();
      const actions = await rows.locator("td:nth-child(3)").allTextContents();
      expect(new Set(actions)).toEqual(new Set(["login_failed"]));
      await expect(page.getByRole("table")).not.toContainText("not-the-password");
    });
  });
});
