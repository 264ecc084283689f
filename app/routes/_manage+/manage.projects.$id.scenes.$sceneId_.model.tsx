// POST /manage/projects/:id/scenes/:sceneId/model: a variant's model sent by the page's upload
// with a progress bar (XMLHttpRequest); answers JSON (the report, or the refusal in parts the
// page puts in words). The same checks as the page's own form (handleSceneForm).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/modules/auth/guards.server";
import { idParam } from "~/modules/projects/request.server";
import { handleModelUploadJson } from "~/modules/scenes/manage.server";

export async function loader(_: LoaderFunctionArgs) {
  notFound();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return handleModelUploadJson(request, context, idParam(params.id), idParam(params.sceneId));
}
