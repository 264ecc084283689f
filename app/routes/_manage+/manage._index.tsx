// /manage: the officials' dashboard. For each project they manage, what waits for them (proposals
// without an answer, the oldest first, with how long they have waited; debates to close; phases
// starting or ending within 14 days) and the participation of the last weeks as a small chart
// drawn on the server with its table; the participation of the year as CSV.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { requirePermission } from "~/modules/auth/guards.server";
import { loadDashboard } from "~/modules/dashboard/queries.server";
import { DASHBOARD_WEEKS } from "~/modules/dashboard/schema";
import dashboardStyles from "~/modules/dashboard/ui/dashboard.css";
import { ParticipationChart, ParticipationTable, shortDay } from "~/modules/dashboard/ui/ParticipationChart";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { formatDayText, formatMoment } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: projectStyles },
  { rel: "stylesheet", href: dashboardStyles },
];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  const projects = await loadDashboard(sql, context.org.id);
  return {
    title: getT(context.locale)("dashboard:title"),
    projects: projects.map((p) => ({
      ...p,
      waiting: p.waiting.map((w) => ({ ...w, createdAt: formatMoment(w.createdAt, context.locale) })),
      debates: p.debates.map((d) => ({ ...d, createdAt: formatMoment(d.createdAt, context.locale) })),
      // Dates as text on the server only: the browser's date formats may differ from Node's.
      phases: p.phases.map((ph) => ({ ...ph, dateText: formatDayText(ph.on, context.locale) })),
      weeks: p.weeks.map((w) => ({ ...w, label: formatDayText(w.week, context.locale), short: shortDay(w.week, context.locale) })),
    })),
  };
}

type Project = ReturnType<typeof useLoaderData<typeof loader>>["projects"][number];

export default function Dashboard() {
  const { projects } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "dashboard", "projects"]);
  return (
    <div className="stack dashboard">
      <h1>{t("dashboard:title")}</h1>
      <p className="lead">{t("dashboard:intro")}</p>
      <ul className="actions dashboard__links">
        <li>
          <Link to="/manage/projects">{t("dashboard:projectsLink")}</Link>
        </li>
        <li>
          <a href="/manage/participation.csv" download>
            {t("dashboard:csv")}
          </a>
        </li>
      </ul>
      {projects.length === 0 ? <p className="notice">{t("dashboard:empty")}</p> : null}
      {projects.map((p) => (
        <ProjectSection key={p.id} project={p} />
      ))}
    </div>
  );
}

function ProjectSection({ project: p }: { project: Project }) {
  const { t } = useTranslation(["common", "dashboard", "projects"]);
  const titleId = `dashboard-project-${p.id}`;
  return (
    <section className="dashboard__project stack" aria-labelledby={titleId}>
      <h2 id={titleId}>
        <Link to={`/projects/${p.slug}`}>{p.title}</Link>
        {p.status === "draft" ? <span className="dashboard__status"> ({t("dashboard:statusDraft")})</span> : null}
      </h2>
      <p className="dashboard__summary">
        {t("dashboard:summary", {
          waiting: t("dashboard:waitingCount", { count: p.waitingCount }),
          debates: t("dashboard:debatesCount", { count: p.debatesCount }),
          phases: t("dashboard:phasesCount", { count: p.phases.length }),
        })}
      </p>
      <div className="dashboard__grid">
        <section aria-labelledby={`${titleId}-waiting`}>
          <h3 id={`${titleId}-waiting`}>{t("dashboard:waitingTitle")}</h3>
          {p.waiting.length === 0 ? (
            <p>{t("dashboard:waitingNone")}</p>
          ) : (
            <ol className="dashboard__list">
              {p.waiting.map((w) => (
                <li key={w.id}>
                  <Link to={w.path}>
                    {w.title}
                    <span className="visually-hidden"> : {t("dashboard:answer")}</span>
                  </Link>
                  <span className="dashboard__meta">
                    {t("dashboard:waitingSince", { count: w.daysWaiting })} (<time dateTime={w.createdAt.iso}>{w.createdAt.label}</time>) ·{" "}
                    {t("dashboard:supports", { count: w.supportsCount })}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {p.waitingCount > p.waiting.length ? (
            <p>
              <Link to={`/projects/${p.slug}/proposals?status=submitted`}>{t("dashboard:waitingMore", { count: p.waitingCount - p.waiting.length })}</Link>
            </p>
          ) : null}
        </section>
        <section aria-labelledby={`${titleId}-debates`}>
          <h3 id={`${titleId}-debates`}>{t("dashboard:debatesTitle")}</h3>
          {p.debates.length === 0 ? (
            <p>{t("dashboard:debatesNone")}</p>
          ) : (
            <ol className="dashboard__list">
              {p.debates.map((d) => (
                <li key={d.id}>
                  <Link to={d.path}>
                    {d.title}
                    <span className="visually-hidden"> : {t("dashboard:close")}</span>
                  </Link>
                  <span className="dashboard__meta">
                    {t("dashboard:openSince", { count: d.daysOpen })} · {t("dashboard:comments", { count: d.commentsCount })}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {p.debatesCount > p.debates.length ? (
            <p>
              <Link to={`/projects/${p.slug}/debates`}>{t("dashboard:debatesMore", { count: p.debatesCount - p.debates.length })}</Link>
            </p>
          ) : null}
        </section>
        <section aria-labelledby={`${titleId}-phases`}>
          <h3 id={`${titleId}-phases`}>{t("dashboard:phasesTitle")}</h3>
          {p.phases.length === 0 ? (
            <p>{t("dashboard:phasesNone")}</p>
          ) : (
            <ul className="dashboard__list">
              {p.phases.map((ph) => (
                <li key={`${ph.kind}-${ph.event}`}>
                  {t(ph.event === "starts" ? "dashboard:phaseStarts" : "dashboard:phaseEnds", {
                    phase: t(`projects:phases.${ph.kind as "information"}`),
                    date: ph.dateText,
                  })}{" "}
                  <span className="dashboard__meta">({t("dashboard:inDays", { count: ph.inDays })})</span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`/manage/projects/${p.id}`}>
              {t("dashboard:editPhases")}
              <span className="visually-hidden"> : {p.title}</span>
            </Link>
          </p>
        </section>
      </div>
      <section aria-labelledby={`${titleId}-participation`} className="stack">
        <h3 id={`${titleId}-participation`}>{t("dashboard:participationTitle", { count: DASHBOARD_WEEKS })}</h3>
        <ParticipationChart id={`${titleId}-chart`} title={p.title} weeks={p.weeks} />
        <ParticipationTable title={p.title} weeks={p.weeks} />
      </section>
    </section>
  );
}
