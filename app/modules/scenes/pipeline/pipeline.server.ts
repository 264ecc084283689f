// The upload pipeline of a 3D model (issue 12), as one function of the bytes: container check →
// references and required extensions → the Khronos validator (errors refuse, in plain words) →
// optimisation with glTF Transform (dedup, instance, flatten, join, weld, prune, textures to WebP
// through sharp, meshopt compression) → budget report (bytes, triangles, draw calls, materials,
// texture memory) with warnings above the targets and a refusal above the hard limits.
// It runs inside a worker thread (worker.server.ts, started by run.server.ts): it is CPU-bound for
// seconds on a large model, and the server's event loop must keep answering meanwhile.
import { type Document, ImageUtils, Logger, NodeIO, Primitive, type Node as GltfNode } from "@gltf-transform/core";
import { ALL_EXTENSIONS } from "@gltf-transform/extensions";
import { dedup, flatten, instance, join, meshopt, prune, textureCompress, weld } from "@gltf-transform/functions";
import draco3d from "draco3d";
import { validateBytes } from "gltf-validator";
import { MeshoptDecoder, MeshoptEncoder } from "meshoptimizer";
import sharp from "sharp";
import {
  BUDGET_METRICS,
  MAX_GLB_UPLOAD_BYTES,
  SCENE_BUDGET,
  type BudgetMetric,
  type BudgetReport,
  type PipelineRefusal,
  type ValidatorMessage,
  type ValidatorSummary,
} from "../schema";
import { checkGlbContainer, checkGlbReferences } from "./header";

export type PipelineStage = "checking" | "validating" | "optimising" | "measuring";
export type PipelineResult = { ok: true; glb: Uint8Array; report: BudgetReport } | { ok: false; refusal: PipelineRefusal };

const MAX_MESSAGES = 50;
/** Textures above this are resized: a phone's GPU gains nothing from more. */
const MAX_TEXTURE_SIZE = 2048;

export type Measures = { triangles: number; drawCalls: number; materials: number; textures: number; textureBytes: number; meshes: number; nodes: number };

function instanceCount(node: GltfNode): number {
  const ext = node.getExtension("EXT_mesh_gpu_instancing") as { listAttributes?: () => { getCount(): number }[] } | null;
  const attribute = ext?.listAttributes?.()[0];
  return attribute ? attribute.getCount() : 1;
}

function primitiveTriangles(prim: Primitive): number {
  const indices = prim.getIndices();
  const count = indices ? indices.getCount() : (prim.getAttribute("POSITION")?.getCount() ?? 0);
  switch (prim.getMode()) {
    case Primitive.Mode.TRIANGLES:
      return Math.floor(count / 3);
    case Primitive.Mode.TRIANGLE_STRIP:
    case Primitive.Mode.TRIANGLE_FAN:
      return Math.max(count - 2, 0);
    default:
      return 0;
  }
}

/**
 * What the model costs to draw, as three.js will draw it: one draw call per primitive of each mesh
 * use (an instanced node draws its primitives once for all its instances), triangles of every
 * instance, decoded texture memory (RGBA8 with mipmaps: × 4/3).
 */
export function measureDocument(document: Document): Measures {
  const root = document.getRoot();
  let triangles = 0;
  let drawCalls = 0;
  for (const scene of root.listScenes()) {
    scene.traverse((node) => {
      const mesh = node.getMesh();
      if (!mesh) return;
      const copies = instanceCount(node);
      for (const prim of mesh.listPrimitives()) {
        drawCalls += 1;
        triangles += primitiveTriangles(prim) * copies;
      }
    });
  }
  let textureBytes = 0;
  for (const texture of root.listTextures()) {
    const image = texture.getImage();
    const size = image ? ImageUtils.getSize(image, texture.getMimeType()) : null;
    if (size) textureBytes += Math.round(size[0] * size[1] * 4 * (4 / 3));
  }
  return {
    triangles,
    drawCalls,
    materials: root.listMaterials().length,
    textures: root.listTextures().length,
    textureBytes,
    meshes: root.listMeshes().length,
    nodes: root.listNodes().length,
  };
}

function summarise(issues: { numErrors: number; numWarnings: number; numInfos: number; numHints: number; messages: { code: string; message: string; severity: number; pointer?: string }[]; truncated: boolean }): ValidatorSummary {
  // Errors and warnings in words; informations and hints ("this object may be unused") only counted.
  const messages: ValidatorMessage[] = issues.messages
    .filter((m) => m.severity <= 1)
    .sort((a, b) => a.severity - b.severity)
    .slice(0, MAX_MESSAGES)
    .map((m) => ({
      code: String(m.code),
      severity: Math.min(Math.max(Math.trunc(m.severity), 0), 3) as ValidatorMessage["severity"],
      pointer: m.pointer ? String(m.pointer).slice(0, 200) : null,
      message: String(m.message).slice(0, 500),
    }));
  return {
    errors: issues.numErrors,
    warnings: issues.numWarnings,
    infos: issues.numInfos,
    hints: issues.numHints,
    messages,
    truncated: issues.truncated || issues.messages.length > MAX_MESSAGES,
  };
}

let io: Promise<NodeIO> | undefined;
function getIO(): Promise<NodeIO> {
  io ??= (async () => {
    await MeshoptDecoder.ready;
    await MeshoptEncoder.ready;
    return new NodeIO()
      .setLogger(new Logger(Logger.Verbosity.ERROR))
      .registerExtensions(ALL_EXTENSIONS).registerDependencies({
      "meshopt.decoder": MeshoptDecoder,
      "meshopt.encoder": MeshoptEncoder,
      "draco3d.decoder": await draco3d.createDecoderModule(),
    });
  })();
  return io;
}

/** The budget verdict: targets passed (kept, with warnings) and hard limits passed (refused). */
export function budgetOf(measures: { bytes: number; triangles: number; drawCalls: number }) {
  const warnings: BudgetReport["warnings"] = [];
  const over: NonNullable<PipelineRefusal["over"]> = [];
  for (const metric of BUDGET_METRICS) {
    const value = measures[metric as BudgetMetric];
    const { target, limit } = SCENE_BUDGET[metric];
    if (value > limit) over.push({ metric, value, limit });
    else if (value > target) warnings.push({ metric, value, target });
  }
  return { warnings, over };
}

export async function processGlb(input: Uint8Array, options: { onStage?: (stage: PipelineStage) => void } = {}): Promise<PipelineResult> {
  const started = performance.now();
  const stage = (s: PipelineStage) => options.onStage?.(s);
  if (input.length === 0) return { ok: false, refusal: { code: "empty", params: {} } };
  if (input.length > MAX_GLB_UPLOAD_BYTES) return { ok: false, refusal: { code: "tooLarge", params: { size: input.length, max: MAX_GLB_UPLOAD_BYTES } } };

  stage("checking");
  const container = checkGlbContainer(input);
  if (!container.ok) return container;
  const reference = checkGlbReferences(container.json);
  if (reference) return { ok: false, refusal: reference };

  stage("validating");
  let validator: ValidatorSummary;
  try {
    const report = await validateBytes(input, { format: "glb", maxIssues: 200, writeTimestamp: false });
    validator = summarise(report.issues);
  } catch {
    return { ok: false, refusal: { code: "notGlb", params: {} } };
  }
  if (validator.errors > 0) return { ok: false, refusal: { code: "invalid", params: { count: validator.errors }, validator } };

  stage("optimising");
  let glb: Uint8Array;
  let before: Measures;
  let after: Measures;
  try {
    const nodeIO = await getIO();
    const document = await nodeIO.readBinary(input);
    document.setLogger(new Logger(Logger.Verbosity.ERROR));
    before = measureDocument(document);
    await document.transform(
      dedup(),
      instance({ min: 2 }),
      flatten(),
      join(),
      weld(),
      prune(),
      textureCompress({ encoder: sharp, targetFormat: "webp", resize: [MAX_TEXTURE_SIZE, MAX_TEXTURE_SIZE] }),
      meshopt({ encoder: MeshoptEncoder, level: "high" }),
    );
    stage("measuring");
    after = measureDocument(document);
    glb = await nodeIO.writeBinary(document);
  } catch {
    return { ok: false, refusal: { code: "failed", params: {} } };
  }

  const { warnings, over } = budgetOf({ bytes: glb.length, triangles: after.triangles, drawCalls: after.drawCalls });
  if (over.length > 0) return { ok: false, refusal: { code: "overBudget", params: {}, over } };
  return {
    ok: true,
    glb,
    report: {
      version: 1,
      bytes: glb.length,
      originalBytes: input.length,
      triangles: after.triangles,
      drawCalls: after.drawCalls,
      drawCallsBefore: before.drawCalls,
      trianglesBefore: before.triangles,
      materials: after.materials,
      textures: after.textures,
      textureBytes: after.textureBytes,
      meshes: after.meshes,
      nodes: after.nodes,
      warnings,
      validator,
      durationMs: Math.round(performance.now() - started),
    },
  };
}
