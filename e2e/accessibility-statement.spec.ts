// The accessibility statement's contact form, with the keyboard only (Tab to focus, typing, Enter
// to send; no .click() or .fill()): a missing field gives the same page with the errors announced
// and linked, nothing sent; a complete message reaches the organization's admins (bell and mail).
// axe runs on each state of the page.
import type { Locator, Page } from "@playwright/test";
import { expect, test, uniqueEmail, waitForHydration } from "./fixtures";

type TabTo = (page: Page, target: Locator, max?: number) => Promise<void>;

async function typeInto(page: Page, tabTo: TabTo, field: Locator, text: string) {
  await tabTo(page, field, 120);
  await page.keyboard.type(text);
}

test("a visitor reports a problem with the keyboard only; the admins are told", async ({ page, db, demoOrgId, createUser, tabTo, a11y, mailbox }) => {
  test.slow();
  // An admin of its own, so that the mail can be awaited at an address of this test.
  const admin = await createUser({ role: "admin" });
  // Messages earlier runs sent from this address do not count against this one.
  await db`delete from accessibility_contacts where organization_id = ${demoOrgId}`;

  await page.goto("/accessibilite");
  await waitForHydration(page);
  // The footer says the stored state, and the page every section of the model.
  await expect(page.getByRole("contentinfo").getByRole("link", { name: /^Accessibilité : (non|partiellement|totalement) conforme$/ })).toBeVisible();
  for (const heading of ["État de conformité", "Contenus non accessibles", "Établissement de cette déclaration d'accessibilité", "Retour d'information et contact", "Voies de recours"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  await a11y(page, "accessibility statement");

  const name = page.getByLabel(/^Votre nom/);
  const email = page.getByLabel(/^Votre adresse e-mail/);
  const where = page.getByLabel(/^Page concernée/);
  const problem = page.getByLabel(/^Problème rencontré/);
  const send = page.getByRole("button", { name: "Envoyer le signalement" });

  // Name only, then Enter from the button: the errors are summarised and each field says its own.
  await typeInto(page, tabTo, name, "Dominique Lecteur");
  await tabTo(page, send, 10);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Ce champ est obligatoire.").first()).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(where).toHaveAttribute("aria-invalid", "true");
  await expect(problem).toHaveAttribute("aria-invalid", "true");
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await a11y(page, "accessibility statement, contact form with errors");
  const before = await db`select count(*)::int as n from notifications where user_id = ${admin.id}`;
  expect(before[0]!.n).toBe(0);

  await typeInto(page, tabTo, email, uniqueEmail("lecteur"));
  await typeInto(page, tabTo, where, "Carte du projet Place de la Fontaine");
  await typeInto(page, tabTo, problem, "Je ne peux pas atteindre les lieux de la carte au clavier.");
  await tabTo(page, send, 10);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Merci, votre signalement a été transmis" })).toBeVisible();
  await a11y(page, "accessibility statement, message sent");

  const notes = await db`select data from notifications where user_id = ${admin.id} and kind = 'accessibility_report'`;
  expect(notes).toHaveLength(1);
  const mail = await mailbox.waitFor(admin.email, { subjectIncludes: "Signalement d'accessibilité" });
  expect(mail.text).toContain("Je ne peux pas atteindre les lieux de la carte au clavier.");
  expect(mail.text).toContain("Dominique Lecteur");
});
