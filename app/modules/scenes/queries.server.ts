// Reading scenes: a project's list of scenes, one scene whole (variants in order, their model,
// poster and viewpoints with stills) in three statements, and the small lookups the routes and
// the commands need. Every statement names the organization. What a reader may see is decided
// with the one visibility rule (hidden variants: their author, moderators, admins).
import { actorOf, type Actor } from "~/modules/auth/actor";
import type { Role } from "~/modules/permissions/permissions";
import { hiddenItemsFor } from "~/modules/targets/visibility";
import { pickVariant, uploadUrl, type ImageVariant } from "~/modules/uploads/uploads.server";
import type { Db } from "~/utils/db.server";
import type { BudgetReport, Scene, SceneCard, SceneModel, SceneVariant, UploadedPicture, Viewpoint } from "./schema";

const isSafeId = (id: unknown): id is number => typeof id === "number" && Number.isSafeInteger(id) && id > 0;

export function modelUrl(storageKey: string): string {
  return uploadUrl(storageKey);
}

function pictureOf(uploadId: unknown, variants: unknown, width = 1600): UploadedPicture | null {
  if (uploadId == null || !Array.isArray(variants) || variants.length === 0) return null;
  const list = variants as ImageVariant[];
  const best = pickVariant(list, width)!;
  return { uploadId: Number(uploadId), url: uploadUrl(best.key), width: best.width, height: best.height, variants: list };
}

/** The SQL filter of hidden variants for this reader (alias `v`). */
function hiddenVariantsFilter(db: Db, actor: Actor) {
  const hidden = hiddenItemsFor(actor);
  if (hidden.all) return db``;
  if (hidden.authorId == null) return db`and v.hidden_at is null`;
  return db`and (v.hidden_at is null or v.author_id = ${hidden.authorId})`;
}

/** The scenes of a project, in order, each with its first variant's poster and its number of variants. */
export async function listScenes(db: Db, organizationId: number, projectId: number, actor: Actor): Promise<SceneCard[]> {
  const rows = await db`
    select s.id, s.title, s.summary,
           (select count(*)::int from scene_variants v where v.scene_id = s.id and v.organization_id = s.organization_id ${hiddenVariantsFilter(db, actor)}) as variants_count,
           poster.poster_upload_id, poster.poster_alt, poster.variants as poster_variants
    from scenes s
    left join lateral (
      select v.poster_upload_id, v.poster_alt, u.variants
      from scene_variants v join uploads u on u.id = v.poster_upload_id and u.organization_id = v.organization_id
      where v.scene_id = s.id and v.organization_id = s.organization_id ${hiddenVariantsFilter(db, actor)}
      order by v.position limit 1
    ) poster on true
    where s.project_id = ${projectId} and s.organization_id = ${organizationId}
    order by s.position, s.id`;
  return rows.map((r) => {
    const picture = pictureOf(r.poster_upload_id, r.poster_variants, 800);
    return {
      id: Number(r.id),
      title: String(r.title),
      summary: String(r.summary),
      variantsCount: Number(r.variants_count),
      poster: picture ? { ...picture, alt: String(r.poster_alt ?? "") } : null,
    };
  });
}

function modelOf(r: Record<string, unknown>): SceneModel | null {
  if (r.model_id == null) return null;
  return {
    id: Number(r.model_id),
    url: modelUrl(String(r.model_storage_key)),
    sha256: String(r.model_sha256),
    bytes: Number(r.model_byte_size),
    originalBytes: Number(r.model_original_byte_size),
    originalName: String(r.model_original_name),
    report: r.model_report as BudgetReport,
    createdAt: (r.model_created_at as Date).toISOString(),
  };
}

/**
 * One scene of the organization with its variants that `actor` may see (hidden ones per the
 * visibility rule), in order; null when there is no such scene (or it is in another project than
 * `projectId`, when given). The caller decides whether the actor sees the project.
 */
export async function loadScene(
  db: Db,
  organizationId: number,
  sceneId: number,
  options: { actor: Actor; projectId?: number },
): Promise<Scene | null> {
  if (!isSafeId(sceneId)) return null;
  const [scene] = await db`
    select id, project_id, title, summary, position from scenes
    where id = ${sceneId} and organization_id = ${organizationId}
      ${options.projectId != null ? db`and project_id = ${options.projectId}` : db``}`;
  if (!scene) return null;
  const variantRows = await db`
    select v.id, v.position, v.title, v.description, v.poster_upload_id, v.poster_alt, v.hidden_at, v.author_id, v.comments_count,
           pu.variants as poster_variants,
           m.id as model_id, m.storage_key as model_storage_key, m.sha256 as model_sha256, m.byte_size as model_byte_size,
           m.original_byte_size as model_original_byte_size, m.original_name as model_original_name, m.report as model_report,
           m.created_at as model_created_at
    from scene_variants v
    left join uploads pu on pu.id = v.poster_upload_id and pu.organization_id = v.organization_id
    left join scene_models m on m.id = v.model_id and m.organization_id = v.organization_id
    where v.scene_id = ${sceneId} and v.organization_id = ${organizationId} ${hiddenVariantsFilter(db, options.actor)}
    order by v.position`;
  const variantIds = variantRows.map((r) => Number(r.id));
  const viewpointRows = variantIds.length
    ? await db`
        select p.id, p.variant_id, p.position, p.name, p.caption, p.camera_x, p.camera_y, p.camera_z, p.target_x, p.target_y, p.target_z,
               p.still_upload_id, su.variants as still_variants
        from scene_viewpoints p
        left join uploads su on su.id = p.still_upload_id and su.organization_id = p.organization_id
        where p.variant_id = any(${variantIds}::bigint[]) and p.organization_id = ${organizationId}
        order by p.variant_id, p.position`
    : [];
  const viewpoints = new Map<number, Viewpoint[]>();
  for (const p of viewpointRows) {
    const list = viewpoints.get(Number(p.variant_id)) ?? [];
    list.push({
      id: Number(p.id),
      position: Number(p.position),
      name: String(p.name),
      caption: String(p.caption),
      camera: [Number(p.camera_x), Number(p.camera_y), Number(p.camera_z)],
      target: [Number(p.target_x), Number(p.target_y), Number(p.target_z)],
      still: pictureOf(p.still_upload_id, p.still_variants),
    });
    viewpoints.set(Number(p.variant_id), list);
  }
  const variants: SceneVariant[] = variantRows.map((r) => {
    const poster = pictureOf(r.poster_upload_id, r.poster_variants);
    return {
      id: Number(r.id),
      sceneId,
      position: Number(r.position),
      title: String(r.title),
      description: String(r.description),
      poster: poster ? { ...poster, alt: String(r.poster_alt ?? "") } : null,
      model: modelOf(r),
      viewpoints: viewpoints.get(Number(r.id)) ?? [],
      hidden: r.hidden_at != null,
      authorId: Number(r.author_id),
      commentsCount: Number(r.comments_count),
    };
  });
  return {
    id: Number(scene.id),
    projectId: Number(scene.project_id),
    title: String(scene.title),
    summary: String(scene.summary),
    position: Number(scene.position),
    variants,
  };
}

/** Where a variant lives (its scene and project), for its page's redirect and the commands. */
export type VariantPlace = {
  id: number;
  sceneId: number;
  projectId: number;
  projectSlug: string;
  projectStatus: string;
  authorId: number;
  hidden: boolean;
};

export async function findVariantPlace(db: Db, organizationId: number, variantId: number): Promise<VariantPlace | null> {
  if (!isSafeId(variantId)) return null;
  const [row] = await db`
    select v.id, v.scene_id, v.project_id, p.slug, p.status, v.author_id, v.hidden_at
    from scene_variants v join projects p on p.id = v.project_id and p.organization_id = v.organization_id
    where v.id = ${variantId} and v.organization_id = ${organizationId}`;
  if (!row) return null;
  return {
    id: Number(row.id),
    sceneId: Number(row.scene_id),
    projectId: Number(row.project_id),
    projectSlug: String(row.slug),
    projectStatus: String(row.status),
    authorId: Number(row.author_id),
    hidden: row.hidden_at != null,
  };
}

/** The scene's project (id and status), or null when the scene is not this organization's. */
export async function findSceneProject(
  db: Db,
  organizationId: number,
  sceneId: number,
): Promise<{ projectId: number; projectStatus: string } | null> {
  if (!isSafeId(sceneId)) return null;
  const [row] = await db`
    select s.project_id, p.status from scenes s join projects p on p.id = s.project_id and p.organization_id = s.organization_id
    where s.id = ${sceneId} and s.organization_id = ${organizationId}`;
  return row ? { projectId: Number(row.project_id), projectStatus: String(row.status) } : null;
}

/**
 * The Actor of a member acting outside a request (the demo seed, scripts, tests), read from their
 * row as a session would give it; null when there is no such member of this organization.
 */
export async function actorOfMember(db: Db, organizationId: number, userId: number): Promise<Actor | null> {
  const [row] = await db`
    select id, organization_id, email, name, role, is_system_admin, locale, email_confirmed_at is not null as email_confirmed
    from users where id = ${userId} and organization_id = ${organizationId} and deleted_at is null`;
  if (!row) return null;
  return actorOf(organizationId, {
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    email: String(row.email),
    name: String(row.name),
    role: row.role as Role,
    isSystemAdmin: Boolean(row.is_system_admin),
    locale: (row.locale as "fr" | "en" | null) ?? null,
    emailConfirmed: Boolean(row.email_confirmed),
  });
}
