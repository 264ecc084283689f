// /projects/:slug/proposals/new: a citizen proposes an idea, only while the project's phase takes
// proposals (the server refuses otherwise with a 403 that says so), logged in, confirmed, not blocked.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mapLinks } from "~/components/map/links";
import { richTextLinks } from "~/components/rich-text/RichTextField";
import { getT } from "~/i18n/i18n.server";
import { participationLinks } from "~/modules/comments/ui/links";
import { loadMapSettings } from "~/modules/projects/queries.server";
import { requireOpenAct } from "~/modules/projects/access.server";
import { createProposal } from "~/modules/proposals/commands.server";
import { ProposalForm } from "~/modules/proposals/ui/ProposalForm";
import { locationOptions, readProposalForm } from "~/modules/proposals/form.server";
import { placesForMap } from "~/modules/maps/places";
import { requireVisibleProject } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...richTextLinks(), ...mapLinks(), ...participationLinks()];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  await requireOpenAct(context, request, project.id, "propose");
  const t = getT(context.locale);
  return {
    title: t("proposals:form.newTitle", { project: project.title }),
    project: { slug: project.slug, title: project.title },
    map: await loadMapSettings(sql, context.org.id),
    location: locationOptions(context),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  await requireOpenAct(context, request, project.id, "propose");
  const form = readProposalForm(await request.formData(), { places: placesForMap(context.org.mapStyleUrl) });
  if (!form.ok) return data(form.reply, { status: 400 });
  const id = await createProposal(sql, context.actor, { ...form.value, projectId: project.id });
  return redirect(`/projects/${project.slug}/proposals/${id}?done=created`);
}

export default function NewProposal() {
  const { project, map, location } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation(["common", "proposals"]);
  return (
    <div className="stack participation">
      <h2>{t("proposals:form.newHeading")}</h2>
      <p>{t("proposals:form.newIntro", { project: project.title })}</p>
      <ProposalForm
        id="proposal-new"
        lastResult={lastResult}
        map={map}
        location={location}
        submitLabel={t("proposals:form.submit")}
        cancelTo={`/projects/${project.slug}/proposals`}
      />
    </div>
  );
}
