// /manage/projects: the organization's projects (drafts included) for officials and admins:
// title, status, current phase, last change, with links to edit, preview and view; "New project".
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { requirePermission } from "~/modules/auth/guards.server";
import { formatMoment } from "~/utils/dates";
import { listManagedProjects } from "~/modules/projects/queries.server";
import { Pagination } from "~/modules/projects/ui/Pagination";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  const url = new URL(request.url);
  const page = Math.min(Math.max(1, Math.floor(Number(url.searchParams.get("page")) || 1)), 10_000);
  const list = await listManagedProjects(sql, context.org.id, page);
  return {
    title: getT(context.locale)("projects:manage.title"),
    orgName: context.org.name,
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    projects: list.projects.map((p) => ({ ...p, updatedAt: formatMoment(p.updatedAt, context.locale, true) })),
  };
}

export default function ManageProjects() {
  const { orgName, page, pageCount, projects } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "projects"]);
  return (
    <div className="stack">
      <h1>{t("projects:manage.title")}</h1>
      <p>{t("projects:manage.intro", { org: orgName })}</p>
      <p>
        <Link to="/manage/projects/new" className="button">
          {t("projects:manage.new")}
        </Link>
      </p>
      {projects.length === 0 ? (
        <p>{t("projects:manage.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="manage-table">
            <caption>{t("projects:manage.caption", { org: orgName, page: String(page), pages: String(pageCount) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("projects:manage.colTitle")}</th>
                <th scope="col">{t("projects:manage.colStatus")}</th>
                <th scope="col">{t("projects:manage.colPhase")}</th>
                <th scope="col">{t("projects:manage.colUpdated")}</th>
                <th scope="col">{t("projects:manage.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/manage/projects/${p.id}`}>{p.title}</Link>
                  </th>
                  <td data-label={t("projects:manage.colStatus")}>{t(`projects:statuses.${p.status}`)}</td>
                  <td data-label={t("projects:manage.colPhase")}>{p.phase ? t(`projects:phases.${p.phase}`) : t("projects:manage.noPhase")}</td>
                  <td data-label={t("projects:manage.colUpdated")}>
                    <time dateTime={p.updatedAt.iso}>{p.updatedAt.label}</time>
                  </td>
                  <td data-label={t("projects:manage.colActions")}>
                    <ul className="manage-actions">
                      <li>
                        <Link to={`/manage/projects/${p.id}`} aria-label={t("projects:manage.editNamed", { title: p.title })}>
                          {t("projects:manage.edit")}
                        </Link>
                      </li>
                      <li>
                        {p.status === "draft" ? (
                          <Link to={`/manage/projects/${p.id}/preview`} aria-label={t("projects:manage.previewNamed", { title: p.title })}>
                            {t("projects:manage.preview")}
                          </Link>
                        ) : (
                          <Link to={`/projects/${p.slug}`} aria-label={t("projects:manage.viewNamed", { title: p.title })}>
                            {t("projects:manage.view")}
                          </Link>
                        )}
                      </li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        label={t("projects:manage.pagination")}
        page={page}
        pageCount={pageCount}
        hrefFor={(p) => (p > 1 ? `/manage/projects?page=${p}` : "/manage/projects")}
      />
    </div>
  );
}
