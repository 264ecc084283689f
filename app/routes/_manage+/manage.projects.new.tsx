// /manage/projects/new: create a project (a draft until published).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mapLinks } from "~/components/map/links";
import { richTextLinks } from "~/components/rich-text/RichTextField";
import { getT } from "~/i18n/i18n.server";
import { requirePermission } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { handleProjectAction } from "~/modules/projects/form-action.server";
import { loadMapSettings } from "~/modules/projects/queries.server";
import { ManageBreadcrumb } from "~/modules/projects/ui/ManageBreadcrumb";
import { ProjectForm } from "~/modules/projects/ui/ProjectForm";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...mapLinks(), ...richTextLinks(), { rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  return { title: getT(context.locale)("projects:form.newTitle"), map: await loadMapSettings(sql, context.org.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A blocked official creates nothing (checked before the body is read).
  const user = await requireAct(context, request, "project.manage");
  return handleProjectAction(request, context, user, null);
}

export default function NewProject() {
  const { map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "projects"]);
  return (
    <div className="stack">
      <ManageBreadcrumb current={t("projects:form.newTitle")} />
      <h1>{t("projects:form.newTitle")}</h1>
      <ProjectForm
        mode="create"
        lastResult={actionData?.kind === "form" ? actionData.result : undefined}
        defaults={{ title: "", slug: "", summary: "", body: null, kind: "", coverAlt: "", location: null, phases: [] }}
        cover={null}
        documents={[]}
        map={map}
      />
    </div>
  );
}
