// The audit log as an organization's admins read it: one page of entries, newest first, paged by
// id (stable while new entries arrive), with the names of the members and the titles of the
// projects, proposals, debates (every titled kind of the targets' registry) they are about, and one
// line of plain-text details per entry.
import { getT } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { listAuditEntries, type AuditRow } from "~/modules/audit/audit.server";
import { loadTargets, targetKinds } from "~/modules/targets/registry.server";
import type { Db } from "~/utils/db.server";

export const AUDIT_PER_PAGE = 30;

export type AuditPageEntry = AuditRow & {
  /** The member an entry is about (subject "user"), while their account exists. */
  subjectName: string | null;
  /** The project, proposal or debate an entry is about, while it exists. */
  subjectTitle: string | null;
};

export type AuditPage = {
  entries: AuditPageEntry[];
  /** Id to pass as `before` for older entries, when there are some. */
  olderCursor: number | null;
  /** Id to pass as `after` for newer entries, when there are some. */
  newerCursor: number | null;
};

function numericIds(entries: AuditRow[], type: string): number[] {
  return [...new Set(entries.filter((e) => e.subjectType === type && e.subjectId && /^\d{1,15}$/.test(e.subjectId)).map((e) => Number(e.subjectId)))];
}

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
  // What the entries are about: members (a deleted member has no name any more), and the titles
  // of the targets of every titled kind of the registry (a deleted one has none).
  const userIds = numericIds(entries, "user");
  const names = new Map<string, string>();
  if (userIds.length > 0) {
    const rows = await db`
      select id, name from users where organization_id = ${organizationId} and id = any(${userIds}::bigint[]) and deleted_at is null`;
    for (const r of rows) if (r.name != null) names.set(`user:${r.id}`, String(r.name));
  }
  const titled = targetKinds().filter((kind) => kind.titled);
  const targets = await loadTargets(
    db,
    organizationId,
    titled.flatMap((kind) => numericIds(entries, kind.kind).map((id) => ({ type: kind.kind, id }))),
  );
  for (const [key, target] of targets) names.set(key, target.title);
  return {
    entries: entries.map((e) => {
      const label = e.subjectType && e.subjectId ? (names.get(`${e.subjectType}:${e.subjectId}`) ?? null) : null;
      return {
        ...e,
        subjectName: e.subjectType === "user" ? label : null,
        subjectTitle: e.subjectType !== "user" ? label : null,
      };
    }),
    olderCursor: bounds?.older ? oldest : null,
    newerCursor: bounds?.newer ? newest : null,
  };
}

type LooseT = (key: string, options?: Record<string, unknown>) => string;
const MISSING = "\u0000missing";

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function num(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * One line of plain text saying what an entry changed, in the page's language: whom a role
 * change was about, which settings or project fields changed, a moderation decision's target and
 * reason, a proposal's new status. Empty for entries that need none (password changes...).
 */
export function describeAuditEntry(entry: AuditPageEntry, locale: Locale): string {
  const t = getT(locale) as unknown as LooseT;
  const exists = (key: string) => t(key, { defaultValue: MISSING }) !== MISSING;
  const label = (key: string, value: unknown) => (exists(`${key}.${str(value)}`) ? t(`${key}.${str(value)}`) : str(value));
  const list = (items: string[]) => new Intl.ListFormat(locale === "en" ? "en-GB" : "fr-FR", { type: "conjunction" }).format(items);
  const data = entry.data;
  const name = entry.subjectName ?? t("admin:audit.deletedParticipant");
  // The title the entry recorded (as it was then), else the current one.
  const title = str(data.title) || entry.subjectTitle || "";
  // "Proposition « Plus d'arbres » (n° 12)", "Commentaire n° 40".
  const target = () => {
    const type = entry.subjectType ?? "";
    const kind = exists(`admin:audit.targets.${type}`) ? t(`admin:audit.targets.${type}`) : type;
    const id = entry.subjectId ?? "";
    return title ? t("admin:audit.details.targetTitled", { kind, title, id }) : t("admin:audit.details.target", { kind, id });
  };
  const withReason = (text: string, reason: unknown) =>
    str(reason).trim() ? t("admin:audit.details.withReason", { text, reason: str(reason).trim() }) : text;

  switch (entry.action) {
    case "member.role_change":
      return t("admin:audit.details.roleChange", { name, from: label("admin:roles", data.from), to: label("admin:roles", data.to) });
    case "member.create":
      return t("admin:audit.details.memberCreate", { name, role: label("admin:roles", data.role) });
    case "organization.create":
      return t("admin:audit.details.organizationCreate", { name: str(data.name), host: str(data.host) });
    case "organization.update": {
      const fields = Object.keys(data).map((k) => label("admin:audit.fields", k));
      return t("admin:audit.details.organizationUpdate", { fields: list(fields) });
    }
    case "moderation.hide":
    case "moderation.restore":
    case "moderation.dismiss":
      return withReason(target(), data.reason);
    case "moderation.auto_hide": {
      const count = num(data.reportCount) ?? 0;
      return t("admin:audit.details.autoHide", { target: target(), count, threshold: num(data.threshold) ?? count });
    }
    case "moderation.block":
      return withReason(name, data.reason);
    case "moderation.unblock":
      return withReason(name, data.reason);
    case "project.create":
      return title ? t("admin:audit.details.projectCreate", { title, kind: label("projects:kinds", data.kind) }) : target();
    case "project.update": {
      const changed = Array.isArray(data.changed) ? data.changed.map((f) => label("admin:audit.projectFields", f)) : [];
      if (!title) return target();
      return changed.length > 0
        ? t("admin:audit.details.projectUpdate", { title, fields: list(changed) })
        : t("admin:audit.details.projectUnchanged", { title });
    }
    case "project.publish":
    case "project.archive":
      return title ? t("admin:audit.details.project", { title }) : target();
    case "proposal.answer":
      return t("admin:audit.details.proposalAnswer", { target: target(), status: label("proposals:status", data.status) });
    case "debate.open":
    case "debate.close":
      return target();
    case "scene.create":
    case "scene.update":
    case "scene.variant_create":
    case "scene.variant_update":
    case "scene.model_attach":
    case "scene.poster_set":
    case "scene.viewpoint_add":
    case "scene.viewpoint_update":
    case "scene.viewpoint_remove":
    case "scene.still_set":
      return target();
    default:
      return "";
  }
}
