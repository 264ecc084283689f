// The contributions moderation acts on (proposals, comments, debates), read and changed inside
// their organization: who wrote them, where they are shown, whether they are hidden.
import { commentAnchor, COMMENTS_PARAM, focusPage } from "~/modules/comments/types";
import type { Db } from "~/utils/db.server";
import type { ReportTarget, ReportTargetType } from "./schema";
import { excerpt } from "./text";

export type ModeratedTarget = ReportTarget & {
  organizationId: number;
  projectId: number;
  projectStatus: string;
  authorId: number;
  /** The title (proposal, debate) or the start of the text (comment), plain text. */
  title: string;
  /** The page that shows it, in this organization's site. */
  path: string;
  hidden: boolean;
  /** A comment its author deleted (kept for its replies): nothing left to moderate. */
  deleted: boolean;
};

/** Where a comment is seen: the focused view of it on its target's page. */
export function commentPath(projectSlug: string, targetType: string, targetId: number, commentId: number): string {
  const base =
    targetType === "proposal"
      ? `/projects/${projectSlug}/proposals/${targetId}`
      : targetType === "debate"
        ? `/projects/${projectSlug}/debates/${targetId}`
        : `/projects/${projectSlug}`;
  return `${base}?${COMMENTS_PARAM}=${focusPage(commentId)}#${commentAnchor(commentId)}`;
}

export function targetPath(type: ReportTargetType, projectSlug: string, id: number): string {
  return type === "proposal" ? `/projects/${projectSlug}/proposals/${id}` : `/projects/${projectSlug}/debates/${id}`;
}

/**
 * A proposal, comment or debate of this organization, or null. `lock` takes its row lock, so that
 * reports and decisions on one item run one after the other.
 */
export async function findModeratedTarget(
  db: Db,
  organizationId: number,
  target: ReportTarget,
  options: { lock?: boolean } = {},
): Promise<ModeratedTarget | null> {
  const lock = options.lock ? db`for update of t` : db``;
  if (target.type === "comment") {
    const [row] = await db`
      select t.author_id, t.body, t.hidden_at, t.deleted_at, t.project_id, t.target_type, t.target_id, pr.slug, pr.status
      from comments t join projects pr on pr.id = t.project_id and pr.organization_id = t.organization_id
      where t.id = ${target.id} and t.organization_id = ${organizationId}
      ${lock}`;
    if (!row) return null;
    return {
      ...target,
      organizationId,
      projectId: Number(row.project_id),
      projectStatus: String(row.status),
      authorId: Number(row.author_id),
      title: excerpt(String(row.body)),
      path: commentPath(String(row.slug), String(row.target_type), Number(row.target_id), target.id),
      hidden: row.hidden_at != null,
      deleted: row.deleted_at != null,
    };
  }
  const [row] =
    target.type === "proposal"
      ? await db`
          select t.author_id, t.title, t.hidden_at, t.project_id, pr.slug, pr.status
          from proposals t join projects pr on pr.id = t.project_id and pr.organization_id = t.organization_id
          where t.id = ${target.id} and t.organization_id = ${organizationId}
          ${lock}`
      : await db`
          select t.author_id, t.title, t.hidden_at, t.project_id, pr.slug, pr.status
          from debates t join projects pr on pr.id = t.project_id and pr.organization_id = t.organization_id
          where t.id = ${target.id} and t.organization_id = ${organizationId}
          ${lock}`;
  if (!row) return null;
  return {
    ...target,
    organizationId,
    projectId: Number(row.project_id),
    projectStatus: String(row.status),
    authorId: Number(row.author_id),
    title: String(row.title),
    path: targetPath(target.type, String(row.slug), target.id),
    hidden: row.hidden_at != null,
    deleted: false,
  };
}

/** Sets or clears `hidden_at` on the target, inside its organization. */
export async function setTargetHidden(db: Db, target: ReportTarget & { organizationId: number }, hidden: boolean): Promise<void> {
  const value = hidden ? db`coalesce(hidden_at, now())` : db`null`;
  if (target.type === "proposal") {
    await db`update proposals set hidden_at = ${value} where id = ${target.id} and organization_id = ${target.organizationId}`;
  } else if (target.type === "debate") {
    await db`update debates set hidden_at = ${value} where id = ${target.id} and organization_id = ${target.organizationId}`;
  } else {
    await db`update comments set hidden_at = ${value} where id = ${target.id} and organization_id = ${target.organizationId}`;
  }
}

/** The language mails and notifications to this member are written in. */
export async function memberLocale(db: Db, organizationId: number, userId: number): Promise<"fr" | "en"> {
  const [row] = await db`
    select u.locale, o.default_locale from users u join organizations o on o.id = u.organization_id
    where u.id = ${userId} and u.organization_id = ${organizationId}`;
  const locale = row?.locale ?? row?.default_locale;
  return locale === "en" ? "en" : "fr";
}
