// The project a proposal or debate page belongs to, loaded and checked by each loader itself
// (the project layout's data is never trusted): this organization, and not a draft for citizens.
import type { AppLoadContext } from "@remix-run/node";
import { getUser, notFound } from "~/modules/auth/guards.server";
import { checkAct, type CitizenAct } from "~/modules/projects/phases";
import { findProject, findProjectIdBySlug, type ProjectSummary } from "~/modules/projects/queries.server";
import { sql } from "~/utils/db.server";
import { PHASE_CLOSED_REASONS } from "./access.server";

export async function requireVisibleProject(context: AppLoadContext, slug: string | undefined): Promise<ProjectSummary> {
  if (!slug) notFound();
  const id = await findProjectIdBySlug(sql, context.org.id, slug);
  if (!id) notFound();
  const project = await findProject(sql, context.org.id, id, getUser(context));
  if (!project) notFound();
  return project;
}

/** Whether a citizen act is open on the project now, and if not, why (an i18n key for a sentence). */
export function actState(project: ProjectSummary, act: CitizenAct): { open: boolean; reason: string | null } {
  const check = checkAct(project, project.currentPhase, act);
  if (check.allowed) return { open: true, reason: null };
  return { open: false, reason: check.reason === "projects:closed.phase" ? PHASE_CLOSED_REASONS[act] : check.reason };
}

/** A positive integer route parameter, or a 404. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(id)) notFound();
  return id;
}
