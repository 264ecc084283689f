// The phase notifier: when a phase's start date is reached (Paris time), the followers of its
// published project are told once. Safe with several instances: the announcement row is the lock.
// Run `announceStartedPhases(sql)` periodically (every minute is plenty).
import { siteOrigin } from "~/modules/organizations/queries.server";
import type { Db, Sql } from "~/utils/db.server";
import { announceProjectPhases } from "./commands.server";

export type AnnounceResult = { projects: number; announced: number; notified: number };

/**
 * Finds phases of published projects that have started and were never announced, and announces
 * them: one transaction per project. Links in the mails start with each organization's canonical
 * origin (siteOrigin), there being no request to take anything from.
 */
export async function announceStartedPhases(db: Sql): Promise<AnnounceResult> {
  const due = await db`
    select distinct p.id, p.organization_id, p.slug, p.title, o.host, o.canonical_origin
    from project_phases ph
    join projects p on p.id = ph.project_id and p.organization_id = ph.organization_id
    join organizations o on o.id = p.organization_id
    where p.status = 'published'
      and ph.starts_on <= (now() at time zone 'Europe/Paris')::date
      and not exists (select 1 from phase_announcements a where a.phase_id = ph.id)
    order by p.id`;
  const result: AnnounceResult = { projects: 0, announced: 0, notified: 0 };
  for (const row of due) {
    const done = (await db.begin(async (tx) => {
      const txDb = tx as unknown as Db;
      // Still published? (It may have been archived since the query above.)
      const [still] = await txDb`
        select 1 from projects where id = ${row.id} and organization_id = ${row.organization_id} and status = 'published' for share`;
      if (!still) return { announced: 0, notified: 0 };
      return announceProjectPhases(txDb, {
        organizationId: Number(row.organization_id),
        project: { id: Number(row.id), slug: String(row.slug), title: String(row.title) },
        origin: siteOrigin(String(row.host), (row.canonical_origin as string | null) ?? null),
      });
    })) as { announced: number; notified: number };
    if (done.announced > 0) result.projects++;
    result.announced += done.announced;
    result.notified += done.notified;
  }
  return result;
}
