// The project a proposal or debate page belongs to, loaded and checked by each loader itself
// (the project layout's data is never trusted): this organization, and not a draft for citizens.
// Read once per request: the layout's loader and the tab's run in the same request and share it.
import type { AppLoadContext } from "@remix-run/node";
import { getUser, notFound } from "~/modules/auth/guards.server";
import type { CitizenAct } from "~/modules/projects/phases";
import { loadProjectHeader, type ProjectHeader, type ProjectSummary } from "~/modules/projects/queries.server";
import { sql } from "~/utils/db.server";
import { decidePhase } from "~/modules/projects/policy";

// Keyed by the Request: the loaders of one request get the same object, while an action's
// request is another one (a document POST runs its loaders with a new GET request), so an action
// never sees a project read before its own write, nor leaves a stale one to the loaders after it.
const readThisRequest = new WeakMap<Request, Map<string, Promise<ProjectHeader | null>>>();

/**
 * The project of `/projects/:slug/…` as `viewer` may see it (null: unknown, or a draft they may
 * not see), with its phases, today's date and its counters: one query per request, whatever the
 * number of loaders asking.
 */
export function projectOfRequest(context: AppLoadContext, request: Request, slug: string): Promise<ProjectHeader | null> {
  let read = readThisRequest.get(request);
  if (!read) readThisRequest.set(request, (read = new Map()));
  let project = read.get(slug);
  if (!project) {
    project = loadProjectHeader(sql, context.org.id, { slug }, getUser(context));
    read.set(slug, project);
  }
  return project;
}

export async function requireVisibleProject(context: AppLoadContext, request: Request, slug: string | undefined): Promise<ProjectHeader> {
  if (!slug) notFound();
  const project = await projectOfRequest(context, request, slug);
  if (!project) notFound();
  return project;
}

/** Whether a citizen act is open on the project now, and if not, why (an i18n key for a sentence). */
export function actState(project: ProjectSummary, act: CitizenAct): { open: boolean; reason: string | null } {
  // The projects' policy, phase part: whoever asks (the page explains it before who may act).
  const decision = decidePhase(project, act);
  return decision.allowed ? { open: true, reason: null } : { open: false, reason: decision.reason };
}

/** A positive integer route parameter, or a 404. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(id)) notFound();
  return id;
}
