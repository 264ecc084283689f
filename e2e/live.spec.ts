// Live pages (app/modules/events): a write in one browser shows in another without a reload. Two
// Chromium contexts, two members: a comment posted by one appears on the other's proposal page,
// and a reply to the other's comment makes their bell's count rise; axe on both pages.
import type { Page } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";
import { insertProject } from "./support/data";
import { BASE_URL } from "./support/env";

/** A mark on the window: still there later means the page was not reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __liveMark?: boolean }).__liveMark = true));
}
const stillMarked = (page: Page) => page.evaluate(() => (window as unknown as { __liveMark?: boolean }).__liveMark === true);

/** The socket.io client has connected (the live hook loaded it and its websocket is open). */
async function waitForSocket(page: Page) {
  await page.waitForEvent("websocket", { predicate: (ws) => ws.url().includes("/socket.io/"), timeout: 10_000 });
}

test.describe("live pages", () => {
  test("a comment posted in one browser appears in the other, and the bell's count rises, without a reload", async ({
    browser,
    browserIssues,
    createUser,
    loginAs,
    a11y,
    db,
    demoOrgId,
  }) => {
    const official = await createUser({ role: "official" });
    const ada = await createUser({ name: "Ada Direct" });
    const basile = await createUser({ name: "Basile Live" });
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Place en direct ${Date.now().toString(36)}`,
      phases: { information: [-10, -1], co_construction: [0, null] },
    });
    const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Des bancs." }] }] };
    const [proposal] = await db`
      insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text)
      values (${demoOrgId}, ${project.id}, ${official.id}, 'Des bancs à l''ombre', ${db.json(body)}, '<p>Des bancs.</p>', 'Des bancs.')
      returning id`;
    const path = `/projects/${project.slug}/proposals/${String(proposal!.id)}`;

    const open = async (user: typeof ada) => {
      const context = await browser.newContext({ locale: "fr-FR" });
      browserIssues.watch(context);
      const page = await context.newPage();
      await loginAs(page, user);
      const socket = waitForSocket(page);
      await page.goto(path);
      await waitForHydration(page);
      await socket;
      await markPage(page);
      return { context, page };
    };
    const a = await open(ada);
    const b = await open(basile);
    try {
      await expect(b.page.getByRole("link", { name: "Notifications (aucune non lue)" })).toBeVisible();

      await test.step("Basile's comment appears on Ada's page", async () => {
        const text = `Oui, côté école (${Date.now().toString(36)})`;
        await b.page.getByLabel(/^Votre commentaire/).fill(text);
        await b.page.getByRole("button", { name: "Publier le commentaire" }).click();
        await expect(b.page.locator("#comments").getByRole("status")).toHaveText("Votre commentaire est publié.");
        await expect(a.page.locator("article.comment").filter({ hasText: text })).toBeVisible({ timeout: 10_000 });
        await expect(a.page.getByRole("heading", { name: "Commentaires (1)" })).toBeVisible();
        expect(await stillMarked(a.page)).toBe(true);
        await a11y(a.page, "proposal page updated live");
      });

      await test.step("Ada replies to it: Basile's bell counts one, live", async () => {
        const [comment] = await db`select id from comments where author_id = ${basile.id} and target_id = ${proposal!.id}`;
        // The reply through the app's own action, as the form posts it (the reply form itself is
        // covered by page-cache.spec.ts): what this step is about is the other browser's bell.
        const response = await a.page.request.post("/comments", {
          headers: { origin: BASE_URL },
          form: { intent: "create", targetType: "proposal", targetId: String(proposal!.id), parentId: String(comment!.id), body: "Bonne idée !", alignment: "neutral" },
          maxRedirects: 0,
        });
        expect(response.status()).toBeLessThan(400);
        await expect(b.page.getByRole("link", { name: "Notifications (1 non lue)" })).toBeVisible({ timeout: 10_000 });
        // The header has a bell beside the menu button on phones and one in the menu: each says 1.
        const counts = b.page.locator(".bell__count");
        await expect(counts.first()).toHaveText("1");
        await expect(counts).toHaveText(Array((await counts.count()) || 1).fill("1"));
        await expect(b.page.locator("article.comment").filter({ hasText: "Bonne idée !" })).toBeVisible();
        expect(await stillMarked(b.page)).toBe(true);
        await a11y(b.page, "bell risen live");
      });
    } finally {
      browserIssues.stop();
      await a.context.close();
      await b.context.close();
    }
  });
});
