// Moderation that never loses an item (issue 10, item 1), in French, in real Chromium: three reports
// hide a comment and the moderators' menu counts it without a reload (the live path); a moderator
// confirms the hiding with the keyboard and its author is told why; another item is restored and its
// author told (the earlier notice marked superseded); two moderators deciding the same item at once
// end with one decision in the audit log. The public log shows what was hidden, never the content.
import type { Page } from "@playwright/test";
import { insertProject } from "./support/data";
import { expect, test, waitForHydration, type TestUser } from "./fixtures";

type Db = Parameters<typeof insertProject>[0];

/** A comment written straight into the database (what the spec is about is its moderation). */
async function insertComment(db: Db, project: { id: number }, author: TestUser, body: string): Promise<number> {
  const [row] = await db`
    insert into comments (organization_id, project_id, target_type, target_id, author_id, body)
    values (${author.organizationId}, ${project.id}, 'project', ${project.id}, ${author.id}, ${body})
    returning id`;
  return Number(row!.id);
}

/** A report posted from the reporter's own logged-in page, as the report form does without JavaScript. */
async function report(page: Page, targetType: string, targetId: number, reason = "spam") {
  const status = await page.evaluate(
    async ({ targetType, targetId, reason }) => {
      const response = await fetch("/report", { method: "POST", body: new URLSearchParams({ targetType, targetId: String(targetId), reason }) });
      return response.status;
    },
    { targetType, targetId, reason },
  );
  expect(status).toBe(200);
}

async function menuCount(page: Page): Promise<number> {
  const badge = page.getByRole("navigation", { name: "Navigation principale" }).getByTestId("moderation-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.first().textContent());
}

test.describe("moderation", () => {
  test("three reports hide a comment, counted live in the moderators' menu; a moderator confirms the hiding and its author is told why", async ({
    page,
    browser,
    browserIssues,
    createUser,
    loginAs,
    tabTo,
    a11y,
    db,
  }) => {
    test.setTimeout(90_000);
    const tag = Date.now().toString(36);
    const official = await createUser({ role: "official" });
    const moderator = await createUser({ role: "moderator", name: `Mona Modératrice ${tag}` });
    const author = await createUser({ name: `Sam Spammeur ${tag}` });
    const project = await insertProject(db, { organizationId: official.organizationId, createdBy: official.id, title: `Halle du marché ${tag}`, phases: { co_construction: [-3, null] } });
    const commentText = `Achetez mes montres pas chères ${tag}`;
    const commentId = await insertComment(db, project, author, commentText);

    // The moderator's page is open (hydrated, its live connection made) before the reports.
    await loginAs(page, moderator);
    await page.goto(`/moderation?project=${project.id}`);
    await waitForHydration(page);
    await page.waitForLoadState("networkidle");
    const before = await menuCount(page);

    const reporterContext = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(reporterContext);
    for (let i = 0; i < 3; i++) {
      const reporter = await createUser({ name: `Rapporteur ${i} ${tag}` });
      const reporterPage = await reporterContext.newPage();
      await reporterContext.clearCookies();
      await loginAs(reporterPage, reporter);
      await reporterPage.goto(`/projects/${project.slug}`);
      await report(reporterPage, "comment", commentId);
      await reporterPage.close();
    }
    await reporterContext.close();
    const [hidden] = await db`select hidden_at from comments where id = ${commentId}`;
    expect(hidden!.hidden_at).not.toBeNull();

    // Without a reload: the menu counts one more waiting item, and the queue shows it.
    await expect.poll(() => menuCount(page), { timeout: 10_000 }).toBe(before + 1);
    const item = page.getByRole("article", { name: /^Commentaire sur|^Commentaire :/ }).filter({ hasText: commentText });
    await expect(item).toContainText("État : masqué · en attente de décision");
    await expect(item).toContainText("3 signalements");
    await a11y(page, "moderation queue with an automatically hidden comment");

    // Keyboard only: the reason, then "Confirmer le masquage".
    await tabTo(page, item.getByLabel(/^Motif de votre décision/), 120);
    await page.keyboard.type("Publicité commerciale : les conditions d'utilisation l'interdisent.");
    await tabTo(page, item.getByRole("button", { name: /^Confirmer le masquage/ }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Le contenu (commentaire) est masqué. Son auteur a été prévenu." })).toBeVisible();
    await expect.poll(() => menuCount(page), { timeout: 10_000 }).toBe(before);
    await a11y(page, "moderation queue after the decision");

    // The author is told why, in the bell's page.
    const authorContext = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(authorContext);
    const authorPage = await authorContext.newPage();
    await loginAs(authorPage, author);
    await authorPage.goto("/notifications");
    await expect(authorPage.getByRole("main")).toContainText("a été masquée par la modération : Publicité commerciale : les conditions d'utilisation l'interdisent.");
    await authorContext.close();

    // The public log says what was hidden and why, without the content.
    await page.goto("/journal-de-moderation");
    const row = page.getByRole("row").filter({ hasText: project.title });
    await expect(row.first()).toContainText("Masqué");
    await expect(row.first()).toContainText("Spam ou publicité");
    await expect(page.getByRole("main")).not.toContainText(commentText);
    await expect(page.getByRole("main")).not.toContainText(author.name);
    await a11y(page, "public moderation log");
  });

  test("a restored item: its author is told, and the notice that said it was hidden is marked superseded", async ({ page, browser, browserIssues, createUser, loginAs, db }) => {
    const tag = Date.now().toString(36);
    const official = await createUser({ role: "official" });
    const moderator = await createUser({ role: "moderator" });
    const author = await createUser({ name: `Rita Rétablie ${tag}` });
    const project = await insertProject(db, { organizationId: official.organizationId, createdBy: official.id, title: `Jardin partagé ${tag}`, phases: { co_construction: [-3, null] } });
    const commentId = await insertComment(db, project, author, `Je propose des bacs potagers ${tag}`);
    const context = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(context);
    for (let i = 0; i < 3; i++) {
      const reporter = await createUser();
      const reporterPage = await context.newPage();
      await context.clearCookies();
      await loginAs(reporterPage, reporter);
      await reporterPage.goto(`/projects/${project.slug}`);
      await report(reporterPage, "comment", commentId, "off_topic");
      await reporterPage.close();
    }
    await context.close();

    await loginAs(page, moderator);
    await page.goto(`/moderation?project=${project.id}`);
    await waitForHydration(page);
    const item = page.getByRole("article").filter({ hasText: `Je propose des bacs potagers ${tag}` });
    await item.getByLabel(/^Motif de votre décision/).fill("Le commentaire est dans le sujet : signalements infondés.");
    await item.getByRole("button", { name: /^Rétablir/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Le contenu (commentaire) est rétabli : il est de nouveau visible." })).toBeVisible();

    const authorContext = await browser.newContext({ locale: "fr-FR" });
    browserIssues.watch(authorContext);
    const authorPage = await authorContext.newPage();
    await loginAs(authorPage, author);
    await authorPage.goto("/notifications");
    const main = authorPage.getByRole("main");
    await expect(main).toContainText("est de nouveau visible : la modération l'a rétablie (Le commentaire est dans le sujet : signalements infondés.)");
    await expect(main).toContainText("Remplacée par une décision plus récente : ce contenu a été rétabli.");
    await authorContext.close();
  });

  test("two moderators deciding the same item at once: one decision, the other is told", async ({ browser, browserIssues, createUser, loginAs, db }) => {
    // The second decision is answered 409 (the browser logs it): that is the point.
    browserIssues.allow(/status of 409/);
    const tag = Date.now().toString(36);
    const official = await createUser({ role: "official" });
    const author = await createUser();
    const project = await insertProject(db, { organizationId: official.organizationId, createdBy: official.id, title: `Place haute ${tag}`, phases: { co_construction: [-3, null] } });
    const commentId = await insertComment(db, project, author, `Un commentaire discuté ${tag}`);
    const reporter = await createUser();
    const pages: Page[] = [];
    for (const user of [reporter, await createUser({ role: "moderator" }), await createUser({ role: "moderator" })]) {
      const context = await browser.newContext({ locale: "fr-FR" });
      browserIssues.watch(context);
      const p = await context.newPage();
      await loginAs(p, user);
      pages.push(p);
    }
    const [reporterPage, first, second] = pages as [Page, Page, Page];
    await reporterPage.goto(`/projects/${project.slug}`);
    await report(reporterPage, "comment", commentId, "offensive");

    for (const p of [first, second]) {
      await p.goto(`/moderation?project=${project.id}`);
      await waitForHydration(p);
      const item = p.getByRole("article").filter({ hasText: `Un commentaire discuté ${tag}` });
      await item.getByLabel(/^Motif de votre décision/).fill(p === first ? "Propos injurieux." : "Rien d'injurieux.");
    }
    // Both press at the same moment, one to hide, the other to dismiss the reports.
    await Promise.all([
      first.getByRole("article").filter({ hasText: `Un commentaire discuté ${tag}` }).getByRole("button", { name: /^Masquer/ }).click(),
      second.getByRole("article").filter({ hasText: `Un commentaire discuté ${tag}` }).getByRole("button", { name: /^Rejeter les signalements/ }).click(),
    ]);
    const outcomes = await Promise.all(
      [first, second].map(async (p) => {
        const done = p.getByRole("status").filter({ hasText: /Le contenu \(commentaire\) est masqué|Signalements rejetés/ });
        const refused = p.getByText("Un autre modérateur vient de décider de ce contenu : votre décision n'a pas été enregistrée.");
        await expect(done.or(refused).first()).toBeVisible();
        return (await refused.count()) > 0 ? "refused" : "decided";
      }),
    );
    expect(outcomes.sort()).toEqual(["decided", "refused"]);
    const [moderation] = await db`select id from moderations where target_type = 'comment' and target_id = ${commentId}`;
    const audits = await db`
      select action from audit_log where action in ('moderation.hide', 'moderation.dismiss') and data->>'moderationId' = ${String(moderation!.id)}`;
    expect(audits).toHaveLength(1);
    for (const p of pages) await p.context().close();
  });
});
