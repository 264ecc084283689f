// /projects/:slug (presentation tab): cover, summary, body, schedule, documents, place on the map,
// and the project's comments, each with its report button for members.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { mapLinks } from "~/components/map/links";
import { commentReportSlot } from "~/modules/moderation/ui/ReportButton";
import { notFound } from "~/modules/auth/guards.server";
import { participationLinks } from "~/modules/comments/ui/links";
import { CommentSection } from "~/modules/comments/ui/CommentSection";
import { commentAvailability, loadCommentThread } from "~/modules/comments/queries.server";
import { COMMENTS_PARAM } from "~/modules/comments/schema";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { loadPageReports } from "~/modules/moderation/page.server";
import { buildPresentation } from "~/modules/projects/presentation.server";
import { requireVisibleProject } from "~/modules/projects/request.server";
import { PhaseCallToAction, type CtaConsultation } from "~/modules/projects/ui/PhaseCallToAction";
import { listProjectConsultations } from "~/modules/consultations/queries.server";
import { formatMoment } from "~/utils/dates";
import { ProjectPresentation } from "~/modules/projects/ui/ProjectPresentation";
import { listScenes } from "~/modules/scenes/queries.server";
import { sceneLinks } from "~/modules/scenes/ui/links";
import { SceneCards } from "~/modules/scenes/ui/SceneCards";
import type { loader as layoutLoader } from "~/routes/_public+/projects.$slug";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...mapLinks(), ...participationLinks(), ...sceneLinks()];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = context.auth?.user ?? null;
  const organizationId = context.org.id;
  // Checked here too: a tab's loader runs beside the layout's, and its data must not leak a draft.
  const header = await requireVisibleProject(context, request, params.slug);
  const target = { type: "project" as const, id: header.id };
  const phase = header.currentPhase?.kind;
  const [presentation, thread, actorBlocked, consultations, scenes] = await Promise.all([
    buildPresentation(sql, organizationId, header, context.locale),
    loadCommentThread(sql, { organizationId, target, viewer, page: new URL(request.url).searchParams.get(COMMENTS_PARAM) }),
    // The block is state the comments' policy reads.
    viewer ? isBlocked(sql, organizationId, viewer.id) : Promise.resolve(false),
    // The vote and its results are the call to action of those two phases.
    phase === "vote" || phase === "results" ? listProjectConsultations(sql, organizationId, header.id) : Promise.resolve([]),
    listScenes(sql, organizationId, header.id, context.actor),
  ]);
  if (!presentation) notFound();
  const availability = commentAvailability(context.actor, {
    project: header,
    target: { authorId: null, hidden: false, closed: false, projectStatus: header.status },
    actorBlocked,
  });
  const reports = await loadPageReports(sql, { viewer, projectStatus: header.status, items: [], thread });
  const ctaConsultations: CtaConsultation[] = consultations.map((c) => ({
    id: c.id,
    title: c.title,
    state: c.state,
    closesAt: formatMoment(c.closesAt, context.locale, true).label,
    resultsVisible: c.resultsVisibility === "live" || c.state === "closed",
  }));
  return {
    title: header.title,
    slug: header.slug,
    presentation,
    scenes: scenes.map((s) => ({ ...s, poster: s.poster ? { url: s.poster.url, width: s.poster.width, height: s.poster.height, alt: s.poster.alt } : null })),
    comments: { thread, target, ...availability },
    reports,
    consultations: ctaConsultations,
  };
}

export default function ProjectPresentationTab() {
  const { slug, presentation, scenes, comments, reports, consultations } = useLoaderData<typeof loader>();
  // The layout's header (type-only import: the layout's server code stays out of this chunk).
  const layout = useRouteLoaderData<typeof layoutLoader>("routes/_public+/projects.$slug");
  return (
    <ProjectPresentation view={presentation} callToAction={layout ? <PhaseCallToAction project={layout.project} consultations={consultations} /> : null}>
      <SceneCards projectSlug={slug} scenes={scenes} />
      <CommentSection
        thread={comments.thread}
        target={comments.target}
        canComment={comments.canComment}
        closedReason={comments.closedReason}
        reportSlot={commentReportSlot(reports)}
      />
    </ProjectPresentation>
  );
}
