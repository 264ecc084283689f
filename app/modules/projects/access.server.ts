// The contribution guard with a message per act: when the phase is closed, the 403 page says
// what is closed ("Les propositions sont fermées dans cette phase") rather than a generic reason.
// The wording is the projects' policy's (PHASE_CLOSED_REASONS); this is the name the routes use.
import type { AppLoadContext } from "@remix-run/node";
import type { CitizenAct } from "~/modules/projects/phases";
import { requireContribution } from "~/modules/projects/queries.server";
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";

export { PHASE_CLOSED_REASONS } from "~/modules/projects/policy";

/** The reason of a thrown `forbidden(...)`, or null for anything else. */
export function forbiddenReason(error: unknown): string | null {
  if (!error || typeof error !== "object" || !("data" in error) || !("init" in error)) return null;
  const init = (error as { init?: { status?: number } | null }).init;
  const data = (error as { data?: { reason?: unknown } }).data;
  return init?.status === 403 && typeof data?.reason === "string" ? data.reason : null;
}

/** `requireContribution`: logged in, then the projects' policy for `act` (refusals worded for the act). */
export async function requireOpenAct(context: AppLoadContext, request: Request, projectId: number, act: CitizenAct, db: Db = pool) {
  return requireContribution(context, request, projectId, act, db);
}
