// The officials' dashboard (issue 10, item 2), in French, in real Chromium: it lists the proposal
// waiting for an answer; the official answers it (keyboard only) and it is gone from the dashboard;
// the author's notification names the new status. axe on the dashboard.
import { insertProject } from "./support/data";
import { expect, test, waitForHydration } from "./fixtures";

test("an official's dashboard lists the proposal waiting for an answer; once answered it is gone and the author is told the status", async ({
  page,
  browser,
  browserIssues,
  createUser,
  loginAs,
  tabTo,
  a11y,
  db,
}) => {
  test.setTimeout(60_000);
  const tag = Date.now().toString(36);
  const official = await createUser({ role: "official", name: `Élodie Élue ${tag}` });
  const author = await createUser({ name: `Paul Proposeur ${tag}` });
  const project = await insertProject(db, {
    organizationId: official.organizationId,
    createdBy: official.id,
    title: `Cour de l'école ${tag}`,
    phases: { co_construction: [-10, 4], vote: [5, null] },
  });
  const title = `Un préau pour la pluie ${tag}`;
  const [row] = await db`
    insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, created_at)
    values (${official.organizationId}, ${project.id}, ${author.id}, ${title}, ${db.json({ type: "doc", content: [] })},
            '<p>Les enfants attendent sous la pluie.</p>', 'Les enfants attendent sous la pluie.', now() - interval '9 days')
    returning id`;
  const proposalId = Number(row!.id);

  await loginAs(page, official);
  await page.goto("/manage");
  await waitForHydration(page);
  const section = page.getByRole("region", { name: project.title });
  const waiting = section.getByRole("region", { name: "Propositions en attente de réponse" });
  await expect(waiting.getByRole("link", { name: new RegExp(`^${title}`) })).toBeVisible();
  await expect(waiting).toContainText("en attente depuis 9 jours");
  await expect(section.getByRole("region", { name: "Phases dans les 14 prochains jours" })).toContainText("La phase « Co-construction » se termine le");
  await expect(section.getByRole("table", { name: `Participation par semaine, projet « ${project.title} »` })).toBeVisible();
  await a11y(page, "officials' dashboard");

  // Keyboard: the link leads to the answer form of the proposal.
  await tabTo(page, waiting.getByRole("link", { name: new RegExp(`^${title}`) }), 120);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/proposals/${proposalId}#proposal-answer$`));
  await waitForHydration(page);
  const form = page.locator("#proposal-answer");
  await form.getByLabel(/^Nouveau statut/).selectOption("accepted");
  await form.getByLabel(/^Réponse/).fill("Un préau sera construit pendant l'été.");
  await form.getByRole("button", { name: "Publier la réponse" }).click();
  await expect(page).toHaveURL(/done=answered/);

  await page.goto("/manage");
  await expect(page.getByRole("region", { name: project.title }).getByRole("region", { name: "Propositions en attente de réponse" })).toContainText(
    "Toutes les propositions ont reçu une réponse.",
  );

  const context = await browser.newContext({ locale: "fr-FR" });
  browserIssues.watch(context);
  const authorPage = await context.newPage();
  await loginAs(authorPage, author);
  await authorPage.goto("/notifications");
  await expect(authorPage.getByRole("main")).toContainText(`La collectivité a répondu à votre proposition « ${title} » : Acceptée.`);
  await context.close();
});
