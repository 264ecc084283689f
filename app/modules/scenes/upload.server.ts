// A model uploaded for a variant: the pipeline in its worker, then, if accepted, the optimised GLB
// and the original stored and attached (attachModel). The demo seed and the officials' page both
// go through here. A refusal stores nothing.
import type { Actor } from "~/modules/auth/actor";
import type { Db } from "~/utils/db.server";
import { attachModel } from "./commands.server";
import { runPipeline } from "./pipeline/run.server";
import type { BudgetReport, PipelineRefusal } from "./schema";

export type ModelUploadOutcome =
  | { ok: true; modelId: number; url: string; report: BudgetReport }
  | { ok: false; error: "refused"; refusal: PipelineRefusal }
  | { ok: false; error: "notFound" | "forbidden"; reason?: string };

export async function uploadVariantModel(
  db: Db,
  actor: Actor,
  input: { variantId: number; bytes: Uint8Array; originalName: string },
): Promise<ModelUploadOutcome> {
  const result = await runPipeline(input.bytes);
  if (!result.ok) return { ok: false, error: "refused", refusal: result.refusal };
  const attached = await attachModel(db, actor, {
    variantId: input.variantId,
    glb: Buffer.from(result.glb),
    original: Buffer.from(input.bytes),
    originalName: input.originalName,
    report: result.report,
  });
  if (!attached.ok) {
    if (attached.error === "notFound" || attached.error === "forbidden") return { ok: false, error: attached.error, reason: attached.reason };
    return { ok: false, error: "refused", refusal: { code: "failed", params: {} } };
  }
  return { ok: true, modelId: attached.modelId, url: attached.url, report: { ...result.report, bytes: result.glb.length } };
}
