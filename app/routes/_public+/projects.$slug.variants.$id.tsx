// /projects/:slug/variants/:id: the page of a variant as the registry of targets names it (links in
// notifications, moderation, the audit log): the scene's page with that variant chosen. A variant
// the visitor may not see (hidden, draft project, another organization's) is a 404.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/modules/auth/guards.server";
import { idParam } from "~/modules/projects/request.server";
import { decide } from "~/modules/scenes/policy";
import { findVariantPlace } from "~/modules/scenes/queries.server";
import { sql } from "~/utils/db.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const place = await findVariantPlace(sql, context.org.id, idParam(params.id));
  if (!place || place.projectSlug !== params.slug) notFound();
  const decision = decide(context.actor, "see", {
    project: { status: place.projectStatus, currentPhase: null, actorBlocked: false },
    variant: { authorId: place.authorId, hidden: place.hidden },
  });
  if (!decision.allowed) notFound();
  const url = new URL(request.url);
  const query = new URLSearchParams(url.searchParams);
  query.set("variant", String(place.id));
  return redirect(`/projects/${encodeURIComponent(place.projectSlug)}/scenes/${place.sceneId}?${query.toString()}`);
}
