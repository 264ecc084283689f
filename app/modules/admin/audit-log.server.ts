// The audit log as an organization's admins read it: one page of entries, newest first, paged by
// id (stable while new entries arrive), with the names of the members they are about.
import { listAuditEntries, type AuditRow } from "~/modules/audit/audit.server";
import type { Db } from "~/utils/db.server";

export const AUDIT_PER_PAGE = 30;

export type AuditPage = {
  entries: (AuditRow & { subjectName: string | null })[];
  /** Id to pass as `before` for older entries, when there are some. */
  olderCursor: number | null;
  /** Id to pass as `after` for newer entries, when there are some. */
  newerCursor: number | null;
};

export async function loadAuditPage(
  db: Db,
  organizationId: number,
  cursor: { before?: number; after?: number },
  perPage = AUDIT_PER_PAGE,
): Promise<AuditPage> {
  const entries = await listAuditEntries(db, organizationId, { beforeId: cursor.before, afterId: cursor.after, limit: perPage });
  if (entries.length === 0) return { entries: [], olderCursor: null, newerCursor: null };
  const newest = entries[0]!.id;
  const oldest = entries[entries.length - 1]!.id;
  const [bounds] = await db`
    select exists (select 1 from audit_log where organization_id = ${organizationId} and id < ${oldest}) as older,
           exists (select 1 from audit_log where organization_id = ${organizationId} and id > ${newest}) as newer`;
  // Members the entries are about, in one query; a deleted member has no name any more.
  const userIds = [
    ...new Set(entries.filter((e) => e.subjectType === "user" && e.subjectId && /^\d+$/.test(e.subjectId)).map((e) => Number(e.subjectId))),
  ];
  const names = new Map<string, string>();
  if (userIds.length > 0) {
    const rows = await db`
      select id, name from users
      where organization_id = ${organizationId} and id = any(${userIds}::bigint[]) and deleted_at is null`;
    for (const r of rows) names.set(String(r.id), String(r.name));
  }
  return {
    entries: entries.map((e) => ({ ...e, subjectName: e.subjectType === "user" && e.subjectId ? (names.get(e.subjectId) ?? null) : null })),
    olderCursor: bounds?.older ? oldest : null,
    newerCursor: bounds?.newer ? newest : null,
  };
}
