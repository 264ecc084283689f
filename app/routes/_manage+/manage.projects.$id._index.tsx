// /manage/projects/:id: edit a project of the organization; publish, publish again, archive.
// Another organization's project (or an unknown id) is a 404.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mapLinks } from "~/components/map/links";
import { richTextLinks } from "~/components/rich-text/RichTextField";
import { getT } from "~/i18n/i18n.server";
import { notFound, requirePermission } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { handleProjectAction } from "~/modules/projects/form-action.server";
import { formatMoment } from "~/utils/dates";
import { formatBytes } from "~/utils/intl";
import { loadEditableProject, loadMapSettings } from "~/modules/projects/queries.server";
import { ManageBreadcrumb } from "~/modules/projects/ui/ManageBreadcrumb";
import { ProjectForm } from "~/modules/projects/ui/ProjectForm";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...mapLinks(), ...richTextLinks(), { rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const NOTICES = ["created", "saved", "published", "archived"] as const;

function projectIdFrom(raw: string | undefined): number {
  const id = /^[1-9][0-9]{0,15}$/.test(raw ?? "") ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) notFound();
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  const id = projectIdFrom(params.id);
  const [project, map] = await Promise.all([loadEditableProject(sql, context.org.id, id), loadMapSettings(sql, context.org.id)]);
  if (!project) notFound();
  const t = getT(context.locale);
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    title: t("projects:form.editTitle", { title: project.title }),
    project: {
      id: project.id,
      slug: project.slug,
      title: project.title,
      status: project.status,
      publishedAt: project.publishedAt ? formatMoment(project.publishedAt, context.locale).label : null,
      archivedAt: project.archivedAt ? formatMoment(project.archivedAt, context.locale).label : null,
    },
    defaults: {
      title: project.title,
      slug: project.slug,
      summary: project.summary,
      body: project.body,
      kind: project.kind,
      coverAlt: project.cover?.alt ?? "",
      location: project.location,
      phases: project.phases,
    },
    cover: project.cover,
    documents: project.documents.map((d) => {
      const size = formatBytes(d.bytes, context.locale);
      return {
        id: d.id,
        title: d.title,
        meta: d.pages ? t("projects:page.documentMeta", { count: d.pages, size }) : t("projects:page.documentMetaNoPages", { size }),
      };
    }),
    map,
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as (typeof NOTICES)[number]) : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // A blocked official edits, publishes and archives nothing (checked before the body is read).
  const user = await requireAct(context, request, "project.manage");
  const id = projectIdFrom(params.id);
  // Before reading any file: the project must be this organization's.
  const [exists] = await sql`select 1 from projects where id = ${id} and organization_id = ${context.org.id}`;
  if (!exists) notFound();
  return handleProjectAction(request, context, user, id);
}

export default function EditProject() {
  const { project, defaults, cover, documents, map, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "projects", "consultations", "scenes"]);
  const statusText =
    project.status === "draft"
      ? t("projects:form.statusDraft")
      : project.status === "published"
        ? t("projects:form.statusPublished", { date: project.publishedAt ?? "" })
        : t("projects:form.statusArchived", { date: project.archivedAt ?? "" });
  return (
    <div className="stack">
      <ManageBreadcrumb current={t("projects:form.editTitle", { title: project.title })} />
      <h1>{t("projects:form.editTitle", { title: project.title })}</h1>
      <div role="status">{notice && !actionData ? <p className="notice">{t(`projects:form.${notice}`)}</p> : null}</div>

      <section aria-labelledby="publication-title" className="status-panel">
        <h2 id="publication-title">{t("projects:form.publicationTitle")}</h2>
        <p>{statusText}</p>
        {actionData?.kind === "status" ? (
          <p role="alert" className="notice notice--error">
            {actionData.message}
          </p>
        ) : null}
        <div className="actions">
          {project.status !== "published" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                {project.status === "draft" ? t("projects:form.publish") : t("projects:form.republish")}
              </button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="archive" />
              <button type="submit" className="button button--secondary" disabled={navigation.state === "submitting"}>
                {t("projects:form.archive")}
              </button>
            </Form>
          )}
          <Link to={`/manage/projects/${project.id}/consultations`}>{t("consultations:manage.manageLink")}</Link>
          {project.status === "draft" ? (
            <Link to={`/manage/projects/${project.id}/preview`}>{t("projects:form.preview")}</Link>
          ) : (
            <Link to={`/projects/${project.slug}`}>{t("projects:form.view")}</Link>
          )}
        </div>
        {project.status !== "published" ? <p className="field__hint">{t("projects:form.publishHint")}</p> : null}
      </section>

      <p>
        <Link to={`/manage/projects/${project.id}/scenes`}>{t("scenes:manage.tab")}</Link>
      </p>

      <ProjectForm
        key={project.id}
        mode="edit"
        lastResult={actionData?.kind === "form" ? actionData.result : undefined}
        defaults={defaults}
        cover={cover}
        documents={documents}
        map={map}
      />
    </div>
  );
}
