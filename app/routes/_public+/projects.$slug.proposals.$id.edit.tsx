// /projects/:slug/proposals/:id/edit: the author edits their proposal within 15 minutes of
// publishing it and before its first support. The UPDATE itself checks both (race-free).
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mapLinks } from "~/components/map/links";
import { richTextLinks } from "~/components/rich-text/RichTextField";
import { getT } from "~/i18n/i18n.server";
import { forbidden, notFound } from "~/modules/auth/guards.server";
import { participationLinks } from "~/modules/comments/ui/links";
import { loadMapSettings } from "~/modules/projects/queries.server";
import { requireOpenAct } from "~/modules/projects/access.server";
import { updateProposal } from "~/modules/proposals/commands.server";
import { ProposalForm } from "~/modules/proposals/ui/ProposalForm";
import { locationOptions, readProposalForm } from "~/modules/proposals/form.server";
import { placesForMap } from "~/modules/maps/places";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { findEditableProposal } from "~/modules/proposals/queries.server";
import { formatTime } from "~/utils/dates";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...richTextLinks(), ...mapLinks(), ...participationLinks()];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

async function requireOwnEditable(args: LoaderFunctionArgs) {
  const { request, context, params } = args;
  const project = await requireVisibleProject(context, request, params.slug);
  const proposalId = idParam(params.id);
  // Editing is a contribution: logged in, confirmed, not blocked, phase still taking proposals.
  const { user } = await requireOpenAct(context, request, project.id, "propose");
  const proposal = await findEditableProposal(sql, context.org.id, project.id, proposalId, user.id);
  if (!proposal) notFound();
  return { project, proposal, user };
}

export async function loader(args: LoaderFunctionArgs) {
  const { project, proposal } = await requireOwnEditable(args);
  if (!proposal.editable) forbidden("proposals:errors.editClosed");
  const t = getT(args.context.locale);
  return {
    title: t("proposals:form.editTitle", { title: proposal.title }),
    project: { slug: project.slug, title: project.title },
    proposal,
    map: await loadMapSettings(sql, args.context.org.id),
    location: locationOptions(args.context),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { project, proposal } = await requireOwnEditable(args);
  const form = readProposalForm(await args.request.formData(), { places: placesForMap(args.context.org.mapStyleUrl) });
  if (!form.ok) return data(form.reply, { status: 400 });
  const updated = await updateProposal(sql, args.context.actor, {
    ...form.value,
    projectId: project.id,
    proposalId: proposal.id,
  });
  // The window closed (or a support arrived) while the form was open: say so, keep the text.
  if (!updated) return data(form.refuse("proposals:errors.editClosed"), { status: 403 });
  return redirect(`/projects/${project.slug}/proposals/${proposal.id}?done=updated`);
}

export default function EditProposal() {
  const { project, proposal, map, location } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["common", "proposals"]);
  return (
    <div className="stack participation">
      <h2>{t("proposals:form.editHeading")}</h2>
      <p>{t("proposals:form.editIntro")}</p>
      <p className="notice notice--info">{t("proposals:page.editUntil", { time: formatTime(proposal.editableUntil, i18n.language) })}</p>
      <ProposalForm
        id="proposal-edit"
        lastResult={lastResult}
        defaultValue={{ title: proposal.title, body: proposal.body, place: proposal.place }}
        map={map}
        location={location}
        submitLabel={t("proposals:form.save")}
        cancelTo={`/projects/${project.slug}/proposals/${proposal.id}`}
      />
    </div>
  );
}
