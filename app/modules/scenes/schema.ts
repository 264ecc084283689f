// 3D scenes: the types the pages, the viewer and the pipeline share, the budget's limits, and the
// officials' forms (zod, shared by Conform in the browser and the actions). Error messages are
// i18n keys of the `scenes` namespace. Client-safe.
import { z } from "zod";

const MB = 1024 * 1024;

/**
 * The model budget (issue 12): above a target the official is warned; above a hard limit the
 * model is refused (the database checks the hard limits too, migration 00018).
 */
export const SCENE_BUDGET = {
  bytes: { target: 3 * MB, limit: 8 * MB },
  triangles: { target: 150_000, limit: 300_000 },
  drawCalls: { target: 100, limit: 200 },
} as const;
export type BudgetMetric = keyof typeof SCENE_BUDGET;
export const BUDGET_METRICS = Object.keys(SCENE_BUDGET) as BudgetMetric[];

/** The largest GLB an official may upload, before optimisation (the request guard allows 32 MiB). */
export const MAX_GLB_UPLOAD_BYTES = 30 * MB;

/** What gltf-validator said, one message. `severity`: 0 error, 1 warning, 2 info, 3 hint. */
export type ValidatorMessage = { code: string; severity: 0 | 1 | 2 | 3; pointer: string | null; message: string };

export type ValidatorSummary = {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** The first messages (errors first), at most 50. */
  messages: ValidatorMessage[];
  truncated: boolean;
};

/** The pipeline's report on an accepted model: what it weighs, what it costs to draw. */
export type BudgetReport = {
  version: 1;
  /** Optimised GLB, and the original as uploaded. */
  bytes: number;
  originalBytes: number;
  triangles: number;
  /** One per primitive per mesh use (an instanced mesh draws once per primitive). */
  drawCalls: number;
  drawCallsBefore: number;
  trianglesBefore: number;
  materials: number;
  textures: number;
  /** Decoded size in GPU memory (width × height × 4, with mipmaps). */
  textureBytes: number;
  meshes: number;
  nodes: number;
  /** Targets passed (the model is kept, the official is told). */
  warnings: { metric: BudgetMetric; value: number; target: number }[];
  validator: ValidatorSummary;
  durationMs: number;
};

/** Why the pipeline refused a file (`scenes:upload.errors.<code>` says it in words). */
export type PipelineRefusalCode =
  | "empty"
  | "tooLarge"
  | "notGlb"
  | "badVersion"
  | "truncated"
  | "invalid"
  | "externalUri"
  | "dataUri"
  | "unknownExtension"
  | "overBudget"
  | "failed"
  | "busy";

export type PipelineRefusal = {
  code: PipelineRefusalCode;
  /** Values the message names (sizes, the extension, the URI...). */
  params: Record<string, string | number>;
  /** For "invalid": the validator's messages. */
  validator?: ValidatorSummary;
  /** For "overBudget": each limit passed. */
  over?: { metric: BudgetMetric; value: number; limit: number }[];
};

export type SceneModel = {
  id: number;
  url: string;
  sha256: string;
  bytes: number;
  originalBytes: number;
  originalName: string;
  report: BudgetReport;
  createdAt: string;
};

export type Vec3 = [number, number, number];

export type Viewpoint = {
  id: number;
  position: number;
  name: string;
  caption: string;
  camera: Vec3;
  target: Vec3;
  /** A still picture from this viewpoint (the path without 3D): the upload's WebP widths. */
  still: UploadedPicture | null;
};

export type UploadedPicture = {
  uploadId: number;
  url: string;
  width: number;
  height: number;
  variants: { width: number; height: number; key: string; bytes: number }[];
};

export type SceneVariant = {
  id: number;
  sceneId: number;
  position: number;
  title: string;
  description: string;
  poster: (UploadedPicture & { alt: string }) | null;
  model: SceneModel | null;
  viewpoints: Viewpoint[];
  hidden: boolean;
  authorId: number;
  commentsCount: number;
};

export type Scene = {
  id: number;
  projectId: number;
  title: string;
  summary: string;
  position: number;
  variants: SceneVariant[];
};

/** A scene in a project's list: no variant details. */
export type SceneCard = {
  id: number;
  title: string;
  summary: string;
  variantsCount: number;
  poster: (UploadedPicture & { alt: string }) | null;
};

// Forms -----------------------------------------------------------------------------------------

const text = (min: number, max: number, key: string) =>
  z
    .string({ required_error: key })
    .trim()
    .min(min, key)
    .max(max, key);

export const SceneFormSchema = z.object({
  title: text(3, 160, "scenes:manage.errors.sceneTitle"),
  summary: z.string().trim().max(1000, "scenes:manage.errors.sceneSummary").optional().default(""),
});
export type SceneInput = z.infer<typeof SceneFormSchema>;

export const VariantFormSchema = z.object({
  title: text(1, 120, "scenes:manage.errors.variantTitle"),
  description: text(1, 5000, "scenes:manage.errors.variantDescription"),
  posterAlt: z.string().trim().max(300, "scenes:manage.errors.posterAlt").optional().default(""),
});
export type VariantInput = z.infer<typeof VariantFormSchema>;

/** A coordinate typed as text: "12,5" and "12.5" read the same (decision 41), metres, ±10 km. */
export const coordinate = z
  .string({ required_error: "scenes:manage.errors.coordinate" })
  .trim()
  .regex(/^-?\d{1,5}([.,]\d{1,6})?$/, "scenes:manage.errors.coordinate")
  .transform((value) => Number(value.replace(",", ".")))
  .refine((n) => Number.isFinite(n) && Math.abs(n) <= 10_000, "scenes:manage.errors.coordinate");

export const ViewpointFormSchema = z
  .object({
    name: text(1, 80, "scenes:manage.errors.viewpointName"),
    caption: text(1, 500, "scenes:manage.errors.viewpointCaption"),
    cameraX: coordinate,
    cameraY: coordinate,
    cameraZ: coordinate,
    targetX: coordinate,
    targetY: coordinate,
    targetZ: coordinate,
  })
  .refine((v) => v.cameraX !== v.targetX || v.cameraY !== v.targetY || v.cameraZ !== v.targetZ, {
    message: "scenes:manage.errors.cameraIsTarget",
    path: ["targetX"],
  });

/** A viewpoint as the commands take it. */
export type ViewpointInput = { name: string; caption: string; camera: Vec3; target: Vec3 };

export function viewpointOfForm(v: z.infer<typeof ViewpointFormSchema>): ViewpointInput {
  return { name: v.name, caption: v.caption, camera: [v.cameraX, v.cameraY, v.cameraZ], target: [v.targetX, v.targetY, v.targetZ] };
}

/** Checks a viewpoint given to a command (the seed, a test): finite, within ±10 km, camera ≠ target. */
export function isValidViewpoint(v: ViewpointInput): boolean {
  const ok = (n: number) => Number.isFinite(n) && Math.abs(n) <= 10_000;
  return (
    v.name.trim().length >= 1 &&
    v.name.length <= 80 &&
    v.caption.trim().length >= 1 &&
    v.caption.length <= 500 &&
    v.camera.length === 3 &&
    v.target.length === 3 &&
    v.camera.every(ok) &&
    v.target.every(ok) &&
    v.camera.some((n, i) => n !== v.target[i])
  );
}
