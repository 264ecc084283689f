// What moderators decide: hide, restore or dismiss a reported item, block or unblock a member.
// Each decision is one transaction with its audit entry; hiding tells the author why.
import { recordAudit } from "~/modules/audit/audit.server";
import { recordEvent } from "~/modules/events/outbox.server";
import { notify } from "~/modules/notifications/notify.server";
import { isRole } from "~/modules/permissions/permissions";
import type { Db, Sql } from "~/utils/db.server";
import { allowedDecisions, type Decision, type ModerationState, type ReportTarget } from "./schema";
import { loadActingMember } from "./actors.server";
import { decide as decidePolicy } from "./policy";
import { findModeratedTarget, setTargetHidden } from "./targets.server";

export type DecisionOutcome =
  | { ok: true; state: ModerationState; target: ReportTarget; round: number }
  | { ok: false; error: "notFound" | "stale" | "gone" | "own" | "decided" | "forbidden" | "blocked" };

const STATE_AFTER: Record<Decision, ModerationState> = { hide: "hidden", restore: "restored", dismiss: "dismissed" };

/** What a policy refusal means to the moderation commands. */
function refusalOf(reason: string): "own" | "blocked" | "forbidden" {
  if (reason === "moderation:decision.errors.own") return "own";
  if (reason === "status.blocked") return "blocked";
  return "forbidden";
}

/**
 * A moderator's decision on a queue item, through the moderation policy (role, block and
 * authorship read now, in the transaction). An item waiting for a decision is decided in its
 * current round; a decided one (a moderator reviewing a decision) opens the next. `round` is the
 * round the moderator's page showed: when another moderator decided meanwhile, it was taken, and
 * the answer is "decided" with nothing written. The unique key of moderation_decisions holds the
 * same rule in the database, whatever the code around it.
 */
export async function decideModeration(
  sql: Sql,
  input: {
    organizationId: number;
    moderatorId: number;
    moderationId: number;
    /** The round the page showed (the queue's forms always send it). Without it: the item's next one. */
    round?: number;
    decision: Decision;
    reason: string;
    origin: string;
  },
): Promise<DecisionOutcome> {
  const { organizationId, moderatorId, decision, reason } = input;
  return sql.begin(async (tx) => {
    const [row] = await tx`
      select id, target_type, target_id, state, auto_hidden, round, waiting from moderations
      where id = ${input.moderationId} and organization_id = ${organizationId}
      for update`;
    if (!row) return { ok: false, error: "notFound" } as const;
    const state = row.state as ModerationState;
    const autoHidden = Boolean(row.auto_hidden);
    const round = Number(row.round) + (row.waiting ? 0 : 1);
    // Another moderator decided meanwhile: the page showed a round that is closed.
    if (input.round !== undefined && input.round !== round) return { ok: false, error: "decided" } as const;
    // The form showed a state that is no longer true.
    if (!allowedDecisions(state, autoHidden).includes(decision)) return { ok: false, error: "stale" } as const;
    const ref: ReportTarget = { type: String(row.target_type), id: Number(row.target_id) };
    const target = await findModeratedTarget(tx, organizationId, ref, { lock: true });
    const moderator = await loadActingMember(tx, organizationId, moderatorId);
    if (!moderator) return { ok: false, error: "forbidden" } as const;
    // Moderators and admins decide, not blocked, and nobody on their own words (the policy).
    const allowed = decidePolicy(moderator.actor, "decide", { actorBlocked: moderator.blocked, item: target });
    if (!allowed.allowed) return { ok: false, error: refusalOf(allowed.reason) } as const;
    // A deleted item can only have its reports dismissed.
    if ((!target || target.deleted) && decision !== "dismiss") return { ok: false, error: "gone" } as const;
    // One decision per round: the database's unique key is the last word.
    const [taken] = await tx`
      insert into moderation_decisions (organization_id, moderation_id, round, decision, decided_by)
      values (${organizationId}, ${row.id}, ${round}, ${decision}, ${moderatorId})
      on conflict (moderation_id, round) do nothing
      returning id`;
    if (!taken) return { ok: false, error: "decided" } as const;
    const next = STATE_AFTER[decision];
    if (target && decision === "hide" && !target.hidden) await setTargetHidden(tx, target, true);
    if (target && decision === "restore") await setTargetHidden(tx, target, false);
    if (target && ((decision === "hide" && !target.hidden) || decision === "restore")) {
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
          decision_reason = ${reason}, round = ${round}, updated_at = now()
      where id = ${row.id} and organization_id = ${organizationId}`;
    // The moderators' menus count what waits.
    await recordEvent(tx, { type: "moderation.changed", organizationId, projectId: null, payload: {} });
    await recordAudit(tx, {
      organizationId,
      actorId: moderatorId,
      action: `moderation.${decision}`,
      subjectType: ref.type,
      subjectId: ref.id,
      data: {
        moderationId: Number(row.id),
        round,
        from: state,
        ...(autoHidden ? { autoHidden: true } : {}),
        authorId: target?.authorId ?? null,
        ...(target ? {} : { reason }),
      },
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
    if (target && decision === "restore") {
      // What told the author their words were hidden is no longer true.
      await tx`
        update notifications set superseded_at = now()
        where organization_id = ${organizationId} and user_id = ${target.authorId} and kind = 'content_hidden'
          and data->>'path' = ${target.path} and superseded_at is null`;
      await notify(tx, {
        organizationId,
        userId: target.authorId,
        kind: "content_restored",
        data: { path: target.path, contentTitle: target.title, reason },
        origin: input.origin,
      });
    }
    return { ok: true, state: next, target: ref, round } as const;
  }) as Promise<DecisionOutcome>;
}

export type BulkOutcome = { decided: number; refused: { moderationId: number; error: Exclude<DecisionOutcome, { ok: true }>["error"] }[] };

/**
 * The same decision on several items (a wave of spam): each item in its own transaction, so that
 * one already decided by another moderator is reported and the others still decided.
 */
export async function decideModerationBulk(
  sql: Sql,
  input: {
    organizationId: number;
    moderatorId: number;
    items: { moderationId: number; round: number }[];
    decision: "hide" | "dismiss";
    reason: string;
    origin: string;
  },
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { decided: 0, refused: [] };
  for (const item of input.items) {
    const result = await decideModeration(sql, { ...input, moderationId: item.moderationId, round: item.round });
    if (result.ok) outcome.decided++;
    else outcome.refused.push({ moderationId: item.moderationId, error: result.error });
  }
  return outcome;
}

export type BlockOutcome =
  | { ok: true; name: string }
  | { ok: false; error: "notFound" | "self" | "admin" | "already" | "notBlocked" | "forbidden" | "blocked" };

const BLOCK_REFUSALS: Record<string, Exclude<BlockOutcome, { ok: true }>["error"]> = {
  "moderation:block.errors.notFound": "notFound",
  "moderation:block.errors.self": "self",
  "moderation:blocked.unblockSelf": "self",
  "moderation:block.errors.admin": "admin",
  "moderation:block.errors.already": "already",
  "moderation:block.errors.notBlocked": "notBlocked",
  "status.blocked": "blocked",
};

/** The member a block is about, locked, and the policy's word on it (moderator's role and block read now). */
async function decideOnMember(tx: Db, act: "block" | "unblock", input: { organizationId: number; moderatorId: number; userId: number }) {
  const [user] = await tx`
    select id, name, role, blocked_at, blocked_reason from users
    where id = ${input.userId} and organization_id = ${input.organizationId} and deleted_at is null
    for update`;
  const moderator = await loadActingMember(tx, input.organizationId, input.moderatorId);
  if (!moderator) return { refused: "forbidden" as const, user };
  const member =
    user && isRole(user.role)
      ? { id: Number(user.id), organizationId: input.organizationId, role: user.role, isSystemAdmin: false, blocked: user.blocked_at != null }
      : null;
  const decision = decidePolicy(moderator.actor, act, { actorBlocked: moderator.blocked, member });
  return { refused: decision.allowed ? null : (BLOCK_REFUSALS[decision.reason] ?? ("forbidden" as const)), user };
}

/** Blocks a member from contributing (they keep reading, and may still delete their account). */
export async function blockMember(
  sql: Sql,
  input: { organizationId: number; moderatorId: number; userId: number; reason: string },
): Promise<BlockOutcome> {
  const { organizationId, moderatorId, userId, reason } = input;
  return sql.begin(async (tx) => {
    const { refused, user } = await decideOnMember(tx, "block", input);
    if (refused) return { ok: false, error: refused } as const;
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
    return { ok: true, name: String(user!.name) } as const;
  }) as Promise<BlockOutcome>;
}

export async function unblockMember(
  sql: Sql,
  input: { organizationId: number; moderatorId: number; userId: number; reason: string | null },
): Promise<BlockOutcome> {
  const { organizationId, moderatorId, userId } = input;
  return sql.begin(async (tx) => {
    const { refused, user } = await decideOnMember(tx, "unblock", input);
    if (refused) return { ok: false, error: refused } as const;
    await tx`
      update users set blocked_at = null, blocked_reason = null
      where id = ${userId} and organization_id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId: moderatorId,
      action: "moderation.unblock",
      subjectType: "user",
      subjectId: userId,
      personal: { userId, data: { reason: input.reason, blockedReason: (user!.blocked_reason as string | null) ?? null } },
    });
    return { ok: true, name: String(user!.name) } as const;
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
