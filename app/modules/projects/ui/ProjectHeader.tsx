// The top of every project page: title, theme, status, current phase, draft or archive notice,
// the follow button, and the tabs (Présentation / Propositions / Débats).
import { Link, NavLink, useFetcher, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PhaseKind, ProjectKind, ProjectStatus } from "../phases";
import { KindBadge, PhaseBadge } from "./ProjectBadges";

export type ProjectHeaderView = {
  id: number;
  slug: string;
  title: string;
  kind: ProjectKind;
  status: ProjectStatus;
  currentPhase: PhaseKind | null;
  /** The current phase's last day, in the page's language, or null when it has no end. */
  currentPhaseEndsOn: string | null;
  proposalsCount: number;
  debatesCount: number;
  followersCount: number;
  following: boolean;
};

/**
 * `compact` on a project's sub-pages (a proposal, a debate, the lists): the title and phase on one
 * short block, so that the page's own content starts near the top of a phone's screen.
 * The publication status is for those who manage projects: the public only sees published ones.
 */
export function ProjectTitle({
  project,
  canManage,
  preview = false,
  compact = false,
}: {
  project: ProjectHeaderView;
  canManage: boolean;
  preview?: boolean;
  compact?: boolean;
}) {
  const { t } = useTranslation(["projects"]);
  const phase = (
    <PhaseBadge
      phase={project.currentPhase}
      whole
      spoken={
        project.currentPhase
          ? t("projects:page.currentPhase", { phase: t(`projects:phases.${project.currentPhase}`) })
          : t("projects:page.noCurrentPhase")
      }
    />
  );
  return (
    <div className={`project-header${compact ? " project-header--compact" : " stack"}`}>
      {project.status === "draft" && !preview ? (
        <p className="notice notice--warning">{t("projects:page.draftBanner")}</p>
      ) : null}
      {project.status === "archived" ? <p className="notice notice--info">{t("projects:page.archivedBanner")}</p> : null}
      <h1>{project.title}</h1>
      <p className="project-header__meta">
        {phase}
        {compact ? null : <KindBadge kind={project.kind} />}
        {canManage || preview ? (
          <span className="badge badge--muted">{t("projects:page.status", { status: t(`projects:statuses.${project.status}`) })}</span>
        ) : null}
      </p>
      {canManage && !preview && !compact ? (
        <p>
          <Link to={`/manage/projects/${project.id}`}>{t("projects:page.edit")}</Link>
        </p>
      ) : null}
    </div>
  );
}

type FollowReply = { ok: boolean; following: boolean; followersCount: number; message: string };

export type { FollowReply };

/** `pageReply`: the action's answer after a submission without JavaScript (the fetcher's otherwise). */
export function FollowControl({ project, loggedIn, pageReply }: { project: ProjectHeaderView; loggedIn: boolean; pageReply?: FollowReply | null }) {
  const { t } = useTranslation(["projects"]);
  const fetcher = useFetcher<FollowReply>();
  const location = useLocation();
  const pending = fetcher.formData?.get("intent");
  const reply = fetcher.data ?? pageReply ?? undefined;
  // Optimistic while the request runs; then what the server answered; else the page's data.
  const following = pending ? pending === "follow" : (reply?.following ?? project.following);
  const count = pending
    ? project.followersCount + (pending === "follow" && !project.following ? 1 : pending === "unfollow" && project.following ? -1 : 0)
    : (reply?.followersCount ?? project.followersCount);
  if (!loggedIn) {
    return (
      <div className="follow">
        <p className="follow__count">{t("projects:page.followers", { count })}</p>
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("projects:page.followLogin")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="follow">
      <fetcher.Form method="post" action={`/projects/${project.slug}`} className="inline-form">
        <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
        <button type="submit" className="button button--secondary follow__button" aria-pressed={following}>
          <span aria-hidden="true" className="follow__mark">
            {following ? "✓" : "+"}
          </span>
          {t("projects:page.follow")}
        </button>
      </fetcher.Form>
      <p className="follow__count">{t("projects:page.followers", { count })}</p>
      <p role="status" className="follow__status">
        {reply && !pending ? reply.message : ""}
      </p>
    </div>
  );
}

export function ProjectTabs({ project }: { project: ProjectHeaderView }) {
  const { t } = useTranslation(["projects"]);
  const base = `/projects/${project.slug}`;
  return (
    <nav aria-label={t("projects:page.tabs")} className="tabs">
      <ul>
        <li>
          <NavLink to={base} end prefetch="intent">
            {t("projects:page.presentation")}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/proposals`} prefetch="intent">
            {t("projects:page.proposals", { count: project.proposalsCount })}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/debates`} prefetch="intent">
            {t("projects:page.debates", { count: project.debatesCount })}
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}
