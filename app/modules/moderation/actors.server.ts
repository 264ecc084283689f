// Who acts in a moderation command, read inside its transaction: the member's role and block at
// that moment (a session may be older than a role change or a block), as the policy takes them.
import { actorOf, type Actor } from "~/modules/auth/actor";
import { isRole } from "~/modules/permissions/permissions";
import type { Db } from "~/utils/db.server";

export type ActingMember = { actor: Actor; blocked: boolean };

/** The member as an Actor of their organization, with their block; null when gone or unknown. */
export async function loadActingMember(db: Db, organizationId: number, userId: number): Promise<ActingMember | null> {
  const [row] = await db`
    select id, email, name, role, is_system_admin, locale, email_confirmed_at, blocked_at from users
    where id = ${userId} and organization_id = ${organizationId} and deleted_at is null`;
  if (!row || !isRole(row.role)) return null;
  const actor = actorOf(organizationId, {
    id: Number(row.id),
    organizationId,
    email: String(row.email ?? ""),
    name: String(row.name ?? ""),
    role: row.role,
    isSystemAdmin: Boolean(row.is_system_admin),
    locale: row.locale === "en" || row.locale === "fr" ? row.locale : null,
    emailConfirmed: row.email_confirmed_at != null,
  });
  return { actor, blocked: row.blocked_at != null };
}
