// Consultations in two browsers, in French: a citizen votes and a visitor's page counts the ballot
// without a reload; results kept for the close show nothing (page or socket) until the close, then
// appear by themselves; the four methods' ballots are used with the keyboard alone (radio group,
// approval boxes, majority judgment's grid, budget boxes with the running total) and axe finds
// nothing on the ballot and results pages; without JavaScript the ballot is a plain form: a
// receipt, a refusal with its reason, and a clear page after the close.
// The consultations are built through the officials' commands (the officials' pages have their own
// test below); the ballots are cast through the pages.
import type { Page, WebSocket } from "@playwright/test";
import type postgres from "postgres";
import { actorOf } from "../app/modules/auth/actor";
import type { SessionUser } from "../app/modules/auth/session.server";
import { createTestConsultation, type TestQuestion } from "../app/modules/consultations/testing.server";
import type { ConsultationInput } from "../app/modules/consultations/schema";
import type { Db } from "../app/utils/db.server";
import { insertProject } from "./support/data";
import { expect, test, waitForHydration, type TestUser } from "./fixtures";

const MOBILE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

function officialActor(user: TestUser) {
  const session: SessionUser = {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    name: user.name,
    role: user.role,
    isSystemAdmin: false,
    locale: null,
    emailConfirmed: true,
  };
  return actorOf(user.organizationId, session);
}

async function voteProject(db: postgres.Sql, organizationId: number, official: TestUser, title: string) {
  return insertProject(db, {
    organizationId,
    createdBy: official.id,
    title: `${title} ${Date.now().toString(36)}`,
    phases: { co_construction: [-20, -2], vote: [-1, 20] },
  });
}

async function consultation(
  db: postgres.Sql,
  official: TestUser,
  projectId: number,
  input: Partial<ConsultationInput> & { questions: TestQuestion[] },
) {
  return createTestConsultation(db as unknown as Db, officialActor(official), projectId, input);
}

/** A mark on the window: still there later means the page was not reloaded. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __mark?: boolean }).__mark = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { __mark?: boolean }).__mark === true);

/** Every socket.io frame the page receives, as text. */
function socketFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on("websocket", (ws: WebSocket) => {
    if (!ws.url().includes("/socket.io/")) return;
    ws.on("framereceived", (frame) => frames.push(typeof frame.payload === "string" ? frame.payload : frame.payload.toString()));
  });
  return frames;
}

test.describe("consultations", () => {
  test("one browser votes, the other sees the tally move without a reload", async ({ browser, browserIssues, page, db, demoOrgId, createUser, loginAs, a11y }) => {
    const official = await createUser({ role: "official" });
    const voter = await createUser({ name: "Vera Votante" });
    const project = await voteProject(db, demoOrgId, official, "Place du marché");
    const c = await consultation(db, official, project.id, {
      title: "Quel kiosque pour la place ?",
      resultsVisibility: "live",
      secrecy: "secret",
      questions: [{ title: "Votre kiosque préféré", settings: { method: "single" }, options: [{ label: "Kiosque en bois" }, { label: "Kiosque en verre" }] }],
    });
    const path = `/projects/${project.slug}/consultations/${c.id}`;

    // The watcher: a visitor without an account, on the results page.
    const watcherContext = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(watcherContext);
    const watcher = await watcherContext.newPage();
    try {
      const socket = watcher.waitForEvent("websocket", { predicate: (ws) => ws.url().includes("/socket.io/") });
      await watcher.goto(`${path}/results`);
      await waitForHydration(watcher);
      await socket;
      await expect(watcher.getByTestId("turnout")).toContainText("0 votant.");
      await mark(watcher);

      await loginAs(page, voter);
      await page.goto(path);
      await waitForHydration(page);
      await a11y(page, "ballot (single choice)");
      await page.getByLabel("Kiosque en verre").check();
      const posts: string[] = [];
      page.on("request", (request) => {
        if (request.method() === "POST") posts.push(request.url());
      });
      await page.getByRole("button", { name: "Valider mon vote" }).click();
      const receipt = page.getByRole("status").filter({ hasText: "Votre vote est enregistré" });
      await expect(receipt).toBeVisible();
      await expect(receipt).toContainText("Votre kiosque préféré : Kiosque en verre");
      await expect(page.getByTestId("receipt-code")).toHaveText(/^[0-9A-Z]{4}( [0-9A-Z]{4}){5}$/);
      // The fetcher posted for data: no page was rendered for the vote.
      expect(posts.length).toBe(1);
      expect(posts[0]).toContain(".data");
      await a11y(page, "receipt");

      await expect(watcher.getByTestId("turnout")).toContainText("1 votant.", { timeout: 5_000 });
      await expect(watcher.getByRole("row", { name: /Kiosque en verre/ })).toContainText("100 %");
      expect(await stillMarked(watcher)).toBe(true);
      // Said to screen readers too, politely.
      await expect(watcher.getByTestId("tally-announcer")).toHaveText("Résultats mis à jour : 1 votant.", { timeout: 6_000 });
      await a11y(watcher, "results updated live");
    } finally {
      browserIssues.stop();
      await watcherContext.close();
    }
  });

  test("results kept for the close: nothing on the page nor in the socket before it, then the results by themselves", async ({
    browser,
    browserIssues,
    page,
    db,
    demoOrgId,
    createUser,
    loginAs,
  }) => {
    const official = await createUser({ role: "official" });
    const voter = await createUser();
    const project = await voteProject(db, demoOrgId, official, "Jardin partagé");
    const closesAt = new Date(Date.now() + 12_000);
    const c = await consultation(db, official, project.id, {
      title: "Le nom du jardin",
      resultsVisibility: "after_close",
      closesAt,
      questions: [{ title: "Quel nom ?", settings: { method: "single" }, options: [{ label: "Jardin des Lilas" }, { label: "Jardin du Lavoir" }] }],
    });
    const path = `/projects/${project.slug}/consultations/${c.id}`;
    const watcherContext = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(watcherContext);
    const watcher = await watcherContext.newPage();
    try {
      const frames = socketFrames(watcher);
      await watcher.goto(path);
      await waitForHydration(watcher);
      await expect(watcher.getByText(/Les résultats seront affichés après la clôture/).first()).toBeVisible();
      await mark(watcher);

      await loginAs(page, voter);
      await page.goto(path);
      await waitForHydration(page);
      await page.getByLabel("Jardin du Lavoir").check();
      await page.getByRole("button", { name: "Valider mon vote" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Votre vote est enregistré" })).toBeVisible();
      // The voter's own page shows no numbers either.
      await expect(page.getByTestId("tallies")).toHaveCount(0);
      const results = await page.request.get(`${path}/export/json`);
      expect(results.status()).toBe(404);

      await watcher.waitForTimeout(1_500);
      await expect(watcher.getByTestId("tallies")).toHaveCount(0);
      expect(frames.filter((f) => f.includes("tally")), "tally messages before the close").toEqual([]);

      // The close passes: the page reloads its data by itself, without a reload.
      await expect(watcher.getByText("Le vote est clos.").first()).toBeVisible({ timeout: 20_000 });
      await expect(watcher.getByTestId("turnout")).toContainText("1 votant.", { timeout: 10_000 });
      await expect(watcher.getByRole("row", { name: /Jardin du Lavoir/ })).toContainText("100 %");
      expect(await stillMarked(watcher)).toBe(true);
    } finally {
      browserIssues.stop();
      await watcherContext.close();
    }
  });

  test("the four methods' ballots with the keyboard alone, axe clean at both widths", async ({ page, db, demoOrgId, createUser, loginAs, a11y, tabTo }) => {
    const official = await createUser({ role: "official" });
    const voter = await createUser();
    const project = await voteProject(db, demoOrgId, official, "Maison des associations");
    const c = await consultation(db, official, project.id, {
      title: "La maison des associations",
      resultsVisibility: "live",
      questions: [
        { title: "Quel jour d'ouverture en plus ?", settings: { method: "single" }, options: [{ label: "Le samedi" }, { label: "Le dimanche" }] },
        {
          title: "Quelles salles équiper ?",
          settings: { method: "approval", minChoices: 1, maxChoices: 2 },
          options: [{ label: "Salle de danse" }, { label: "Salle de musique" }, { label: "Atelier" }],
        },
        { title: "Jugez les façades", settings: { method: "majority", scale: 6 }, options: [{ label: "Façade en brique" }, { label: "Façade végétalisée" }] },
        {
          title: "Quels équipements financer ?",
          settings: { method: "budget", total: 10_000, minSpend: 0 },
          options: [
            { label: "Sono", cost: 4_000 },
            { label: "Projecteur", cost: 3_000 },
            { label: "Piano", cost: 8_000 },
          ],
        },
      ],
    });
    await loginAs(page, voter);
    await page.setViewportSize(MOBILE);
    await page.goto(`/projects/${project.slug}/consultations/${c.id}`);
    await waitForHydration(page);
    await a11y(page, "ballot of four methods, 360 px");
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
    await page.setViewportSize(DESKTOP);
    await a11y(page, "ballot of four methods, 1280 px");

    const ballot = page.locator("form.ballot");
    // Single choice: Tab into the group, an arrow moves the choice.
    await tabTo(page, ballot.getByLabel("Le samedi"));
    await page.keyboard.press("ArrowDown");
    await expect(ballot.getByLabel("Le dimanche")).toBeChecked();
    // Approval: Space ticks a box; the count follows.
    await tabTo(page, ballot.getByLabel("Salle de danse"));
    await page.keyboard.press("Space");
    await tabTo(page, ballot.getByLabel("Atelier"));
    await page.keyboard.press("Space");
    await expect(page.locator("#question-" + c.questions[1]!.id)).toContainText("2 options choisies (au plus 2).");
    // Majority judgment: each option's group of mentions, an arrow from the first.
    const brick = page.getByRole("group", { name: "Façade en brique" });
    await tabTo(page, brick.getByLabel("Très bien"));
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await expect(brick.getByLabel("Bien", { exact: true })).toBeChecked();
    const green = page.getByRole("group", { name: "Façade végétalisée" });
    await tabTo(page, green.getByLabel("Très bien"));
    await page.keyboard.press("Space");
    await expect(green.getByLabel("Très bien")).toBeChecked();
    // Budget: the running total, and the warning past the budget.
    await tabTo(page, ballot.getByLabel(/^Sono/));
    await page.keyboard.press("Space");
    await tabTo(page, ballot.getByLabel(/^Piano/));
    await page.keyboard.press("Space");
    const budget = page.locator("#question-" + c.questions[3]!.id);
    await expect(budget).toContainText("au-delà du budget de 10 000 €");
    await page.keyboard.press("Space");
    await tabTo(page, ballot.getByLabel(/^Projecteur/));
    await page.keyboard.press("Space");
    await expect(budget).toContainText("Total choisi : 7 000 € sur 10 000 € (reste 3 000 €).");

    await tabTo(page, page.getByRole("button", { name: "Valider mon vote" }));
    await page.keyboard.press("Enter");
    const receipt = page.getByRole("status").filter({ hasText: "Votre vote est enregistré" });
    await expect(receipt).toBeVisible();
    await expect(receipt).toBeFocused();
    await expect(receipt).toContainText("Quel jour d'ouverture en plus ? : Le dimanche");
    await expect(receipt).toContainText("Quelles salles équiper ? : Salle de danse, Atelier");
    await expect(receipt).toContainText("Jugez les façades : Façade en brique : Bien, Façade végétalisée : Très bien");
    await expect(receipt).toContainText("Quels équipements financer ? : Sono, Projecteur");
    await a11y(page, "receipt of four methods");

    await page.goto(`/projects/${project.slug}/consultations/${c.id}/results`);
    await waitForHydration(page);
    await expect(page.getByTestId("turnout")).toContainText("1 votant.");
    await page.setViewportSize(MOBILE);
    await a11y(page, "results of four methods, 360 px");
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
    await page.setViewportSize(DESKTOP);
    await a11y(page, "results of four methods, 1280 px");
  });

  test("without JavaScript: a plain form, its receipt, a refusal that says why, and a clear page after the close", async ({
    browser,
    browserIssues,
    db,
    demoOrgId,
    createUser,
    loginAs,
  }) => {
    browserIssues.allow(/status of (400|409)/);
    // Chromium without JavaScript refuses to fetch the page's scripts.
    browserIssues.allow(/^request failed: GET \S+\.js \(csp\)$/);
    const official = await createUser({ role: "official" });
    const voter = await createUser();
    const project = await voteProject(db, demoOrgId, official, "Bibliothèque");
    const open = await consultation(db, official, project.id, {
      title: "Les horaires de la bibliothèque",
      questions: [
        {
          title: "Quels créneaux ajouter ?",
          settings: { method: "approval", minChoices: 1, maxChoices: 1 },
          options: [{ label: "Mardi soir" }, { label: "Dimanche matin" }],
        },
      ],
    });
    const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false });
    browserIssues.watch(context);
    const page = await context.newPage();
    try {
      await loginAs(page, voter);
      await page.goto(`/projects/${project.slug}/consultations/${open.id}`);
      // Two boxes for one allowed: refused, with the reason, the boxes as they were.
      await page.getByLabel("Mardi soir").check();
      await page.getByLabel("Dimanche matin").check();
      await page.getByRole("button", { name: "Valider mon vote" }).click();
      await expect(page.getByRole("alert")).toContainText("Votre bulletin comporte des erreurs : rien n'a été enregistré.");
      await expect(page.getByRole("alert")).toContainText("Vous pouvez choisir au plus 1 option.");
      await expect(page.getByLabel("Dimanche matin")).toBeChecked();
      await page.getByLabel("Mardi soir").uncheck();
      await page.getByRole("button", { name: "Valider mon vote" }).click();
      await expect(page.getByText("Votre vote est enregistré")).toBeVisible();
      await expect(page.getByTestId("receipt-code")).toHaveText(/^[0-9A-Z]{4}( [0-9A-Z]{4}){5}$/);
      const [stored] = await db`select voters::int as n from consultation_counts where consultation_id = ${open.id}`;
      expect(stored!.n).toBe(1);

      const closing = await consultation(db, official, project.id, {
        title: "Le nom de la salle de lecture",
        closesAt: new Date(Date.now() + 5_000),
        questions: [{ title: "Quel nom ?", settings: { method: "single" }, options: [{ label: "Salle Colette" }, { label: "Salle Césaire" }] }],
      });
      // The page loaded before the close, the ballot sent after it.
      await page.goto(`/projects/${project.slug}/consultations/${closing.id}`);
      await page.getByLabel("Salle Césaire").check();
      const [left] = await db`select greatest(0, extract(epoch from closes_at - now()) * 1000)::int as ms from consultations where id = ${closing.id}`;
      await page.waitForTimeout(Number(left!.ms) + 300);
      await page.getByRole("button", { name: "Valider mon vote" }).click();
      await expect(page.getByTestId("ballot-closed")).toContainText("Le vote est clos : votre bulletin n'a pas été enregistré.");
      await expect(page.locator("h1")).toHaveCount(1);
    } finally {
      browserIssues.stop();
      await context.close();
    }
  });

  test("an official creates a consultation, its question and options, opens it; after a ballot the rules are frozen and the page says why", async ({
    page,
    db,
    demoOrgId,
    createUser,
    loginAs,
    a11y,
    browserIssues,
  }) => {
    // The refusals below answer 400 (a close before the opening) and 409 (closing early).
    browserIssues.allow(/status of (400|409)/);
    const official = await createUser({ role: "official" });
    const project = await voteProject(db, demoOrgId, official, "Square Pasteur");
    await loginAs(page, official);
    await page.goto(`/manage/projects/${project.id}/consultations`);
    await waitForHydration(page);
    await a11y(page, "officials' consultations list");
    const create = page.locator("form").filter({ has: page.getByRole("button", { name: "Créer la consultation" }) });
    // A close before the opening is refused beside the field.
    await create.getByLabel(/^Titre/).fill("Les jeux du square");
    await create.getByLabel(/^Clôture/).fill("2020-01-01T10:00");
    await create.getByRole("button", { name: "Créer la consultation" }).click();
    await expect(page.getByText("La clôture doit venir après l'ouverture.")).toBeVisible();
    await a11y(page, "consultation form with an error");
    const opens = await db`select to_char((now() at time zone 'Europe/Paris') - interval '1 hour', 'YYYY-MM-DD"T"HH24:MI') as v`;
    await create.getByLabel(/^Ouverture/).fill(String(opens[0]!.v));
    await create.getByLabel(/^Clôture/).fill("2030-06-30T18:00");
    await create.getByLabel("Vote public (le choix de chacun est visible)").check();
    await create.getByRole("button", { name: "Créer la consultation" }).click();
    await expect(page.getByRole("status")).toContainText("La consultation est créée.");

    const question = page.locator("form").filter({ has: page.getByRole("button", { name: "Ajouter la question" }) });
    await question.getByLabel(/^Question/).fill("Quels jeux installer ?");
    await question.getByLabel(/^Vote par approbation/).check();
    await question.getByLabel("Minimum").fill("1");
    await question.getByLabel("Maximum").fill("2");
    await question.getByRole("button", { name: "Ajouter la question" }).click();
    await expect(page.getByRole("status")).toContainText("La question est ajoutée.");
    for (const label of ["Toboggan", "Balançoires", "Tyrolienne"]) {
      // Open under its question at first; it stays open after each option.
      if (!(await page.getByLabel("Intitulé").isVisible())) await page.getByText("Ajouter un choix").click();
      await page.getByLabel("Intitulé").fill(label);
      await page.getByRole("button", { name: "Ajouter le choix" }).click();
      await expect(page.getByRole("status")).toContainText("Le choix est ajouté.");
    }
    await expect(page.locator(".option-list li")).toHaveCount(3);
    await a11y(page, "consultation being prepared");
    await page.getByRole("button", { name: "Ouvrir le vote" }).click();
    await expect(page.getByRole("status")).toContainText("Le vote est ouvert.");
    const consultationId = Number(/consultations\/(\d+)/.exec(page.url())![1]);

    // A resident votes: from then on the rules are frozen, and the page says why.
    const resident = await createUser({ name: "Rémi Résident" });
    await page.context().clearCookies();
    await loginAs(page, resident);
    await page.goto(`/projects/${project.slug}/consultations/${consultationId}`);
    await waitForHydration(page);
    await page.getByLabel("Tyrolienne").check();
    await page.getByRole("button", { name: "Valider mon vote" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Votre vote est enregistré" })).toContainText("Tyrolienne");
    // A public ballot: the page shows the voter what they chose, and lets them change it.
    await page.reload();
    await expect(page.getByTestId("voted-notice")).toContainText("Quels jeux installer ? : Tyrolienne");
    await expect(page.getByLabel("Tyrolienne")).toBeChecked();

    await page.context().clearCookies();
    await loginAs(page, official);
    await page.goto(`/manage/projects/${project.id}/consultations/${consultationId}`);
    await waitForHydration(page);
    await expect(page.getByText("Les questions et leurs choix ne peuvent plus changer : des bulletins ont été déposés.")).toBeVisible();
    await expect(page.getByText(/Des bulletins ont déjà été déposés : les règles/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Ajouter la question" })).toHaveCount(0);
    await expect(page.getByLabel(/^Ouverture/)).toHaveCount(0);
    await a11y(page, "frozen consultation");
    // Closing early is refused once ballots exist; moving the close later is done.
    await page.getByRole("button", { name: "Clore le vote maintenant" }).click();
    await expect(page.getByRole("alert")).toContainText("la consultation se clôt à l'heure annoncée");
    await page.getByLabel("Nouvelle date de clôture").fill("2030-07-15T18:00");
    await page.getByRole("button", { name: "Repousser la clôture" }).click();
    await expect(page.getByRole("status")).toContainText("La clôture est repoussée.");
    await expect(page.getByText(/jusqu'au 15 juil\. 2030/)).toBeVisible();
  });
});
