// The page cache of anonymous visitors (app/server/page-cache.server.ts): pages come from it with a
// fresh CSP nonce each time and still run their scripts; logged-in members never get a stored page;
// a write shows at once; the random-order cookie is part of the key. And the plain forms that
// pages repeat under every comment (reply, report) work without JavaScript.
import { request as playwrightRequest, type APIResponse } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";
import { insertProject } from "./support/data";
import { BASE_URL } from "./support/env";

function nonceOf(response: APIResponse): string {
  const csp = response.headers()["content-security-policy"] ?? "";
  const match = /'nonce-([^']+)'/.exec(csp);
  if (!match) throw new Error(`no nonce in the CSP: ${csp}`);
  return match[1]!;
}

test.describe("page cache", () => {
  test("anonymous pages come from the cache, each with its own nonce, and still run their scripts", async ({ page }) => {
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    // Other specs write in the same organization meanwhile, which rightly drops its pages: take
    // the first pair of answers in which the second came from the cache.
    let first = await api.get("/");
    let second = await api.get("/");
    for (let tries = 0; tries < 20 && second.headers()["x-page-cache"] !== "hit"; tries++) {
      first = second;
      second = await api.get("/");
    }
    expect(second.headers()["x-page-cache"]).toBe("hit");
    const [nonce1, nonce2] = [nonceOf(first), nonceOf(second)];
    expect(nonce1).not.toBe(nonce2);
    const [body1, body2] = [await first.text(), await second.text()];
    expect(body2).toContain(`nonce="${nonce2}"`);
    expect(body2).not.toContain(nonce1);
    // Apart from the nonce, the same page.
    expect(body2.split(nonce2).join("N")).toBe(body1.split(nonce1).join("N"));
    await api.dispose();

    // In the browser, a page served from the cache hydrates: its scripts carry the right nonce
    // (a refused script would be a console error, which fails the test).
    let response = await page.goto("/");
    for (let tries = 0; tries < 20 && response?.headers()["x-page-cache"] !== "hit"; tries++) response = await page.goto("/");
    expect(response?.headers()["x-page-cache"]).toBe("hit");
    await waitForHydration(page);
  });

  test("a logged-in member never gets a stored page, and what a member writes shows at once to visitors", async ({
    page,
    createUser,
    loginAs,
    db,
    demoOrgId,
  }) => {
    const official = await createUser({ role: "official" });
    const citizen = await createUser({ name: "Camille Cache" });
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Jardin partagé ${Date.now().toString(36)}`,
      phases: { information: [-10, -1], co_construction: [0, null] },
    });
    const path = `/projects/${project.slug}`;
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    let cached = await api.get(path);
    // Writes of other specs in the organization drop its pages: ask again until one is stored.
    for (let tries = 0; tries < 20 && cached.headers()["x-page-cache"] !== "hit"; tries++) cached = await api.get(path);
    expect(cached.headers()["x-page-cache"]).toBe("hit");

    await loginAs(page, citizen);
    const own = await page.goto(path);
    expect(own?.headers()["x-page-cache"]).toBeUndefined();
    await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();

    const text = `Un commentaire visible tout de suite (${Date.now().toString(36)})`;
    await waitForHydration(page);
    await page.getByLabel(/^Votre commentaire/).fill(text);
    await page.getByRole("button", { name: "Publier le commentaire" }).click();
    await expect(page.locator("#comments").getByRole("status")).toHaveText("Votre commentaire est publié.");

    const after = await api.get(path);
    expect(after.headers()["x-page-cache"]).toBe("miss");
    expect(await after.text()).toContain(text);

    // The reply form under the comment, plain in the page, becomes the validated one when opened.
    const comment = page.locator("article.comment").filter({ hasText: text });
    await comment.locator("summary", { hasText: "Répondre" }).click();
    await comment.getByRole("button", { name: "Publier la réponse" }).click();
    await expect(comment.getByText("Écrivez votre commentaire.")).toBeVisible();
    const reply = `Une réponse (${Date.now().toString(36)})`;
    await comment.getByLabel(/^Votre réponse/).fill(reply);
    await comment.getByRole("button", { name: "Publier la réponse" }).click();
    await expect(page.locator("#comments").getByRole("status")).toHaveText("Votre commentaire est publié.");
    await expect(page.locator("article.comment").filter({ hasText: reply })).toBeVisible();
    expect(await (await api.get(path)).text()).toContain(reply);
    await api.dispose();
  });

  test("the random order's cookie is part of the key, and the answer that sets it is not stored", async ({ createUser, db, demoOrgId }) => {
    const official = await createUser({ role: "official" });
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Place du marché ${Date.now().toString(36)}`,
      phases: { co_construction: [-1, null] },
    });
    const path = `/projects/${project.slug}/proposals?sort=random`;
    const fresh = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const first = await fresh.get(path);
    expect(first.headers()["set-cookie"]).toMatch(/maquette_seed=[a-f0-9]+/);
    expect(first.headers()["x-page-cache"]).toBeUndefined();
    await fresh.dispose();

    const get = async (seed: string) => {
      const api = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { cookie: `maquette_seed=${seed}` } });
      const response = await api.get(path);
      const outcome = response.headers()["x-page-cache"];
      await api.dispose();
      return outcome;
    };
    expect(await get("aaaaaaaaaaaa")).toBe("miss");
    // Writes of other specs in the organization drop its pages: ask again until one is stored.
    let outcome = await get("aaaaaaaaaaaa");
    for (let tries = 0; tries < 20 && outcome !== "hit"; tries++) outcome = await get("aaaaaaaaaaaa");
    expect(outcome).toBe("hit");
    expect(await get("bbbbbbbbbbbb")).toBe("miss");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a member replies to a comment and reports it with the plain forms", async ({ page, createUser, loginAs, db, demoOrgId, browserIssues }) => {
    // Chromium without JavaScript refuses to fetch the page's scripts.
    browserIssues.allow(/^request failed: GET \S+\.js \(csp\)$/);
    const official = await createUser({ role: "official" });
    const author = await createUser({ name: "Ana Auteure" });
    const citizen = await createUser({ name: "Noé Sans-Script" });
    const project = await insertProject(db, {
      organizationId: demoOrgId,
      createdBy: official.id,
      title: `Square sans script ${Date.now().toString(36)}`,
      phases: { co_construction: [-1, null] },
    });
    const [comment] = await db`
      insert into comments (organization_id, project_id, target_type, target_id, depth, author_id, body, alignment)
      values (${demoOrgId}, ${project.id}, 'project', ${project.id}, 0, ${author.id}, 'Plus de bancs, s''il vous plaît.', 1)
      returning id`;
    const commentId = Number(comment!.id);
    await loginAs(page, citizen);
    await page.goto(`/projects/${project.slug}`);
    const item = page.locator(`#comment-${commentId}`);

    await item.locator("summary", { hasText: "Répondre" }).click();
    const reply = `Et des fontaines (${Date.now().toString(36)})`;
    await item.getByLabel(/^Votre réponse/).fill(reply);
    await item.getByRole("button", { name: "Publier la réponse" }).click();
    await expect(page.locator("article.comment").filter({ hasText: reply })).toBeVisible();
    const [row] = await db`select parent_id from comments where body = ${reply}`;
    expect(Number(row!.parent_id)).toBe(commentId);

    await page.locator(`#comment-${commentId}`).locator("summary", { hasText: "Signaler" }).click();
    await page.locator(`#comment-${commentId}`).getByRole("radio", { name: "Hors sujet" }).check();
    await page.locator(`#comment-${commentId}`).getByRole("button", { name: "Envoyer le signalement" }).click();
    await expect(page.getByRole("main")).toContainText("Merci, la modération va examiner ce contenu.");
    const reports = await db`select reason from reports where target_type = 'comment' and target_id = ${commentId} and reporter_id = ${citizen.id}`;
    expect(reports.map((r) => r.reason)).toEqual(["off_topic"]);
  });
});
