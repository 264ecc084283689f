// Moderation forms and list parameters, shared by the browser (Conform) and the server. Messages
// are i18n keys. No server code here: the report button imports it.
import { z } from "zod";
import { targetTypeField, type TargetRef } from "~/modules/targets/types";
import { safeRedirectPath } from "~/utils/redirect";

export { targetKey } from "~/modules/targets/types";

/** What is reported: any kind the targets' registry says may be reported (the server checks). */
export type ReportTargetType = string;
export type ReportTarget = TargetRef;

export const REPORT_REASONS = ["spam", "offensive", "off_topic", "personal_data", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const MODERATION_STATES = ["pending", "hidden", "restored", "dismissed"] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export const DECISIONS = ["hide", "restore", "dismiss"] as const;
export type Decision = (typeof DECISIONS)[number];

export const REPORT_DETAILS_MAX = 1000;
export const DECISION_REASON_MAX = 1000;

/** A path of this site, else the fallback: safeRedirectPath's rule (utils/redirect.ts), for the browser too. */
export function sameSitePath(to: unknown, fallback: string): string {
  return safeRedirectPath(to, fallback);
}

const idField = z.coerce
  .number({ invalid_type_error: "errors.invalid", required_error: "errors.invalid" })
  .int("errors.invalid")
  .positive("errors.invalid")
  .max(Number.MAX_SAFE_INTEGER, "errors.invalid");

export const ReportSchema = z.object({
  // Whether the kind exists and may be reported is the server's question (an unknown one: not found).
  targetType: targetTypeField,
  targetId: idField,
  reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: "moderation:report.errors.reason" }) }),
  details: z.string().trim().max(REPORT_DETAILS_MAX, "moderation:report.errors.detailsLength").optional(),
  /**
   * The page the form was on, for the link back after a report made without JavaScript. Any
   * string: an unusable one (sameSitePath) only means no link back, never a refused report.
   */
  redirectTo: z.string().optional(),
});

const reasonField = z
  .string({ required_error: "moderation:errors.reasonRequired" })
  .trim()
  .min(1, "moderation:errors.reasonRequired")
  .max(DECISION_REASON_MAX, "moderation:errors.reasonLength");

export const DecisionSchema = z.object({
  intent: z.enum(DECISIONS, { errorMap: () => ({ message: "errors.invalid" }) }),
  moderationId: idField,
  /** The round the decision is for, as the page showed it: a decision made meanwhile by another moderator took it. */
  round: idField,
  reason: reasonField,
});

/** One item of a bulk decision: "<moderationId>:<round>", as the queue's checkboxes post it. */
const bulkItem = z
  .string()
  .regex(/^\d{1,15}:\d{1,9}$/, "errors.invalid")
  .transform((s) => {
    const [moderationId, round] = s.split(":").map(Number);
    return { moderationId: moderationId!, round: round! };
  });

export const BULK_MAX = 50;

/** A decision on several waiting items at once (a wave of spam): one reason for all. */
export const BulkDecisionSchema = z.object({
  intent: z.enum(["bulk-hide", "bulk-dismiss"], { errorMap: () => ({ message: "errors.invalid" }) }),
  items: z
    .array(bulkItem, { required_error: "moderation:bulk.errors.none", invalid_type_error: "moderation:bulk.errors.none" })
    .min(1, "moderation:bulk.errors.none")
    .max(BULK_MAX, "moderation:bulk.errors.tooMany"),
  reason: reasonField,
});

export const BlockSchema = z.object({
  intent: z.literal("block"),
  userId: idField,
  reason: reasonField,
});

export const UnblockSchema = z.object({
  intent: z.literal("unblock"),
  userId: idField,
  reason: z.string().trim().max(DECISION_REASON_MAX, "moderation:errors.reasonLength").optional(),
});

/** Waiting: reported and undecided, or hidden automatically; decided: a moderator's word stands. */
export const QUEUE_FILTERS = ["waiting", "decided", "all"] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const QueueFiltersSchema = z.object({
  state: z.enum(QUEUE_FILTERS).catch("waiting"),
  /** A kind of the targets' registry (an unknown one lists nothing). */
  kind: z.string().regex(/^[a-z][a-z_]{0,30}$/).optional().catch(undefined),
  project: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const PageSchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

/** Whether an item waits for a moderator: reported and undecided, or hidden automatically. */
export function isWaiting(state: ModerationState, autoHidden: boolean): boolean {
  return state === "pending" || autoHidden;
}

/**
 * The decisions a moderator may take on an item in this state. Hidden automatically, it waits:
 * the hiding is confirmed ("hide") or the item restored. Hidden by a moderator, it can only come back.
 */
export function allowedDecisions(state: ModerationState, autoHidden = false): Decision[] {
  switch (state) {
    case "pending":
      return ["hide", "dismiss"];
    case "hidden":
      return autoHidden ? ["hide", "restore"] : ["restore"];
    case "restored":
    case "dismissed":
      return ["hide"];
  }
}
