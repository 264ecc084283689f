// /projects/:slug/scenes/:id?variant=<id>: a scene of the project, one variant at a time. The server
// renders everything that matters without 3D: the variants (links: they work without JavaScript),
// the poster, the chosen variant's description, its viewpoints with captioned stills, every
// variant's description in short, where the vote stands and the variant's comments. In the browser
// the 3D view loads lazily over the poster; switching variant keeps the viewer and its camera.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { HiddenNotice } from "~/modules/moderation/ui/HiddenNotice";
import { commentReportSlot, ReportButton } from "~/modules/moderation/ui/ReportButton";
import { getUser, notFound } from "~/modules/auth/guards.server";
import { commentAvailability, loadCommentThread } from "~/modules/comments/queries.server";
import { COMMENTS_PARAM } from "~/modules/comments/schema";
import { CommentSection } from "~/modules/comments/ui/CommentSection";
import { participationLinks } from "~/modules/comments/ui/links";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { hiddenNoticeFor, loadPageReports } from "~/modules/moderation/page.server";
import { decide as decideModeration } from "~/modules/moderation/policy";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { loadScene } from "~/modules/scenes/queries.server";
import { sceneLinks } from "~/modules/scenes/ui/links";
import { SceneViewer } from "~/modules/scenes/ui/SceneViewer";
import { voteStanding } from "~/modules/scenes/ui/vote";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...sceneLinks(), ...participationLinks()];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data ? `${args.data.variant.title} · ${args.data.scene.title}` : undefined);

export const VARIANT_PARAM = "variant";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  const viewer = getUser(context);
  const { actor } = context;
  const organizationId = context.org.id;
  const scene = await loadScene(sql, organizationId, idParam(params.id), { actor, projectId: project.id });
  if (!scene || scene.variants.length === 0) notFound();
  const url = new URL(request.url);
  const wanted = Number(url.searchParams.get(VARIANT_PARAM));
  const variant = scene.variants.find((v) => v.id === wanted) ?? scene.variants[0]!;
  const target = { type: "variant" as const, id: variant.id };
  const item = { authorId: variant.authorId, hidden: variant.hidden, projectStatus: project.status };
  const [thread, hiddenNotice, actorBlocked] = await Promise.all([
    loadCommentThread(sql, { organizationId, target, viewer, page: url.searchParams.get(COMMENTS_PARAM) }),
    variant.hidden ? hiddenNoticeFor(sql, organizationId, target) : Promise.resolve(null),
    viewer ? isBlocked(sql, organizationId, viewer.id) : Promise.resolve(false),
  ]);
  const canReport = decideModeration(actor, "report", { actorBlocked, item }).allowed;
  const reports = await loadPageReports(sql, { viewer, projectStatus: project.status, items: canReport ? [target] : [], thread });
  return {
    project: { id: project.id, slug: project.slug, title: project.title },
    scene: { id: scene.id, title: scene.title, summary: scene.summary },
    variants: scene.variants.map((v) => ({ id: v.id, title: v.title, description: v.description, hidden: v.hidden })),
    variant: {
      id: variant.id,
      title: variant.title,
      description: variant.description,
      hidden: variant.hidden,
      modelUrl: variant.model?.url ?? null,
      poster: variant.poster ? { url: variant.poster.url, width: variant.poster.width, height: variant.poster.height, alt: variant.poster.alt } : null,
      viewpoints: variant.viewpoints.map((p) => ({
        id: p.id,
        name: p.name,
        caption: p.caption,
        camera: p.camera,
        target: p.target,
        still: p.still ? { url: p.still.url, width: p.still.width, height: p.still.height } : null,
      })),
    },
    isAuthor: viewer?.id === variant.authorId,
    hiddenNotice,
    vote: voteStanding(project.phases, project.today, context.locale),
    thread,
    commenting: commentAvailability(actor, { project, target: { ...item, closed: false }, actorBlocked }),
    canReport,
    reports,
  };
}

export default function ScenePage() {
  const { project, scene, variants, variant, isAuthor, hiddenNotice, vote, thread, commenting, canReport, reports } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["scenes", "common"]);
  const base = `/projects/${project.slug}`;
  const variantHref = (id: number) => `${base}/scenes/${scene.id}?${VARIANT_PARAM}=${id}`;
  return (
    <div className="stack scene-page">
      <p>
        <Link to={base} className="back-link">
          <span aria-hidden="true">← </span>
          {t("scenes:public.backToProject")}
        </Link>
      </p>
      <h2 id="scene-title">{scene.title}</h2>
      {scene.summary ? <p className="scene-page__intro">{scene.summary}</p> : null}
      <nav aria-label={t("scenes:public.variantsNav")}>
        <ul className="scene-page__variants">
          {variants.map((v) => (
            <li key={v.id}>
              <Link
                to={variantHref(v.id)}
                className="scene-page__variant-link"
                aria-current={v.id === variant.id ? "page" : undefined}
                preventScrollReset
                replace
              >
                {v.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h3 id="scene-3d-title">
        {t("scenes:public.exploreTitle")} : {variant.title}
      </h3>
      {variant.hidden ? <HiddenNotice notice={hiddenNotice} forAuthor={isAuthor} /> : null}
      <SceneViewer variant={variant} headingId="scene-3d-title">
        <section className="scene-description" aria-labelledby="variant-description-title">
          <h3 id="variant-description-title">{t("scenes:public.descriptionTitle", { title: variant.title })}</h3>
          <p>{variant.description}</p>
          {canReport ? <ReportButton target={{ type: "variant", id: variant.id }} alreadyReported={reports.reported.includes(`variant:${variant.id}`)} /> : null}
        </section>
      </SceneViewer>
      <section className="scene-vote" aria-labelledby="scene-vote-title">
        <h3 id="scene-vote-title">{t("scenes:public.voteTitle")}</h3>
        {vote.state === "open" ? (
          <p>
            {t("scenes:public.voteOpen")}{" "}
            <Link to={base} className="button">
              {t("scenes:public.voteLink")}
            </Link>
          </p>
        ) : (
          <p>
            {vote.state === "upcoming" ? t("scenes:public.voteLater", { start: vote.start, end: vote.end }) : t("scenes:public.voteNone")}{" "}
            <Link to={base}>{t("scenes:public.projectLink")}</Link>
          </p>
        )}
      </section>
      {variants.length > 1 ? (
        <section aria-labelledby="scene-variants-title">
          <h3 id="scene-variants-title">{t("scenes:public.allVariantsTitle")}</h3>
          <ul className="scene-variants-summary">
            {variants.map((v) => (
              <li key={v.id} aria-current={v.id === variant.id ? "true" : undefined}>
                <h4>{v.title}</h4>
                <p>{v.description}</p>
                {v.id === variant.id ? (
                  <p>{t("scenes:public.shown")}</p>
                ) : (
                  <Link to={variantHref(v.id)} preventScrollReset replace>
                    {t("scenes:public.seeVariant")}
                    <span className="visually-hidden">{t("scenes:public.seeVariantSuffix", { title: v.title })}</span>
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <CommentSection
        thread={thread}
        target={{ type: "variant", id: variant.id }}
        canComment={commenting.canComment}
        closedReason={commenting.closedReason}
        reportSlot={commentReportSlot(reports)}
      />
    </div>
  );
}
