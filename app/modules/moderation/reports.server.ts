// Reporting a contribution: one report per member and item, the moderators' queue row kept up
// to date in the same transaction, and the item hidden automatically once enough members
// reported it (unless a moderator already decided on it: their word stands).
import { getT } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { recordEvent } from "~/modules/events/outbox.server";
import { notify } from "~/modules/notifications/notify.server";
import type { Db, Sql } from "~/utils/db.server";
import { allowsAct } from "~/modules/targets/registry.server";
import { targetKey, type ReportReason, type ReportTarget } from "./schema";
import { loadActingMember } from "./actors.server";
import { decide } from "./policy";
import { findModeratedTarget, memberLocale, setTargetHidden } from "./targets.server";

/** What a refusal of the moderation policy means to a reporter. */
const REPORT_REFUSALS: Record<string, "notFound" | "own" | "blocked"> = {
  "moderation:report.errors.notFound": "notFound",
  "moderation:report.errors.own": "own",
  "status.blocked": "blocked",
};

export type ReportOutcome =
  | { ok: true; reportCount: number; autoHidden: boolean }
  | { ok: false; error: "notFound" | "own" | "duplicate" | "blocked" };

export async function reportContent(
  sql: Sql,
  input: {
    organizationId: number;
    reporterId: number;
    target: ReportTarget;
    reason: ReportReason;
    details: string | null;
    origin: string;
  },
): Promise<ReportOutcome> {
  const { organizationId, reporterId } = input;
  return sql.begin(async (tx) => {
    const reporter = await loadActingMember(tx, organizationId, reporterId);
    if (!reporter) return { ok: false, error: "notFound" } as const;
    // Locked: concurrent reports of one item count one after the other.
    const target = await findModeratedTarget(tx, organizationId, input.target, { lock: true });
    // The moderation policy: a member, not blocked, reporting what everyone sees and is not theirs.
    const allowed = decide(reporter.actor, "report", { actorBlocked: reporter.blocked, item: target });
    if (!allowed.allowed || !target) return { ok: false, error: REPORT_REFUSALS[allowed.allowed ? "" : allowed.reason] ?? "notFound" } as const;
    const inserted = await tx`
      insert into reports (organization_id, target_type, target_id, reporter_id, reason, details)
      values (${organizationId}, ${target.type}, ${target.id}, ${reporterId}, ${input.reason}, ${input.details || null})
      on conflict (target_type, target_id, reporter_id) do nothing
      returning id`;
    if (inserted.length === 0) return { ok: false, error: "duplicate" } as const;
    // After a moderator's decision (restored, dismissed), new reports bring the item back to the queue.
    // A decided item that is reported again waits once more, in a new round.
    const [moderation] = await tx`
      insert into moderations (organization_id, target_type, target_id, project_id, report_count, state, waiting_since)
      values (${organizationId}, ${target.type}, ${target.id}, ${target.projectId}, 1, 'pending', now())
      on conflict (target_type, target_id) do update set
        report_count = moderations.report_count + 1,
        state = case when moderations.state in ('restored', 'dismissed') then 'pending' else moderations.state end,
        round = case when moderations.state in ('restored', 'dismissed') then moderations.round + 1 else moderations.round end,
        waiting_since = case when moderations.state in ('restored', 'dismissed') then now() else moderations.waiting_since end,
        updated_at = now()
      where moderations.organization_id = excluded.organization_id
      returning id, report_count, state, decided_by`;
    if (!moderation) throw new Error("moderations row of another organization for the same target");
    // The moderators' menus count what waits (a new item, or one back in the queue), and their
    // queue shows each item's reports: every report changes it.
    await recordEvent(tx, { type: "moderation.changed", organizationId, projectId: null, payload: {} });
    const reportCount = Number(moderation.report_count);
    const [org] = await tx`select report_threshold from organizations where id = ${organizationId}`;
    const threshold = Number(org!.report_threshold);
    const autoHide = moderation.state === "pending" && moderation.decided_by == null && reportCount >= threshold;
    if (!autoHide) return { ok: true, reportCount, autoHidden: false } as const;

    await setTargetHidden(tx, target, true);
    await recordEvent(tx, {
      type: "content.hidden",
      organizationId,
      projectId: target.projectId,
      payload: { targetType: target.type, targetId: target.id },
    });
    await tx`
      update moderations set state = 'hidden', auto_hidden = true, updated_at = now()
      where id = ${moderation.id} and organization_id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId: null,
      action: "moderation.auto_hide",
      subjectType: target.type,
      subjectId: target.id,
      data: { moderationId: Number(moderation.id), reportCount, threshold, authorId: target.authorId },
    });
    const t = getT(await memberLocale(tx, organizationId, target.authorId));
    await notify(tx, {
      organizationId,
      userId: target.authorId,
      kind: "content_hidden",
      data: { path: target.path, contentTitle: target.title, reason: t("moderation:autoHiddenReason", { count: reportCount }) },
      origin: input.origin,
    });
    return { ok: true, reportCount, autoHidden: true } as const;
  }) as Promise<ReportOutcome>;
}

/**
 * Which of `targets` the viewer already reported, as a Set of "type:id" (see targetKey): one
 * query for a whole list page, so that each ReportButton gets its `alreadyReported`.
 */
export async function loadReportedByViewer(db: Db, viewerId: number | null | undefined, targets: ReportTarget[]): Promise<Set<string>> {
  const reported = new Set<string>();
  if (!viewerId || targets.length === 0) return reported;
  const types: string[] = [];
  const ids: number[] = [];
  for (const target of targets) {
    if (!allowsAct(target.type, "report") || !Number.isSafeInteger(target.id)) continue;
    types.push(target.type);
    ids.push(target.id);
  }
  if (ids.length === 0) return reported;
  const rows = await db`
    select r.target_type, r.target_id
    from reports r
    join unnest(${types}::text[], ${ids}::bigint[]) as wanted(target_type, target_id)
      on wanted.target_type = r.target_type and wanted.target_id = r.target_id
    where r.reporter_id = ${viewerId}`;
  for (const row of rows) reported.add(targetKey({ type: String(row.target_type), id: Number(row.target_id) }));
  return reported;
}
