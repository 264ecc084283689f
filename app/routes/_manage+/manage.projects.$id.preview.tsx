// /manage/projects/:id/preview: the public presentation of a project (a draft, usually) as citizens
// will see it, for officials and admins only.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mapLinks } from "~/components/map/links";
import { getT } from "~/i18n/i18n.server";
import { notFound, requirePermission } from "~/modules/auth/guards.server";
import { buildPresentation } from "~/modules/projects/presentation.server";
import { loadProjectHeader } from "~/modules/projects/queries.server";
import { ProjectTitle } from "~/modules/projects/ui/ProjectHeader";
import { ProjectPresentation } from "~/modules/projects/ui/ProjectPresentation";
import projectStyles from "~/modules/projects/ui/projects.css";
import { headerView } from "~/modules/projects/view";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...mapLinks(), { rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "project.manage");
  const id = /^[1-9][0-9]{0,15}$/.test(params.id ?? "") ? Number(params.id) : null;
  if (!id) notFound();
  const header = await loadProjectHeader(sql, context.org.id, { id }, user, { counts: false });
  if (!header) notFound();
  const presentation = await buildPresentation(sql, context.org.id, header, context.locale);
  if (!presentation) notFound();
  return {
    title: getT(context.locale)("projects:form.previewTitle", { title: header.title }),
    project: headerView(header, context.locale),
    presentation,
  };
}

export default function ProjectPreview() {
  const { project, presentation } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "projects"]);
  return (
    <div className="stack">
      <div className="notice notice--warning preview-banner">
        <p>{t("projects:page.previewBanner")}</p>
        <p>
          <Link to={`/manage/projects/${project.id}`}>{t("projects:page.backToEdit")}</Link>
        </p>
      </div>
      <ProjectTitle project={project} canManage={false} preview />
      <ProjectPresentation view={presentation} />
    </div>
  );
}
