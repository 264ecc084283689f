// /manage/projects/:id/consultations: a project's consultations (state, window, voters) and the
// form that creates one (texts and rules; questions come next, on the consultation's own page).
// Another organization's project is a 404.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { getUser, notFound, requirePermission } from "~/modules/auth/guards.server";
import { createConsultation } from "~/modules/consultations/commands.server";
import { listProjectConsultations } from "~/modules/consultations/queries.server";
import { ConsultationFormSchema } from "~/modules/consultations/schema";
import { StateBadge } from "~/modules/consultations/ui/ConsultationParts";
import { dateToParisLocal } from "~/modules/consultations/ui/datetime";
import { consultationLinks } from "~/modules/consultations/ui/links";
import { ConsultationSettingsForm } from "~/modules/consultations/ui/ManageForms";
import { parseConsultationForm } from "~/modules/consultations/ui/manage-form.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { findProject } from "~/modules/projects/queries.server";
import { idParam } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";
import { formatMoment } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => consultationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  const project = await findProject(sql, context.org.id, idParam(params.id), getUser(context));
  if (!project) notFound();
  const consultations = await listProjectConsultations(sql, context.org.id, project.id);
  const t = getT(context.locale);
  // A new consultation opens tomorrow at 9:00 and closes a fortnight later, unless the official says otherwise.
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const opens = `${dateToParisLocal(tomorrow).slice(0, 10)}T09:00`;
  const closes = `${dateToParisLocal(new Date(tomorrow.getTime() + 14 * 24 * 3600 * 1000)).slice(0, 10)}T18:00`;
  return {
    title: t("consultations:manage.title", { project: project.title }),
    project: { id: project.id, slug: project.slug, title: project.title, status: project.status },
    consultations: consultations.map((c) => ({
      id: c.id,
      title: c.title,
      state: c.state,
      questionsCount: c.questionsCount,
      voters: c.voters,
      opensAt: formatMoment(c.opensAt, context.locale, true).label,
      closesAt: formatMoment(c.closesAt, context.locale, true).label,
    })),
    defaults: {
      title: "",
      description: "",
      opensAt: opens,
      closesAt: closes,
      eligibility: "members",
      minAge: "",
      secrecy: "secret",
      resultsVisibility: "live",
      allowChange: true,
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireAct(context, request, "project.manage");
  const project = await findProject(sql, context.org.id, idParam(params.id), getUser(context));
  if (!project) notFound();
  const form = parseConsultationForm(await request.formData(), ConsultationFormSchema);
  if (!form.value) return data(form.reply(), { status: 400 });
  const result = await createConsultation(sql, context.actor, { ...form.value, projectId: project.id });
  if (!result.ok) {
    if (result.notFound) notFound();
    return data(form.reply({ formErrors: [result.error] }), { status: 409 });
  }
  return redirect(`/manage/projects/${project.id}/consultations/${result.value.id}?done=created`);
}

export default function ProjectConsultations() {
  const { project, consultations, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation(["consultations", "projects"]);
  return (
    <div className="stack">
      <nav aria-label={t("projects:manage.breadcrumb")}>
        <p>
          <Link to="/manage/projects">{t("projects:manage.title")}</Link>
          <span aria-hidden="true"> › </span>
          <Link to={`/manage/projects/${project.id}`}>{project.title}</Link>
          <span aria-hidden="true"> › </span>
          <span aria-current="page">{t("consultations:manage.breadcrumb")}</span>
        </p>
      </nav>
      <h1>{t("consultations:manage.title", { project: project.title })}</h1>
      <p className="lead">{t("consultations:manage.intro")}</p>
      <section aria-labelledby="consultations-list" className="stack">
        <h2 id="consultations-list">{t("consultations:manage.list")}</h2>
        {consultations.length === 0 ? (
          <p>{t("consultations:manage.empty")}</p>
        ) : (
          <ul className="card-list">
            {consultations.map((c) => (
              <li key={c.id} className="consultation-card">
                <h3>
                  <Link to={`/manage/projects/${project.id}/consultations/${c.id}`}>{c.title}</Link>
                </h3>
                <p>
                  <StateBadge state={c.state} /> {t("consultations:page.questions", { count: c.questionsCount })} · {t("consultations:manage.ballots", { count: c.voters })}
                </p>
                <p className="entry__meta">
                  {c.opensAt} → {c.closesAt}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="consultation-new" className="manage-panel">
        <h2 id="consultation-new">{t("consultations:manage.newTitle")}</h2>
        <ConsultationSettingsForm intent="create" defaults={defaults} lastResult={lastResult} frozen={false} />
      </section>
    </div>
  );
}
