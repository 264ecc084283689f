// The contributions moderation acts on, as the targets' registry knows them (proposals, comments,
// debates, and any kind registered as reportable): who wrote them, where they are shown, whether
// they are hidden, read and changed inside their organization.
import { allowsAct, loadTarget, type TargetState } from "~/modules/targets/registry.server";
import type { Db } from "~/utils/db.server";
import type { ReportTarget } from "./schema";

export { setTargetHidden } from "~/modules/targets/registry.server";

/** A reportable target: it always has an author (the registry refuses a reportable kind without one). */
export type ModeratedTarget = TargetState & { authorId: number };

/**
 * A reportable item of this organization, or null. `lock` takes its row lock, so that reports
 * and decisions on one item run one after the other.
 */
export async function findModeratedTarget(
  db: Db,
  organizationId: number,
  target: ReportTarget,
  options: { lock?: boolean } = {},
): Promise<ModeratedTarget | null> {
  if (!allowsAct(target.type, "report")) return null;
  const state = await loadTarget(db, organizationId, target, options);
  if (!state || state.authorId == null) return null;
  return { ...state, authorId: state.authorId };
}

/** The language mails and notifications to this member are written in. */
export async function memberLocale(db: Db, organizationId: number, userId: number): Promise<"fr" | "en"> {
  const [row] = await db`
    select u.locale, o.default_locale from users u join organizations o on o.id = u.organization_id
    where u.id = ${userId} and u.organization_id = ${organizationId}`;
  const locale = row?.locale ?? row?.default_locale;
  return locale === "en" ? "en" : "fr";
}
