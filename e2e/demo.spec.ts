// The demo town as a newcomer meets it after `npm ci && npm start`: every demo project, its
// proposals, its debates and their comments, visited with axe; every picture loads; no request
// leaves this machine; the demo citizen's bell has unread notifications.
import type { BrowserContext, Page } from "@playwright/test";
import { DEMO_PROJECTS } from "../db/demo/texts";
import { BASE_URL } from "./support/env";
import { expect, test } from "./fixtures";

/** Every request the context makes, so that the test can say none left localhost. */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return urls;
}

function offMachine(urls: string[]): string[] {
  return urls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === "data:" || protocol === "blob:") return false;
    return hostname !== "localhost" && hostname !== "127.0.0.1";
  });
}

/** Same-origin links under `prefix` found in the page's main content, without query or hash. */
async function linksUnder(page: Page, prefix: RegExp): Promise<string[]> {
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const paths = hrefs.map((href) => new URL(href)).filter((u) => u.origin === BASE_URL && prefix.test(u.pathname)).map((u) => u.pathname);
  return [...new Set(paths)];
}

/** Every <img> of the page has loaded (a broken cover or body picture shows at once). */
async function expectPicturesLoaded(page: Page, label: string) {
  const images = page.locator("main img");
  for (let i = 0; i < (await images.count()); i++) await images.nth(i).scrollIntoViewIfNeeded();
  const broken = await images.evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src));
  expect(broken, `broken pictures on ${label}`).toEqual([]);
}

// Two halves, so that the two workers share the crawl.
const halves = [DEMO_PROJECTS.slice(0, 3), DEMO_PROJECTS.slice(3)];

for (const [index, projects] of halves.entries()) {
  test(`demo projects, part ${index + 1}: every page, proposal and debate, axe clean, nothing fetched from elsewhere`, async ({ page, a11y }) => {
    test.setTimeout(120_000);
    const requests = recordRequests(page.context());
    for (const project of projects) {
      const base = `/projects/${project.slug}`;
      const answer = await page.goto(base);
      expect(answer?.status(), base).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(project.title);
      await expectPicturesLoaded(page, base);
      await a11y(page, `${base} (presentation)`);

      await page.goto(`${base}/proposals`);
      await a11y(page, `${base}/proposals`);
      const proposals = await linksUnder(page, new RegExp(`^${base}/proposals/\\d+$`));
      expect(proposals.length, `${project.slug} shows its proposals`).toBe(project.threads.length);
      for (const path of proposals) {
        expect((await page.goto(path))?.status(), path).toBe(200);
        await expectPicturesLoaded(page, path);
        await a11y(page, path);
      }

      await page.goto(`${base}/debates`);
      const debates = await linksUnder(page, new RegExp(`^${base}/debates/\\d+$`));
      expect(debates.length, `${project.slug} shows its debates`).toBe(project.debates?.length ?? 0);
      if (debates.length > 0) await a11y(page, `${base}/debates`);
      for (const path of debates) {
        expect((await page.goto(path))?.status(), path).toBe(200);
        await a11y(page, path);
      }
    }
    expect(offMachine(requests), "requests that left this machine").toEqual([]);
  });
}

test("the home page shows the demo projects with their covers, and the map draws without the network", async ({ page, a11y }) => {
  const requests = recordRequests(page.context());
  // Other specs add their own projects to the demo town, newest first: the demo's may be on the
  // following pages of the list, which the home page paginates.
  const wanted = DEMO_PROJECTS.filter((p) => !p.archived).map((p) => p.title);
  const found = new Set<string>();
  for (let n = 5; n >= 1; n--) {
    await page.goto(n === 1 ? "/" : `/?page=${n}`);
    for (const title of wanted) {
      if (await page.getByRole("link", { name: title, exact: true }).first().isVisible()) found.add(title);
    }
  }
  expect([...found].sort()).toEqual([...wanted].sort());
  await expectPicturesLoaded(page, "home");
  await a11y(page, "home with the demo town");
  // The map's style, glyphs and street layer are all served here.
  await page.locator(".maplibregl-canvas").first().waitFor({ state: "visible" });
  await expect.poll(() => requests.some((url) => url.endsWith("/map/demo-town.geojson"))).toBe(true);
  expect(offMachine(requests)).toEqual([]);
});

test("the demo citizen finds unread notifications in the bell", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel(/^Adresse e-mail/).fill("citoyen@maquette.example");
  await page.getByLabel(/^Mot de passe/).fill("demo-citoyen-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("link", { name: /Notifications \(\d+ non lues?\)/ }).first()).toBeVisible();
});
