// Accessibility crawl: every page an anonymous visitor, a citizen, a moderator, an admin and a
// system admin can reach (the links of the header and footer, plus the known routes below), in
// French and in English, at 1280 px and at 360×740. On each page: axe (WCAG 2.1 A/AA) finds
// nothing, <html lang> is the chosen language, exactly one h1, a non-empty title unique within
// the crawl, and no horizontal scrolling at 360 px.
// A known route that answers 404 today is skipped with an annotation: it is crawled as soon as
// it exists.
import type { Page } from "@playwright/test";
import type { Role } from "../app/modules/permissions/permissions";
import { BASE_URL } from "./support/env";
import { expect, test, waitForHydration } from "./fixtures";

type Crawler = { name: string; role: Role | null; systemAdmin?: boolean; routes: string[] };

const PUBLIC = ["/", "/conditions", "/accessibilite", "/mentions-legales", "/open-data", "/search?q=place"];
const ACCOUNT = ["/account", "/account/notifications", "/notifications"];
const ADMIN = ["/admin", "/admin/members", "/admin/audit", "/admin/settings", "/admin/accessibilite"];

const CRAWLERS: Crawler[] = [
  { name: "anonymous visitor", role: null, routes: [...PUBLIC, "/login", "/signup", "/forgot-password"] },
  { name: "citizen", role: "citizen", routes: [...PUBLIC, ...ACCOUNT] },
  { name: "moderator", role: "moderator", routes: [...PUBLIC, ...ACCOUNT, "/moderation", "/moderation/blocked"] },
  { name: "official", role: "official", routes: [...PUBLIC, ...ACCOUNT, "/manage/projects", "/manage/projects/new"] },
  { name: "admin", role: "admin", routes: [...PUBLIC, ...ACCOUNT, "/moderation", ...ADMIN] },
  { name: "system admin", role: "admin", systemAdmin: true, routes: [...PUBLIC, ...ACCOUNT, "/system"] },
];

const MOBILE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

/** Same-origin links of the header and the footer of the current page, as path + query. */
async function navigationLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("header a[href], footer a[href]").evaluateAll((links) =>
    links.map((a) => (a as HTMLAnchorElement).href),
  );
  return hrefs
    .map((href) => new URL(href))
    .filter((u) => u.origin === BASE_URL)
    .map((u) => u.pathname + u.search);
}

for (const crawler of CRAWLERS) {
  for (const lang of ["fr", "en"] as const) {
    test(`${crawler.name}, ${lang}: every page passes at 360 px and 1280 px`, async ({ page, createUser, loginAs, a11y }) => {
      test.slow();
      await page.context().addCookies([
        { name: "maquette_lang", value: lang, domain: "localhost", path: "/", secure: true, sameSite: "Lax" },
      ]);
      if (crawler.role) {
        const user = await createUser({ role: crawler.role, systemAdmin: crawler.systemAdmin, locale: lang });
        await loginAs(page, user);
      }

      await page.goto("/");
      // One visit per path (the header's login link carries ?redirectTo=…).
      const byPath = new Map<string, string>();
      for (const link of [...(await navigationLinks(page)), ...crawler.routes]) {
        const pathname = new URL(link, BASE_URL).pathname;
        if (!byPath.has(pathname)) byPath.set(pathname, link);
      }
      const queue = [...byPath.values()];
      const titles = new Map<string, string>();
      const skipped: string[] = [];

      for (const target of queue) {
        // Ask first without the browser: a missing route would log a 404 on the console.
        const probe = await page.request.get(target);
        if (probe.status() === 404) {
          skipped.push(target);
          continue;
        }
        await test.step(target, async () => {
          // Loaded at phone size (where load-time layout matters most), then widened.
          await page.setViewportSize({ width: MOBILE.width, height: MOBILE.height });
          const response = await page.goto(target);
          expect(response?.status(), `status of ${target}`).toBe(200);
          const finalPath = new URL(page.url()).pathname;
          await waitForHydration(page);

          await expect(page.locator("html"), `<html lang> on ${target}`).toHaveAttribute("lang", lang);
          await expect(page.locator("h1"), `one h1 on ${target}`).toHaveCount(1);
          const title = (await page.title()).trim();
          expect(title, `title of ${target}`).not.toBe("");
          const other = [...titles].find(([p, t]) => t === title && p !== finalPath);
          expect(other, `title "${title}" of ${finalPath} is also the title of ${other?.[0]}`).toBeUndefined();
          titles.set(finalPath, title);

          const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
          expect(scrollWidth, `horizontal scrolling on ${target} at ${MOBILE.width} px`).toBeLessThanOrEqual(MOBILE.width);
          await a11y(page, `${target} (${crawler.name}, ${lang}, ${MOBILE.width} px)`);

          await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
          await a11y(page, `${target} (${crawler.name}, ${lang}, ${DESKTOP.width} px)`);
        });
      }
      for (const route of skipped) {
        test.info().annotations.push({ type: "skipped route", description: `${route} answers 404 today` });
      }
      expect(titles.size, "pages crawled").toBeGreaterThanOrEqual(4);
    });
  }
}

test("an unconfirmed account's banner is accessible at both widths", async ({ page, createUser, loginAs, a11y }) => {
  const user = await createUser({ confirmed: false });
  await loginAs(page, user);
  await page.setViewportSize({ width: MOBILE.width, height: MOBILE.height });
  await page.goto("/");
  await waitForHydration(page);
  await expect(page.getByRole("status").filter({ hasText: user.email })).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
  await a11y(page, "home with the confirmation banner, 360 px");
  await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
  await a11y(page, "home with the confirmation banner, 1280 px");
});

test("the 404 page is accessible and says so in the visitor's language", async ({ page, a11y, browserIssues }) => {
  browserIssues.allow(/responded with a status of 404/);
  const response = await page.goto("/cette-page-n-existe-pas");
  expect(response?.status()).toBe(404);
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
  await expect(page.locator("h1")).toHaveCount(1);
  expect((await page.title()).trim()).not.toBe("");
  await a11y(page, "404 page");
});
