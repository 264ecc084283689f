// What moderators decide: hide, restore or dismiss a reported item, block or unblock a member.
// Each decision is one transaction with its audit entry; hiding tells the author why.
import { recordAudit } from "~/modules/audit/audit.server";
import { recordEvent } from "~/modules/events/outbox.server";
import { notify } from "~/modules/notifications/notify.server";
import { can, type Role } from "~/modules/permissions/permissions";
import type { Db, Sql } from "~/utils/db.server";
import { allowedDecisions, type Decision, type ModerationState, type ReportTarget } from "./schema";
import { findModeratedTarget, setTargetHidden } from "./targets.server";

export type DecisionOutcome =
  | { ok: true; state: ModerationState; target: ReportTarget }
  | { ok: false; error: "notFound" | "stale" | "gone" | "own" };

const STATE_AFTER: Record<Decision, ModerationState> = { hide: "hidden", restore: "restored", dismiss: "dismissed" };

export async function decideModeration(
  sql: Sql,
  input: { organizationId: number; moderatorId: number; moderationId: number; decision: Decision; reason: string; origin: string },
): Promise<DecisionOutcome> {
  const { organizationId, moderatorId, decision, reason } = input;
  return sql.begin(async (tx) => {
    const [row] = await tx`
      select id, target_type, target_id, state from moderations
      where id = ${input.moderationId} and organization_id = ${organizationId}
      for update`;
    if (!row) return { ok: false, error: "notFound" } as const;
    const state = row.state as ModerationState;
    // Another moderator decided meanwhile: the form showed a state that is no longer true.
    if (!allowedDecisions(state).includes(decision)) return { ok: false, error: "stale" } as const;
    const ref: ReportTarget = { type: String(row.target_type), id: Number(row.target_id) };
    const target = await findModeratedTarget(tx, organizationId, ref, { lock: true });
    // Nobody judges their own words, not even to dismiss the reports: another moderator decides.
    if (target && target.authorId === moderatorId) return { ok: false, error: "own" } as const;
    // A deleted item can only have its reports dismissed.
    if ((!target || target.deleted) && decision !== "dismiss") return { ok: false, error: "gone" } as const;
    const next = STATE_AFTER[decision];
    if (target && decision === "hide") await setTargetHidden(tx, target, true);
    if (target && decision === "restore") await setTargetHidden(tx, target, false);
    if (target && (decision === "hide" || decision === "restore")) {
      await recordEvent(tx, {
        type: decision === "hide" ? "content.hidden" : "content.restored",
        organizationId,
        projectId: target.projectId,
        payload: { targetType: ref.type, targetId: ref.id },
      });
    }
    await tx`
      update moderations
      set state = ${next}, auto_hidden = false, decided_by = ${moderatorId}, decided_at = now(),
          decision_reason = ${reason}, updated_at = now()
      where id = ${row.id} and organization_id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId: moderatorId,
      action: `moderation.${decision}`,
      subjectType: ref.type,
      subjectId: ref.id,
      data: { moderationId: Number(row.id), from: state, authorId: target?.authorId ?? null, ...(target ? {} : { reason }) },
      // The reason is about the author's words (it may name them): erased with their account.
      ...(target ? { personal: { userId: target.authorId, data: { reason } } } : {}),
    });
    if (target && decision === "hide") {
      await notify(tx, {
        organizationId,
        userId: target.authorId,
        kind: "content_hidden",
        data: { path: target.path, contentTitle: target.title, reason },
        origin: input.origin,
      });
    }
    return { ok: true, state: next, target: ref } as const;
  }) as Promise<DecisionOutcome>;
}

export type BlockOutcome =
  | { ok: true; name: string }
  | { ok: false; error: "notFound" | "self" | "admin" | "already" | "notBlocked" };

/** Blocks a member from contributing (they keep reading, and may still delete their account). */
export async function blockMember(
  sql: Sql,
  input: { organizationId: number; moderatorId: number; userId: number; reason: string },
): Promise<BlockOutcome> {
  const { organizationId, moderatorId, userId, reason } = input;
  if (userId === moderatorId) return { ok: false, error: "self" };
  return sql.begin(async (tx) => {
    const [user] = await tx`
      select id, name, role, blocked_at from users
      where id = ${userId} and organization_id = ${organizationId} and deleted_at is null
      for update`;
    if (!user) return { ok: false, error: "notFound" } as const;
    // Admins run the platform: change their role first if they really must be stopped (the role
    // table says who administers, not a role name written here).
    const member = { id: Number(user.id), organizationId, role: user.role as Role, isSystemAdmin: false };
    if (can(member, "admin.access", { organizationId })) return { ok: false, error: "admin" } as const;
    if (user.blocked_at) return { ok: false, error: "already" } as const;
    await tx`
      update users set blocked_at = now(), blocked_reason = ${reason}
      where id = ${userId} and organization_id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId: moderatorId,
      action: "moderation.block",
      subjectType: "user",
      subjectId: userId,
      // About the member (it may name them): kept beside the chain, erased with their account.
      personal: { userId, data: { reason } },
    });
    return { ok: true, name: String(user.name) } as const;
  }) as Promise<BlockOutcome>;
}

export async function unblockMember(
  sql: Sql,
  input: { organizationId: number; moderatorId: number; userId: number; reason: string | null },
): Promise<BlockOutcome> {
  const { organizationId, moderatorId, userId } = input;
  // Nobody lifts their own block (the routes already refuse any act of a blocked member).
  if (userId === moderatorId) return { ok: false, error: "self" };
  return sql.begin(async (tx) => {
    const [user] = await tx`
      select id, name, blocked_at, blocked_reason from users
      where id = ${userId} and organization_id = ${organizationId} and deleted_at is null
      for update`;
    if (!user) return { ok: false, error: "notFound" } as const;
    if (!user.blocked_at) return { ok: false, error: "notBlocked" } as const;
    await tx`
      update users set blocked_at = null, blocked_reason = null
      where id = ${userId} and organization_id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId: moderatorId,
      action: "moderation.unblock",
      subjectType: "user",
      subjectId: userId,
      personal: { userId, data: { reason: input.reason, blockedReason: (user.blocked_reason as string | null) ?? null } },
    });
    return { ok: true, name: String(user.name) } as const;
  }) as Promise<BlockOutcome>;
}

export type ModerationNotice = {
  /** Hidden automatically after `reportCount` reports, or by a moderator with `reason`. */
  automatic: boolean;
  reason: string | null;
  reportCount: number;
  decidedAt: Date | null;
};

/**
 * Why an item is hidden, for its author's placeholder ("masquée par la modération : …"). null
 * when the item is not hidden through moderation. Callers show it to the author (and moderators) only.
 */
export async function moderationReasonFor(db: Db, organizationId: number, target: ReportTarget): Promise<ModerationNotice | null> {
  const [row] = await db`
    select auto_hidden, decision_reason, report_count, decided_at from moderations
    where organization_id = ${organizationId} and target_type = ${target.type} and target_id = ${target.id} and state = 'hidden'`;
  if (!row) return null;
  return {
    automatic: Boolean(row.auto_hidden),
    reason: (row.decision_reason as string | null) ?? null,
    reportCount: Number(row.report_count),
    decidedAt: (row.decided_at as Date | null) ?? null,
  };
}
