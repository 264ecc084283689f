// The officials' scene page, through its action as the server calls it: a model upload accepted
// (stored by content hash, its original kept, the report on the page) and every kind of bad file
// refused with its message in words and nothing stored (no row, no file); the JSON answer of the
// upload with a progress bar; forms refused with their errors in place.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestOrg } from "~/modules/proposals/testing.server";
import * as scenePage from "~/routes/_manage+/manage.projects.$id.scenes.$sceneId";
import * as modelRoute from "~/routes/_manage+/manage.projects.$id.scenes.$sceneId_.model";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, dataOf, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { addVariant, createScene } from "./commands.server";
import type { ModelUploadAnswer, SceneFormAnswer } from "./manage.server";
import { craftGlb, makeBlockGlb, triangleGltf } from "./pipeline/fixtures.server";
import { actorOfMember, loadScene } from "./queries.server";

let dir: string;
let org: TestOrg;
let official: { id: number; organizationId: number };
let project: { id: number; slug: string };
let sceneId: number;
let variantId: number;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-scene-page-"));
  setStorageForTests(new LocalStorage(dir));
  org = (await createTestOrganization({ name: "Ville aux Modèles" })) as TestOrg;
  official = await createTestUser(org.id, { role: "official", name: "Olivier Officiel" });
  project = await createTestProject(org.id, official.id);
  const actor = (await actorOfMember(sql, org.id, official.id))!;
  const scene = await createScene(sql, actor, { projectId: project.id, title: "Place de la Mairie" });
  if (!scene.ok) throw new Error("scene");
  sceneId = scene.sceneId;
  const variant = await addVariant(sql, actor, { sceneId, title: "Variante A", description: "Des arbres." });
  if (!variant.ok) throw new Error("variant");
  variantId = variant.variantId;
});

afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

function multipart(url: string, fields: Record<string, string | File>, headers: Record<string, string> = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(`http://${org.host}${url}`, { method: "POST", body, headers });
}

const pagePath = () => `/manage/projects/${project.id}/scenes/${sceneId}`;
const params = () => ({ id: String(project.id), sceneId: String(sceneId) });

async function postModel(bytes: Uint8Array, name = "modele.glb", locale: "fr" | "en" = "fr") {
  const request = multipart(pagePath(), { intent: "model", variantId: String(variantId), model: new File([Buffer.from(bytes)], name) });
  return callRoute(scenePage.action as never, { org, user: official, request, params: params(), locale });
}

async function stored() {
  const [row] = await sql`select count(*)::int as n from scene_models where organization_id = ${org.id}`;
  const files = await fs.readdir(path.join(dir, String(org.id))).catch(() => [] as string[]);
  return { rows: row!.n as number, files: files.filter((f) => f.endsWith(".glb") || f.endsWith(".bin")).length };
}

describe("uploading a variant's model", () => {
  it("refuses each bad file with its reason, storing nothing", async () => {
    const before = await stored();
    const { json, bin } = triangleGltf();
    const whole = craftGlb(json, bin);
    const external = triangleGltf();
    (external.json.buffers as Record<string, unknown>[])[0]!.uri = "https://elsewhere.example/model.bin";
    const data = triangleGltf({ images: [{ uri: "data:image/png;base64,iVBORw0KGgo=" }] });
    const extension = triangleGltf({ extensionsUsed: ["ACME_secret_sauce"], extensionsRequired: ["ACME_secret_sauce"] });
    const invalid = triangleGltf();
    (invalid.json.accessors as Record<string, unknown>[])[0]!.count = 30;
    const cases: [Uint8Array, string, Record<string, unknown>][] = [
      [new TextEncoder().encode("PK\u0003\u0004 this is a zip, not a model"), "notGlb", {}],
      [whole.subarray(0, whole.length - 8), "truncated", { detail: "length" }],
      [craftGlb(external.json, external.bin), "externalUri", { uri: "https://elsewhere.example/model.bin" }],
      [craftGlb(data.json, data.bin), "dataUri", { where: "image" }],
      [craftGlb(extension.json, extension.bin), "unknownExtension", { extension: "ACME_secret_sauce" }],
      [craftGlb(invalid.json, invalid.bin), "invalid", {}],
    ];
    for (const [bytes, code, params] of cases) {
      const result = await postModel(bytes);
      expect(statusOf(result), code).toBe(200);
      const answer = dataOf<SceneFormAnswer>(result);
      expect(answer.form).toBe(`model:${variantId}:`);
      expect(answer.refusal, code).toMatchObject({ code, params });
    }
    expect(await stored()).toEqual(before);
  });

  it("refuses a model over the hard limits once optimised, and answers the upload page in JSON", async () => {
    const before = await stored();
    const many = await makeManyMaterials(210);
    const request = multipart(`${pagePath()}/model`, { intent: "model", variantId: String(variantId), model: new File([Buffer.from(many)], "trop.glb") }, { Accept: "application/json" });
    const response = (await callRoute(modelRoute.action as never, { org, user: official, request, params: params() })) as Response;
    expect(response.status).toBe(422);
    const answer = (await response.json()) as ModelUploadAnswer;
    expect(answer).toMatchObject({ ok: false, refusal: { code: "overBudget", over: [{ metric: "drawCalls", value: 210, limit: 200 }] } });
    expect(await stored()).toEqual(before);
  });

  it("stores an accepted model by its hash with its original, and the page shows its report", async () => {
    const input = await makeBlockGlb({ buildings: 12, trees: 40, textureSize: 256 });
    const request = multipart(`${pagePath()}/model`, { intent: "model", variantId: String(variantId), model: new File([Buffer.from(input)], "ilot.glb") }, { Accept: "application/json" });
    const response = (await callRoute(modelRoute.action as never, { org, user: official, request, params: params() })) as Response;
    const answer = (await response.json()) as ModelUploadAnswer;
    expect(answer).toMatchObject({ ok: true, notice: "Le modèle a été optimisé et enregistré." });
    const scene = (await loadScene(sql, org.id, sceneId, { actor: (await actorOfMember(sql, org.id, official.id))! }))!;
    const model = scene.variants[0]!.model!;
    expect(model.url).toBe(`/uploads/${org.id}/${model.sha256}.glb`);
    expect(model.report.drawCallsBefore).toBe(1 + 12 + 80);
    expect(model.originalBytes).toBe(input.length);
    const stored = await fs.readFile(path.join(dir, String(org.id), `${model.sha256}.glb`));
    expect(stored.length).toBe(model.bytes);
    const [row] = await sql`select original_storage_key from scene_models where id = ${model.id}`;
    expect((await fs.readFile(path.join(dir, String(row!.original_storage_key)))).equals(Buffer.from(input))).toBe(true);
  });

  it("without a file, or from a citizen", async () => {
    const none = dataOf<SceneFormAnswer>(
      await callRoute(scenePage.action as never, { org, user: official, request: multipart(pagePath(), { intent: "model", variantId: String(variantId) }), params: params() }),
    );
    expect(none.fieldErrors.model).toEqual(["Choisissez un fichier GLB."]);
    const citizen = await createTestUser(org.id);
    const refused = await callRoute(scenePage.action as never, {
      org,
      user: citizen,
      request: multipart(pagePath(), { intent: "model", variantId: String(variantId), model: new File([new Uint8Array(8)], "m.glb") }),
      params: params(),
    });
    expect(statusOf(refused)).toBe(403);
  });
});

describe("the other forms", () => {
  it("answer their errors in words, in place, and keep what was typed", async () => {
    const result = await callRoute(scenePage.action as never, {
      org,
      user: official,
      request: multipart(pagePath(), { intent: "viewpoint-add", variantId: String(variantId), name: "Terrasse", caption: "", cameraX: "1,5", cameraY: "abc", cameraZ: "3", targetX: "1.5", targetY: "0", targetZ: "3" }),
      params: params(),
      locale: "en",
    });
    const answer = dataOf<SceneFormAnswer>(result);
    expect(answer.form).toBe(`viewpoint-add:${variantId}:`);
    expect(answer.fieldErrors.caption).toEqual(["The caption must be 1 to 500 characters long."]);
    expect(answer.fieldErrors.cameraY).toEqual(["Give a number of metres, for example 12.5 (between -10,000 and 10,000)."]);
    expect(answer.values.name).toBe("Terrasse");
    const added = await callRoute(scenePage.action as never, {
      org,
      user: official,
      request: multipart(pagePath(), { intent: "viewpoint-add", variantId: String(variantId), name: "Terrasse", caption: "Vue du café", cameraX: "1,5", cameraY: "1,6", cameraZ: "3", targetX: "1.5", targetY: "1.6", targetZ: "-3" }),
      params: params(),
    });
    expect(statusOf(added)).toBe(302);
    expect((added as Response).headers.get("Location")).toBe(`${pagePath()}?notice=viewpointAdded#variant-${variantId}`);
    const [vp] = await sql`select camera_x, camera_y from scene_viewpoints where variant_id = ${variantId} and name = 'Terrasse'`;
    expect([vp!.camera_x, vp!.camera_y]).toEqual([1.5, 1.6]);
  });
});

async function makeManyMaterials(count: number): Promise<Uint8Array> {
  const { Document, NodeIO } = await import("@gltf-transform/core");
  const document = new Document();
  const buffer = document.createBuffer();
  const scene = document.createScene();
  for (let i = 0; i < count; i++) {
    const material = document.createMaterial(`m${i}`).setBaseColorFactor([i / count, 0.2, 0.7, 1]);
    const prim = document
      .createPrimitive()
      .setAttribute("POSITION", document.createAccessor().setType("VEC3").setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer))
      .setMaterial(material);
    scene.addChild(document.createNode(`n${i}`).setMesh(document.createMesh(`m${i}`).addPrimitive(prim)).setTranslation([i, 0, 0]));
  }
  return new NodeIO().writeBinary(document);
}
