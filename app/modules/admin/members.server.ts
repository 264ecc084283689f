// An organization's members, as its admins see them: a searchable, paginated list, and role
// changes that keep at least one admin and leave a trace in the audit log.
import { recordAudit } from "~/modules/audit/audit.server";
import { can, isRole, type Actor, type Role } from "~/modules/permissions/permissions";
import type { Db, Sql, Tx } from "~/utils/db.server";

export const MEMBERS_PER_PAGE = 25;
/** Serializes role changes inside one organization (with the organization id as second key). */
const ROLE_LOCK_KEY = 7_220_014;

export type MemberRow = {
  id: number;
  name: string;
  email: string;
  role: Role;
  confirmed: boolean;
  joinedAt: Date;
};

/** `%` and `_` typed by the admin are searched for as themselves. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listMembers(
  db: Db,
  organizationId: number,
  filters: { q?: string; role?: Role; page?: number; perPage?: number },
): Promise<{ members: MemberRow[]; total: number; page: number; pageCount: number }> {
  const perPage = filters.perPage ?? MEMBERS_PER_PAGE;
  const pattern = filters.q ? likePattern(filters.q) : null;
  const role = filters.role ?? null;
  const where = db`
    organization_id = ${organizationId} and deleted_at is null
    and (${role}::text is null or role = ${role}::text)
    and (${pattern}::text is null or name ilike ${pattern}::text or email ilike ${pattern}::text)`;
  const [{ total }] = (await db`select count(*)::int as total from users where ${where}`) as unknown as [{ total: number }];
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
  const rows = await db`
    select id, name, email, role, email_confirmed_at is not null as confirmed, created_at
    from users where ${where}
    order by lower(name), id
    limit ${perPage} offset ${(page - 1) * perPage}`;
  return {
    total,
    page,
    pageCount,
    members: rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      email: String(r.email),
      role: isRole(r.role) ? r.role : "citizen",
      confirmed: Boolean(r.confirmed),
      joinedAt: r.created_at as Date,
    })),
  };
}

export async function countMembers(db: Db, organizationId: number): Promise<{ members: number; admins: number }> {
  const [row] = await db`
    select count(*)::int as members, (count(*) filter (where role = 'admin'))::int as admins
    from users where organization_id = ${organizationId} and deleted_at is null`;
  return { members: Number(row?.members ?? 0), admins: Number(row?.admins ?? 0) };
}

export type ChangeRoleResult =
  | { ok: true; changed: boolean; name: string; from: Role; to: Role }
  /** not_found: no such member in this organization; self: one's own role; last_admin: would leave no admin;
   *  forbidden: the actor may not (any more) change roles. */
  | { ok: false; error: "not_found" | "self" | "last_admin" | "forbidden" };

/**
 * Changes a member's role in one transaction: checks the permission on the member, that the
 * member belongs to the organization, that an admin remains; records `member.role_change`.
 */
export async function changeMemberRole(
  db: Db,
  input: { actor: NonNullable<Actor>; organizationId: number; userId: number; role: Role },
): Promise<ChangeRoleResult> {
  const { actor, organizationId, userId, role } = input;
  if (userId === actor.id) return { ok: false, error: "self" };
  if (!can(actor, "admin.members.changeRole", { organizationId, userId })) return { ok: false, error: "forbidden" };
  const run = async (tx: Tx): Promise<ChangeRoleResult> => {
    await tx`select pg_advisory_xact_lock(${ROLE_LOCK_KEY}, ${organizationId}::int)`;
    // The actor's role as it is now, not as it was when the request started.
    const [me] = await tx`
      select role from users where id = ${actor.id} and organization_id = ${organizationId} and deleted_at is null`;
    if (!me || !can({ ...actor, role: me.role as Role }, "admin.members.changeRole", { organizationId, userId })) {
      return { ok: false, error: "forbidden" };
    }
    const [target] = await tx`
      select name, role from users
      where id = ${userId} and organization_id = ${organizationId} and deleted_at is null
      for update`;
    if (!target) return { ok: false, error: "not_found" };
    const from = target.role as Role;
    const name = String(target.name);
    if (from === role) return { ok: true, changed: false, name, from, to: role };
    if (from === "admin") {
      const [{ admins }] = (await tx`
        select count(*)::int as admins from users
        where organization_id = ${organizationId} and role = 'admin' and deleted_at is null`) as unknown as [{ admins: number }];
      if (admins <= 1) return { ok: false, error: "last_admin" };
    }
    await tx`update users set role = ${role} where id = ${userId} and organization_id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId: actor.id,
      action: "member.role_change",
      subjectType: "user",
      subjectId: userId,
      data: { from, to: role },
    });
    return { ok: true, changed: true, name, from, to: role };
  };
  if ("begin" in db) return (db as Sql).begin((tx) => run(tx as unknown as Tx)) as Promise<ChangeRoleResult>;
  return run(db as Tx);
}
