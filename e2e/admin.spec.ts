// Administration acceptance: an admin makes a citizen a moderator on /admin/members with the
// keyboard only; the new moderator gets the moderation area; the audit log shows the change; a
// citizen is refused the members page.
import type { Locator, Page } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";

const header = (page: Page) => page.getByRole("banner");

test("an admin makes a citizen a moderator (keyboard only); the moderator opens /moderation; the audit log shows it", async ({
  page,
  browser,
  browserIssues,
  createUser,
  loginAs,
  tabTo,
  a11y,
}) => {
  test.slow();
  const admin = await createUser({ role: "admin", name: "Alice Administratrice" });
  const citizen = await createUser({ role: "citizen", name: `Bastien Promu ${Date.now().toString(36)}` });
  await loginAs(page, admin);

  // From the home page to the members, by the header's "Administration" link.
  await page.goto("/");
  await waitForHydration(page);
  await tabTo(page, header(page).getByRole("link", { name: "Administration" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/admin");
  await waitForHydration(page);
  await a11y(page, "administration overview");
  await tabTo(page, page.getByRole("main").getByRole("link", { name: "Membres" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/admin/members");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Membres");
  await waitForHydration(page);
  await a11y(page, "members");

  // Find the citizen by address.
  await tabTo(page, page.getByLabel("Nom ou adresse e-mail"));
  await page.keyboard.type(citizen.email);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/admin/members?q=${encodeURIComponent(citizen.email)}&role=`);
  await expect(page.getByText("1 membre trouvé.")).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: citizen.name }) });
  await expect(row.getByRole("cell").nth(0)).toHaveText(citizen.email);
  await waitForHydration(page);

  // The role: a select changed with the arrow keys, then its button.
  const select: Locator = row.getByRole("combobox", { name: `Rôle de ${citizen.name}` });
  await expect(select).toHaveValue("citizen");
  await tabTo(page, select);
  // citizen → aidant → moderator (a closed select changes with the arrows, without opening).
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(select).toHaveValue("moderator");
  await tabTo(page, row.getByRole("button", { name: `Changer le rôle de ${citizen.name}` }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Le rôle de ${citizen.name} est désormais : Modérateur.` })).toBeVisible();
  await expect(row.getByRole("combobox", { name: `Rôle de ${citizen.name}` })).toHaveValue("moderator");
  await a11y(page, "members, role changed");

  // The audit log, reached from the breadcrumb and the overview.
  await tabTo(page, page.getByRole("navigation", { name: "Fil d'Ariane" }).getByRole("link", { name: "Administration" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/admin");
  await waitForHydration(page);
  await tabTo(page, page.getByRole("main").getByRole("link", { name: "Journal d'audit" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/admin/audit");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Journal d'audit");
  const entry = page.getByRole("row").filter({ hasText: `${citizen.name} : de Citoyen à Modérateur` });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByRole("cell").nth(0)).toHaveText(admin.name);
  await expect(entry.getByRole("cell").nth(1)).toHaveText("Changement de rôle");
  await a11y(page, "audit log");

  // The new moderator logs in (in another browser) and finds "Modération" in the menu.
  const context = await browser.newContext({ locale: "fr-FR" });
  browserIssues.watch(context);
  const moderator = await context.newPage();
  await moderator.goto("/login");
  await waitForHydration(moderator);
  await tabTo(moderator, moderator.getByLabel(/^Adresse e-mail/));
  await moderator.keyboard.type(citizen.email);
  await tabTo(moderator, moderator.getByLabel(/^Mot de passe/));
  await moderator.keyboard.type(citizen.password);
  await moderator.keyboard.press("Enter");
  await expect(moderator).toHaveURL("/");
  const moderationLink = header(moderator).getByRole("link", { name: "Modération" });
  await expect(moderationLink).toBeVisible();
  await expect(header(moderator).getByRole("link", { name: "Administration" })).toHaveCount(0);
  await waitForHydration(moderator);
  await tabTo(moderator, moderationLink);
  await moderator.keyboard.press("Enter");
  await expect(moderator).toHaveURL("/moderation");
  await expect(moderator.getByRole("heading", { level: 1 })).toHaveText("Modération");
  await a11y(moderator, "moderation, as the new moderator");
  await context.close();
});

test("a citizen gets a 403 page on /admin/members, and cannot change a role by posting", async ({ page, createUser, loginAs, a11y, browserIssues, db }) => {
  const citizen = await createUser({ role: "citizen" });
  const other = await createUser({ role: "citizen" });
  await loginAs(page, citizen);
  browserIssues.allow(/responded with a status of 403/);

  const response = await page.goto("/admin/members");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accès refusé");
  await expect(page.getByRole("main")).not.toContainText(other.email);
  await expect(header(page).getByRole("link", { name: "Administration" })).toHaveCount(0);
  await waitForHydration(page);
  await a11y(page, "403 on /admin/members");

  // The same refusal when posting directly, with the citizen's session.
  const post = await page.request.post("/admin/members", {
    form: { userId: String(other.id), role: "admin" },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);
  const [row] = await db`select role from users where id = ${other.id}`;
  expect(row!.role).toBe("citizen");
});
