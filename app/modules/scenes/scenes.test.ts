// Scenes and variants: officials create them (audited, with their event), with posters,
// viewpoints and stills re-encoded through the uploads module and models stored by content hash;
// citizens, blocked officials and other organizations write nothing; the database refuses a model
// over the hard limits; a variant is a registry target that people comment on and report until
// moderation hides it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf } from "~/modules/auth/actor";
import { loadTarget } from "~/modules/targets/registry.server";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { createTestProject, type TestOrg } from "~/modules/proposals/testing.server";
import * as commentsRoute from "~/routes/_public+/comments";
import * as reportRoute from "~/routes/_public+/report";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callAction, dataOf, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { addVariant, addViewpoint, attachModel, createScene, removeViewpoint, setVariantPoster, setViewpointStill, updateVariant } from "./commands.server";
import { actorOfMember, findVariantPlace, listScenes, loadScene } from "./queries.server";
import { testPicture, testReport } from "./testing.server";

let dir: string;
let org: TestOrg;
let other: TestOrg;
let official: { id: number; organizationId: number };
let citizen: { id: number; organizationId: number };
let project: { id: number; slug: string };

const viewpoint = (name: string) => ({ name, caption: `Depuis ${name}`, camera: [0, 1.6, 10] as [number, number, number], target: [0, 1.6, 0] as [number, number, number] });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-scenes-"));
  setStorageForTests(new LocalStorage(dir));
  org = (await createTestOrganization({ name: "Ville aux Scènes" })) as TestOrg;
  other = (await createTestOrganization({ name: "Autre Ville" })) as TestOrg;
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  citizen = await createTestUser(org.id, { name: "Camille Citoyenne" });
  project = await createTestProject(org.id, official.id);
});

afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

async function officialActor() {
  return (await actorOfMember(sql, org.id, official.id))!;
}

async function sceneWithVariant() {
  const actor = await officialActor();
  const scene = await createScene(sql, actor, { projectId: project.id, title: "Place de la Mairie" });
  if (!scene.ok) throw new Error("scene refused");
  const variant = await addVariant(sql, actor, {
    sceneId: scene.sceneId,
    title: "État actuel",
    description: "La place aujourd'hui : un parking.",
    viewpoints: [viewpoint("Entrée nord"), viewpoint("Fontaine")],
  });
  if (!variant.ok) throw new Error("variant refused");
  return { actor, sceneId: scene.sceneId, variantId: variant.variantId, viewpointIds: variant.viewpointIds };
}

describe("officials' commands", () => {
  it("create a scene and its variants with poster, viewpoints, stills and a model, read back in order", async () => {
    const { actor, sceneId, variantId, viewpointIds } = await sceneWithVariant();
    const second = await addVariant(sql, actor, {
      sceneId,
      title: "Variante A",
      description: "Des arbres et un kiosque.",
      poster: { image: { data: await testPicture(), name: "affiche.png" }, alt: "La place plantée vue du nord" },
    });
    expect(second).toMatchObject({ ok: true });
    expect(await setVariantPoster(sql, actor, { variantId, image: { data: await testPicture("#888"), name: "p.png" }, alt: "Le parking" })).toMatchObject({ ok: true });
    expect(await setViewpointStill(sql, actor, { variantId, viewpointId: viewpointIds[0]!, image: { data: await testPicture("#444"), name: "s.png" } })).toMatchObject({ ok: true });
    const glb = Buffer.from("glTF-optimised-bytes");
    const attached = await attachModel(sql, actor, { variantId, glb, original: Buffer.from("glTF-original-bytes!"), originalName: "C:\\exports\\place.glb", report: testReport() });
    expect(attached).toMatchObject({ ok: true });
    if (!attached.ok) return;
    expect(attached.url).toBe(`/uploads/${org.id}/${attached.sha256}.glb`);
    expect(await fs.readFile(path.join(dir, String(org.id), `${attached.sha256}.glb`))).toEqual(glb);

    const scene = (await loadScene(sql, org.id, sceneId, { actor: actorOf(org.id, null), projectId: project.id }))!;
    expect(scene.title).toBe("Place de la Mairie");
    expect(scene.variants.map((v) => v.title)).toEqual(["État actuel", "Variante A"]);
    const [first] = scene.variants;
    expect(first!.viewpoints.map((v) => v.name)).toEqual(["Entrée nord", "Fontaine"]);
    expect(first!.viewpoints[0]!.camera).toEqual([0, 1.6, 10]);
    expect(first!.viewpoints[0]!.still?.url).toMatch(/\.webp$/);
    expect(first!.poster).toMatchObject({ alt: "Le parking" });
    expect(first!.model).toMatchObject({ bytes: glb.length, originalName: "place.glb", report: { drawCalls: 12, bytes: glb.length } });
    expect(scene.variants[1]!.model).toBeNull();
    expect((await listScenes(sql, org.id, project.id, actorOf(org.id, null))).find((s) => s.id === sceneId)).toMatchObject({ variantsCount: 2 });

    // Each write is audited and announced.
    const audit = await sql`select action from audit_log where organization_id = ${org.id} and (subject_type = 'variant' or subject_type = 'scene') order by id`;
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["scene.create", "scene.variant_create", "scene.poster_set", "scene.still_set", "scene.model_attach"]),
    );
    const events = await sql`select type, target_type, target_id from events where organization_id = ${org.id} and type = 'scene.updated'`;
    expect(events.some((e) => e.target_type === "variant" && Number(e.target_id) === variantId)).toBe(true);
  });

  it("edit a variant and its viewpoints", async () => {
    const { actor, variantId, viewpointIds } = await sceneWithVariant();
    expect(await updateVariant(sql, actor, { variantId, title: "Aujourd'hui", description: "Texte revu." })).toEqual({ ok: true });
    const added = await addViewpoint(sql, actor, { variantId, viewpoint: viewpoint("Terrasse") });
    expect(added).toMatchObject({ ok: true });
    expect(await removeViewpoint(sql, actor, { variantId, viewpointId: viewpointIds[0]! })).toEqual({ ok: true });
    const place = (await findVariantPlace(sql, org.id, variantId))!;
    const scene = (await loadScene(sql, org.id, place.sceneId, { actor }))!;
    expect(scene.variants[0]).toMatchObject({ title: "Aujourd'hui", description: "Texte revu." });
    expect(scene.variants[0]!.viewpoints.map((v) => v.name)).toEqual(["Fontaine", "Terrasse"]);
  });

  it("refuse citizens, blocked officials, another organization's members, and bad input, writing nothing", async () => {
    const { variantId, sceneId } = await sceneWithVariant();
    const before = await sql`select (select count(*)::int from scenes) as s, (select count(*)::int from scene_variants) as v, (select count(*)::int from scene_models) as m`;
    const citizenActor = (await actorOfMember(sql, org.id, citizen.id))!;
    expect(await createScene(sql, citizenActor, { projectId: project.id, title: "Scène pirate" })).toMatchObject({ ok: false, error: "forbidden" });
    expect(await addVariant(sql, citizenActor, { sceneId, title: "X", description: "Y" })).toMatchObject({ ok: false, error: "forbidden" });
    const stranger = await createTestUser(other.id, { role: "official" });
    const strangerActor = (await actorOfMember(sql, other.id, stranger.id))!;
    expect(await createScene(sql, strangerActor, { projectId: project.id, title: "Scène d'ailleurs" })).toEqual({ ok: false, error: "notFound" });
    expect(await addVariant(sql, strangerActor, { sceneId, title: "X", description: "Y" })).toEqual({ ok: false, error: "notFound" });
    expect(await attachModel(sql, strangerActor, { variantId, glb: Buffer.from("x"), original: Buffer.from("y"), originalName: "m.glb", report: testReport() })).toEqual({
      ok: false,
      error: "notFound",
    });
    const blocked = await createTestUser(org.id, { role: "official" });
    await sql`update users set blocked_at = now() where id = ${blocked.id}`;
    const blockedActor = (await actorOfMember(sql, org.id, blocked.id))!;
    expect(await updateVariant(sql, blockedActor, { variantId, title: "T", description: "D" })).toMatchObject({ ok: false, error: "forbidden", reason: "status.blocked" });
    const actor = await officialActor();
    expect(await addVariant(sql, actor, { sceneId, title: "", description: "Y" })).toMatchObject({ ok: false, error: "invalid" });
    expect(
      await addVariant(sql, actor, { sceneId, title: "X", description: "Y", viewpoints: [{ ...viewpoint("V"), target: [0, 1.6, 10] }] }),
    ).toMatchObject({ ok: false, error: "invalid" });
    expect(await attachModel(sql, actor, { variantId, glb: Buffer.from("x"), original: Buffer.from("y"), originalName: "m.glb", report: testReport({ drawCalls: 201 }) })).toMatchObject({
      ok: false,
      error: "invalid",
    });
    expect(await setVariantPoster(sql, actor, { variantId, image: { data: Buffer.from("not an image"), name: "x.png" }, alt: "Affiche" })).toMatchObject({
      ok: false,
      error: "image",
      reason: "uploads.notImage",
    });
    const after = await sql`select (select count(*)::int from scenes) as s, (select count(*)::int from scene_variants) as v, (select count(*)::int from scene_models) as m`;
    expect(after).toEqual(before);
  });

  it("the database refuses a model over the hard limits and a variant pointing at another project's scene", async () => {
    const { variantId, sceneId } = await sceneWithVariant();
    const insertModel = (triangles: number, drawCalls: number, bytes: number) => sql`
      insert into scene_models (organization_id, uploader_id, sha256, storage_key, byte_size, original_sha256, original_storage_key,
                                original_byte_size, original_name, triangles, draw_calls, materials, texture_bytes, report)
      values (${org.id}, ${official.id}, ${"a".repeat(64)}, ${`${org.id}/${"a".repeat(64)}.glb`}, ${bytes}, ${"b".repeat(64)},
              ${`${org.id}/${"b".repeat(64)}-original.bin`}, 10, 'm.glb', ${triangles}, ${drawCalls}, 1, 0, '{}')`;
    await expect(insertModel(300_001, 10, 100)).rejects.toMatchObject({ code: "23514" });
    await expect(insertModel(10, 201, 100)).rejects.toMatchObject({ code: "23514" });
    await expect(insertModel(10, 10, 8 * 1024 * 1024 + 1)).rejects.toMatchObject({ code: "23514" });
    const otherProject = await createTestProject(org.id, official.id);
    await expect(sql`update scene_variants set project_id = ${otherProject.id} where id = ${variantId}`).rejects.toMatchObject({ code: "23503" });
    expect(sceneId).toBeGreaterThan(0);
  });
});

describe("a variant as a participation target", () => {
  it("is commented on and reported until hidden; hidden, it leaves the public scene but not its author's", async () => {
    const { sceneId, variantId } = await sceneWithVariant();
    const posted = await callAction(commentsRoute.action as never, org, citizen, "/comments", {
      intent: "create",
      targetType: "variant",
      targetId: String(variantId),
      body: "Les arbres de la variante A me plaisent.",
    });
    expect(statusOf(posted)).toBe(302);
    expect((posted as Response).headers.get("Location")).toMatch(new RegExp(`^/projects/${project.slug}/variants/${variantId}#comment-\\d+$`));
    const [counted] = await sql`select comments_count from scene_variants where id = ${variantId}`;
    expect(counted!.comments_count).toBe(1);

    for (let n = 0; n < 3; n++) {
      const reporter = await createTestUser(org.id, { name: `Signaleur ${n}` });
      const reported = await callAction(reportRoute.action as never, org, reporter, "/report", { targetType: "variant", targetId: String(variantId), reason: "spam" });
      expect(dataOf<{ status: string }>(reported).status).toBe("reported");
    }
    expect(await loadTarget(sql, org.id, { type: "variant", id: variantId })).toMatchObject({
      hidden: true,
      title: "État actuel",
      path: `/projects/${project.slug}/variants/${variantId}`,
    });
    expect((await loadScene(sql, org.id, sceneId, { actor: actorOf(org.id, null) }))!.variants).toHaveLength(0);
    expect((await loadScene(sql, org.id, sceneId, { actor: await officialActor() }))!.variants).toHaveLength(1);
  });

  it("stays in its organization: another organization's members neither comment on it nor report it", async () => {
    const { variantId } = await sceneWithVariant();
    const stranger = await createTestUser(other.id);
    expect(statusOf(await callAction(commentsRoute.action as never, other, stranger, "/comments", { intent: "create", targetType: "variant", targetId: String(variantId), body: "Non." }))).toBe(404);
    expect(statusOf(await callAction(reportRoute.action as never, other, stranger, "/report", { targetType: "variant", targetId: String(variantId), reason: "spam" }))).toBe(404);
  });
});
