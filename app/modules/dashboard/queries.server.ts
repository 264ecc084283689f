// The officials' dashboard: for each project they manage (every project of the organization that
// is not archived), what waits for them (proposals without an answer, the oldest first; debates
// still open; phases starting or ending within 14 days) and the participation week by week
// (participants, proposals, supports, comments). A fixed number of statements for the whole page,
// whatever the number of projects. Dates are the French clock's (Europe/Paris), as the phases'.
import type { Db } from "~/utils/db.server";
import { CSV_WEEKS, DASHBOARD_WEEKS, type ProjectDashboard, type WeekFigures } from "./schema";

export type { ProjectDashboard, WeekFigures } from "./schema";

export const HORIZON_DAYS = 14;
export const DASHBOARD_PROJECTS = 30;
/** Items listed per project and kind (the count says how many there are in all). */
export const ITEMS_SHOWN = 10;

const today = (db: Db) => db`(now() at time zone 'Europe/Paris')::date`;

/** The Mondays of the last `count` weeks, oldest first ("2026-11-30"), on the database's clock. */
async function weekStarts(db: Db, count: number): Promise<string[]> {
  const rows = await db`
    select to_char(w, 'YYYY-MM-DD') as week
    from generate_series(
      date_trunc('week', ${today(db)}) - make_interval(weeks => ${count - 1}::int),
      date_trunc('week', ${today(db)}),
      interval '7 days') as w`;
  return rows.map((r) => String(r.week));
}

/** Participation per project and week since `since` (a Monday): one statement for every project. */
async function weeklyFigures(db: Db, organizationId: number, projectIds: number[], since: string): Promise<readonly Row[]> {
  if (projectIds.length === 0) return [];
  return db`
    with acts as (
      select p.project_id, p.author_id as user_id, p.created_at, 'proposal' as act from proposals p
      where p.organization_id = ${organizationId} and p.project_id = any(${projectIds}::bigint[]) and p.created_at >= ${since}::date
      union all
      select p.project_id, s.user_id, s.created_at, 'support' from supports s
      join proposals p on p.id = s.proposal_id and p.organization_id = s.organization_id
      where s.organization_id = ${organizationId} and p.project_id = any(${projectIds}::bigint[]) and s.created_at >= ${since}::date
      union all
      select c.project_id, c.author_id, c.created_at, 'comment' from comments c
      where c.organization_id = ${organizationId} and c.project_id = any(${projectIds}::bigint[]) and c.created_at >= ${since}::date
    )
    select project_id, to_char(date_trunc('week', created_at at time zone 'Europe/Paris'), 'YYYY-MM-DD') as week,
           count(distinct user_id)::int as participants,
           count(*) filter (where act = 'proposal')::int as proposals,
           count(*) filter (where act = 'support')::int as supports,
           count(*) filter (where act = 'comment')::int as comments
    from acts group by 1, 2`;
}

type Row = Record<string, unknown>;

function fillWeeks(weeks: string[], rows: readonly Row[], projectId: number): WeekFigures[] {
  const byWeek = new Map(rows.filter((r) => Number(r.project_id) === projectId).map((r) => [String(r.week), r]));
  return weeks.map((week) => {
    const r = byWeek.get(week);
    return {
      week,
      participants: Number(r?.participants ?? 0),
      proposals: Number(r?.proposals ?? 0),
      supports: Number(r?.supports ?? 0),
      comments: Number(r?.comments ?? 0),
    };
  });
}

export async function loadDashboard(db: Db, organizationId: number): Promise<ProjectDashboard[]> {
  const projects = await db`
    select id, slug, title, status from projects
    where organization_id = ${organizationId} and status <> 'archived'
    order by (status = 'published') desc, updated_at desc, id desc
    limit ${DASHBOARD_PROJECTS}`;
  const ids = projects.map((p) => Number(p.id));
  if (ids.length === 0) return [];
  const weeks = await weekStarts(db, DASHBOARD_WEEKS);
  const [waiting, debates, phases, figures] = await Promise.all([
    db`
      select * from (
        select id, project_id, title, created_at, supports_count,
               (${today(db)} - (created_at at time zone 'Europe/Paris')::date) as days,
               row_number() over (partition by project_id order by created_at, id) as n,
               count(*) over (partition by project_id)::int as total
        from proposals
        where organization_id = ${organizationId} and project_id = any(${ids}::bigint[])
          and status = 'submitted' and answered_at is null and hidden_at is null
      ) w where n <= ${ITEMS_SHOWN} order by project_id, n`,
    db`
      select * from (
        select id, project_id, title, created_at, comments_count,
               (${today(db)} - (created_at at time zone 'Europe/Paris')::date) as days,
               row_number() over (partition by project_id order by created_at, id) as n,
               count(*) over (partition by project_id)::int as total
        from debates
        where organization_id = ${organizationId} and project_id = any(${ids}::bigint[]) and closed_at is null and hidden_at is null
      ) d where n <= ${ITEMS_SHOWN} order by project_id, n`,
    db`
      select project_id, kind, 'starts' as event, to_char(starts_on, 'YYYY-MM-DD') as on_day, (starts_on - ${today(db)}) as in_days
      from project_phases
      where organization_id = ${organizationId} and project_id = any(${ids}::bigint[])
        and starts_on between ${today(db)} and ${today(db)} + ${HORIZON_DAYS}::int
      union all
      select project_id, kind, 'ends', to_char(ends_on, 'YYYY-MM-DD'), (ends_on - ${today(db)})
      from project_phases
      where organization_id = ${organizationId} and project_id = any(${ids}::bigint[])
        and ends_on between ${today(db)} and ${today(db)} + ${HORIZON_DAYS}::int
      order by in_days, kind`,
    weeklyFigures(db, organizationId, ids, weeks[0]!),
  ]);
  return projects.map((p) => {
    const id = Number(p.id);
    const slug = String(p.slug);
    const mine = (rows: readonly Row[]) => rows.filter((r) => Number(r.project_id) === id);
    const w = mine(waiting);
    const d = mine(debates);
    return {
      id,
      slug,
      title: String(p.title),
      status: String(p.status),
      waiting: w.map((r) => ({
        id: Number(r.id),
        title: String(r.title),
        createdAt: r.created_at as Date,
        daysWaiting: Number(r.days),
        supportsCount: Number(r.supports_count),
        path: `/projects/${slug}/proposals/${Number(r.id)}#proposal-answer`,
      })),
      waitingCount: Number(w[0]?.total ?? 0),
      debates: d.map((r) => ({
        id: Number(r.id),
        title: String(r.title),
        createdAt: r.created_at as Date,
        daysOpen: Number(r.days),
        commentsCount: Number(r.comments_count),
        path: `/projects/${slug}/debates/${Number(r.id)}`,
      })),
      debatesCount: Number(d[0]?.total ?? 0),
      phases: mine(phases).map((r) => ({
        kind: String(r.kind),
        event: r.event === "ends" ? ("ends" as const) : ("starts" as const),
        on: String(r.on_day),
        inDays: Number(r.in_days),
      })),
      weeks: fillWeeks(weeks, figures, id),
    };
  });
}

/** The participation of every project that is not archived, week by week over the last year, for the CSV. */
export async function loadParticipationRows(
  db: Db,
  organizationId: number,
  weeksCount = CSV_WEEKS,
): Promise<{ project: { id: number; slug: string; title: string }; weeks: WeekFigures[] }[]> {
  const projects = await db`
    select id, slug, title from projects
    where organization_id = ${organizationId} and status <> 'archived'
    order by title, id`;
  const ids = projects.map((p) => Number(p.id));
  if (ids.length === 0) return [];
  const weeks = await weekStarts(db, weeksCount);
  const figures = await weeklyFigures(db, organizationId, ids, weeks[0]!);
  return projects.map((p) => ({
    project: { id: Number(p.id), slug: String(p.slug), title: String(p.title) },
    weeks: fillWeeks(weeks, figures, Number(p.id)),
  }));
}
