// The public moderation log of an organization, as Decidim publishes it: what moderators hid or
// restored, when, in which project and for which kinds of report, never the content itself, its
// author, the reporters or the moderator's own words (they may name someone).
import type { Db } from "~/utils/db.server";
import type { ReportReason } from "./schema";

export const LOG_PER_PAGE = 20;

export type PublicLogEntry = {
  id: number;
  decidedAt: Date;
  decision: "hide" | "restore";
  targetType: string;
  /** null: a project members cannot see (a draft), or none. */
  project: { title: string; slug: string } | null;
  /** The kinds of report the item received, the most frequent first. */
  reasons: ReportReason[];
};

export async function listPublicLog(
  db: Db,
  organizationId: number,
  page: number,
  perPage = LOG_PER_PAGE,
): Promise<{ entries: PublicLogEntry[]; total: number; page: number; pageCount: number }> {
  const [count] = await db`
    select count(*)::int as total from moderation_decisions
    where organization_id = ${organizationId} and decision in ('hide', 'restore')`;
  const total = Number(count?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db`
    select d.id, d.decided_at, d.decision, m.target_type,
           case when pr.status <> 'draft' then pr.title end as project_title,
           case when pr.status <> 'draft' then pr.slug end as project_slug,
           reasons.list as reasons
    from moderation_decisions d
    join moderations m on m.id = d.moderation_id and m.organization_id = d.organization_id
    left join projects pr on pr.id = m.project_id and pr.organization_id = m.organization_id
    left join lateral (
      select json_agg(g.reason order by g.n desc, g.reason) as list
      from (
        select r.reason, count(*) as n from reports r
        where r.organization_id = m.organization_id and r.target_type = m.target_type and r.target_id = m.target_id
        group by r.reason
      ) g
    ) reasons on true
    where d.organization_id = ${organizationId} and d.decision in ('hide', 'restore')
    order by d.decided_at desc, d.id desc
    limit ${perPage} offset ${(current - 1) * perPage}`;
  return {
    entries: rows.map((r) => ({
      id: Number(r.id),
      decidedAt: r.decided_at as Date,
      decision: r.decision === "restore" ? "restore" : "hide",
      targetType: String(r.target_type),
      project: r.project_slug == null ? null : { title: String(r.project_title), slug: String(r.project_slug) },
      reasons: ((r.reasons as ReportReason[] | null) ?? []).slice(0, 3),
    })),
    total,
    page: current,
    pageCount,
  };
}
