import { expect, test, type Browser, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { expectSentToLogin, nextActionRequest, replayAction } from "./support/actions";
import { ACCOUNTS, logIn, SIGNED_OUT, STORAGE, submitLogin, uniqueEmail } from "./support/auth";

test.use({ storageState: STORAGE.admin });

const addUserForm = (page: Page) => page.getByRole("form", { name: "Add a user" });
const userRow = (page: Page, email: string) => page.getByTestId(`user-row-${email}`);

/** Clicks Disable/Enable in a user's row and waits until the server confirms it. */
async function toggleDisabled(page: Page, email: string, to: "disabled" | "enabled") {
  await userRow(page, email).getByRole("button", { name: `${to === "disabled" ? "Disable" : "Enable"} ${email}` }).click();
  await expect(userRow(page, email).getByRole("status")).toHaveText(`${email} is ${to}.`);
  await expect(userRow(page, email).locator(".badge")).toHaveText(to === "disabled" ? "Disabled" : "Active");
}

async function addUser(page: Page, user: { email: string; name: string; role: string; password?: string }) {
  const form = addUserForm(page);
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Role").selectOption(user.role);
  await form.getByLabel("Password").fill(user.password ?? "");
  await form.getByRole("button", { name: "Add user" }).click();
}

/** A browser context of its own for a second person (contexts otherwise inherit the admin's storage state). */
const signedOutContext = (browser: Browser) => browser.newContext({ baseURL, storageState: SIGNED_OUT });

test("an admin adds a user, who can log in; disabling them ends their existing session at once", async ({ page, browser }) => {
  const email = uniqueEmail("newhire");
  await page.goto("/desk/users");
  await addUser(page, { email, name: "New Hire", role: "editor" });
  const form = addUserForm(page);
  await expect(form.getByRole("status").first()).toHaveText(`Added ${email} as editor.`);
  const password = (await form.getByTestId("one-time-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expect(userRow(page, email)).toContainText("New Hire");
  // Shown once: after a reload the password is gone.
  await page.reload();
  await expect(page.getByTestId("one-time-password")).toHaveCount(0);

  const theirs = await signedOutContext(browser);
  const theirPage = await theirs.newPage();
  await logIn(theirPage, email, password);
  await expect(theirPage.getByRole("banner")).toContainText("New Hire");

  await toggleDisabled(page, email, "disabled");

  // The same cookie, on its very next request, no longer gets into the desk.
  await theirPage.goto("/desk");
  await expect(theirPage).toHaveURL(/\/login/);
  await expect(theirPage.getByRole("button", { name: "Log out" })).toHaveCount(0);
  await submitLogin(theirPage, email, password);
  await expect(theirPage.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Email or password is incorrect.");

  await toggleDisabled(page, email, "enabled");
  await theirs.close();
});

test("the add-user form shows per-field errors next to the fields", async ({ page }) => {
  await page.goto("/desk/users");
  await addUser(page, { email: "not-an-email", name: "", role: "reporter", password: "short" });
  const form = addUserForm(page);
  const email = form.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(`#${await email.getAttribute("aria-describedby")}`)).toHaveText("Enter a valid email address.");
  const passwordField = form.getByLabel("Password");
  const passwordDescription = (await passwordField.getAttribute("aria-describedby"))!.split(" ");
  await expect(page.locator(`#${passwordDescription.at(-1)}`)).toHaveText("Use at least 12 characters.");
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("user-row-not-an-email")).toHaveCount(0);
});

test("an admin cannot disable themself or change their own role", async ({ page }) => {
  await page.goto("/desk/users");
  const own = userRow(page, ACCOUNTS.admin.email);
  await expect(own).toContainText("(you)");
  await expect(own.getByRole("button", { name: /^Disable/ })).toHaveCount(0);
  await expect(own.getByRole("button", { name: /^Change role/ })).toHaveCount(0);
});

test("user-management actions refuse a reporter, a disabled account's session and an anonymous caller", async ({ page, playwright, browser }) => {
  // Capture real action requests from the admin's page, then forge them as others.
  const template = uniqueEmail("template");
  await page.goto("/desk/users");
  const addRequest = nextActionRequest(page);
  await addUser(page, { email: template, name: "Template", role: "editor", password: "template-password-1" });
  const capturedAdd = await addRequest;
  await expect(userRow(page, template)).toBeVisible();

  const roleRequest = nextActionRequest(page);
  await userRow(page, template).getByLabel(`Role for ${template}`).selectOption("reporter");
  await userRow(page, template).getByRole("button", { name: `Change role of ${template}` }).click();
  const capturedRole = await roleRequest;
  await expect(userRow(page, template)).toContainText(`${template} is now reporter.`);

  const reporterId = await userRow(page, ACCOUNTS.reporter.email).locator('input[name="userId"]').first().inputValue();
  const templateId = await userRow(page, template).locator('input[name="userId"]').first().inputValue();
  const forgedEmail = uniqueEmail("forged");
  const asForgedUser = (body: string) => body.replaceAll(template, forgedEmail);
  const forgedAdd = asForgedUser(capturedAdd.postData() ?? "");
  // The reporter tries to make themself an admin.
  const asSelfPromotion = (body: string) =>
    body.replaceAll(templateId, reporterId).replace(/(name="[^"]*role"\r\n\r\n)reporter/, "$1admin");
  expect(asSelfPromotion(capturedRole.postData()!)).toContain(reporterId);

  const reporter = await playwright.request.newContext({ baseURL, storageState: STORAGE.reporter });
  for (const [captured, rewrite] of [
    [capturedAdd, asForgedUser],
    [capturedRole, asSelfPromotion],
  ] as const) {
    const response = await replayAction(reporter, captured, "/desk/users", rewrite(captured.postData() ?? ""));
    expect(await response.text()).toContain("You do not have permission to do that.");
  }

  // A disabled account's still-valid cookie is refused by the action itself.
  const disabledEmail = uniqueEmail("disabled");
  await addUser(page, { email: disabledEmail, name: "Soon Off", role: "admin", password: "disabled-password-1" });
  await expect(userRow(page, disabledEmail)).toBeVisible();
  const theirs = await signedOutContext(browser);
  await logIn(await theirs.newPage(), disabledEmail, "disabled-password-1");
  const disabledApi = await playwright.request.newContext({ baseURL, storageState: await theirs.storageState() });
  await toggleDisabled(page, disabledEmail, "disabled");
  const fromDisabled = await replayAction(disabledApi, capturedAdd, "/desk/users", forgedAdd);
  expect(await fromDisabled.text()).toContain("Sign in to continue.");

  // Anonymous: the proxy turns them away from /desk; posted to a page the proxy does not cover, the
  // action is not found there and does not run. (The action's own check for a missing session is the
  // disabled-account case above, and requireUser's in lib/auth/session.int.test.ts.)
  const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  expectSentToLogin(await replayAction(anonymous, capturedAdd, "/desk/users", forgedAdd));
  const viaLogin = await replayAction(anonymous, capturedAdd, "/login", forgedAdd);
  expect(await viaLogin.text()).not.toContain('"ok":true');

  // Nothing changed: no forged user, the reporter is still a reporter.
  await page.reload();
  await expect(userRow(page, forgedEmail)).toHaveCount(0);
  await expect(userRow(page, ACCOUNTS.reporter.email).getByLabel(`Role for ${ACCOUNTS.reporter.email}`)).toHaveValue("reporter");

  await Promise.all([reporter.dispose(), disabledApi.dispose(), anonymous.dispose(), theirs.close()]);
});

test("the audit log records user changes with who made them", async ({ page }) => {
  const email = uniqueEmail("audited");
  await page.goto("/desk/users");
  await addUser(page, { email, name: "Audited", role: "reporter" });
  await expect(userRow(page, email)).toBeVisible();
  await userRow(page, email).getByRole("button", { name: `Reset password of ${email}` }).click();
  await expect(userRow(page, email).getByTestId("one-time-password")).toBeVisible();

  await page.goto("/desk/audit?action=user.reset_password");
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText(ACCOUNTS.admin.email);
  await page.goto("/desk/audit?action=user.create");
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("desk");
});
