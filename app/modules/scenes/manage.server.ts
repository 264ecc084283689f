// The officials' scene pages, server side: who may open them, and every form they post (scene,
// variant, poster, model, viewpoints, stills), parsed with the shared zod schemas, checked by the
// commands' policy, answered with translated errors next to the form that failed (nothing
// written), or a redirect to the page with a notice. The model form also answers JSON, for the
// page's upload with a progress bar.
import { parseWithZod } from "@conform-to/zod";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { getT } from "~/i18n/i18n.server";
import { forbidden, notFound, requirePermission } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { MultipartRejected, parseMultipartForm } from "~/modules/projects/multipart.server";
import { sql } from "~/utils/db.server";
import { formatBytes } from "~/utils/intl";
import {
  addVariant,
  addViewpoint,
  createScene,
  removeViewpoint,
  setVariantPoster,
  setViewpointStill,
  updateScene,
  updateVariant,
  updateViewpoint,
  type SceneOutcome,
} from "./commands.server";
import { findVariantPlace, loadScene } from "./queries.server";
import {
  MAX_GLB_UPLOAD_BYTES,
  SceneFormSchema,
  VariantFormSchema,
  ViewpointFormSchema,
  viewpointOfForm,
  type BudgetReport,
  type PipelineRefusal,
  type Scene,
} from "./schema";
import { uploadVariantModel } from "./upload.server";

/** The intents the scene pages' forms post. */
export const SCENE_INTENTS = ["scene-create", "scene-edit", "variant-add", "variant-edit", "poster", "model", "viewpoint-add", "viewpoint-edit", "viewpoint-remove", "still"] as const;

export const SCENE_NOTICES = [
  "sceneCreated",
  "sceneSaved",
  "variantAdded",
  "variantSaved",
  "posterSaved",
  "viewpointAdded",
  "viewpointSaved",
  "viewpointRemoved",
  "stillSaved",
  "modelSaved",
] as const;
export type SceneNotice = (typeof SCENE_NOTICES)[number];

/** What a form that failed gets back: which form, its errors in words, or the model's refusal. */
export type SceneFormAnswer = {
  form: string;
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
  refusal: PipelineRefusal | null;
  /** What the official sent, for the fields to keep it. */
  values: Record<string, string>;
};

/** What the page's model upload (XMLHttpRequest) gets back. */
export type ModelUploadAnswer =
  | { ok: true; report: BudgetReport; notice: string; location: string }
  | { ok: false; refusal: PipelineRefusal | null; message: string | null };

/** The project (id, title, slug, status) of this organization an official manages, or 404. */
export async function requireManagedProject(context: AppLoadContext, request: Request, projectId: number) {
  requirePermission(context, request, "project.manage");
  const [project] = await sql`
    select id, title, slug, status from projects where id = ${projectId} and organization_id = ${context.org.id}`;
  if (!project) notFound();
  return { id: Number(project.id), title: String(project.title), slug: String(project.slug), status: String(project.status) };
}

export async function requireManagedScene(context: AppLoadContext, projectId: number, sceneId: number): Promise<Scene> {
  const scene = await loadScene(sql, context.org.id, sceneId, { actor: context.actor, projectId });
  if (!scene) notFound();
  return scene;
}

const formKey = (intent: string, variantId?: number | null, viewpointId?: number | null) => [intent, variantId ?? "", viewpointId ?? ""].join(":");

function textValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) if (typeof value === "string" && name !== "intent" && value.length <= 5000) values[name] = value;
  return values;
}

function fileOf(formData: FormData, name: string): File | null {
  const value = formData.get(name);
  return value && typeof value !== "string" && value.size > 0 ? value : null;
}

async function bufferOf(file: File) {
  return { data: Buffer.from(await file.arrayBuffer()), name: file.name || "image" };
}

/**
 * Handles a form of the scene pages. `sceneId` null: the list page (creating a scene). Answers a
 * redirect (done), a SceneFormAnswer (refused, nothing written), or throws 403/404.
 */
export async function handleSceneForm(
  request: Request,
  context: AppLoadContext,
  projectId: number,
  sceneId: number | null,
): Promise<Response | SceneFormAnswer> {
  // A blocked official writes nothing (checked before the body is read).
  await requireAct(context, request, "project.manage");
  await requireManagedProject(context, request, projectId);
  if (sceneId != null) await requireManagedScene(context, projectId, sceneId);
  let formData: FormData;
  let tooLarge: Set<string>;
  try {
    ({ formData, tooLarge } = await parseMultipartForm(request, MAX_GLB_UPLOAD_BYTES));
  } catch (error) {
    if (error instanceof MultipartRejected) throw new Response("Bad Request", { status: 400 });
    throw error;
  }
  const t = getT(context.locale) as unknown as (key: string, params?: Record<string, unknown>) => string;
  const intent = String(formData.get("intent") ?? "");
  const idOf = (name: string) => {
    const raw = String(formData.get(name) ?? "");
    return /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : null;
  };
  const variantId = idOf("variantId");
  const viewpointId = idOf("viewpointId");
  const form = formKey(intent, variantId, viewpointId);
  const answer = (fieldErrors: Record<string, string[]> = {}, formErrors: string[] = [], refusal: PipelineRefusal | null = null): SceneFormAnswer => ({
    form,
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v.map((key) => t(key))])),
    formErrors: formErrors.map((key) => t(key)),
    refusal,
    values: textValues(formData),
  });
  const base = `/manage/projects/${projectId}/scenes`;
  const done = (notice: SceneNotice, at: string, anchor = "") => redirect(`${at}?notice=${notice}${anchor}`);
  // A variant or viewpoint named by the form must be of this scene.
  if (variantId != null) {
    const place = await findVariantPlace(sql, context.org.id, variantId);
    if (!place || place.sceneId !== sceneId) notFound();
  }
  const outcome = (result: SceneOutcome, field?: string) => {
    if (result.ok) return null;
    if (result.error === "notFound") notFound();
    if (result.error === "forbidden") forbidden(result.reason ?? "status.forbiddenText");
    const message = result.error === "image" ? t(result.reason ?? "uploads.corrupt", result.params) : t(result.reason ?? "scenes:manage.errors.notFound");
    return field ? answer({ [field]: [message] }) : answer({}, [message]);
  };
  const sizeError = (field: string, max: number) => answer({ [field]: [t("uploads.tooLarge", { max: Math.round(max / 1024 / 1024) })] });

  switch (intent) {
    case "scene-create":
    case "scene-edit": {
      const submission = parseWithZod(formData, { schema: SceneFormSchema });
      if (submission.status !== "success") return answer(submission.error as Record<string, string[]>);
      if (intent === "scene-create") {
        const result = await createScene(sql, context.actor, { projectId, ...submission.value });
        if (!result.ok) return outcome(result)!;
        return done("sceneCreated", `${base}/${result.sceneId}`);
      }
      const result = await updateScene(sql, context.actor, { sceneId: sceneId!, ...submission.value });
      return outcome(result) ?? done("sceneSaved", `${base}/${sceneId}`);
    }
    case "variant-add":
    case "variant-edit": {
      const submission = parseWithZod(formData, { schema: VariantFormSchema });
      if (submission.status !== "success") return answer(submission.error as Record<string, string[]>);
      if (intent === "variant-edit") {
        if (variantId == null) notFound();
        const result = await updateVariant(sql, context.actor, { variantId, title: submission.value.title, description: submission.value.description });
        return outcome(result) ?? done("variantSaved", `${base}/${sceneId}`, `#variant-${variantId}`);
      }
      if (tooLarge.has("poster")) return sizeError("poster", MAX_GLB_UPLOAD_BYTES);
      const poster = fileOf(formData, "poster");
      if (poster && !submission.value.posterAlt) return answer({ posterAlt: ["scenes:manage.errors.posterAltRequired"] });
      const result = await addVariant(sql, context.actor, {
        sceneId: sceneId!,
        title: submission.value.title,
        description: submission.value.description,
        poster: poster ? { image: await bufferOf(poster), alt: submission.value.posterAlt } : null,
      });
      if (!result.ok) return outcome(result, "poster")!;
      return done("variantAdded", `${base}/${sceneId}`, `#variant-${result.variantId}`);
    }
    case "poster": {
      if (variantId == null) notFound();
      if (tooLarge.has("poster")) return sizeError("poster", MAX_GLB_UPLOAD_BYTES);
      const poster = fileOf(formData, "poster");
      const alt = String(formData.get("posterAlt") ?? "").trim();
      const errors: Record<string, string[]> = {};
      if (!poster) errors.poster = ["scenes:manage.errors.posterMissing"];
      if (alt.length < 1 || alt.length > 300) errors.posterAlt = ["scenes:manage.errors.posterAltRequired"];
      if (Object.keys(errors).length > 0) return answer(errors);
      const result = await setVariantPoster(sql, context.actor, { variantId, image: await bufferOf(poster!), alt });
      return outcome(result, "poster") ?? done("posterSaved", `${base}/${sceneId}`, `#variant-${variantId}`);
    }
    case "model": {
      if (variantId == null) notFound();
      if (tooLarge.has("model")) {
        return answer({}, [], { code: "tooLarge", params: { size: MAX_GLB_UPLOAD_BYTES + 1, max: MAX_GLB_UPLOAD_BYTES } });
      }
      const file = fileOf(formData, "model");
      if (!file) return answer({ model: ["scenes:manage.errors.modelMissing"] });
      const result = await uploadVariantModel(sql, context.actor, { variantId, bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name });
      if (!result.ok) {
        if (result.error === "refused") return answer({}, [], result.refusal);
        if (result.error === "notFound") notFound();
        forbidden(result.reason ?? "status.forbiddenText");
      }
      return done("modelSaved", `${base}/${sceneId}`, `#variant-${variantId}`);
    }
    case "viewpoint-add":
    case "viewpoint-edit": {
      if (variantId == null) notFound();
      const submission = parseWithZod(formData, { schema: ViewpointFormSchema });
      if (submission.status !== "success") return answer(submission.error as Record<string, string[]>);
      const viewpoint = viewpointOfForm(submission.value);
      if (intent === "viewpoint-add") {
        const result = await addViewpoint(sql, context.actor, { variantId, viewpoint });
        return outcome(result) ?? done("viewpointAdded", `${base}/${sceneId}`, `#variant-${variantId}`);
      }
      if (viewpointId == null) notFound();
      const result = await updateViewpoint(sql, context.actor, { variantId, viewpointId, viewpoint });
      return outcome(result) ?? done("viewpointSaved", `${base}/${sceneId}`, `#viewpoint-${viewpointId}`);
    }
    case "viewpoint-remove": {
      if (variantId == null || viewpointId == null) notFound();
      const result = await removeViewpoint(sql, context.actor, { variantId, viewpointId });
      return outcome(result) ?? done("viewpointRemoved", `${base}/${sceneId}`, `#variant-${variantId}`);
    }
    case "still": {
      if (variantId == null || viewpointId == null) notFound();
      if (tooLarge.has("still")) return sizeError("still", MAX_GLB_UPLOAD_BYTES);
      const still = fileOf(formData, "still");
      if (!still) return answer({ still: ["scenes:manage.errors.posterMissing"] });
      const result = await setViewpointStill(sql, context.actor, { variantId, viewpointId, image: await bufferOf(still) });
      return outcome(result, "still") ?? done("stillSaved", `${base}/${sceneId}`, `#viewpoint-${viewpointId}`);
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

/** The model form answered as JSON (the page's upload with progress): the same checks and outcome. */
export async function handleModelUploadJson(request: Request, context: AppLoadContext, projectId: number, sceneId: number): Promise<Response> {
  const result = await handleSceneForm(request, context, projectId, sceneId);
  if (result instanceof Response) {
    const location = result.headers.get("Location") ?? `/manage/projects/${projectId}/scenes/${sceneId}`;
    const scene = await loadScene(sql, context.org.id, sceneId, { actor: context.actor, projectId });
    const variantId = Number(/#variant-(\d+)/.exec(location)?.[1]);
    const report = scene?.variants.find((v) => v.id === variantId)?.model?.report;
    const t = getT(context.locale);
    const body: ModelUploadAnswer = report
      ? { ok: true, report, notice: t("scenes:manage.notices.modelSaved"), location }
      : { ok: false, refusal: null, message: t("scenes:upload.errors.failed") };
    return Response.json(body);
  }
  const message = result.formErrors[0] ?? Object.values(result.fieldErrors)[0]?.[0] ?? null;
  const body: ModelUploadAnswer = { ok: false, refusal: result.refusal, message };
  return Response.json(body, { status: result.refusal ? 422 : 400 });
}

/** A model's size in words, in the page's language. */
export function modelSize(bytes: number, locale: string) {
  return formatBytes(bytes, locale);
}
