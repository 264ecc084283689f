// Participation core acceptance, in French: an official writes and publishes a project (rich text
// typed in the tiptap editor, an image sent through the editor, a place on the map, phases); citizens
// find it, propose, support and comment; the official answers; the author is told in the bell and
// by mail. A comment reported by three accounts is hidden, a moderator restores it, its author was
// told. The phases are enforced by the server. Keyboard only for the citizens' and the official's
// acts (Tab to focus, typing, Enter/Space/arrows to act); axe on every page visited.
import type { BrowserContext, Locator, Page } from "@playwright/test";
import sharp from "sharp";
import { insertProject } from "./support/data";
import { BASE_URL } from "./support/env";
import { expect, test, waitForHydration, type TestUser } from "./fixtures";

type TabTo = (page: Page, target: Locator, max?: number) => Promise<void>;

const header = (page: Page) => page.getByRole("banner");

async function typeInto(page: Page, tabTo: TabTo, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Tab then Enter on a link or button. */
async function activate(page: Page, tabTo: TabTo, target: Locator) {
  await tabTo(page, target);
  await page.keyboard.press("Enter");
}

/** From inside the editor, Shift+Tab reaches its toolbar; the arrows move to the named button. */
async function focusToolbarButton(page: Page, name: string) {
  await page.keyboard.press("Shift+Tab");
  for (let i = 0; i < 14; i++) {
    const label = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    if (label === name) return;
    await page.keyboard.press("ArrowRight");
  }
  throw new Error(`no "${name}" button in the editor's toolbar`);
}

/** Two animation frames: the page has handled the events queued so far (selectionchange…). */
async function settle(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** A small PNG made on the spot: a green plan with a darker square. */
async function planPng(): Promise<Buffer> {
  return sharp({ create: { width: 96, height: 64, channels: 3, background: "#3a7d44" } })
    .composite([{ input: await sharp({ create: { width: 32, height: 32, channels: 3, background: "#1d3f22" } }).png().toBuffer(), left: 32, top: 16 }])
    .png()
    .toBuffer();
}

type Actor = { user: TestUser; context: BrowserContext; page: Page };

test.describe("participation", () => {
  test("an official publishes a project; citizens find it, propose, support, comment; the official answers; a reported comment is hidden then restored", async ({
    page,
    browser,
    browserIssues,
    createUser,
    loginAs,
    tabTo,
    a11y,
    mailbox,
    db,
  }) => {
    test.setTimeout(300_000);
    const tag = Date.now().toString(36);
    const title = `Réaménagement du jardin des Glycines ${tag}`;
    const official = await createUser({ role: "official", name: "Odile Élue" });
    const author = await createUser({ name: `Paul Proposeur ${tag}` });
    const supporter = await createUser({ name: `Sophie Soutien ${tag}` });
    const moderator = await createUser({ role: "moderator", name: "Marc Modérateur" });

    /** Another browser for another person, logged in by session cookie. */
    async function actor(user: TestUser): Promise<Actor> {
      const context = await browser.newContext({ locale: "fr-FR" });
      browserIssues.watch(context);
      const actorPage = await context.newPage();
      await loginAs(actorPage, user);
      return { user, context, page: actorPage };
    }

    // ---- The official writes the project. ----
    await loginAs(page, official);
    let projectId = 0;
    let slug = "";
    await test.step("the official creates the project with the editor, an image, a place and phases", async () => {
      await page.goto("/");
      await waitForHydration(page);
      await activate(page, tabTo, header(page).getByRole("link", { name: "Gérer les projets" }));
      await expect(page).toHaveURL("/manage/projects");
      await waitForHydration(page);
      await a11y(page, "projects management");
      await activate(page, tabTo, page.getByRole("main").getByRole("link", { name: "Nouveau projet" }));
      await expect(page).toHaveURL("/manage/projects/new");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouveau projet");
      await waitForHydration(page);

      await typeInto(page, tabTo, page.getByRole("textbox", { name: "Titre (obligatoire)" }), title);
      const kind = page.getByLabel(/^Thématique/);
      await tabTo(page, kind);
      await page.keyboard.press("ArrowDown");
      await expect(kind).toHaveValue("urban");
      await typeInto(page, tabTo, page.getByLabel(/^Résumé/), "Un jardin partagé au cœur du quartier, dessiné avec ses habitants.");

      // The body, with the editor's shortcuts and toolbar.
      const editor = page.getByRole("textbox", { name: /^Présentation détaillée/ });
      await expect(page.getByRole("toolbar", { name: "Mise en forme du texte" })).toBeVisible();
      await tabTo(page, editor);
      await page.keyboard.press("Control+Alt+2");
      await page.keyboard.type("Le projet");
      await page.keyboard.press("Enter");
      await page.keyboard.type("Un jardin ");
      await page.keyboard.press("Control+b");
      await page.keyboard.type("ouvert à tous");
      await page.keyboard.press("Control+b");
      await page.keyboard.type(", toute l'année.");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Control+Shift+8");
      await page.keyboard.type("Des bancs à l'ombre");
      await page.keyboard.press("Enter");
      await page.keyboard.type("Des arbres fruitiers");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter"); // an empty item ends the list
      // A link: the paragraph's text selected with Shift+Home, then Ctrl+K.
      await page.keyboard.type("Le plan local d'urbanisme");
      await page.keyboard.press("Shift+Home");
      // The browser announces a new selection with an event that ProseMirror reads a moment later.
      await page.waitForFunction(() => window.getSelection()?.toString() === "Le plan local d'urbanisme");
      await settle(page);
      await page.keyboard.press("Control+k");
      const linkUrl = page.getByRole("textbox", { name: "Adresse du lien" });
      await expect(linkUrl).toBeFocused();
      await page.keyboard.type("https://www.example.org/plan-local");
      await page.keyboard.press("Enter");
      await expect(editor).toBeFocused();
      await page.keyboard.press("Enter");

      // The image, through the toolbar's "Image" button: the file, then its text alternative.
      await focusToolbarButton(page, "Image");
      await page.keyboard.press("Enter");
      const imagePanel = page.getByRole("group", { name: "Image", exact: true });
      const file = imagePanel.getByLabel(/^Fichier image/);
      await expect(file).toBeFocused();
      await file.setInputFiles({ name: "plan-du-jardin.png", mimeType: "image/png", buffer: await planPng() });
      await typeInto(page, tabTo, imagePanel.getByLabel(/^Texte alternatif/), "Plan du jardin : une pelouse verte et un carré potager au centre");
      await page.keyboard.press("Enter");
      await expect(page.locator(".rich-text__editor").getByRole("status").filter({ hasText: "Image insérée." })).toHaveCount(1);
      await expect(imagePanel).toHaveCount(0);
      const inserted = editor.locator("img");
      await expect(inserted).toHaveAttribute("alt", "Plan du jardin : une pelouse verte et un carré potager au centre");
      await expect(inserted).toHaveAttribute("src", /^\/uploads\//);
      await expect(editor.locator("h2")).toHaveText("Le projet");
      await expect(editor.locator("strong")).toHaveText("ouvert à tous");
      await expect(editor.locator("ul > li")).toHaveText(["Des bancs à l'ombre", "Des arbres fruitiers"]);
      await expect(editor.getByRole("link", { name: "Le plan local d'urbanisme" })).toHaveAttribute("href", "https://www.example.org/plan-local");

      // The place: the point at the centre of the map.
      const placeAtCenter = page.getByRole("button", { name: "Placer le point au centre de la carte" });
      await expect(placeAtCenter).toBeEnabled({ timeout: 15_000 });
      await activate(page, tabTo, placeAtCenter);
      await expect(page.getByText(/^Emplacement choisi : un point \(latitude /)).toBeVisible();
      await expect(page.getByLabel("Latitude")).not.toHaveValue("");

      // Phases: co-construction since yesterday, a vote later (dates typed in the date inputs).
      const [dates] = await db`
        select to_char((now() at time zone 'Europe/Paris')::date - 1, 'YYYY-MM-DD') as yesterday,
               to_char((now() at time zone 'Europe/Paris')::date + 60, 'YYYY-MM-DD') as later`;
      await page.getByRole("group", { name: "Co-construction" }).getByLabel("Début").fill(String(dates!.yesterday));
      await page.getByRole("group", { name: "Vote" }).getByLabel("Début").fill(String(dates!.later));
      await a11y(page, "new project form, filled");

      await activate(page, tabTo, page.getByRole("button", { name: "Créer le projet en brouillon" }));
      await expect(page).toHaveURL(/\/manage\/projects\/\d+\?notice=created$/);
      await expect(page.getByRole("status").filter({ hasText: "Projet créé. Il reste en brouillon tant que vous ne le publiez pas." })).toBeVisible();
      projectId = Number(/\/manage\/projects\/(\d+)/.exec(page.url())![1]);
      const [row] = await db`select slug, status, center_lat, body_html from projects where id = ${projectId}`;
      expect(row!.status).toBe("draft");
      expect(row!.center_lat).not.toBeNull();
      slug = String(row!.slug);
      expect(slug).toBe(`reamenagement-du-jardin-des-glycines-${tag}`);
      await waitForHydration(page);
      await a11y(page, "project edit page (draft)");

      await activate(page, tabTo, page.getByRole("button", { name: "Publier le projet" }));
      await expect(page).toHaveURL(`/manage/projects/${projectId}?notice=published`);
      await expect(page.getByRole("status").filter({ hasText: "Projet publié : il est visible de tous." })).toBeVisible();
      await a11y(page, "project edit page (published)");
    });

    // ---- A citizen finds it. ----
    const citizen = await actor(author);
    await test.step("a citizen finds the project by search and in the map's list; its page shows the rich body", async () => {
      const p = citizen.page;
      await p.goto("/");
      await waitForHydration(p);
      await typeInto(p, tabTo, p.getByRole("searchbox", { name: "Rechercher un projet ou une proposition" }), "reamenagement glycines");
      await p.keyboard.press("Enter");
      await expect(p).toHaveURL("/search?q=reamenagement+glycines");
      // The home page's own count is a status too: wait for the search page's, not whichever is there.
      await expect(p.getByRole("status").filter({ hasText: "pour « reamenagement glycines »" })).toBeVisible();
      const hit = p.getByRole("link", { name: title });
      await expect(hit).toHaveAttribute("href", `/projects/${slug}`);
      await a11y(p, "search results");

      await p.goto("/");
      const list = p.getByRole("list", { name: "Liste des éléments de la carte" });
      await expect(list.getByRole("link", { name: title })).toHaveAttribute("href", `/projects/${slug}`);
      await waitForHydration(p);
      await a11y(p, "home with the project");
      await activate(p, tabTo, list.getByRole("link", { name: title }));
      await expect(p).toHaveURL(`/projects/${slug}`);
      await expect(p.getByRole("heading", { level: 1 })).toHaveText(title);
      const body = p.getByRole("main");
      await expect(body.getByRole("heading", { level: 2, name: "Le projet" })).toBeVisible();
      await expect(body.locator("strong", { hasText: "ouvert à tous" })).toBeVisible();
      await expect(body.getByRole("listitem").filter({ hasText: "Des arbres fruitiers" })).toBeVisible();
      await expect(body.getByRole("link", { name: "Le plan local d'urbanisme" })).toHaveAttribute("href", "https://www.example.org/plan-local");
      const image = body.getByRole("img", { name: "Plan du jardin : une pelouse verte et un carré potager au centre" });
      await expect(image).toBeVisible();
      expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(p.getByText("Phase en cours : Co-construction")).toBeVisible();
      await waitForHydration(p);
      await a11y(p, "project page");
    });

    // ---- The citizen proposes. ----
    const proposalTitle = `Des nichoirs pour les mésanges ${tag}`;
    let proposalId = 0;
    await test.step("the citizen proposes an idea with a place (keyboard only)", async () => {
      const p = citizen.page;
      await activate(p, tabTo, p.getByRole("navigation", { name: "Sections du projet" }).getByRole("link", { name: /^Propositions/ }));
      await expect(p).toHaveURL(`/projects/${slug}/proposals`);
      await waitForHydration(p);
      await a11y(p, "proposals, empty");
      // An empty list offers the action twice: above the list, and in its empty state.
      await activate(p, tabTo, p.getByRole("link", { name: "Proposer une idée" }).first());
      await expect(p).toHaveURL(`/projects/${slug}/proposals/new`);
      await waitForHydration(p);
      await typeInto(p, tabTo, p.getByRole("textbox", { name: "Titre (obligatoire)" }), proposalTitle);
      await expect(p.getByRole("toolbar", { name: "Mise en forme du texte" })).toBeVisible();
      await typeInto(p, tabTo, p.getByRole("textbox", { name: /^Description/ }), "Installer dix nichoirs dans les tilleuls, fabriqués par l'école voisine.");
      const placeAtCenter = p.getByRole("button", { name: "Placer le point au centre de la carte" });
      await expect(placeAtCenter).toBeEnabled({ timeout: 15_000 });
      await activate(p, tabTo, placeAtCenter);
      await expect(p.getByText(/^Emplacement choisi : un point/)).toBeVisible();
      await a11y(p, "new proposal form");
      await activate(p, tabTo, p.getByRole("button", { name: "Publier la proposition" }));
      await expect(p).toHaveURL(/\/proposals\/\d+\?done=created$/);
      proposalId = Number(/\/proposals\/(\d+)/.exec(p.url())![1]);
      await expect(p.getByRole("status").filter({ hasText: "Votre proposition est publiée." })).toBeVisible();
      await expect(p.getByRole("heading", { level: 2, name: proposalTitle })).toBeVisible();
      await expect(p.getByText("Vous ne pouvez pas soutenir votre propre proposition.")).toBeVisible();
      await waitForHydration(p);
      await a11y(p, "proposal page, by its author");
      const [row] = await db`select author_id, lat, status from proposals where id = ${proposalId}`;
      expect(row).toMatchObject({ author_id: String(author.id), status: "submitted" });
      expect(row!.lat).not.toBeNull();
    });
    const proposalPath = `/projects/${slug}/proposals/${proposalId}`;

    // ---- Another citizen supports and comments. ----
    const second = await actor(supporter);
    const commentText = `Bonne idée, et l'école pourrait aussi peindre les nichoirs (${tag}).`;
    let commentId = 0;
    await test.step("another citizen supports the proposal and comments (keyboard only)", async () => {
      const p = second.page;
      await p.goto(proposalPath);
      await waitForHydration(p);
      const support = p.getByRole("button", { name: "Soutenir" });
      await activate(p, tabTo, support);
      const count = p.getByRole("region", { name: "Soutiens" }).getByRole("status");
      await expect(count).toContainText("1 personne soutient cette proposition");
      await expect(count).toContainText("Vous soutenez cette proposition.");
      await expect(p.getByRole("button", { name: "Retirer mon soutien" })).toHaveAttribute("aria-pressed", "true");

      await typeInto(p, tabTo, p.getByLabel(/^Votre commentaire/), commentText);
      // The position: "Neutre" is chosen; the left arrow moves to "Pour".
      await tabTo(p, p.getByRole("radio", { name: "Neutre" }));
      await p.keyboard.press("ArrowLeft");
      await expect(p.getByRole("radio", { name: "Pour" })).toBeChecked();
      await activate(p, tabTo, p.getByRole("button", { name: "Publier le commentaire" }));
      await expect(p.locator("#comments").getByRole("status")).toHaveText("Votre commentaire est publié.");
      const comment = p.locator("article.comment").filter({ hasText: commentText });
      await expect(comment).toBeVisible();
      await expect(comment).toContainText("Pour");
      await expect(p.getByRole("heading", { name: "Commentaires (1)" })).toBeVisible();
      await a11y(p, "proposal page, supported and commented");
      const [row] = await db`select id from comments where author_id = ${supporter.id} and body = ${commentText}`;
      commentId = Number(row!.id);
      const [proposal] = await db`select supports_count, comments_count from proposals where id = ${proposalId}`;
      expect(proposal).toMatchObject({ supports_count: 1, comments_count: 1 });
    });

    // ---- The official answers. ----
    const answerText = "Accepté : la ville fournira le bois et l'école fabriquera les nichoirs au printemps.";
    await test.step("the official answers the proposal: status and text (keyboard only)", async () => {
      await page.goto(proposalPath);
      await waitForHydration(page);
      const status = page.getByLabel(/^Nouveau statut/);
      await expect(status).toHaveValue("under_study");
      await tabTo(page, status);
      await page.keyboard.press("ArrowDown");
      await expect(status).toHaveValue("accepted");
      await typeInto(page, tabTo, page.getByRole("textbox", { name: "Réponse (obligatoire)" }), answerText);
      await activate(page, tabTo, page.getByRole("button", { name: "Publier la réponse" }));
      await expect(page).toHaveURL(`${proposalPath}?done=answered#answer`);
      await expect(page.getByRole("status").filter({ hasText: "La réponse est publiée et l'auteur est prévenu." })).toBeVisible();
      const answer = page.getByRole("region", { name: "Réponse de la collectivité" });
      await expect(answer).toContainText(answerText);
      await expect(page.getByText("Statut :").first()).toBeVisible();
      await a11y(page, "proposal page, answered");
    });

    await test.step("the author is told: in the bell and by mail", async () => {
      const p = citizen.page;
      await p.goto(proposalPath);
      await expect(p.getByRole("region", { name: "Réponse de la collectivité" })).toContainText(answerText);
      const bell = header(p).getByRole("link", { name: "Notifications (1 non lue)" });
      await expect(bell).toBeVisible();
      await waitForHydration(p);
      await activate(p, tabTo, bell);
      await expect(p).toHaveURL("/notifications");
      // The bell names the new status (issue 10).
      await expect(p.getByRole("main")).toContainText(`La collectivité a répondu à votre proposition « ${proposalTitle} » : Acceptée.`);
      await waitForHydration(p);
      await a11y(p, "notifications of the author");
      const mail = await mailbox.waitFor(author.email, { subjectIncludes: "Réponse à votre proposition" });
      expect(mail.subject).toBe(`Réponse à votre proposition « ${proposalTitle} »`);
      expect(mail.text).toContain("Acceptée");
      expect(mail.firstLink()).toContain(proposalPath);
    });

    // ---- Three reports hide the comment; a moderator restores it. ----
    await test.step("three accounts report the comment: it is hidden, its author is told", async () => {
      for (let i = 1; i <= 3; i++) {
        const reporter = await actor(await createUser({ name: `Rémi Rapporteur ${i}` }));
        await reportComment(reporter.page, tabTo, proposalPath, commentId, i === 3, i === 1 ? a11y : null);
        await reporter.context.close();
      }
      const [row] = await db`select hidden_at from comments where id = ${commentId}`;
      expect(row!.hidden_at).not.toBeNull();

      // Others see a placeholder; the author sees why.
      await citizen.page.goto(proposalPath);
      await expect(citizen.page.locator(`#comment-${commentId}`)).toHaveText("Commentaire masqué par la modération");
      await expect(citizen.page.getByText(commentText)).toHaveCount(0);
      await second.page.goto(proposalPath);
      const own = second.page.locator(`#comment-${commentId}`);
      await expect(own).toContainText("Masqué par la modération : les autres participants ne le voient pas.");
      await expect(own).toContainText(commentText);
      const bell = header(second.page).getByRole("link", { name: "Notifications (1 non lue)" });
      await expect(bell).toBeVisible();
      await second.page.goto("/notifications");
      await expect(second.page.getByRole("main")).toContainText("a été masquée par la modération : masqué automatiquement après 3 signalements");
      await waitForHydration(second.page);
      await a11y(second.page, "notifications of the comment's author");
      const mail = await mailbox.waitFor(supporter.email, { subjectIncludes: "Votre contribution a été masquée" });
      expect(mail.text).toContain("masqué automatiquement après 3 signalements");
    });

    await test.step("a moderator restores the comment on /moderation", async () => {
      const mod = await actor(moderator);
      const p = mod.page;
      await p.goto("/moderation");
      await waitForHydration(p);
      const item = p.getByRole("article", { name: `Commentaire sur « ${proposalTitle} »` });
      await expect(item).toContainText("État : masqué");
      await expect(item).toContainText("3 signalements");
      await expect(item).toContainText(commentText);
      await a11y(p, "moderation queue with the hidden comment");
      await typeInto(p, tabTo, item.getByLabel(/^Motif de votre décision/), "Le commentaire est courtois et dans le sujet.");
      await activate(p, tabTo, item.getByRole("button", { name: /^Rétablir/ }));
      await expect(p.getByRole("status").filter({ hasText: "Le contenu (commentaire) est rétabli : il est de nouveau visible." })).toBeVisible();
      await a11y(p, "moderation queue after the decision");
      await mod.context.close();

      const [row] = await db`select hidden_at from comments where id = ${commentId}`;
      expect(row!.hidden_at).toBeNull();
      await citizen.page.goto(proposalPath);
      await expect(citizen.page.locator(`#comment-${commentId}`)).toContainText(commentText);
    });

    await citizen.context.close();
    await second.context.close();
  });

  test("phases are enforced: in the information phase a direct POST of a proposal answers 403 and writes nothing", async ({
    page,
    createUser,
    loginAs,
    a11y,
    browserIssues,
    db,
    demoOrgId,
  }) => {
    const official = await createUser({ role: "official" });
    const citizen = await createUser();
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Étude de la halle couverte ${Date.now().toString(36)}`,
      phases: { information: [-3, null], co_construction: [30, null] },
    });
    await loginAs(page, citizen);
    browserIssues.allow(/responded with a status of 403/);

    // The list offers no "Proposer une idée"; the form page itself is a 403 that says why.
    await page.goto(`/projects/${project.slug}/proposals`);
    await expect(page.getByText("Phase en cours : Information")).toBeVisible();
    await expect(page.getByRole("link", { name: "Proposer une idée" })).toHaveCount(0);
    await waitForHydration(page);
    await a11y(page, "proposals in the information phase");
    const form = await page.goto(`/projects/${project.slug}/proposals/new`);
    expect(form?.status()).toBe(403);
    await expect(page.getByRole("main")).toContainText("Les propositions sont fermées dans cette phase.");
    await waitForHydration(page);
    await a11y(page, "403, phase closed");

    // A forged POST from the same origin, with the logged-in cookie.
    const response = await page.request.post(`/projects/${project.slug}/proposals/new`, {
      form: { title: "Une idée hors phase", body: "Elle ne doit pas être enregistrée.", bodyFormat: "plain", location: "" },
      headers: { Origin: BASE_URL, "Sec-Fetch-Site": "same-origin" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await db`select id from proposals where project_id = ${project.id}`).toHaveLength(0);

    // The same POST once the project is in co-construction is accepted (so the 403 meant the phase).
    await db`update project_phases set starts_on = (now() at time zone 'Europe/Paris')::date - 1 where project_id = ${project.id} and kind = 'co_construction'`;
    const open = await page.request.post(`/projects/${project.slug}/proposals/new`, {
      form: { title: "Une idée dans la bonne phase", body: "Celle-ci est enregistrée.", bodyFormat: "plain", location: "" },
      headers: { Origin: BASE_URL, "Sec-Fetch-Site": "same-origin" },
      maxRedirects: 0,
    });
    expect(open.status()).toBe(302);
    expect(await db`select title from proposals where project_id = ${project.id}`).toEqual([{ title: "Une idée dans la bonne phase" }]);
  });
});

/** Reports a comment with the "Signaler" disclosure under it, keyboard only. */
async function reportComment(
  page: Page,
  tabTo: TabTo,
  proposalPath: string,
  commentId: number,
  hides: boolean,
  a11y: ((page: Page, label?: string) => Promise<void>) | null,
) {
  await page.goto(proposalPath);
  await waitForHydration(page);
  // Let the page settle (the map's and the live updates' chunks load after hydration) before the
  // keyboard path: under CI load the focus was once seen lost right after opening the disclosure,
  // not reproduced since (README, "Known gaps").
  await page.waitForLoadState("networkidle");
  const comment = page.locator(`#comment-${commentId}`);
  const disclosure = comment.locator("summary", { hasText: "Signaler" });
  await tabTo(page, disclosure, 80);
  await page.keyboard.press("Enter");
  // The reasons are radio buttons: Tab reaches the group, the arrows choose (down to "Hors sujet").
  const reasons = comment.getByRole("group", { name: /Pourquoi signalez-vous ce contenu/ });
  await tabTo(page, reasons.getByRole("radio").first());
  await page.keyboard.press("Space");
  for (let i = 0; i < 2; i++) await page.keyboard.press("ArrowDown");
  await expect(reasons.getByRole("radio", { name: "Hors sujet" })).toBeChecked();
  await tabTo(page, comment.getByRole("button", { name: "Envoyer le signalement" }));
  await page.keyboard.press("Enter");
  if (hides) {
    // The report that reaches the threshold hides the comment at once, the report form with it.
    await expect(comment).toHaveText("Commentaire masqué par la modération");
  } else {
    await expect(comment.getByRole("status")).toContainText("Merci, la modération va examiner ce contenu.");
  }
  if (a11y) await a11y(page, "proposal page after a report");
}
