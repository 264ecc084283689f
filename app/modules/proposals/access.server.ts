// The contribution guard with a message per act: when the phase is closed, the 403 page says
// what is closed ("Les propositions sont fermées dans cette phase") rather than a generic reason.
import type { AppLoadContext } from "@remix-run/node";
import { forbidden } from "~/modules/auth/guards.server";
import type { CitizenAct } from "~/modules/projects/phases";
import { requireContribution } from "~/modules/projects/queries.server";
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";

export const PHASE_CLOSED_REASONS: Record<CitizenAct, string> = {
  propose: "proposals:closed.propose",
  support: "proposals:closed.support",
  comment: "proposals:comments.closed.phase",
  debate: "projects:closed.phase",
};

/** The reason of a thrown `forbidden(...)`, or null for anything else. */
export function forbiddenReason(error: unknown): string | null {
  if (!error || typeof error !== "object" || !("data" in error) || !("init" in error)) return null;
  const init = (error as { init?: { status?: number } | null }).init;
  const data = (error as { data?: { reason?: unknown } }).data;
  return init?.status === 403 && typeof data?.reason === "string" ? data.reason : null;
}

/** `requireContribution`, with the phase refusal worded for the act. */
export async function requireOpenAct(context: AppLoadContext, request: Request, projectId: number, act: CitizenAct, db: Db = pool) {
  try {
    return await requireContribution(context, request, projectId, act, db);
  } catch (error) {
    if (forbiddenReason(error) === "projects:closed.phase") forbidden(PHASE_CLOSED_REASONS[act]);
    throw error;
  }
}
