// The officials' scene page in Chromium: a scene and a variant created through the forms; a
// broken model refused in words with nothing stored; a large model (a block of 300 buildings and
// 2,000 trees, 6.7 MB) uploaded with its progress shown while /healthz keeps answering quickly
// (the pipeline runs in a worker thread), then its budget report; axe clean.
import { makeBlockGlb, craftGlb, triangleGltf } from "../app/modules/scenes/pipeline/fixtures.server";
import { expect, test, waitForHydration } from "./fixtures";
import { BASE_URL } from "./support/env";

test("an official uploads a model with progress while the server keeps answering, and reads its report", async ({ page, createUser, loginAs, db, demoOrgId, a11y, browserIssues }) => {
  test.setTimeout(120_000);
  // The refused model is answered 422 (the page shows why).
  browserIssues.allow(/status of 422/);
  const official = await createUser({ role: "official" });
  const slug = `scene-e2e-${Date.now().toString(36)}`;
  const [project] = await db`
    insert into projects (organization_id, slug, title, body, body_html, kind, status, created_by)
    values (${demoOrgId}, ${slug}, 'Place à modéliser', ${db.json({ type: "doc", content: [] })}, '', 'urban', 'draft', ${official.id})
    returning id`;
  const projectId = Number(project!.id);
  await loginAs(page, official);

  await page.goto(`/manage/projects/${projectId}/scenes`);
  await waitForHydration(page);
  await page.getByLabel(/^Titre de la scène/).fill("Place de la Mairie");
  await page.getByRole("button", { name: "Créer la scène" }).click();
  await expect(page.getByRole("status")).toContainText("La scène a été créée.");
  await page.getByLabel(/^Titre de la variante/).fill("Variante A");
  await page.getByLabel(/^Description écrite/).fill("Des tilleuls, un kiosque et des bancs.");
  await page.getByRole("button", { name: "Ajouter la variante" }).click();
  await expect(page.getByRole("status")).toContainText("La variante a été ajoutée.");
  await waitForHydration(page);
  const variant = page.locator(".scene-variant").first();

  // A broken model: refused in words, nothing stored.
  const broken = triangleGltf();
  (broken.json.accessors as Record<string, unknown>[])[0]!.count = 30;
  await variant.getByLabel(/^Fichier GLB/).setInputFiles({ name: "casse.glb", mimeType: "model/gltf-binary", buffer: Buffer.from(craftGlb(broken.json, broken.bin)) });
  await variant.getByRole("button", { name: "Envoyer le modèle" }).click();
  const refusal = variant.getByRole("alert");
  await expect(refusal).toContainText("Le validateur glTF a trouvé 1 erreur dans le modèle.");
  await expect(refusal).toContainText("Rien n'a été enregistré.");
  await expect(refusal).toBeFocused();
  const [none] = await db`select count(*)::int as n from scene_models where organization_id = ${demoOrgId} and uploader_id = ${official.id}`;
  expect(none!.n).toBe(0);

  // A large model: the progress shows, and /healthz answers quickly all along.
  const block = await makeBlockGlb({ buildings: 300, trees: 2000, textureSize: 1024 });
  await variant.getByLabel(/^Fichier GLB/).setInputFiles({ name: "ilot.glb", mimeType: "model/gltf-binary", buffer: Buffer.from(block) });
  let polling = true;
  const health: { status: number; ms: number }[] = [];
  const poll = (async () => {
    while (polling) {
      const started = performance.now();
      const response = await fetch(`${BASE_URL}/healthz`);
      health.push({ status: response.status, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await variant.getByRole("button", { name: "Envoyer le modèle" }).click();
  await expect(page.getByText("Optimisation du modèle en cours…")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("status")).toContainText("Le modèle a été optimisé et enregistré.", { timeout: 90_000 });
  polling = false;
  await poll;
  expect(health.length).toBeGreaterThan(20);
  expect(health.every((h) => h.status === 200)).toBe(true);
  expect(Math.max(...health.map((h) => h.ms))).toBeLessThan(1000);

  const report = page.locator(".budget-report").first();
  await expect(report.getByRole("table")).toContainText("Appels de dessin");
  await expect(report.getByRole("row", { name: /Appels de dessin/ })).toContainText(/4[\s\u202f\u00a0]?301/);
  const [stored] = await db`select sha256, byte_size, draw_calls from scene_models where organization_id = ${demoOrgId} and uploader_id = ${official.id}`;
  expect(stored!.byte_size).toBeLessThan(block.length / 10);
  const served = await page.request.get(`/uploads/${demoOrgId}/${stored!.sha256}.glb`);
  expect(served.status()).toBe(200);
  expect(served.headers()["cache-control"]).toContain("immutable");
  expect(served.headers()["content-type"]).toBe("model/gltf-binary");
  await a11y(page, "scene page with a model");
});
