// Reading projects: one project with its phases and the phase running today (Paris time, on the
// database clock), and the guard every contribution goes through.
import type { AppLoadContext } from "@remix-run/node";
import { forbidden, notFound, requireUser } from "~/modules/auth/guards.server";
import { can } from "~/modules/permissions/permissions";
import type { SessionUser } from "~/modules/auth/session.server";
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";
import { checkAct, currentPhase, type CitizenAct, type Phase, type PhaseKind, type ProjectKind, type ProjectStatus } from "./phases";

export type ProjectSummary = {
  id: number;
  slug: string;
  title: string;
  status: ProjectStatus;
  kind: ProjectKind;
  phases: Phase[];
  currentPhase: Phase | null;
};

/** Today's date in the towns' time zone, from the database clock. */
export async function todayInParis(db: Db = pool): Promise<string> {
  const [row] = await db`select to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as today`;
  return String(row!.today);
}

export async function loadPhases(db: Db, projectId: number): Promise<Phase[]> {
  const rows = await db`
    select kind, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on
    from project_phases where project_id = ${projectId} order by starts_on, id`;
  return rows.map((r) => ({ kind: r.kind as PhaseKind, startsOn: String(r.starts_on), endsOn: (r.ends_on as string | null) ?? null }));
}

/** A project of this organization by id, with phases; drafts only for those who manage projects. */
export async function findProject(
  db: Db,
  organizationId: number,
  projectId: number,
  viewer: SessionUser | null,
): Promise<ProjectSummary | null> {
  const [row] = await db`
    select id, slug, title, status, kind from projects
    where id = ${projectId} and organization_id = ${organizationId}`;
  if (!row) return null;
  if (row.status === "draft" && !can(viewer, "project.manage", { organizationId })) return null;
  const phases = await loadPhases(db, projectId);
  const today = await todayInParis(db);
  return {
    id: Number(row.id),
    slug: String(row.slug),
    title: String(row.title),
    status: row.status as ProjectStatus,
    kind: row.kind as ProjectKind,
    phases,
    currentPhase: currentPhase(phases, today),
  };
}

export async function findProjectIdBySlug(db: Db, organizationId: number, slug: string): Promise<number | null> {
  const [row] = await db`select id from projects where organization_id = ${organizationId} and slug = ${slug}`;
  return row ? Number(row.id) : null;
}

/**
 * Everything a citizen contribution needs, checked on the server: logged in, e-mail confirmed,
 * not blocked, allowed by role, and the project's current phase open for this act.
 */
export async function requireContribution(
  context: AppLoadContext,
  request: Request,
  projectId: number,
  act: CitizenAct,
  db: Db = pool,
): Promise<{ user: SessionUser; project: ProjectSummary }> {
  const user = requireUser(context, request);
  const project = await findProject(db, context.org.id, projectId, user);
  if (!project) notFound();
  await requireContributor(context, request, db);
  const check = checkAct(project, project.currentPhase, act);
  if (!check.allowed) forbidden(check.reason);
  return { user, project };
}

/** Logged in, confirmed, not blocked, allowed to contribute in this organization. */
export async function requireContributor(context: AppLoadContext, request: Request, db: Db = pool): Promise<SessionUser> {
  const user = requireUser(context, request);
  if (!can(user, "contribution.create", { organizationId: context.org.id })) forbidden("status.forbiddenText");
  if (!user.emailConfirmed) forbidden("status.confirmEmailFirst");
  const [row] = await db`select blocked_at from users where id = ${user.id} and organization_id = ${context.org.id}`;
  if (row?.blocked_at) forbidden("status.blocked");
  return user;
}
