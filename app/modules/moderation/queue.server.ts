// The moderators' pages: the queue of reported items (one query for the page's rows with their
// project, reports per reason and latest details; then the items themselves through the targets'
// registry, whatever their kind, and their authors) and the blocked members.
import type { Db } from "~/utils/db.server";
import { loadTargets, targetKind, type TargetState } from "~/modules/targets/registry.server";
import { targetKey } from "~/modules/targets/types";
import type { ModerationState, QueueFilter, ReportReason, ReportTargetType } from "./schema";

export const QUEUE_PER_PAGE = 10;
export const BLOCKED_PER_PAGE = 25;
/** How many reports with details each item shows (the newest). */
export const DETAILS_SHOWN = 5;
export const BODY_EXCERPT = 600;

export type QueueItem = {
  id: number;
  targetType: ReportTargetType;
  targetId: number;
  state: ModerationState;
  autoHidden: boolean;
  /** Waiting for a moderator (reported and undecided, or hidden automatically), since when. */
  waiting: boolean;
  waitingSince: Date | null;
  /** The round a decision on it takes (its current one while it waits, the next once decided). */
  round: number;
  reportCount: number;
  updatedAt: Date;
  decidedAt: Date | null;
  decidedByName: string | null;
  decisionReason: string | null;
  /** null: the item no longer exists (a comment deleted without replies). */
  /** title: of the proposal or debate; commentOn: title of what a comment answers. */
  content: { title: string | null; commentOn: string | null; text: string; path: string; deleted: boolean } | null;
  project: { title: string; slug: string } | null;
  author: { id: number; name: string | null; role: string; blocked: boolean } | null;
  reasons: { reason: ReportReason; count: number }[];
  details: { reason: ReportReason; text: string; createdAt: Date }[];
};

/** How many items wait for a moderator: the menu's count (moderations_waiting_idx). */
export async function countWaiting(db: Db, organizationId: number): Promise<number> {
  const [row] = await db`
    select count(*)::int as n from moderations
    where organization_id = ${organizationId} and (state = 'pending' or auto_hidden)`;
  return Number(row?.n ?? 0);
}

/** The projects that have items in the queue, for its filter. */
export async function listQueueProjects(db: Db, organizationId: number): Promise<{ id: number; title: string }[]> {
  const rows = await db`
    select p.id, p.title from projects p
    where p.organization_id = ${organizationId}
      and exists (select 1 from moderations m where m.organization_id = p.organization_id and m.project_id = p.id)
    order by p.title, p.id`;
  return rows.map((r) => ({ id: Number(r.id), title: String(r.title) }));
}

export type QueueFilters = { state: QueueFilter; kind?: string; project?: number; page: number };

export async function listModerationQueue(
  db: Db,
  organizationId: number,
  filters: QueueFilters,
  perPage = QUEUE_PER_PAGE,
): Promise<{ items: QueueItem[]; total: number; page: number; pageCount: number; pending: number }> {
  const waiting = db`(m.state = 'pending' or m.auto_hidden)`;
  const stateFilter = filters.state === "waiting" ? db`and ${waiting}` : filters.state === "decided" ? db`and not ${waiting}` : db``;
  const kindFilter = filters.kind ? db`and m.target_type = ${filters.kind}` : db``;
  const projectFilter = filters.project ? db`and m.project_id = ${filters.project}` : db``;
  const where = db`m.organization_id = ${organizationId} ${stateFilter} ${kindFilter} ${projectFilter}`;
  const [counts] = await db`
    select count(*)::int as total, count(*) filter (where ${waiting})::int as pending
    from moderations m where ${where}`;
  const total = Number(counts?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  // Waiting items first, the oldest first (none is forgotten at the bottom); then the decided ones, latest first.
  const rows = await db`
    select m.id, m.target_type, m.target_id, m.state, m.auto_hidden, m.report_count, m.updated_at, m.decided_at,
           m.waiting, m.waiting_since, m.round,
           m.decision_reason, case when dec.deleted_at is null then dec.name end as decided_by_name,
           pr.title as project_title, pr.slug as project_slug,
           reasons.list as reasons, details.list as details
    from moderations m
    left join projects pr on pr.id = m.project_id and pr.organization_id = m.organization_id
    left join users dec on dec.id = m.decided_by and dec.organization_id = m.organization_id
    left join lateral (
      select json_agg(json_build_object('reason', g.reason, 'count', g.n) order by g.n desc, g.reason) as list
      from (
        select r.reason, count(*)::int as n from reports r
        where r.organization_id = m.organization_id and r.target_type = m.target_type and r.target_id = m.target_id
        group by r.reason
      ) g
    ) reasons on true
    left join lateral (
      select json_agg(json_build_object('reason', x.reason, 'text', x.details, 'createdAt', x.created_at) order by x.id desc) as list
      from (
        select r.id, r.reason, r.details, r.created_at from reports r
        where r.organization_id = m.organization_id and r.target_type = m.target_type and r.target_id = m.target_id
          and r.details is not null and r.details <> ''
        order by r.id desc limit ${DETAILS_SHOWN}
      ) x
    ) details on true
    where ${where}
    order by m.waiting desc, case when m.waiting then m.waiting_since end asc, m.decided_at desc nulls last, m.id desc
    limit ${perPage} offset ${(page - 1) * perPage}`;
  // The count of the whole queue, whatever the filters show.
  const pending = filters.state === "all" && !filters.kind && !filters.project ? Number(counts?.pending ?? 0) : await countWaiting(db, organizationId);
  // What the items are, whatever their kind (the targets' registry: one statement per kind on
  // the page), then what the comments among them answer, and their authors.
  const targets = await loadTargets(
    db,
    organizationId,
    rows.map((r) => ({ type: String(r.target_type), id: Number(r.target_id) })),
    { textLength: BODY_EXCERPT + 1 },
  );
  const parentRefs = [...targets.values()].flatMap((target) => (target.parent ? [target.parent] : []));
  const parents = parentRefs.length ? await loadTargets(db, organizationId, parentRefs) : new Map<string, TargetState>();
  const authorIds = [...new Set([...targets.values()].flatMap((target) => (target.authorId == null ? [] : [target.authorId])))];
  const authors = new Map(
    (authorIds.length
      ? await db`
          select id, case when deleted_at is null then name end as name, role, blocked_at is not null as blocked
          from users where organization_id = ${organizationId} and id = any(${authorIds}::bigint[])`
      : []
    ).map((a) => [Number(a.id), a]),
  );
  return {
    items: rows.map((r) => {
      const type = String(r.target_type);
      const targetId = Number(r.target_id);
      const target = targets.get(targetKey({ type, id: targetId }));
      const slug = (r.project_slug as string | null) ?? null;
      const body = target?.text ?? "";
      const text = body.length > BODY_EXCERPT ? `${body.slice(0, BODY_EXCERPT).trimEnd()}…` : body;
      const parent = target?.parent ? parents.get(targetKey(target.parent)) : undefined;
      const author = target?.authorId == null ? undefined : authors.get(target.authorId);
      return {
        id: Number(r.id),
        targetType: type,
        targetId,
        state: r.state as ModerationState,
        autoHidden: Boolean(r.auto_hidden),
        waiting: Boolean(r.waiting),
        waitingSince: r.waiting ? (r.waiting_since as Date) : null,
        round: Number(r.round) + (r.waiting ? 0 : 1),
        reportCount: Number(r.report_count),
        updatedAt: r.updated_at as Date,
        decidedAt: (r.decided_at as Date | null) ?? null,
        decidedByName: (r.decided_by_name as string | null) ?? null,
        decisionReason: (r.decision_reason as string | null) ?? null,
        content:
          target && slug != null
            ? {
                title: targetKind(type)?.titled ? target.title : null,
                commentOn: parent?.title ?? null,
                text,
                path: target.path,
                deleted: target.deleted,
              }
            : null,
        project: slug == null ? null : { title: String(r.project_title), slug },
        author:
          author == null
            ? null
            : {
                id: Number(author.id),
                name: (author.name as string | null) ?? null,
                role: String(author.role),
                blocked: Boolean(author.blocked),
              },
        reasons: ((r.reasons as { reason: ReportReason; count: number }[] | null) ?? []).map((g) => ({
          reason: g.reason,
          count: Number(g.count),
        })),
        details: ((r.details as { reason: ReportReason; text: string; createdAt: string }[] | null) ?? []).map((d) => ({
          reason: d.reason,
          text: String(d.text),
          createdAt: new Date(d.createdAt),
        })),
      };
    }),
    total,
    page,
    pageCount,
    pending,
  };
}

export type BlockedMember = { id: number; name: string; blockedAt: Date; reason: string | null };

export async function listBlockedMembers(
  db: Db,
  organizationId: number,
  page: number,
  perPage = BLOCKED_PER_PAGE,
): Promise<{ members: BlockedMember[]; total: number; page: number; pageCount: number }> {
  const [count] = await db`
    select count(*)::int as total from users
    where organization_id = ${organizationId} and blocked_at is not null and deleted_at is null`;
  const total = Number(count?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db`
    select id, name, blocked_at, blocked_reason from users
    where organization_id = ${organizationId} and blocked_at is not null and deleted_at is null
    order by blocked_at desc, id desc
    limit ${perPage} offset ${(current - 1) * perPage}`;
  return {
    members: rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      blockedAt: r.blocked_at as Date,
      reason: (r.blocked_reason as string | null) ?? null,
    })),
    total,
    page: current,
    pageCount,
  };
}
