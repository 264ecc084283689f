// Logging in and out with the keyboard only: focus by Tab, type with the keyboard, Enter to act.
// (No .click() or .fill() here.) Console errors and outside requests fail the test (fixtures.ts).
import type { Page } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";

const header = (page: Page) => page.getByRole("banner");

test("keyboard-only login with a demo account, then logout", async ({ page, tabTo, a11y }) => {
  await page.goto("/");
  await waitForHydration(page);
  const login = header(page).getByRole("link", { name: "Se connecter" });
  await tabTo(page, login);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await waitForHydration(page);

  await tabTo(page, page.getByLabel("Adresse e-mail", { exact: false }));
  await page.keyboard.type("citoyen@maquette.example");
  await tabTo(page, page.getByLabel("Mot de passe", { exact: false }), 3);
  await page.keyboard.type("demo-citoyen-2026");
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL("/");
  const logout = header(page).getByRole("button", { name: "Se déconnecter" });
  await expect(logout).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toHaveCount(0);
  await a11y(page, "home, logged in");

  await waitForHydration(page);
  await tabTo(page, logout);
  await page.keyboard.press("Enter");
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toBeVisible();
  await expect(logout).toHaveCount(0);
  await page.reload();
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toBeVisible();
});

test("a wrong password shows a message and keeps the visitor logged out", async ({ page, tabTo, createUser, a11y, browserIssues }) => {
  const user = await createUser();
  // The failed login answers 400, which Chromium reports on the console.
  browserIssues.allow(/responded with a status of 400/);
  await page.goto("/login");
  await waitForHydration(page);
  await tabTo(page, page.getByLabel("Adresse e-mail", { exact: false }));
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("not the right password");
  await page.keyboard.press("Enter");

  const alert = page.getByRole("alert");
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/mot de passe/i);
  await expect(alert).toBeFocused();
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toBeVisible();
  await a11y(page, "login with an error");
});
