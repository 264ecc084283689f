// The moderators' queue of one organization (table `moderations`, one row per reported item):
// how many items wait for a decision. Deciding on them comes with the moderation tools.
import type { Db } from "~/utils/db.server";

export async function countPendingModerations(db: Db, organizationId: number): Promise<number> {
  const [row] = await db`
    select count(*)::int as pending from moderations
    where organization_id = ${organizationId} and state = 'pending'`;
  return Number(row?.pending ?? 0);
}
