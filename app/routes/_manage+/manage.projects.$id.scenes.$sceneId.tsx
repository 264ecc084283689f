// /manage/projects/:id/scenes/:sceneId: one scene for the officials: its title and summary; each
// variant's text, poster, model (upload with progress, budget report, refusals in plain words),
// viewpoints (simple fields) and their stills; a new variant. Every form works without
// JavaScript; a failed one shows its errors in place, nothing written.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { idParam } from "~/modules/projects/request.server";
import { ManageBreadcrumb } from "~/modules/projects/ui/ManageBreadcrumb";
import { handleSceneForm, requireManagedProject, requireManagedScene, SCENE_NOTICES, type SceneFormAnswer } from "~/modules/scenes/manage.server";
import type { SceneVariant, Viewpoint } from "~/modules/scenes/schema";
import { answerFor, FileInput, FormErrors, TextInput, Vec3Fields, type FormAnswer } from "~/modules/scenes/ui/manage/fields";
import sceneStyles from "~/modules/scenes/ui/manage/manage.css";
import { BudgetReportView } from "~/modules/scenes/ui/manage/ModelMessages";
import { ModelUploadForm } from "~/modules/scenes/ui/manage/ModelUploadForm";
import { formatBytes } from "~/utils/intl";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: sceneStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const IMAGE_TYPES = "image/jpeg,image/png,image/webp";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireManagedProject(context, request, idParam(params.id));
  const scene = await requireManagedScene(context, project.id, idParam(params.sceneId));
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    title: scene.title,
    heading: getT(context.locale)("scenes:manage.title", { title: project.title }),
    project,
    scene,
    notice: (SCENE_NOTICES as readonly string[]).includes(notice ?? "") ? notice : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return handleSceneForm(request, context, idParam(params.id), idParam(params.sceneId));
}

function ViewpointItem({ variantId, viewpoint, answer }: { variantId: number; viewpoint: Viewpoint; answer: FormAnswer }) {
  const { t } = useTranslation(["scenes"]);
  const key = `viewpoint-edit:${variantId}:${viewpoint.id}`;
  const edit = answerFor(answer, key);
  const still = answerFor(answer, `still:${variantId}:${viewpoint.id}`);
  const id = `vp-${viewpoint.id}`;
  return (
    <li id={`viewpoint-${viewpoint.id}`} className="scene-viewpoint stack">
      <h4>
        {viewpoint.name} <span className="field__hint">— {viewpoint.caption}</span>
      </h4>
      {viewpoint.still ? (
        <div className="scene-viewpoint__still">
          <img src={viewpoint.still.url} width={viewpoint.still.width} height={viewpoint.still.height} alt={t("scenes:manage.stillAlt", { name: viewpoint.name, caption: viewpoint.caption })} loading="lazy" />
        </div>
      ) : (
        <p className="field__hint">{t("scenes:manage.noStill")}</p>
      )}
      <details open={Boolean(edit) || undefined}>
        <summary>{t("scenes:manage.viewpointLegend", { name: viewpoint.name })}</summary>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="viewpoint-edit" />
          <input type="hidden" name="variantId" value={variantId} />
          <input type="hidden" name="viewpointId" value={viewpoint.id} />
          <FormErrors answer={edit} />
          <TextInput id={`${id}-name`} name="name" label={t("scenes:manage.viewpointName")} answer={edit} defaultValue={viewpoint.name} required maxLength={80} />
          <TextInput id={`${id}-caption`} name="caption" label={t("scenes:manage.viewpointCaption")} answer={edit} defaultValue={viewpoint.caption} required maxLength={500} multiline rows={2} />
          <p className="field__hint">{t("scenes:manage.coordinatesHint")}</p>
          <Vec3Fields idPrefix={id} prefix="camera" legend={t("scenes:manage.camera")} answer={edit} values={viewpoint.camera} />
          <Vec3Fields idPrefix={id} prefix="target" legend={t("scenes:manage.target")} answer={edit} values={viewpoint.target} />
          <div className="actions">
            <button type="submit" className="button">
              {t("scenes:manage.saveViewpoint")}
            </button>
          </div>
        </Form>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="still" />
          <input type="hidden" name="variantId" value={variantId} />
          <input type="hidden" name="viewpointId" value={viewpoint.id} />
          <FormErrors answer={still} />
          <FileInput id={`${id}-still`} name="still" label={t("scenes:manage.stillFile")} answer={still} accept={IMAGE_TYPES} />
          <div className="actions">
            <button type="submit" className="button button--secondary">
              {t("scenes:manage.saveStill")}
            </button>
          </div>
        </Form>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="viewpoint-remove" />
          <input type="hidden" name="variantId" value={variantId} />
          <input type="hidden" name="viewpointId" value={viewpoint.id} />
          <button type="submit" className="button button--secondary">
            {t("scenes:manage.removeViewpoint", { name: viewpoint.name })}
          </button>
        </Form>
      </details>
    </li>
  );
}

function VariantSection({ variant, answer, projectId, sceneId }: { variant: SceneVariant; answer: SceneFormAnswer | undefined; projectId: number; sceneId: number }) {
  const { t, i18n } = useTranslation(["scenes"]);
  const id = `variant-${variant.id}`;
  const edit = answerFor(answer, `variant-edit:${variant.id}:`);
  const poster = answerFor(answer, `poster:${variant.id}:`);
  const model = answerFor(answer, `model:${variant.id}:`) as SceneFormAnswer | null;
  const addViewpoint = answerFor(answer, `viewpoint-add:${variant.id}:`);
  const base = `/manage/projects/${projectId}/scenes/${sceneId}`;
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scene-variant stack">
      <h2 id={`${id}-title`}>
        {variant.title} {variant.hidden ? <span className="badge">{t("scenes:manage.hidden")}</span> : null}
      </h2>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <input type="hidden" name="intent" value="variant-edit" />
        <input type="hidden" name="variantId" value={variant.id} />
        <FormErrors answer={edit} />
        <TextInput id={`${id}-title-field`} name="title" label={t("scenes:manage.variantTitle")} answer={edit} defaultValue={variant.title} required maxLength={120} />
        <TextInput
          id={`${id}-description`}
          name="description"
          label={t("scenes:manage.variantDescription")}
          hint={t("scenes:manage.variantDescriptionHint")}
          answer={edit}
          defaultValue={variant.description}
          required
          maxLength={5000}
          multiline
          rows={5}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("scenes:manage.saveVariant")}
          </button>
        </div>
      </Form>

      <div className="scene-variant__part stack">
        <h3 id={`${id}-poster-title`}>{t("scenes:manage.poster")}</h3>
        {variant.poster ? (
          <div className="scene-variant__poster">
            <img src={variant.poster.url} width={variant.poster.width} height={variant.poster.height} alt={variant.poster.alt} loading="lazy" />
          </div>
        ) : (
          <p className="field__hint">{t("scenes:manage.noPoster")}</p>
        )}
        <Form method="post" encType="multipart/form-data" className="stack" noValidate aria-labelledby={`${id}-poster-title`}>
          <input type="hidden" name="intent" value="poster" />
          <input type="hidden" name="variantId" value={variant.id} />
          <FormErrors answer={poster} />
          <FileInput id={`${id}-poster`} name="poster" label={t("scenes:manage.posterFile")} answer={poster} accept={IMAGE_TYPES} />
          <TextInput
            id={`${id}-poster-alt`}
            name="posterAlt"
            label={t("scenes:manage.posterAlt")}
            hint={t("scenes:manage.posterAltHint")}
            answer={poster}
            defaultValue={variant.poster?.alt ?? ""}
            required
            maxLength={300}
          />
          <div className="actions">
            <button type="submit" className="button button--secondary">
              {t("scenes:manage.savePoster")}
            </button>
          </div>
        </Form>
      </div>

      <div className="scene-variant__part stack">
        <h3 id={`${id}-model-title`}>{t("scenes:manage.model")}</h3>
        {variant.model ? (
          <>
            <p>
              {t("scenes:manage.modelStored", { size: formatBytes(variant.model.bytes, i18n.language) })}{" "}
              <a href={variant.model.url} download={`${variant.title}.glb`}>
                {t("scenes:manage.downloadModel")}
              </a>
            </p>
            <BudgetReportView report={variant.model.report} />
          </>
        ) : (
          <p className="field__hint">{t("scenes:manage.noModel")}</p>
        )}
        <ModelUploadForm action={base} jsonAction={`${base}/model`} variantId={variant.id} refusal={model?.refusal ?? null} errors={model?.fieldErrors.model} />
      </div>

      <div className="scene-variant__part stack">
        <h3>{t("scenes:manage.viewpoints")}</h3>
        {variant.viewpoints.length === 0 ? (
          <p className="field__hint">{t("scenes:manage.noViewpoint")}</p>
        ) : (
          <ul className="scene-viewpoints">
            {variant.viewpoints.map((viewpoint) => (
              <ViewpointItem key={viewpoint.id} variantId={variant.id} viewpoint={viewpoint} answer={answer} />
            ))}
          </ul>
        )}
        {/* Keyed on the count: once a viewpoint is added, an empty closed form again. */}
        <details open={Boolean(addViewpoint) || undefined} key={variant.viewpoints.length}>
          <summary>{t("scenes:manage.newViewpoint")}</summary>
          <Form method="post" encType="multipart/form-data" className="stack" noValidate>
            <input type="hidden" name="intent" value="viewpoint-add" />
            <input type="hidden" name="variantId" value={variant.id} />
            <FormErrors answer={addViewpoint} />
            <TextInput id={`${id}-vp-name`} name="name" label={t("scenes:manage.viewpointName")} answer={addViewpoint} required maxLength={80} />
            <TextInput id={`${id}-vp-caption`} name="caption" label={t("scenes:manage.viewpointCaption")} answer={addViewpoint} required maxLength={500} multiline rows={2} />
            <p className="field__hint">{t("scenes:manage.coordinatesHint")}</p>
            <Vec3Fields idPrefix={`${id}-vp`} prefix="camera" legend={t("scenes:manage.camera")} answer={addViewpoint} />
            <Vec3Fields idPrefix={`${id}-vp`} prefix="target" legend={t("scenes:manage.target")} answer={addViewpoint} />
            <div className="actions">
              <button type="submit" className="button">
                {t("scenes:manage.addViewpoint")}
              </button>
            </div>
          </Form>
        </details>
      </div>
    </section>
  );
}

export default function ManageScene() {
  const { title, heading, project, scene, notice } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation(["scenes", "common"]);
  const editScene = answerFor(answer, `scene-edit::`);
  const newVariant = answerFor(answer, `variant-add::`);
  return (
    <div className="stack">
      <ManageBreadcrumb current={title} />
      <p>
        <Link to={`/manage/projects/${project.id}/scenes`}>{heading}</Link>
      </p>
      <h1>{title}</h1>
      <div role="status">{notice && !answer ? <p className="notice">{t(`scenes:manage.notices.${notice as "sceneSaved"}`)}</p> : null}</div>
      {project.status !== "draft" ? (
        <p>
          <Link to={`/projects/${project.slug}/scenes/${scene.id}`}>{t("scenes:manage.publicPage")}</Link>
        </p>
      ) : null}
      <details open={Boolean(editScene) || undefined}>
        <summary>{t("scenes:manage.saveScene")}</summary>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="scene-edit" />
          <FormErrors answer={editScene} />
          <TextInput id="scene-title" name="title" label={t("scenes:manage.sceneTitle")} answer={editScene} defaultValue={scene.title} required maxLength={160} />
          <TextInput id="scene-summary" name="summary" label={t("scenes:manage.sceneSummary")} answer={editScene} defaultValue={scene.summary} maxLength={1000} multiline rows={3} />
          <div className="actions">
            <button type="submit" className="button">
              {t("scenes:manage.saveScene")}
            </button>
          </div>
        </Form>
      </details>

      <h2 className="visually-hidden">{t("scenes:manage.variants")}</h2>
      {scene.variants.length === 0 ? <p>{t("scenes:manage.noVariant")}</p> : null}
      {scene.variants.map((variant) => (
        <VariantSection key={variant.id} variant={variant} answer={answer} projectId={project.id} sceneId={scene.id} />
      ))}

      <section aria-labelledby="new-variant-title" className="scene-variant stack" key={scene.variants.length}>
        <h2 id="new-variant-title">{t("scenes:manage.newVariant")}</h2>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="variant-add" />
          <FormErrors answer={newVariant} />
          <TextInput id="new-variant-title-field" name="title" label={t("scenes:manage.variantTitle")} hint={t("scenes:manage.variantTitleHint")} answer={newVariant} required maxLength={120} />
          <TextInput
            id="new-variant-description"
            name="description"
            label={t("scenes:manage.variantDescription")}
            hint={t("scenes:manage.variantDescriptionHint")}
            answer={newVariant}
            required
            maxLength={5000}
            multiline
            rows={5}
          />
          <FileInput id="new-variant-poster" name="poster" label={t("scenes:manage.posterFile")} answer={newVariant} accept={IMAGE_TYPES} />
          <TextInput id="new-variant-poster-alt" name="posterAlt" label={t("scenes:manage.posterAlt")} hint={t("scenes:manage.posterAltHint")} answer={newVariant} maxLength={300} />
          <div className="actions">
            <button type="submit" className="button">
              {t("scenes:manage.addVariant")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
