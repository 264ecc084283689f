// /manage/projects/:id/scenes: the 3D scenes of a project (officials): the list, each scene's
// variants counted, and the form creating a scene. Another organization's project is a 404.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { idParam } from "~/modules/projects/request.server";
import { ManageBreadcrumb } from "~/modules/projects/ui/ManageBreadcrumb";
import { handleSceneForm, requireManagedProject } from "~/modules/scenes/manage.server";
import { listScenes } from "~/modules/scenes/queries.server";
import { answerFor, FormErrors, TextInput } from "~/modules/scenes/ui/manage/fields";
import sceneStyles from "~/modules/scenes/ui/manage/manage.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: sceneStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireManagedProject(context, request, idParam(params.id));
  const scenes = await listScenes(sql, context.org.id, project.id, context.actor);
  return { title: getT(context.locale)("scenes:manage.title", { title: project.title }), project, scenes };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return handleSceneForm(request, context, idParam(params.id), null);
}

export default function ManageScenes() {
  const { title, project, scenes } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation(["scenes", "common"]);
  const created = answerFor(answer, "scene-create::");
  return (
    <div className="stack">
      <ManageBreadcrumb current={title} />
      <h1>{title}</h1>
      <p>{t("scenes:manage.intro")}</p>
      <p>
        <Link to={`/manage/projects/${project.id}`}>{t("scenes:manage.back")}</Link>
      </p>
      {scenes.length === 0 ? (
        <p>{t("scenes:manage.none")}</p>
      ) : (
        <ul className="scene-list">
          {scenes.map((scene) => (
            <li key={scene.id}>
              <h2>
                <Link to={`/manage/projects/${project.id}/scenes/${scene.id}`} aria-label={t("scenes:manage.open", { title: scene.title })}>
                  {scene.title}
                </Link>
              </h2>
              {scene.summary ? <p>{scene.summary}</p> : null}
              <p className="field__hint">{t("scenes:manage.variantsCount", { count: scene.variantsCount })}</p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-scene-title" className="stack">
        <h2 id="new-scene-title">{t("scenes:manage.newScene")}</h2>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate key={scenes.length}>
          <input type="hidden" name="intent" value="scene-create" />
          <FormErrors answer={created} />
          <TextInput id="scene-title" name="title" label={t("scenes:manage.sceneTitle")} answer={created} required maxLength={160} />
          <TextInput id="scene-summary" name="summary" label={t("scenes:manage.sceneSummary")} answer={created} maxLength={1000} multiline rows={3} />
          <div className="actions">
            <button type="submit" className="button">
              {t("scenes:manage.createScene")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
