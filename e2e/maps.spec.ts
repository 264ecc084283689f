// Maps in Chromium (WebGL by SwiftShader): the home page's map really draws, its HTML list names
// the same projects, choosing one in the list highlights it (announced), the canvas takes the
// focus and the arrows pan it; pages without a map never download MapLibre or its worker.
import type { Locator, Request, Response } from "@playwright/test";
import sharp from "sharp";
import { insertProject } from "./support/data";
import { expect, test, waitForHydration } from "./fixtures";

/** The local style's background (public/map/style.json), as drawn on the canvas. */
const BACKGROUND: [number, number, number] = [0xee, 0xf1, 0xea];
const MAPLIBRE = /maplibregl|maplibre-gl/;
/** Script text without the URLs of built assets (maplibre's stylesheet is "/build/_assets/maplibre-gl-HASH.css"). */
const code = (text: string) => text.replace(/"\/build\/_assets\/[^"]*"/g, '""');

/** Pixels of a screenshot that are far from the background colour, and those close to it. */
async function pixelCounts(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let background = 0;
  let drawn = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const distance = Math.abs(data[i]! - BACKGROUND[0]) + Math.abs(data[i + 1]! - BACKGROUND[1]) + Math.abs(data[i + 2]! - BACKGROUND[2]);
    if (distance <= 6) background++;
    else if (distance >= 30) drawn++;
  }
  return { background, drawn, total: info.width * info.height };
}

async function centerOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} has no box`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test("the home page's map draws, lists the same projects, highlights the one chosen in the list, and pans with the arrows", async ({
  page,
  createUser,
  tabTo,
  a11y,
  db,
  demoOrgId,
}) => {
  test.slow();
  const official = await createUser({ role: "official" });
  const tag = Date.now().toString(36);
  const [org] = await db`select map_center_lng, map_center_lat from organizations where id = ${demoOrgId}`;
  const [lng, lat] = [Number(org!.map_center_lng), Number(org!.map_center_lat)];
  // Three cultural projects (the other specs write urban and leisure ones), far enough apart not to
  // be grouped into one cluster at the organization's zoom. A retry archives the ones of the first
  // attempt, which would stand at the same places.
  await db`update projects set status = 'archived', archived_at = now()
           where organization_id = ${demoOrgId} and kind = 'cultural' and status = 'published' and title like 'Médiathèque de quartier n° %'`;
  const projects = [];
  for (const [i, [dLng, dLat]] of [
    [-0.07, 0],
    [0.07, 0],
    [0, 0.045],
  ].entries()) {
    projects.push(
      await insertProject(db, {
        organizationId: demoOrgId,
        createdBy: official.id,
        title: `Médiathèque de quartier n° ${i + 1} (${tag})`,
        kind: "cultural",
        center: [lng + dLng!, lat + dLat!],
        phases: { information: [-1, null] },
      }),
    );
  }

  const requests: string[] = [];
  page.on("request", (request: Request) => requests.push(new URL(request.url()).pathname));
  await page.goto("/?kind=cultural");
  await waitForHydration(page);

  // The HTML list: every project of the page, linked.
  const list = page.getByRole("list", { name: "Liste des éléments de la carte" });
  for (const project of projects) {
    await expect(list.getByRole("link", { name: project.title })).toHaveAttribute("href", `/projects/${project.slug}`);
  }

  // The map: a focusable canvas, one marker per project, the worker fetched from this site.
  const frame = page.locator(".mq-map__frame");
  const canvas = frame.getByRole("application", { name: "Carte interactive" });
  await expect(canvas).toBeVisible({ timeout: 15_000 });
  for (const project of projects) await expect(frame.getByRole("button", { name: project.title, exact: true })).toBeVisible();
  expect(requests.some((p) => p === "/map/maplibre-gl-worker.mjs")).toBe(true);
  expect(requests.some((p) => p === "/map/style.json")).toBe(true);
  await a11y(page, "home with the map");

  // It draws: the background colour of the local style, and the halos of the points on it (the HTML
  // markers and controls hidden for the picture).
  const hide = await page.addStyleTag({ content: ".maplibregl-marker, .maplibregl-control-container { visibility: hidden !important; }" });
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  const picture = await canvas.screenshot();
  await test.info().attach("map canvas, markers hidden", { body: picture, contentType: "image/png" });
  const pixels = await pixelCounts(picture);
  test.info().annotations.push({ type: "map pixels", description: JSON.stringify(pixels) });
  expect(pixels.background / pixels.total, "share of the canvas painted with the style's background").toBeGreaterThan(0.5);
  expect(pixels.drawn, "pixels drawn by the data layers (point halos)").toBeGreaterThan(300);
  await hide.evaluate((style) => (style as HTMLStyleElement).remove());

  // Choosing a project in the list (keyboard): announced, highlighted in the list and on the map.
  const chosen = projects[1]!;
  const row = list.getByRole("listitem").filter({ has: page.getByRole("link", { name: chosen.title }) });
  await tabTo(page, row.getByRole("button", { name: `Voir sur la carte : ${chosen.title}` }));
  await page.keyboard.press("Enter");
  await expect(page.locator(".mq-map-with-list [aria-live='polite']")).toHaveText(`Sélectionné sur la carte : ${chosen.title}`);
  await expect(row).toHaveAttribute("aria-current", "true");
  const marker = frame.getByRole("button", { name: chosen.title, exact: true });
  await expect(marker).toHaveClass(/is-selected/);
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("link", { name: projects[0]!.title }) })).not.toHaveAttribute("aria-current", "true");
  await a11y(page, "home with a project chosen");

  // The canvas takes the focus; the arrows pan the map (the marker moves the other way).
  await tabTo(page, canvas, 80);
  await expect(canvas).toBeFocused();
  // Once the flight to the chosen project has ended (the marker stays put).
  let previous = await centerOf(marker);
  await expect
    .poll(async () => {
      const now = await centerOf(marker);
      const still = Math.abs(now.x - previous.x) < 1 && Math.abs(now.y - previous.y) < 1;
      previous = now;
      return still;
    }, { intervals: [250] })
    .toBe(true);
  const before = await centerOf(marker);
  // One press pans by maplibre's step (100 px, eased); a second press at once would cut the first short.
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => before.x - (await centerOf(marker)).x, { message: "the map moved right: the marker went left" }).toBeGreaterThan(50);
  const middle = await centerOf(marker);
  await page.keyboard.press("ArrowDown");
  await expect.poll(async () => middle.y - (await centerOf(marker)).y, { message: "the map moved down: the marker went up" }).toBeGreaterThan(50);
  await expect(canvas).toBeFocused();
});

test("pages without a map download neither MapLibre nor its worker", async ({ page, createUser, loginAs, a11y, db, demoOrgId }) => {
  test.slow();
  const official = await createUser({ role: "official" });
  const project = await insertProject(db, {
    organizationId: demoOrgId,
    createdBy: official.id,
    title: `Kiosque à musique ${Date.now().toString(36)}`,
    kind: "urban",
    center: [2.3522, 48.8566],
  });

  // Which scripts carry MapLibre: those a map page loads, read as they arrive.
  const scripts = new Map<string, Promise<string>>();
  const record = (response: Response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith(".js") || url.pathname.endsWith(".mjs")) scripts.set(url.pathname, response.text().catch(() => ""));
  };
  const mapRequests: string[] = [];
  const onMapRequest = (request: Request) => mapRequests.push(new URL(request.url()).pathname);
  page.on("response", record);
  page.on("request", onMapRequest);
  await page.goto(`/projects/${project.slug}`);
  await waitForHydration(page);
  await expect(page.getByRole("application", { name: "Carte interactive" })).toBeVisible({ timeout: 15_000 });
  const mapChunks = new Set<string>();
  for (const [path, text] of scripts) if (MAPLIBRE.test(code(await text))) mapChunks.add(path);
  expect(mapChunks.size, "the map page loads MapLibre in a chunk of its own").toBeGreaterThan(0);
  await expect.poll(() => mapRequests.includes("/map/maplibre-gl-worker.mjs"), { message: "the map page fetches the worker" }).toBe(true);
  page.off("response", record);
  page.off("request", onMapRequest);

  async function visit(target: string, label: string) {
    const requested: string[] = [];
    const bodies: Promise<{ path: string; text: string }>[] = [];
    const onRequest = (request: Request) => requested.push(new URL(request.url()).pathname);
    const onResponse = (response: Response) => {
      const path = new URL(response.url()).pathname;
      if (path.endsWith(".js") || path.endsWith(".mjs")) bodies.push(response.text().then((text) => ({ path, text }), () => ({ path, text: "" })));
    };
    page.on("request", onRequest);
    page.on("response", onResponse);
    await page.goto(target);
    await waitForHydration(page);
    await page.waitForLoadState("networkidle");
    page.off("request", onRequest);
    page.off("response", onResponse);
    expect(requested.some((p) => p.endsWith(".js")), `${label} loads its scripts`).toBe(true);
    expect(requested.filter((p) => mapChunks.has(p)), `MapLibre chunks requested by ${label}`).toEqual([]);
    expect(requested.filter((p) => p.startsWith("/map/")), `map files requested by ${label}`).toEqual([]);
    for (const { path, text } of await Promise.all(bodies)) expect(MAPLIBRE.test(code(text)), `${path} on ${label} contains MapLibre`).toBe(false);
    await a11y(page, label);
  }

  await visit("/login", "/login");
  const citizen = await createUser();
  await loginAs(page, citizen);
  await visit("/account", "/account");
  await visit("/notifications", "/notifications");
});
