// Foundation acceptance: the life of an account, in French, with the keyboard only (focus by Tab,
// typing with the keyboard, Enter or Space to act; no .click() or .fill()). Mail goes through the
// real SMTP sink. axe runs on every page visited.
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { expect, test, uniqueEmail, waitForHydration, type TestUser } from "./fixtures";

const header = (page: Page) => page.getByRole("banner");
const loginLink = (page: Page) => header(page).getByRole("link", { name: "Se connecter" });
const logoutButton = (page: Page) => header(page).getByRole("button", { name: "Se déconnecter" });

type TabTo = (page: Page, target: Locator, max?: number) => Promise<void>;

/** Focus a field with Tab, then type into it. */
async function typeInto(page: Page, tabTo: TabTo, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Log in from the header's link, keyboard only; ends on the page the login redirects to. */
async function logInWithKeyboard(page: Page, tabTo: TabTo, email: string, password: string) {
  await waitForHydration(page);
  await tabTo(page, loginLink(page));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await waitForHydration(page);
  await typeInto(page, tabTo, page.getByLabel(/^Adresse e-mail/), email);
  await typeInto(page, tabTo, page.getByLabel(/^Mot de passe/), password);
  await page.keyboard.press("Enter");
}

/** A second browser, logged in through the login form (its own session row). */
async function secondBrowser(browser: Browser, watch: (c: BrowserContext) => void, user: Pick<TestUser, "email" | "password">) {
  const context = await browser.newContext({ locale: "fr-FR" });
  watch(context);
  const page = await context.newPage();
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel(/^Adresse e-mail/).fill(user.email);
  await page.getByLabel(/^Mot de passe/).fill(user.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL("/");
  await expect(logoutButton(page)).toBeVisible();
  return { context, page };
}

test("sign up, confirm by mail, log out and in, change the password (other sessions end), delete the account", async ({
  page,
  browser,
  tabTo,
  a11y,
  mailbox,
  browserIssues,
  db,
}) => {
  test.slow();
  const email = uniqueEmail("signup");
  const name = "Camille Lefèvre";
  const password = "une phrase de passe assez longue";
  const newPassword = "un tout autre mot de passe, plus long";

  // Sign up from the header's link.
  await page.goto("/");
  await waitForHydration(page);
  await tabTo(page, header(page).getByRole("link", { name: "Créer un compte" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/signup");
  await expect(page.getByRole("heading", { level: 1, name: "Créer un compte" })).toBeVisible();
  await waitForHydration(page);
  await a11y(page, "sign-up form");
  await typeInto(page, tabTo, page.getByLabel(/^Nom affiché/), name);
  await typeInto(page, tabTo, page.getByLabel(/^Adresse e-mail/), email);
  await typeInto(page, tabTo, page.getByLabel(/^Mot de passe/), password);
  await typeInto(page, tabTo, page.getByLabel(/^Confirmation du mot de passe/), password);
  const terms = page.getByRole("checkbox", { name: /J'accepte les conditions d'utilisation/ });
  await tabTo(page, terms);
  await page.keyboard.press("Space");
  await expect(terms).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Créer mon compte" }));
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL("/signup?sent=1");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vérifiez votre messagerie");
  await expect(page.getByRole("status").filter({ hasText: "Nous venons d'envoyer un message" })).toBeVisible();
  // Nobody is logged in by a sign-up: the answer must be the same whether or not the address
  // already has an account (no session cookie on one and not the other).
  await expect(loginLink(page)).toBeVisible();
  await expect(logoutButton(page)).toHaveCount(0);
  await a11y(page, "sign-up sent");

  const [account] = await db`select id, name, role, email_confirmed_at, terms_accepted_at from users where email = ${email}`;
  expect(account).toMatchObject({ name, role: "citizen", email_confirmed_at: null });
  expect(account!.terms_accepted_at).not.toBeNull();

  // The confirmation mail, from the SMTP sink; its link confirms the address.
  const mail = await mailbox.waitFor(email, { subjectIncludes: "Confirmez votre adresse e-mail" });
  const link = mail.firstLink();
  expect(link).toMatch(/\/confirm-email\?token=/);
  await page.goto(link);
  await expect(page).toHaveURL("/confirm-email?status=confirmed");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Adresse e-mail confirmée");
  await expect(page.getByRole("status")).toContainText("Merci ! Votre adresse e-mail est confirmée.");
  await a11y(page, "e-mail confirmed");
  const [confirmed] = await db`select email_confirmed_at from users where email = ${email}`;
  expect(confirmed!.email_confirmed_at).not.toBeNull();

  // Log in with the new password, then out and in again.
  await logInWithKeyboard(page, tabTo, email, password);
  await expect(logoutButton(page)).toBeVisible();
  await waitForHydration(page);
  await tabTo(page, logoutButton(page));
  await page.keyboard.press("Enter");
  await expect(loginLink(page)).toBeVisible();
  await logInWithKeyboard(page, tabTo, email, password);
  await expect(logoutButton(page)).toBeVisible();
  await expect(page).toHaveURL("/"); // logging out went home, and the login came back there

  // Another browser logged in before the change.
  const other = await secondBrowser(browser, browserIssues.watch, { email, password });

  // Change the password on the account page.
  await waitForHydration(page);
  await tabTo(page, header(page).getByRole("link", { name: "Mon compte" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mon compte");
  await waitForHydration(page);
  await a11y(page, "account page");
  const sessions = page.getByRole("table", { name: /Vos sessions ouvertes/ });
  await expect(sessions.getByRole("row")).toHaveCount(3); // the header row and two sessions
  const passwordSection = page.getByRole("region", { name: "Mot de passe" });
  await typeInto(page, tabTo, passwordSection.getByLabel(/^Mot de passe actuel/), password);
  await typeInto(page, tabTo, passwordSection.getByLabel(/^Nouveau mot de passe/), newPassword);
  await typeInto(page, tabTo, passwordSection.getByLabel(/^Confirmation du nouveau mot de passe/), newPassword);
  await tabTo(page, passwordSection.getByRole("button", { name: "Changer le mot de passe" }));
  await page.keyboard.press("Enter");
  await expect(passwordSection.getByRole("status")).toHaveText("Votre mot de passe a été changé. Toutes vos autres sessions ont été fermées.");
  // The fields are emptied after the change.
  await expect(passwordSection.getByLabel(/^Mot de passe actuel/)).toHaveValue("");
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await a11y(page, "account page, password changed");

  // The other browser's session has ended; this one goes on.
  await other.page.reload();
  await expect(loginLink(other.page)).toBeVisible();
  await expect(logoutButton(other.page)).toHaveCount(0);
  await page.reload();
  await expect(logoutButton(page)).toBeVisible();

  // Delete the account: password and confirmation box.
  await waitForHydration(page);
  const deleteSection = page.getByRole("region", { name: "Supprimer mon compte" });
  await typeInto(page, tabTo, deleteSection.getByLabel(/^Mot de passe actuel/), newPassword);
  const confirmBox = deleteSection.getByRole("checkbox", { name: "Je comprends que la suppression de mon compte est définitive." });
  await tabTo(page, confirmBox);
  await page.keyboard.press("Space");
  await expect(confirmBox).toBeChecked();
  await tabTo(page, deleteSection.getByRole("button", { name: "Supprimer définitivement mon compte" }));
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL("/?accountDeleted=1");
  await expect(page.getByRole("status").filter({ hasText: "Votre compte a été supprimé. Merci d'avoir participé !" })).toBeVisible();
  await expect(loginLink(page)).toBeVisible();
  await a11y(page, "home after the deletion");
  expect(await db`select id from users where email = ${email}`).toHaveLength(0);
  expect(await db`select id from sessions where user_id = ${account!.id}`).toHaveLength(0);

  // The address no longer opens anything, with either password.
  browserIssues.allow(/responded with a status of 400/);
  await logInWithKeyboard(page, tabTo, email, newPassword);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Adresse e-mail ou mot de passe incorrect.");
  await expect(loginLink(page)).toBeVisible();
  await a11y(page, "login refused after the deletion");
  await other.context.close();
});

test("forgotten password: the link by mail sets a new password; the old one stops working; a used or expired link offers a new one", async ({
  page,
  createUser,
  tabTo,
  a11y,
  mailbox,
  browserIssues,
  db,
}) => {
  test.slow();
  const user = await createUser({ name: "Jeanne Oubli" });
  const newPassword = "la nouvelle phrase de passe de Jeanne";
  // Refused logins (400) and dead links (410) are expected on the console.
  browserIssues.allow(/responded with a status of (400|410)/);

  await page.goto("/login");
  await waitForHydration(page);
  await tabTo(page, page.getByRole("link", { name: "Mot de passe oublié ?" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/forgot-password");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mot de passe oublié");
  await waitForHydration(page);
  await a11y(page, "forgotten password form");
  await typeInto(page, tabTo, page.getByLabel(/^Adresse e-mail/), user.email);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText(`Si un compte existe pour ${user.email}, nous venons d'y envoyer un lien`);
  await a11y(page, "forgotten password, link sent");

  const mail = await mailbox.waitFor(user.email, { subjectIncludes: "Choisir un nouveau mot de passe" });
  const link = mail.firstLink();
  expect(link).toMatch(/\/reset-password\?token=/);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choisir un nouveau mot de passe");
  await waitForHydration(page);
  await a11y(page, "new password form");
  await typeInto(page, tabTo, page.getByLabel(/^Nouveau mot de passe/), newPassword);
  await typeInto(page, tabTo, page.getByLabel(/^Confirmation du nouveau mot de passe/), newPassword);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/account?done=passwordReset");
  await expect(page.getByRole("status").filter({ hasText: "Votre nouveau mot de passe est enregistré." })).toBeVisible();
  await expect(logoutButton(page)).toBeVisible();

  // Logged out, the old password fails and the new one works.
  await waitForHydration(page);
  await tabTo(page, logoutButton(page));
  await page.keyboard.press("Enter");
  await expect(loginLink(page)).toBeVisible();
  await logInWithKeyboard(page, tabTo, user.email, user.password);
  await expect(page.getByRole("alert")).toContainText("Adresse e-mail ou mot de passe incorrect.");
  await page.goto("/login");
  await waitForHydration(page);
  await typeInto(page, tabTo, page.getByLabel(/^Adresse e-mail/), user.email);
  await typeInto(page, tabTo, page.getByLabel(/^Mot de passe/), newPassword);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/");
  await expect(logoutButton(page)).toBeVisible();

  // The link again: used, so a page offering a new one.
  const used = await page.goto(link);
  expect(used?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ce lien ne fonctionne pas");
  await expect(page.getByText("Ce lien a déjà servi : chaque lien ne fonctionne qu'une fois.")).toBeVisible();
  await expect(page.getByLabel(/^Nouveau mot de passe/)).toHaveCount(0);
  await a11y(page, "used reset link");
  await waitForHydration(page);
  await tabTo(page, page.getByRole("link", { name: "Demander un nouveau lien" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/forgot-password");

  // A new link, expired before it is followed.
  await waitForHydration(page);
  await typeInto(page, tabTo, page.getByLabel(/^Adresse e-mail/), user.email);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText(`Si un compte existe pour ${user.email}`);
  const second = await mailbox.waitFor(user.email, { subjectIncludes: "Choisir un nouveau mot de passe", timeout: 15_000, after: mail.file });
  const secondLink = second.firstLink();
  expect(secondLink).not.toBe(link);
  const expired = await db`
    update verification_tokens set expires_at = now() - interval '1 minute'
    where user_id = ${user.id} and purpose = 'reset_password' and used_at is null
    returning id`;
  expect(expired).toHaveLength(1);
  const response = await page.goto(secondLink);
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ce lien ne fonctionne pas");
  await expect(page.getByText("Ce lien a expiré : il n'est valable qu'une heure. Demandez-en un nouveau.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Demander un nouveau lien" })).toHaveAttribute("href", "/forgot-password");
  await a11y(page, "expired reset link");

  // Still the new password, nothing else changed it.
  const [row] = await db`select count(*)::int as n from verification_tokens where user_id = ${user.id} and used_at is not null`;
  expect(row!.n).toBe(1);
});

test("an invalid sign-up shows translated messages next to the fields and keeps what was typed, except the passwords", async ({
  page,
  browser,
  browserIssues,
  tabTo,
  a11y,
  db,
}) => {
  // In the browser: Conform checks the form before sending it.
  await page.goto("/signup");
  await waitForHydration(page);
  await typeInto(page, tabTo, page.getByLabel(/^Adresse e-mail/), "pas-une-adresse");
  await typeInto(page, tabTo, page.getByLabel(/^Mot de passe/), "court");
  await typeInto(page, tabTo, page.getByLabel(/^Confirmation du mot de passe/), "court");
  await tabTo(page, page.getByRole("button", { name: "Créer mon compte" }));
  await page.keyboard.press("Enter");

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Le formulaire contient 4 erreurs. Corrigez-les puis renvoyez-le.");
  await expect(summary).toBeFocused();
  await expect(page.getByLabel(/^Nom affiché/)).toHaveAccessibleDescription(/Ce champ est obligatoire\./);
  await expect(page.getByLabel(/^Adresse e-mail/)).toHaveAccessibleDescription(/Saisissez une adresse e-mail valide, par exemple nom@exemple\.fr\./);
  await expect(page.getByLabel(/^Mot de passe/)).toHaveAccessibleDescription(/Le mot de passe doit faire entre 12 et 200 caractères\./);
  await expect(page.getByText("Vous devez accepter les conditions d'utilisation.")).toBeVisible();
  await expect(page.getByLabel(/^Adresse e-mail/)).toHaveValue("pas-une-adresse");
  await expect(page).toHaveURL("/signup");
  await a11y(page, "sign-up with errors (browser check)");

  // Without JavaScript the server decides: it keeps the name, the address and the ticked box, never
  // the passwords, and says what is wrong next to the field.
  const email = uniqueEmail("refused");
  const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false });
  browserIssues.watch(context);
  browserIssues.allow(/responded with a status of 400/);
  // Chromium without JavaScript refuses to fetch the page's scripts.
  browserIssues.allow(/^request failed: GET \S+\.js \(csp\)$/);
  const noJs = await context.newPage();
  await noJs.goto("/signup");
  await typeInto(noJs, tabTo, noJs.getByLabel(/^Nom affiché/), "Camille Sans-Script");
  await typeInto(noJs, tabTo, noJs.getByLabel(/^Adresse e-mail/), email);
  await typeInto(noJs, tabTo, noJs.getByLabel(/^Mot de passe/), "une phrase de passe valable");
  await typeInto(noJs, tabTo, noJs.getByLabel(/^Confirmation du mot de passe/), "une phrase de passe différente");
  await tabTo(noJs, noJs.getByRole("checkbox", { name: /J'accepte les conditions/ }));
  await noJs.keyboard.press("Space");
  await tabTo(noJs, noJs.getByRole("button", { name: "Créer mon compte" }));
  const answer = noJs.waitForResponse((r) => r.url().includes("/signup") && r.request().method() === "POST");
  await noJs.keyboard.press("Enter");
  expect((await answer).status()).toBe(400);
  await expect(noJs.getByRole("alert")).toContainText("Le formulaire contient 1 erreur. Corrigez-la puis renvoyez-le.");
  await expect(noJs.getByLabel(/^Nom affiché/)).toHaveValue("Camille Sans-Script");
  await expect(noJs.getByLabel(/^Adresse e-mail/)).toHaveValue(email);
  await expect(noJs.getByRole("checkbox", { name: /J'accepte les conditions/ })).toBeChecked();
  await expect(noJs.getByLabel(/^Mot de passe/)).toHaveValue("");
  await expect(noJs.getByLabel(/^Confirmation du mot de passe/)).toHaveValue("");
  await expect(noJs.getByLabel(/^Confirmation du mot de passe/)).toHaveAccessibleDescription(/Les deux mots de passe ne correspondent pas\./);
  // axe needs JavaScript: it checks the server's answer, scripts removed, in the main browser.
  const html = (await noJs.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  await context.close();
  await page.route((url) => url.pathname === "/signup" && url.search === "?no-js-copy", (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await page.goto("/signup?no-js-copy");
  await expect(page.getByLabel(/^Confirmation du mot de passe/)).toHaveAccessibleDescription(/Les deux mots de passe ne correspondent pas\./);
  await a11y(page, "sign-up with errors (server answer, as shown without JavaScript)");

  expect(await db`select id from users where email = ${email}`).toHaveLength(0);
});
