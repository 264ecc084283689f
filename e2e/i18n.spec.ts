// The language switcher, used with the keyboard only (Tab to focus, Enter to press; no .click()).
import type { Locator, Page } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";

const switcher = (page: Page) => page.getByRole("form", { name: /Changer de langue|Change language/ });

async function switchTo(page: Page, tabTo: (page: Page, target: Locator) => Promise<void>, language: "English" | "Français") {
  const button = switcher(page).getByRole("button", { name: language });
  await tabTo(page, button);
  await page.keyboard.press("Enter");
  await expect(switcher(page).getByRole("button", { name: language })).toHaveAttribute("aria-pressed", "true");
}

test("switching to English by keyboard: the page, <html lang> and the choice survive a reload and a new page", async ({ page, context, tabTo, a11y }) => {
  await page.goto("/conditions");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Conditions d'utilisation");
  await expect(switcher(page).getByRole("button", { name: "Français" })).toHaveAttribute("aria-pressed", "true");
  await waitForHydration(page);

  await switchTo(page, tabTo, "English");
  // Back on the same page, in English.
  await expect(page).toHaveURL("/conditions");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Terms of use");
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page).toHaveTitle(/^Terms of use – /);
  await expect(switcher(page).getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  await expect(switcher(page).getByRole("button", { name: "Français" })).toHaveAttribute("aria-pressed", "false");
  await a11y(page, "terms, in English");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Terms of use");

  const other = await context.newPage();
  await other.goto("/");
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await expect(other.getByRole("heading", { level: 1 })).toContainText("Welcome to");
  await other.close();

  // And back to French.
  await waitForHydration(page);
  await switchTo(page, tabTo, "Français");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Conditions d'utilisation");
});

test("a logged-in user's choice is stored on the account: logging out and in again keeps English", async ({ page, browser, browserIssues, db, createUser, tabTo }) => {
  const user = await createUser();
  const loginByKeyboard = async (p: Page) => {
    await p.goto("/login");
    await waitForHydration(p);
    await tabTo(p, p.getByRole("textbox", { name: /Adresse e-mail|E-mail address/ }));
    await p.keyboard.type(user.email);
    await p.keyboard.press("Tab");
    await p.keyboard.type(user.password);
    await p.keyboard.press("Enter");
    await expect(p.getByRole("button", { name: /Se déconnecter|Log out/ })).toBeVisible();
  };

  await loginByKeyboard(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await waitForHydration(page);
  await switchTo(page, tabTo, "English");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const [row] = await db`select locale from users where id = ${user.id}`;
  expect(row!.locale).toBe("en");

  // Log out (keyboard) and in again in the same browser.
  await waitForHydration(page);
  await tabTo(page, page.getByRole("button", { name: "Log out" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("banner").getByRole("link", { name: "Log in" })).toBeVisible();
  await loginByKeyboard(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // A browser that never saw the language cookie: French until the login, English after it.
  const fresh = await browser.newContext();
  browserIssues.watch(fresh);
  const other = await fresh.newPage();
  await loginByKeyboard(other);
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await expect(other.getByRole("button", { name: "Log out" })).toBeVisible();
  await fresh.close();
});
