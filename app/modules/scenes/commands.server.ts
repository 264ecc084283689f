// Writing scenes (officials): create a scene, add and edit its variants, attach a variant's
// optimised model (stored by content hash, its original kept), its poster, its viewpoints and
// their stills. Each command takes the Actor and decides with the scenes' policy (role, block read
// now, project of this organization), writes with its audit entry and its event in one
// transaction, and answers an outcome instead of throwing. Files are written to the storage before
// the rows that name them (a row never names a missing file; a file without a row is harmless).
import crypto from "node:crypto";
import type { Actor } from "~/modules/auth/actor";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction, recordEvent } from "~/modules/events/outbox.server";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { getStorage } from "~/modules/uploads/storage.server";
import { storeImage, UploadRejected } from "~/modules/uploads/uploads.server";
import type { Db } from "~/utils/db.server";
import { decide } from "./policy";
import { findSceneProject, findVariantPlace } from "./queries.server";
import { isValidViewpoint, SCENE_BUDGET, type BudgetReport, type ViewpointInput } from "./schema";

export type SceneOutcome<T = object> =
  | ({ ok: true } & T)
  | { ok: false; error: "notFound" | "forbidden" | "invalid" | "image"; reason?: string; params?: Record<string, string | number> };

const NOT_FOUND = { ok: false, error: "notFound" } as const;

/** The policy's answer for managing this project's scenes now (the block read in `db`). */
async function mayManage(db: Db, actor: Actor, projectStatus: string): Promise<SceneOutcome | null> {
  const blocked = actor.user ? await isBlocked(db, actor.organizationId, actor.user.id) : false;
  const decision = decide(actor, "manage", { project: { status: projectStatus, currentPhase: null, actorBlocked: blocked } });
  if (decision.allowed) return null;
  return decision.reason === "status.notFoundText" ? NOT_FOUND : { ok: false, error: "forbidden", reason: decision.reason };
}

const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");

function textOk(value: string, min: number, max: number) {
  const trimmed = value.trim();
  return trimmed.length >= min && trimmed.length <= max;
}

export async function createScene(
  db: Db,
  actor: Actor,
  input: { projectId: number; title: string; summary?: string },
): Promise<SceneOutcome<{ sceneId: number }>> {
  if (!textOk(input.title, 3, 160) || (input.summary ?? "").length > 1000) return { ok: false, error: "invalid" };
  return inTransaction(db, async (tx) => {
    const [project] = await tx`select status from projects where id = ${input.projectId} and organization_id = ${actor.organizationId}`;
    if (!project) return NOT_FOUND;
    const refused = await mayManage(tx, actor, String(project.status));
    if (refused) return refused as SceneOutcome<{ sceneId: number }>;
    const [row] = await tx`
      insert into scenes (organization_id, project_id, title, summary, position, created_by)
      values (${actor.organizationId}, ${input.projectId}, ${input.title.trim()}, ${(input.summary ?? "").trim()},
              (select coalesce(max(position) + 1, 0) from scenes where project_id = ${input.projectId} and organization_id = ${actor.organizationId}),
              ${actor.user!.id})
      returning id`;
    const sceneId = Number(row!.id);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.user!.id,
      action: "scene.create",
      subjectType: "scene",
      subjectId: sceneId,
      data: { projectId: input.projectId, title: input.title.trim() },
    });
    await recordEvent(tx, { type: "scene.updated", organizationId: actor.organizationId, projectId: input.projectId, payload: { sceneId, variantId: null } });
    return { ok: true, sceneId };
  });
}

export async function updateScene(
  db: Db,
  actor: Actor,
  input: { sceneId: number; title: string; summary?: string },
): Promise<SceneOutcome> {
  if (!textOk(input.title, 3, 160) || (input.summary ?? "").length > 1000) return { ok: false, error: "invalid" };
  return inTransaction(db, async (tx) => {
    const place = await findSceneProject(tx, actor.organizationId, input.sceneId);
    if (!place) return NOT_FOUND;
    const refused = await mayManage(tx, actor, place.projectStatus);
    if (refused) return refused;
    await tx`
      update scenes set title = ${input.title.trim()}, summary = ${(input.summary ?? "").trim()}, updated_at = now()
      where id = ${input.sceneId} and organization_id = ${actor.organizationId}`;
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.user!.id,
      action: "scene.update",
      subjectType: "scene",
      subjectId: input.sceneId,
      data: { projectId: place.projectId, title: input.title.trim() },
    });
    await recordEvent(tx, {
      type: "scene.updated",
      organizationId: actor.organizationId,
      projectId: place.projectId,
      payload: { sceneId: input.sceneId, variantId: null },
    });
    return { ok: true };
  });
}

/** An image to store through the uploads module (re-encoded to WebP by sharp). */
export type ImageFile = { data: Buffer; name: string };

async function storePicture(tx: Db, actor: Actor, image: ImageFile): Promise<{ ok: true; id: number } | SceneOutcome> {
  try {
    const stored = await storeImage(tx, { organizationId: actor.organizationId, uploaderId: actor.user!.id, data: image.data, originalName: image.name });
    return { ok: true, id: stored.id };
  } catch (error) {
    if (error instanceof UploadRejected) return { ok: false, error: "image", reason: error.code, params: error.params };
    throw error;
  }
}

async function insertViewpoint(tx: Db, organizationId: number, variantId: number, v: ViewpointInput) {
  const [row] = await tx`
    insert into scene_viewpoints (organization_id, variant_id, position, name, caption, camera_x, camera_y, camera_z, target_x, target_y, target_z)
    values (${organizationId}, ${variantId},
            (select coalesce(max(position) + 1, 0) from scene_viewpoints where variant_id = ${variantId} and organization_id = ${organizationId}),
            ${v.name.trim()}, ${v.caption.trim()}, ${v.camera[0]}, ${v.camera[1]}, ${v.camera[2]}, ${v.target[0]}, ${v.target[1]}, ${v.target[2]})
    returning id`;
  return Number(row!.id);
}

/**
 * Adds a variant at the end of the scene, with its text description, optionally its poster (an
 * image and its text alternative) and its authored viewpoints, in one transaction.
 */
export async function addVariant(
  db: Db,
  actor: Actor,
  input: {
    sceneId: number;
    title: string;
    description: string;
    poster?: { image: ImageFile; alt: string } | null;
    viewpoints?: ViewpointInput[];
  },
): Promise<SceneOutcome<{ variantId: number; viewpointIds: number[] }>> {
  type Out = SceneOutcome<{ variantId: number; viewpointIds: number[] }>;
  const viewpoints = input.viewpoints ?? [];
  if (!textOk(input.title, 1, 120) || !textOk(input.description, 1, 5000) || !viewpoints.every(isValidViewpoint)) {
    return { ok: false, error: "invalid" };
  }
  if (input.poster && !textOk(input.poster.alt, 1, 300)) return { ok: false, error: "invalid", reason: "scenes:manage.errors.posterAltRequired" };
  return inTransaction(db, async (tx): Promise<Out> => {
    // The scene's row lock: two variants added at once get positions one after the other.
    const [scene] = await tx`
      select s.id, s.project_id, p.status from scenes s join projects p on p.id = s.project_id and p.organization_id = s.organization_id
      where s.id = ${input.sceneId} and s.organization_id = ${actor.organizationId}
      for update of s`;
    if (!scene) return NOT_FOUND;
    const refused = await mayManage(tx, actor, String(scene.status));
    if (refused) return refused as Out;
    let posterId: number | null = null;
    if (input.poster) {
      const stored = await storePicture(tx, actor, input.poster.image);
      if (!stored.ok) return stored as Out;
      posterId = (stored as { id: number }).id;
    }
    const projectId = Number(scene.project_id);
    const [row] = await tx`
      insert into scene_variants (organization_id, project_id, scene_id, author_id, position, title, description, poster_upload_id, poster_alt)
      values (${actor.organizationId}, ${projectId}, ${input.sceneId}, ${actor.user!.id},
              (select coalesce(max(position) + 1, 0) from scene_variants where scene_id = ${input.sceneId} and organization_id = ${actor.organizationId}),
              ${input.title.trim()}, ${input.description.trim()}, ${posterId}, ${input.poster ? input.poster.alt.trim() : null})
      returning id`;
    const variantId = Number(row!.id);
    const viewpointIds: number[] = [];
    for (const v of viewpoints) viewpointIds.push(await insertViewpoint(tx, actor.organizationId, variantId, v));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.user!.id,
      action: "scene.variant_create",
      subjectType: "variant",
      subjectId: variantId,
      data: { projectId, sceneId: input.sceneId, title: input.title.trim() },
    });
    await recordEvent(tx, { type: "scene.updated", organizationId: actor.organizationId, projectId, payload: { sceneId: input.sceneId, variantId } });
    return { ok: true, variantId, viewpointIds };
  });
}

/** Runs `write` on a variant of this organization the actor may manage, with its audit and event. */
async function onVariant<T extends object>(
  db: Db,
  actor: Actor,
  variantId: number,
  audit: { action: string; data?: Record<string, unknown> },
  write: (tx: Db, place: { projectId: number; sceneId: number }) => Promise<SceneOutcome<T>>,
): Promise<SceneOutcome<T>> {
  return inTransaction(db, async (tx) => {
    const place = await findVariantPlace(tx, actor.organizationId, variantId);
    if (!place) return NOT_FOUND;
    const refused = await mayManage(tx, actor, place.projectStatus);
    if (refused) return refused as SceneOutcome<T>;
    const result = await write(tx, place);
    if (!result.ok) return result;
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.user!.id,
      action: audit.action,
      subjectType: "variant",
      subjectId: variantId,
      data: { projectId: place.projectId, sceneId: place.sceneId, ...audit.data },
    });
    await recordEvent(tx, {
      type: "scene.updated",
      organizationId: actor.organizationId,
      projectId: place.projectId,
      payload: { sceneId: place.sceneId, variantId },
    });
    return result;
  });
}

export async function updateVariant(
  db: Db,
  actor: Actor,
  input: { variantId: number; title: string; description: string },
): Promise<SceneOutcome> {
  if (!textOk(input.title, 1, 120) || !textOk(input.description, 1, 5000)) return { ok: false, error: "invalid" };
  return onVariant(db, actor, input.variantId, { action: "scene.variant_update", data: { title: input.title.trim() } }, async (tx) => {
    await tx`
      update scene_variants set title = ${input.title.trim()}, description = ${input.description.trim()}, updated_at = now()
      where id = ${input.variantId} and organization_id = ${actor.organizationId}`;
    return { ok: true };
  });
}

/** Sets the variant's poster: an image (re-encoded to WebP) and its text alternative. */
export async function setVariantPoster(
  db: Db,
  actor: Actor,
  input: { variantId: number; image: ImageFile; alt: string },
): Promise<SceneOutcome<{ uploadId: number }>> {
  if (!textOk(input.alt, 1, 300)) return { ok: false, error: "invalid", reason: "scenes:manage.errors.posterAltRequired" };
  return onVariant(db, actor, input.variantId, { action: "scene.poster_set" }, async (tx) => {
    const stored = await storePicture(tx, actor, input.image);
    if (!stored.ok) return stored as SceneOutcome<{ uploadId: number }>;
    const uploadId = (stored as { id: number }).id;
    await tx`
      update scene_variants set poster_upload_id = ${uploadId}, poster_alt = ${input.alt.trim()}, updated_at = now()
      where id = ${input.variantId} and organization_id = ${actor.organizationId}`;
    return { ok: true, uploadId };
  });
}

export async function addViewpoint(
  db: Db,
  actor: Actor,
  input: { variantId: number; viewpoint: ViewpointInput },
): Promise<SceneOutcome<{ viewpointId: number }>> {
  if (!isValidViewpoint(input.viewpoint)) return { ok: false, error: "invalid" };
  return onVariant(db, actor, input.variantId, { action: "scene.viewpoint_add", data: { name: input.viewpoint.name.trim() } }, async (tx) => {
    // The variant's row lock: two viewpoints added at once get positions one after the other.
    await tx`select 1 from scene_variants where id = ${input.variantId} and organization_id = ${actor.organizationId} for update`;
    return { ok: true, viewpointId: await insertViewpoint(tx, actor.organizationId, input.variantId, input.viewpoint) };
  });
}

export async function updateViewpoint(
  db: Db,
  actor: Actor,
  input: { variantId: number; viewpointId: number; viewpoint: ViewpointInput },
): Promise<SceneOutcome> {
  if (!isValidViewpoint(input.viewpoint)) return { ok: false, error: "invalid" };
  const v = input.viewpoint;
  return onVariant<object>(db, actor, input.variantId, { action: "scene.viewpoint_update", data: { name: v.name.trim() } }, async (tx) => {
    const rows = await tx`
      update scene_viewpoints set name = ${v.name.trim()}, caption = ${v.caption.trim()},
        camera_x = ${v.camera[0]}, camera_y = ${v.camera[1]}, camera_z = ${v.camera[2]},
        target_x = ${v.target[0]}, target_y = ${v.target[1]}, target_z = ${v.target[2]}
      where id = ${input.viewpointId} and variant_id = ${input.variantId} and organization_id = ${actor.organizationId}
      returning id`;
    return rows.length === 1 ? { ok: true } : NOT_FOUND;
  });
}

export async function removeViewpoint(db: Db, actor: Actor, input: { variantId: number; viewpointId: number }): Promise<SceneOutcome> {
  return onVariant<object>(db, actor, input.variantId, { action: "scene.viewpoint_remove", data: { viewpointId: input.viewpointId } }, async (tx) => {
    const rows = await tx`
      delete from scene_viewpoints
      where id = ${input.viewpointId} and variant_id = ${input.variantId} and organization_id = ${actor.organizationId}
      returning id`;
    return rows.length === 1 ? { ok: true } : NOT_FOUND;
  });
}

/** The still picture of a viewpoint (the path without 3D), re-encoded to WebP. */
export async function setViewpointStill(
  db: Db,
  actor: Actor,
  input: { variantId: number; viewpointId: number; image: ImageFile },
): Promise<SceneOutcome<{ uploadId: number }>> {
  return onVariant(db, actor, input.variantId, { action: "scene.still_set", data: { viewpointId: input.viewpointId } }, async (tx) => {
    const [exists] = await tx`
      select 1 from scene_viewpoints where id = ${input.viewpointId} and variant_id = ${input.variantId} and organization_id = ${actor.organizationId}`;
    if (!exists) return NOT_FOUND;
    const stored = await storePicture(tx, actor, input.image);
    if (!stored.ok) return stored as SceneOutcome<{ uploadId: number }>;
    const uploadId = (stored as { id: number }).id;
    await tx`
      update scene_viewpoints set still_upload_id = ${uploadId}
      where id = ${input.viewpointId} and variant_id = ${input.variantId} and organization_id = ${actor.organizationId}`;
    return { ok: true, uploadId };
  });
}

/** Storage keys of a model: served by hash; the original beside it under a name the files route never serves. */
export function modelKeys(organizationId: number, glbSha: string, originalSha: string) {
  return { glb: `${organizationId}/${glbSha}.glb`, original: `${organizationId}/${originalSha}-original.bin` };
}

/**
 * Attaches an optimised model to a variant: the GLB the pipeline produced (stored by its SHA-256,
 * served immutable), the original as uploaded (kept, not served), and the pipeline's report. The
 * hard limits are checked again here (and by the database): a caller cannot store what the
 * pipeline would refuse.
 */
export async function attachModel(
  db: Db,
  actor: Actor,
  input: { variantId: number; glb: Buffer; original: Buffer; originalName: string; report: BudgetReport },
): Promise<SceneOutcome<{ modelId: number; url: string; sha256: string }>> {
  const r = input.report;
  if (
    input.glb.length === 0 ||
    input.original.length === 0 ||
    input.glb.length > SCENE_BUDGET.bytes.limit ||
    r.triangles > SCENE_BUDGET.triangles.limit ||
    r.drawCalls > SCENE_BUDGET.drawCalls.limit
  ) {
    return { ok: false, error: "invalid", reason: "scenes:upload.errors.overBudget" };
  }
  const glbSha = sha256(input.glb);
  const originalSha = sha256(input.original);
  const keys = modelKeys(actor.organizationId, glbSha, originalSha);
  const name = (input.originalName.split(/[/\\]/).pop() ?? "").trim().slice(0, 255) || "model.glb";
  // The report names the bytes actually stored.
  const report: BudgetReport = { ...r, bytes: input.glb.length, originalBytes: input.original.length };
  return onVariant(db, actor, input.variantId, { action: "scene.model_attach", data: { bytes: input.glb.length, sha256: glbSha } }, async (tx) => {
    const storage = getStorage();
    await storage.put(keys.glb, input.glb);
    await storage.put(keys.original, input.original);
    const [row] = await tx`
      insert into scene_models (organization_id, uploader_id, sha256, storage_key, byte_size, original_sha256, original_storage_key,
                                original_byte_size, original_name, triangles, draw_calls, materials, texture_bytes, report)
      values (${actor.organizationId}, ${actor.user!.id}, ${glbSha}, ${keys.glb}, ${input.glb.length}, ${originalSha}, ${keys.original},
              ${input.original.length}, ${name}, ${report.triangles}, ${report.drawCalls}, ${report.materials}, ${report.textureBytes},
              ${tx.json(report as never)})
      returning id`;
    const modelId = Number(row!.id);
    await tx`
      update scene_variants set model_id = ${modelId}, updated_at = now()
      where id = ${input.variantId} and organization_id = ${actor.organizationId}`;
    return { ok: true, modelId, url: `/uploads/${keys.glb}`, sha256: glbSha };
  });
}
