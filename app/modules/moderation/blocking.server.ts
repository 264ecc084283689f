// The block, checked on every act: a member moderation blocked may read, but writes nothing
// anywhere (contributions, officials' debates and answers, reports, moderation decisions),
// whatever their role. One check, so that no route forgets a role or an act.
import type { AppLoadContext } from "@remix-run/node";
import { forbidden, requirePermission } from "~/modules/auth/guards.server";
import type { SessionUser } from "~/modules/auth/session.server";
import { can, type Action, type Subject } from "~/modules/permissions/permissions";
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";

/** Whether moderation blocked this member (read now: the session does not carry it, so a block applies at once). */
export async function isBlocked(db: Db, organizationId: number, userId: number): Promise<boolean> {
  const [row] = await db`select blocked_at from users where id = ${userId} and organization_id = ${organizationId} and deleted_at is null`;
  return !row || row.blocked_at != null;
}

/** 403 "status.blocked" (the 403 page says why) when moderation blocked this member. */
export async function requireNotBlocked(context: AppLoadContext, user: SessionUser, db: Db = pool): Promise<void> {
  if (await isBlocked(db, context.org.id, user.id)) forbidden("status.blocked");
}

/**
 * An act that writes: `requirePermission` (logged in, role allows it in this organization), then
 * not blocked. Officials' and moderators' acts use it with their permission; a member's own
 * contributions use "contribution.create", which every role has.
 */
export async function requireAct(
  context: AppLoadContext,
  request: Request,
  action: Action,
  subject?: Partial<Subject>,
  db: Db = pool,
): Promise<SessionUser> {
  const user = requirePermission(context, request, action, subject);
  await requireNotBlocked(context, user, db);
  return user;
}

/**
 * For a page's forms: whether `viewer` may do `action` now, role and block both (the action
 * checks the same with requireAct). The block is read only when the role allows the act.
 */
export async function mayAct(
  context: AppLoadContext,
  viewer: SessionUser | null,
  action: Action,
  subject?: Partial<Subject>,
  db: Db = pool,
): Promise<boolean> {
  if (!viewer || !can(viewer, action, { organizationId: context.org.id, ...subject })) return false;
  return !(await isBlocked(db, context.org.id, viewer.id));
}
