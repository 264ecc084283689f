// The 3D scene page in real Chromium with software WebGL (SwiftShader), on the demo town's square
// (seeded through the officials' commands and the upload pipeline): the canvas draws the model
// (pixels read back), the guided tour moves the camera, another variant changes the picture and
// keeps the camera, walking with the keyboard stops at a façade, every request stays on localhost;
// the page is axe-clean, its path without 3D works with the keyboard alone, and with WebGL turned
// off it is still complete. On a phone (360 × 740, touch): tap-to-walk and the variant switch.
// E2E_SCREENSHOTS=1 also writes the screenshots for review (e2e/screenshots/2026-12-02b/).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { expect, test, waitForHydration } from "./fixtures";
import { BASE_URL, ROOT } from "./support/env";

const SLUG = "place-de-la-fontaine";
const SHOTS = process.env.E2E_SCREENSHOTS ? path.join(ROOT, "e2e", "screenshots", "2026-12-02b") : null;

type Vec3 = [number, number, number];

let scenePath = "";

test.beforeAll(async ({ db, demoOrgId }) => {
  const [row] = await db`
    select s.id from scenes s join projects p on p.id = s.project_id and p.organization_id = s.organization_id
    where p.slug = ${SLUG} and s.organization_id = ${demoOrgId} order by s.id limit 1`;
  if (!row) throw new Error("the demo scene is missing: was the e2e database seeded with the demo town?");
  scenePath = `/projects/${SLUG}/scenes/${row.id}`;
});

const viewport = (page: Page) => page.locator("[data-scene-viewport]");

async function ready(page: Page) {
  await expect(viewport(page)).toHaveAttribute("data-state", "ready", { timeout: 45_000 });
}

async function camera(page: Page): Promise<Vec3> {
  const value = await viewport(page).getAttribute("data-camera");
  return (value ?? "").split(",").map(Number) as Vec3;
}

/** Waits until the camera is at `expected` (within `tolerance` metres on each axis). */
async function cameraAt(page: Page, expected: Vec3, tolerance = 0.05) {
  await expect
    .poll(async () => {
      const c = await camera(page);
      return c.every((v, i) => Math.abs(v - expected[i]!) <= tolerance) ? "there" : c.join(",");
    }, { timeout: 15_000 })
    .toBe("there");
}

/** The canvas as the screen shows it, as raw RGB. */
async function pixels(canvas: Locator) {
  const png = await canvas.screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** How many distinct colours (to 5 bits a channel) and what share of the picture is the sky. */
function describe({ data }: { data: Buffer }) {
  const colours = new Set<number>();
  let sky = 0;
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    if (Math.abs(r - 0xcf) < 12 && Math.abs(g - 0xe2) < 12 && Math.abs(b - 0xf0) < 12) sky++;
  }
  return { colours: colours.size, skyShare: sky / (data.length / 3) };
}

/** Mean absolute difference of two pictures of the same size, 0 to 255. */
function difference(a: { data: Buffer }, b: { data: Buffer }) {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

test("the scene renders; the tour moves the camera; another variant changes the picture and keeps the camera; all on localhost", async ({ page }) => {
  test.setTimeout(90_000);
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(scenePath);
  await ready(page);
  const canvas = viewport(page).locator("canvas");
  await expect(canvas).toHaveAttribute("role", "img");
  await expect(canvas).toHaveAttribute("aria-label", /Vue 3D de « État actuel »/);
  // The first viewpoint, the overview.
  await cameraAt(page, [-8, 30, 27]);
  const overview = describe(await pixels(canvas));
  expect(overview.colours, "a drawn scene has many colours").toBeGreaterThan(200);
  expect(overview.skyShare, "not an empty sky").toBeLessThan(0.5);
  await shot(page, "scene-desktop-overview");

  // The guided tour: the next viewpoint, at eye height at the south entrance.
  await page.getByRole("button", { name: "Point de vue suivant" }).click();
  await cameraAt(page, [0, 1.6, 21]);
  await expect(page.getByText("2 sur 5 : Entrée sud, rue du Marché")).toBeVisible();
  const existing = await pixels(canvas);
  expect(difference(existing, await pixels(canvas)), "the picture is at rest").toBeLessThan(1);

  // Variant A: another model, the same camera.
  const shown = await viewport(page).getAttribute("data-variant-shown");
  await page.getByRole("link", { name: "Variante A : la place plantée" }).first().click();
  await expect(page).toHaveURL(/variant=\d+/);
  await expect.poll(() => viewport(page).getAttribute("data-variant-shown")).not.toBe(shown);
  await expect.poll(async () => difference(existing, await pixels(canvas)), { timeout: 20_000 }).toBeGreaterThan(10);
  await cameraAt(page, [0, 1.6, 21]);
  await expect(page.getByRole("heading", { name: /Ce que montre « Variante A : la place plantée »/ })).toBeVisible();
  await shot(page, "scene-desktop-variant-a");

  // Everything the page asked for came from this server: the page, the model, the decoder.
  expect(requests.filter((url) => new URL(url).origin !== BASE_URL)).toEqual([]);
  expect(requests.some((url) => /\/uploads\/\d+\/[0-9a-f]{64}\.glb$/.test(url))).toBe(true);
  expect(requests.some((url) => url.endsWith("/scenes/decoders/meshopt_decoder.module.js"))).toBe(true);
});

test("walking with the keyboard moves the camera at eye height and stops at the town hall's façade; reduced motion cuts", async ({ page }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(scenePath);
  await ready(page);
  // With reduced motion, a viewpoint is reached at once: no flight.
  await page.getByRole("button", { name: "Point de vue suivant" }).click();
  await page.getByRole("button", { name: "Point de vue suivant" }).click();
  await cameraAt(page, [0, 1.6, -15], 0.01);
  await expect(page.getByText("3 sur 5 : Face à la mairie")).toBeVisible();

  await viewport(page).focus();
  await page.keyboard.down("Shift");
  await page.keyboard.down("w");
  // Walking north: the camera moves, climbs the two steps, and stops before the façade (z = -25.9).
  await expect.poll(async () => (await camera(page))[2], { timeout: 30_000 }).toBeLessThan(-25);
  let last = await camera(page);
  await expect
    .poll(
      async () => {
        const now = await camera(page);
        const still = Math.abs(now[2] - last[2]) < 0.01;
        last = now;
        return still;
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toBe(true);
  await page.keyboard.up("w");
  await page.keyboard.up("Shift");
  const [x, y, z] = await camera(page);
  expect(z, "stopped before the façade, not through it").toBeGreaterThan(-25.9);
  expect(Math.abs(x), "straight ahead").toBeLessThan(0.05);
  expect(y, "at eye height above the steps (0.3 m), never under the ground").toBeGreaterThan(1.8);
  expect(y).toBeLessThan(2);
  await expect(viewport(page)).toHaveAttribute("data-mode", "walk");
  await expect(page.getByRole("button", { name: "Marcher" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("Un mur ou un obstacle vous arrête.")).toBeAttached();
});

test("the page is axe-clean and its path without 3D works with the keyboard alone", async ({ page, a11y, tabTo }) => {
  test.setTimeout(60_000);
  await page.goto(scenePath);
  await ready(page);
  await a11y(page, "scene page with the 3D view");
  // Keyboard only: the variant B link, then its description, viewpoints and comments.
  await waitForHydration(page);
  await tabTo(page, page.getByRole("navigation", { name: "Variantes de la scène" }).getByRole("link", { name: /Variante B/ }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/variant=\d+/);
  await expect(page.getByRole("heading", { name: /Ce que montre « Variante B : le kiosque et les jardins »/ })).toBeVisible();
  await expect(page.getByText(/installe un kiosque à musique au centre/).first()).toBeVisible();
  const figures = page.locator(".scene-viewpoint figcaption");
  await expect(figures).toHaveCount(5);
  await expect(figures.nth(2)).toContainText("Face à la mairie");
  await expect(page.locator(".scene-viewpoint__still")).toHaveCount(5);
  // A viewpoint's button shows it in 3D and puts the focus on the view.
  await tabTo(page, page.getByRole("button", { name: "Voir en 3D : Face à la mairie" }));
  await page.keyboard.press("Enter");
  await expect(viewport(page)).toBeFocused();
  // On to the comments: the link to log in (a visitor) is reachable.
  await tabTo(page, page.locator("#comments").getByRole("link").first(), 120);
  await a11y(page, "scene page, variant B");
});

test("with WebGL turned off the page is complete: poster, descriptions, captioned stills, vote, comments; no three.js downloaded", async ({ browserIssues }) => {
  test.setTimeout(60_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-webgl", "--disable-3d-apis", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ locale: "fr-FR", baseURL: BASE_URL, viewport: { width: 1280, height: 800 } });
    browserIssues.watch(context);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("response", (response) => {
      if (/\.js(\?|$)/.test(response.url())) scripts.push(response.url());
    });
    await page.goto(scenePath);
    await waitForHydration(page);
    await expect(page.getByText("Votre navigateur ne peut pas afficher la 3D")).toBeVisible();
    await expect(page.locator(".scene-viewer__poster")).toBeVisible();
    await expect(page.locator("[data-scene-viewport] canvas")).toHaveCount(0);
    const summary = page.locator(".scene-variants-summary > li");
    await expect(summary).toHaveCount(3);
    for (const text of [/parking en enrobé/, /seize platanes/, /kiosque à musique/]) await expect(summary.filter({ hasText: text })).toHaveCount(1);
    await expect(page.locator(".scene-viewpoint__still")).toHaveCount(5);
    for (const still of await page.locator(".scene-viewpoint__still").all()) {
      await still.scrollIntoViewIfNeeded();
      await expect.poll(() => still.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    await expect(page.getByRole("heading", { name: "Donner votre avis" })).toBeVisible();
    await expect(page.locator("#comments")).toBeVisible();
    const viewerChunks = [];
    for (const url of scripts) {
      const code = await (await context.request.get(url)).text();
      if (/WebGLRenderer/.test(code)) viewerChunks.push(url);
    }
    expect(viewerChunks, "three.js is not downloaded without WebGL").toEqual([]);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "scene-desktop-no-webgl.png"), fullPage: true });
    browserIssues.stop();
    await context.close();
  } finally {
    await browser.close();
  }
});

test("on a phone (360 × 740, touch): tap the ground to walk there, switch variant keeping the camera", async ({ browser, browserIssues }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ locale: "fr-FR", baseURL: BASE_URL, viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  browserIssues.watch(context);
  try {
    const page = await context.newPage();
    await page.goto(scenePath);
    await ready(page);
    await shot(page, "scene-phone-overview");
    await page.getByRole("button", { name: "Marcher" }).tap();
    await expect(viewport(page)).toHaveAttribute("data-mode", "walk");
    // Landed where the overview looked (its target, the middle of the square), facing north.
    await cameraAt(page, [0, 1.7, -5], 0.05);
    const before = await camera(page);
    const box = (await viewport(page).boundingBox())!;
    await viewport(page).scrollIntoViewIfNeeded();
    const frame = (await viewport(page).boundingBox())!;
    expect(frame.width).toBe(box.width);
    // The ground a few metres ahead: low in the middle of the view.
    await page.touchscreen.tap(frame.x + frame.width / 2, frame.y + frame.height * 0.85);
    await expect.poll(async () => (await camera(page))[2], { timeout: 20_000 }).toBeLessThan(before[2] - 1);
    let last = await camera(page);
    await expect
      .poll(
        async () => {
          const now = await camera(page);
          const still = now.every((v, i) => Math.abs(v - last[i]!) < 0.01);
          last = now;
          return still;
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(true);
    const walked = await camera(page);
    await shot(page, "scene-phone-walk");
    const shown = await viewport(page).getAttribute("data-variant-shown");
    await page.getByRole("link", { name: "Variante B : le kiosque et les jardins" }).first().tap();
    await expect(page).toHaveURL(/variant=\d+/);
    await expect.poll(() => viewport(page).getAttribute("data-variant-shown")).not.toBe(shown);
    await expect(page.getByRole("heading", { name: /Ce que montre « Variante B/ })).toBeAttached();
    await cameraAt(page, walked, 0.01);
    await shot(page, "scene-phone-variant-b");
    browserIssues.stop();
  } finally {
    await context.close();
  }
});
