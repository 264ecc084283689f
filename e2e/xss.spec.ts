// Cross-site scripting in Chromium: every payload of XSS_STRINGS, plus canaries that would set
// window.__xss, is typed as text wherever people write something others read (account names,
// proposals, comments, debates, projects, the search box, report details and moderation reasons);
// then every page that shows it is visited. No dialog may open, window.__xss stays undefined, no
// element of the page carries an inline event handler or came from a payload, and the payloads
// are shown as text, as typed. (Links' href and rich-text documents are covered by unit tests.)
import type { Page } from "@playwright/test";
import { XSS_STRINGS } from "../app/modules/richtext/xss-corpus";
import { insertProject } from "./support/data";
import { BASE_URL } from "./support/env";
import { expect, test, waitForHydration, type TestUser } from "./fixtures";

/** Payloads that set window.__xss if any of them ever runs. */
const CANARIES = [
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1">`,
  `<script>window.__xss=1</script>`,
  `"><img src=x onerror=window.__xss=1>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>">`,
  `<a href="javascript:window.__xss=1" autofocus onfocus="window.__xss=1">x</a>`,
  `</textarea><script>window.__xss=1</script>`,
  `</title><script>window.__xss=1</script>`,
];
const PAYLOADS = [...XSS_STRINGS, ...CANARIES];
const ALL = PAYLOADS.join(" ");

/** The payloads packed, in order, into texts of at most `max` characters. */
function chunks(max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const payload of PAYLOADS) {
    if (payload.length > max) throw new Error(`a payload is longer than ${max} characters: ${payload}`);
    const next = current ? `${current} ${payload}` : payload;
    if (next.length > max) {
      out.push(current);
      current = payload;
    } else current = next;
  }
  if (current) out.push(current);
  return out;
}

/** Dialogs opened by the page: none may. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()} on ${page.url()}`);
    void dialog.dismiss().catch(() => {});
  });
  return dialogs;
}

const INJECTED = [
  "main script",
  "main iframe",
  "main object",
  "main embed",
  "main marquee",
  "main base",
  "main meta",
  "main link",
  "main template",
  "main math",
  "main video",
  "main noscript",
  "main img[src='x']",
  "main a[href^='javascript' i]",
  "main form[action^='javascript' i]",
  "main [style*='javascript' i]",
  "main input[autofocus]",
  "main details[ontoggle]",
  "body > base, head > base",
];

/** Nothing ran, nothing was injected; the texts given are shown in the page as typed. */
async function expectInert(page: Page, dialogs: string[], label: string, shown: string[] = []) {
  await waitForHydration(page);
  for (const text of shown) await expect(page.getByRole("main"), `${label}: shown as text`).toContainText(text);
  const problems = await page.evaluate((selectors) => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
      }
    }
    for (const selector of selectors) if (document.querySelector(selector)) found.push(selector);
    if ((window as unknown as { __xss?: unknown }).__xss !== undefined) found.push("window.__xss is set");
    return found;
  }, INJECTED);
  expect(problems, `${label}: injected markup or script`).toEqual([]);
  expect(dialogs, `${label}: dialogs`).toEqual([]);
}

test.describe("XSS", () => {
  test("projects and debates written by an official: titles, summaries, questions and descriptions", async ({
    page,
    createUser,
    loginAs,
    a11y,
    db,
  }) => {
    test.setTimeout(240_000);
    const dialogs = watchDialogs(page);
    const official = await createUser({ role: "official", name: "Olivier Officiel" });
    const admin = await createUser({ role: "admin" });
    await loginAs(page, official);
    const tag = Date.now().toString(36);
    const titles = chunks(160);
    const summaries = chunks(600);
    const [dates] = await db`select to_char((now() at time zone 'Europe/Paris')::date - 1, 'YYYY-MM-DD') as yesterday`;

    const projects: { id: number; slug: string; title: string; summary: string }[] = [];
    for (const [i, title] of titles.entries()) {
      const summary = summaries[i] ?? "";
      const slug = `xss-${tag}-${i}`;
      await page.goto("/manage/projects/new");
      await waitForHydration(page);
      await page.getByRole("textbox", { name: "Titre (obligatoire)" }).fill(title);
      await page.getByLabel("Adresse de la page").fill(slug);
      await page.getByLabel(/^Thématique/).selectOption("leisure");
      await page.getByLabel(/^Résumé/).fill(summary);
      // Once the editor has replaced the plain textarea (text typed in between would be lost).
      await expect(page.getByRole("toolbar", { name: "Mise en forme du texte" })).toBeVisible();
      await page.getByRole("textbox", { name: /^Présentation détaillée/ }).fill(i === 0 ? ALL : "Présentation.");
      await page.getByRole("group", { name: "Co-construction" }).getByLabel("Début").fill(String(dates!.yesterday));
      await page.getByRole("button", { name: "Créer le projet en brouillon" }).click();
      await expect(page).toHaveURL(/\/manage\/projects\/\d+\?notice=created$/);
      const id = Number(/\/manage\/projects\/(\d+)/.exec(page.url())![1]);
      await expectInert(page, dialogs, `edit page of project ${i}`);
      if (i === 0) await a11y(page, "project edit page with payloads");
      await page.getByRole("button", { name: "Publier le projet" }).click();
      await expect(page).toHaveURL(`/manage/projects/${id}?notice=published`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Modifier « ${title} »`);
      projects.push({ id, slug, title, summary });
    }
    const [stored] = await db`select title, summary from projects where id = ${projects[0]!.id}`;
    expect(stored).toEqual({ title: titles[0], summary: summaries[0] });

    // Debates: the question (200 characters at most) and the description.
    const first = projects[0]!;
    const questions = chunks(200);
    for (const [i, question] of questions.entries()) {
      await page.goto(`/projects/${first.slug}/debates/new`);
      await waitForHydration(page);
      await page.getByRole("textbox", { name: /^Question/ }).fill(question);
      await page.getByLabel("Présentation", { exact: true }).fill(ALL);
      await page.getByRole("button", { name: "Ouvrir le débat" }).click();
      await expect(page).toHaveURL(/\/debates\/\d+\?done=created$/);
      await expectInert(page, dialogs, `debate ${i}`, [question, ALL]);
      if (i === 0) await a11y(page, "debate page with payloads");
    }

    // Every page that shows them, as a visitor, a citizen and the admin.
    await page.context().clearCookies();
    await page.goto("/?kind=leisure");
    await expectInert(page, dialogs, "home (cards and map list)", [...titles, ...summaries]);
    // These projects have no place: none of them is on the map (the demo town's leisure projects may be).
    const mapList = page.getByRole("list", { name: "Liste des éléments de la carte" });
    for (const title of titles) await expect(mapList.getByText(title, { exact: true })).toHaveCount(0);
    await a11y(page, "home with payloads");
    for (const project of projects) {
      await page.goto(`/projects/${project.slug}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(project.title);
      await expectInert(page, dialogs, `project page ${project.slug}`, [project.title, project.summary].filter(Boolean));
    }
    await page.goto(`/projects/${first.slug}`);
    await expectInert(page, dialogs, "project page with the payloads in its body", [ALL]);
    await a11y(page, "project page with payloads");
    await page.goto(`/projects/${first.slug}/debates`);
    await expectInert(page, dialogs, "debates list", questions);
    await a11y(page, "debates list with payloads");
    await page.goto(`/search?q=${encodeURIComponent("alert")}`);
    await expectInert(page, dialogs, "search results for alert");
    await expect(page.locator(`a[href="/projects/${first.slug}"]`)).toHaveText(first.title);
    await a11y(page, "search results with payloads");

    const citizen = await createUser();
    await loginAs(page, citizen);
    await page.goto(`/projects/${first.slug}/debates`);
    await expectInert(page, dialogs, "debates list, citizen", questions);

    await page.context().clearCookies();
    await loginAs(page, official);
    await page.goto("/manage/projects");
    await expectInert(page, dialogs, "projects management list", titles.slice(-3));
    await page.context().clearCookies();
    await loginAs(page, admin);
    await page.goto("/admin/audit");
    await expectInert(page, dialogs, "audit log");
  });

  test("proposals, comments, search, reports and moderation written by citizens and moderators", async ({
    page,
    browser,
    browserIssues,
    createUser,
    loginAs,
    a11y,
    db,
    demoOrgId,
  }) => {
    test.setTimeout(240_000);
    const dialogs = watchDialogs(page);
    const official = await createUser({ role: "official" });
    const author = await createUser({ name: "Claire Citoyenne" });
    const moderator = await createUser({ role: "moderator" });
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Projet ouvert aux propositions ${Date.now().toString(36)}`,
      phases: { co_construction: [-1, null] },
    });
    await loginAs(page, author);

    // Proposals: titles of 160 characters at most; the whole corpus in the body (the editor).
    const titles = chunks(160);
    const proposalIds: number[] = [];
    for (const [i, title] of titles.entries()) {
      await page.goto(`/projects/${project.slug}/proposals/new`);
      await waitForHydration(page);
      await page.getByRole("textbox", { name: "Titre (obligatoire)" }).fill(title);
      await expect(page.getByRole("toolbar", { name: "Mise en forme du texte" })).toBeVisible();
      await page.getByRole("textbox", { name: /^Description/ }).fill(ALL);
      await page.getByRole("button", { name: "Publier la proposition" }).click();
      await expect(page).toHaveURL(/\/proposals\/\d+\?done=created$/);
      proposalIds.push(Number(/\/proposals\/(\d+)/.exec(page.url())![1]));
      await expectInert(page, dialogs, `proposal ${i}`, [title, ALL]);
    }
    const firstPath = `/projects/${project.slug}/proposals/${proposalIds[0]}`;

    // A comment with the whole corpus.
    await page.goto(firstPath);
    await waitForHydration(page);
    await page.getByLabel(/^Votre commentaire/).fill(ALL);
    await page.getByRole("button", { name: "Publier le commentaire" }).click();
    await expect(page.locator("#comments").getByRole("status")).toHaveText("Votre commentaire est publié.");
    await expectInert(page, dialogs, "proposal with the comment", [titles[0]!, ALL]);
    await a11y(page, "proposal page with payloads");
    const [comment] = await db`select id from comments where author_id = ${author.id}`;
    const commentId = Number(comment!.id);

    // The search box: the payloads as queries (200 characters at most).
    for (const query of chunks(200)) {
      await page.goto("/search");
      await waitForHydration(page);
      await page.getByRole("searchbox", { name: "Rechercher un projet ou une proposition" }).fill(query);
      await page.getByRole("button", { name: "Rechercher" }).click();
      await expect(page.getByRole("status")).toContainText(`« ${query} »`);
      await expect(page.getByRole("searchbox", { name: "Rechercher un projet ou une proposition" })).toHaveValue(query);
      await expectInert(page, dialogs, `search for ${query.slice(0, 40)}…`);
    }
    await a11y(page, "search page with a payload query");

    // Reports with the payloads as details (1 000 characters at most), by two other members.
    for (const [i, details] of chunks(1000).entries()) {
      const reporter = await createUser({ name: `Rapporteur ${i}` });
      const context = await browser.newContext({ locale: "fr-FR" });
      browserIssues.watch(context);
      const reporterPage = await context.newPage();
      const reporterDialogs = watchDialogs(reporterPage);
      await loginAs(reporterPage, reporter);
      await reporterPage.goto(`/report?type=comment&id=${commentId}`);
      await waitForHydration(reporterPage);
      await reporterPage.getByRole("radio", { name: "Autre motif" }).check();
      await reporterPage.getByLabel(/^Précisions/).fill(details);
      await reporterPage.getByRole("button", { name: "Envoyer le signalement" }).click();
      await expect(reporterPage.getByRole("status").filter({ hasText: "Merci, la modération va examiner ce contenu" })).toBeVisible();
      await expectInert(reporterPage, reporterDialogs, "report page after the report");
      await context.close();
    }

    // The official answers a proposal: the author gets a notification naming it.
    await page.context().clearCookies();
    await loginAs(page, official);
    await page.goto(firstPath);
    await waitForHydration(page);
    await page.getByRole("textbox", { name: "Réponse (obligatoire)" }).fill(ALL);
    await page.getByRole("button", { name: "Publier la réponse" }).click();
    await expect(page).toHaveURL(`${firstPath}?done=answered#answer`);
    await expectInert(page, dialogs, "answered proposal", [ALL]);

    // A moderator reads the queue and hides the comment, with the payloads as the reason.
    await page.context().clearCookies();
    await loginAs(page, moderator);
    await page.goto("/moderation");
    const item = page.getByRole("article").filter({ has: page.getByRole("heading", { name: `Commentaire sur « ${titles[0]} »` }) });
    await expectInert(page, dialogs, "moderation queue", [titles[0]!]);
    await expect(item).toContainText(chunks(1000)[0]!);
    await a11y(page, "moderation queue with payloads");
    const reason = chunks(1000)[0]!;
    await item.getByLabel(/^Motif de votre décision/).fill(reason);
    await item.getByRole("button", { name: /^Masquer/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Le contenu (commentaire) est masqué. Son auteur a été prévenu." })).toBeVisible();
    // A decided item leaves the waiting list (issue 10): its reason is read among the decided ones.
    await page.goto("/moderation?state=decided");
    await expectInert(page, dialogs, "moderation queue after hiding", [reason]);

    // The author's notifications name the proposal and carry the moderator's reason.
    await page.context().clearCookies();
    await loginAs(page, author);
    await page.goto("/notifications");
    await expectInert(page, dialogs, "notifications", [titles[0]!, reason]);
    await a11y(page, "notifications with payloads");
    await page.goto(`/projects/${project.slug}/proposals`);
    await expectInert(page, dialogs, "proposals list", titles.slice(0, 5));
    await a11y(page, "proposals list with payloads");

    // And as a visitor.
    await page.context().clearCookies();
    for (const [i, id] of proposalIds.entries()) {
      await page.goto(`/projects/${project.slug}/proposals/${id}`);
      await expectInert(page, dialogs, `proposal ${i}, visitor`, [titles[i]!]);
    }
    await page.goto(`/search?q=${encodeURIComponent("alert")}`);
    await expectInert(page, dialogs, "search results, proposals");
    await expect(page.locator(`a[href="${firstPath}"]`)).toHaveText(titles[0]!);
  });

  test("account names: shown on contributions, members, the audit log and the moderation queue", async ({
    page,
    browser,
    browserIssues,
    createUser,
    loginAs,
    a11y,
    db,
    demoOrgId,
  }) => {
    test.setTimeout(240_000);
    const dialogs = watchDialogs(page);
    const tag = Date.now().toString(36);
    const names = chunks(80);
    const official = await createUser({ role: "official" });
    const admin = await createUser({ role: "admin", name: "Adèle Admin" });
    const moderator = await createUser({ role: "moderator" });
    const reporter = await createUser();
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Projet des noms ${tag}`,
      phases: { co_construction: [-1, null] },
    });

    // Each member types a name on the account page (in a browser of their own), then comments.
    const context = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(context);
    const own = await context.newPage();
    const ownDialogs = watchDialogs(own);
    const members: (TestUser & { shownName: string; commentId: number })[] = [];
    for (const [i, name] of names.entries()) {
      const user = await createUser({ email: `xss-${tag}-${i}@example.org`, name: "Nom provisoire" });
      await context.clearCookies();
      await loginAs(own, user);
      await own.goto("/account");
      await waitForHydration(own);
      const field = own.getByRole("region", { name: "Votre nom" }).getByLabel(/^Nom affiché/);
      await field.fill(name);
      await own.getByRole("button", { name: "Enregistrer le nom" }).click();
      await expect(own.getByRole("status").filter({ hasText: "Votre nom a été enregistré." })).toBeVisible();
      await expect(field).toHaveValue(name);
      await expectInert(own, ownDialogs, `account page of member ${i}`);
      if (i === 0) await a11y(own, "account page with a payload name");
      // The comment is not what is tested here: posted as the form would post it.
      const posted = await own.request.post("/comments", {
        form: { intent: "create", targetType: "project", targetId: String(project.id), body: `Commentaire du membre ${i}.`, alignment: "neutral" },
        headers: { Origin: BASE_URL },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(302);
      const [row] = await db`select id from comments where author_id = ${user.id}`;
      members.push({ ...user, shownName: name, commentId: Number(row!.id) });
    }
    await context.close();
    const [stored] = await db`select name from users where id = ${members[0]!.id}`;
    expect(stored!.name).toBe(names[0]);

    // Others read the names under the comments (the newest first, 20 a page).
    await page.goto(`/projects/${project.slug}`);
    await expectInert(page, dialogs, "project comments, visitor", names.slice(-20));
    await a11y(page, "project page with payload names");

    // The admin finds them and changes their roles: members page and audit log.
    await loginAs(page, admin);
    await page.goto(`/admin/members?q=${encodeURIComponent(`xss-${tag}`)}`);
    await expectInert(page, dialogs, "members", names);
    await a11y(page, "members with payload names");
    for (const member of members) {
      const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: member.email, exact: true }) });
      await row.getByRole("combobox").selectOption("aidant");
      await row.getByRole("button", { name: /^Changer le rôle/ }).click();
      await expect(page.getByRole("status").filter({ hasText: `Le rôle de ${member.shownName} est désormais : Aidant.` })).toBeVisible();
    }
    await expectInert(page, dialogs, "members after the role changes", names);
    await page.goto("/admin/audit");
    const audit = await readPages(page, dialogs, "audit log", "Entrées plus anciennes", 4);
    for (const name of names) expect(audit, "audit log").toContain(`${name} : de Citoyen à Aidant`);
    await a11y(page, "audit log with payload names");

    // Their comments reported: the moderation queue names the authors.
    await loginAs(page, reporter);
    for (const member of members) {
      const response = await page.request.post("/report", {
        form: { targetType: "comment", targetId: String(member.commentId), reason: "spam", details: "", redirectTo: `/projects/${project.slug}` },
        headers: { Origin: BASE_URL },
      });
      expect(response.status()).toBe(200);
    }
    await loginAs(page, moderator);
    await page.goto("/moderation?state=pending");
    await a11y(page, "moderation queue with payload authors");
    const queue = await readPages(page, dialogs, "moderation queue", "Page suivante", 6);
    for (const name of names) expect(queue, "moderation queue").toContain(name);
  });
});

/** The text of the page's main region and of the following pages (by the link named `next`). */
async function readPages(page: Page, dialogs: string[], label: string, next: string, max: number): Promise<string> {
  let text = "";
  for (let i = 1; i <= max; i++) {
    await expectInert(page, dialogs, `${label}, page ${i}`);
    text += `\n${await page.getByRole("main").innerText()}`;
    const link = page.getByRole("main").getByRole("link", { name: next });
    if ((await link.count()) === 0) break;
    await page.goto((await link.getAttribute("href"))!);
  }
  return text;
}
