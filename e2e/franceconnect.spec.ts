// FranceConnect in Chromium, against a real local provider configured like FranceConnect (ES256,
// signed userinfo, eidas1; app/test/oidc-provider.ts) that this spec starts. In order:
// an admin declares the provider and imports a census through their pages; a resident found in the
// census logs in with the official button, votes in a consultation restricted to verified residents
// of 16 and over, and logs out through the provider; a 14-year-old resident is refused that vote
// with its reason; an identity whose e-mail is an existing account's is linked only after that
// account's password; a forged callback gets a clear page. axe on every page of ours.
import path from "node:path";
import type { Page } from "@playwright/test";
import { createTestConsultation } from "../app/modules/consultations/testing.server";
import { memberActor } from "../app/modules/auth/member-actor";
import { startLocalProvider, type LocalProvider } from "../app/test/oidc-provider";
import type { Db } from "../app/utils/db.server";
import { expect, test, waitForHydration, type TestUser } from "./fixtures";
import { insertProject } from "./support/data";
import { BASE_URL, OIDC_PORT, ROOT } from "./support/env";

const SHOTS = process.env.E2E_SCREENSHOTS ? path.join(ROOT, "e2e/screenshots/2026-12-02b") : null;
const header = (page: Page) => page.getByRole("banner");

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const [w, h] of [
    [360, 740],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `fc-${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe.configure({ mode: "serial" });

let provider: LocalProvider;
let consultationPath = "";

test.beforeAll(async () => {
  provider = await startLocalProvider({
    port: OIDC_PORT,
    clients: [
      {
        clientId: "maquette-e2e",
        clientSecret: "maquette-e2e-secret-0123456789",
        redirectUris: [`${BASE_URL}/auth/oidc/franceconnect/callback`],
        postLogoutRedirectUris: [`${BASE_URL}/auth/oidc/logged-out`],
      },
    ],
  });
});

test.afterAll(async () => {
  await provider?.close();
});

/** Clicks FranceConnect's button on the login page, picks `persona` at the provider, comes back. */
async function franceConnect(page: Page, persona: RegExp) {
  await page.goto("/login");
  await page.getByRole("link", { name: "S’identifier avec FranceConnect" }).click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${OIDC_PORT}/interaction/`));
  await page.getByLabel(persona).check();
  await page.getByRole("button", { name: "Continuer" }).click();
}

test("an admin declares the local FranceConnect and imports the census", async ({ page, createUser, loginAs, a11y, db, demoOrgId }) => {
  const admin: TestUser = await createUser({ role: "admin" });
  await loginAs(page, admin);
  await page.goto("/admin/identity");
  await waitForHydration(page);
  await a11y(page, "identity services, empty");
  await page.getByLabel("Adresse de l’émetteur (issuer)").fill(provider.issuer);
  await page.getByLabel("Identifiant client").fill("maquette-e2e");
  await page.getByLabel("Secret client").fill("maquette-e2e-secret-0123456789");
  await expect(page.getByText(`${BASE_URL}/auth/oidc/franceconnect/callback`)).toBeVisible();
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status")).toContainText("Service enregistré.");
  await expect(page.getByRole("link", { name: "Modifier « FranceConnect »" })).toBeVisible();
  await a11y(page, "identity services, one saved");
  await shoot(page, "admin-identity");
  // The secret is sealed in the database, never in clear.
  const [row] = await db`select client_secret_encrypted::text as sealed from oidc_providers where organization_id = ${demoOrgId} and slug = 'franceconnect'`;
  expect(String(row?.sealed)).not.toContain(Buffer.from("maquette-e2e-secret").toString("hex"));

  await page.goto("/admin/residents");
  await waitForHydration(page);
  await a11y(page, "verified residents");
  const csv = [
    "nom;prenoms;date_naissance",
    "DUBOIS;Angela Claire Louise;24/08/1962",
    "LEFÈVRE-DURAND;Jean-Éloi;02/03/2012",
    "MARTIN;;01/01/1980",
    "BERNARD;Luc;31/02/1980",
  ].join("\n");
  await page.getByLabel("Fichier du recensement (CSV)").setInputFiles({ name: "recensement.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByLabel("Vérifications valables jusqu’au").fill("2099-12-31");
  await page.getByRole("button", { name: "Importer" }).click();
  const report = page.getByRole("status").filter({ hasText: "lignes importées" });
  await expect(report).toContainText("2 lignes importées sur 4.");
  await report.getByText("Lignes refusées (2)").click();
  await expect(report).toContainText("Ligne 4 : prénoms manquants");
  await expect(report).toContainText("Ligne 5 : date de naissance invalide");
  // No census data is shown back: the report names lines, not people.
  await expect(page.getByText("MARTIN")).toHaveCount(0);
  await a11y(page, "census imported, with its report");
  await shoot(page, "admin-residents");

  // The consultation: verified residents of 16 and over.
  const official = await createUser({ role: "official" });
  const project = await insertProject(db, {
    organizationId: demoOrgId,
    createdBy: official.id,
    title: `Budget des jeunes ${Date.now().toString(36)}`,
    phases: { co_construction: [-20, -2], vote: [-1, 20] },
  });
  const c = await createTestConsultation(db as unknown as Db, memberActor(demoOrgId, official.id, { role: "official", name: official.name }), project.id, {
    title: "Quel terrain de jeux ?",
    eligibility: "verified",
    minAge: 16,
    questions: [{ title: "Votre choix", settings: { method: "single" }, options: [{ label: "Skatepark" }, { label: "City-stade" }] }],
  });
  consultationPath = `/projects/${project.slug}/consultations/${c.id}`;
});

test("a resident logs in with FranceConnect, votes as a verified resident of 16 and over, and logs out through FranceConnect", async ({ page, a11y }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await expect(page.getByRole("link", { name: "S’identifier avec FranceConnect" })).toBeVisible();
  await a11y(page, "login with the FranceConnect button");
  await shoot(page, "login");

  await franceConnect(page, /Angela Claire Louise DUBOIS/);
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(header(page).getByRole("button", { name: "Se déconnecter" })).toBeVisible();

  await page.goto("/account");
  await expect(page.getByText("Résident vérifié jusqu’au 31 décembre 2099.")).toBeVisible();
  await expect(page.getByText("FranceConnect, relié le")).toBeVisible();
  await a11y(page, "account with its identity");
  await shoot(page, "account");

  await page.goto(consultationPath);
  await waitForHydration(page);
  await page.getByLabel("City-stade").check();
  await page.getByRole("button", { name: "Valider mon vote" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Votre vote est enregistré" })).toBeVisible();

  // Logging out goes through FranceConnect's end session (id_token_hint, state), then back here.
  await page.goto("/");
  await waitForHydration(page);
  await header(page).getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${OIDC_PORT}/session/end`));
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
});

test("a resident of 14 found in the census is refused the vote for 16 and over, with its reason", async ({ page }) => {
  await franceConnect(page, /Jean-Éloi LEFÈVRE-DURAND/);
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await page.goto(consultationPath);
  await expect(page.getByText("Ce vote est réservé aux personnes ayant l'âge minimum indiqué.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Valider mon vote" })).toHaveCount(0);
});

test("an identity whose e-mail is an existing account's is linked only after that account's password", async ({ page, createUser, a11y, browserIssues }) => {
  const member = await createUser({ email: "noemie.aitsaadi@franceconnect.maquette.example", name: "Noémie" });
  browserIssues.allow(/responded with a status of 400/);
  await franceConnect(page, /Noémie AÏT SAADI/);
  await expect(page).toHaveURL(`${BASE_URL}/auth/oidc/link`);
  await waitForHydration(page);
  await expect(page.getByText(`Un compte existe déjà avec l’adresse ${member.email}`)).toBeVisible();
  await a11y(page, "link page");
  await shoot(page, "link");
  await page.getByLabel("Mot de passe du compte").fill("not the password at all");
  await page.getByRole("button", { name: "Relier et me connecter" }).click();
  await expect(page.getByText("Ce mot de passe n’est pas celui du compte.")).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toBeVisible();
  await a11y(page, "link page with an error");
  await page.getByLabel("Mot de passe du compte").fill(member.password);
  await page.getByRole("button", { name: "Relier et me connecter" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(header(page).getByRole("button", { name: "Se déconnecter" })).toBeVisible();
});

test("a callback that matches no login of this browser gets a clear page, and nobody is logged in", async ({ page, a11y, browserIssues }) => {
  browserIssues.allow(/responded with a status of 400/);
  const response = await page.goto("/auth/oidc/franceconnect/callback?code=forged&state=forged");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connexion impossible");
  await expect(page.getByRole("alert")).toContainText("ne correspond à aucune connexion commencée dans ce navigateur");
  await expect(header(page).getByRole("link", { name: "Se connecter" })).toBeVisible();
  await a11y(page, "callback refused");
  await shoot(page, "callback-refused");
});
