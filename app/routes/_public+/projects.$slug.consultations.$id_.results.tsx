// /projects/:slug/consultations/:id/results: a consultation's results: turnout, a chart per
// question with its table, the files (CSV, JSON), and for secret ballots the receipt check
// against the stored ballots. Results hidden until the close show nothing before it (not loaded).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { getUser, notFound } from "~/modules/auth/guards.server";
import { decide } from "~/modules/consultations/policy";
import { getConsultation, getTally, receiptStored } from "~/modules/consultations/queries.server";
import { formatReceipt, normalizeReceipt } from "~/modules/consultations/schema";
import { StateBadge, Tallies } from "~/modules/consultations/ui/ConsultationParts";
import { consultationLinks } from "~/modules/consultations/ui/links";
import { useLiveTally } from "~/modules/consultations/ui/useLiveTally";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";
import { formatMoment } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => consultationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  const consultation = await getConsultation(sql, context.org.id, idParam(params.id));
  if (!consultation || consultation.projectId !== project.id) notFound();
  const viewer = getUser(context);
  const actorBlocked = viewer ? await isBlocked(sql, context.org.id, viewer.id) : false;
  const target = { project: { status: project.status, currentPhase: project.currentPhase, actorBlocked }, consultation, today: project.today };
  if (!decide(context.actor, "see", target).allowed) notFound();
  const seeResults = decide(context.actor, "seeResults", target).allowed;
  const url = new URL(request.url);
  const typed = url.searchParams.get("receipt");
  const receipt = typed != null && consultation.secrecy === "secret" ? normalizeReceipt(typed) : null;
  const [tally, found] = await Promise.all([
    seeResults ? getTally(sql, context.org.id, consultation.id) : Promise.resolve(null),
    receipt ? receiptStored(sql, context.org.id, consultation.id, receipt).then((questions) => questions.length > 0) : Promise.resolve(null),
  ]);
  const t = getT(context.locale);
  return {
    title: t("consultations:results.title", { title: consultation.title }),
    project: { id: project.id, slug: project.slug },
    consultation: {
      id: consultation.id,
      title: consultation.title,
      state: consultation.state,
      secrecy: consultation.secrecy,
      resultsVisibility: consultation.resultsVisibility,
      closesAt: formatMoment(consultation.closesAt, context.locale, true),
      publishedAt: consultation.resultsPublishedAt ? formatMoment(consultation.resultsPublishedAt, context.locale, true) : null,
    },
    questions: consultation.questions,
    tally,
    check: typed == null || consultation.secrecy !== "secret" ? null : { typed, receipt: receipt ? formatReceipt(receipt) : null, found },
  };
}

export default function ConsultationResults() {
  const { project, consultation, questions, tally: initial, check } = useLoaderData<typeof loader>();
  const { t } = useTranslation("consultations");
  const live = consultation.resultsVisibility === "live" && initial != null;
  const tally = useLiveTally(consultation.id, initial, live && consultation.state === "open");
  const base = `/projects/${project.slug}/consultations/${consultation.id}`;
  return (
    <div className="stack consultation-page">
      <p>
        <Link to={base} className="back-link">
          <span aria-hidden="true">← </span>
          {t("results.backToBallot")}
        </Link>
      </p>
      <h2>{t("results.title", { title: consultation.title })}</h2>
      <p className="entry__meta">
        <StateBadge state={consultation.state} />{" "}
        {consultation.state === "closed"
          ? consultation.publishedAt
            ? t("results.published", { date: consultation.publishedAt.label })
            : t("results.final", { date: consultation.closesAt.label })
          : t("results.provisional", { date: consultation.closesAt.label })}
      </p>
      {tally ? (
        <>
          <Tallies questions={questions} tally={tally} headingId="results-figures" heading={t("results.figures")} live={live} />
          <section aria-labelledby="results-files">
            <h2 id="results-files">{t("results.files")}</h2>
            <ul>
              <li>
                <a href={`${base}/export/csv`} download>
                  {t("results.csv")}
                </a>
              </li>
              <li>
                <a href={`${base}/export/json`} download>
                  {t("results.json")}
                </a>
              </li>
            </ul>
          </section>
        </>
      ) : (
        <p className="notice notice--info" data-testid="results-hidden">
          {t("page.resultsHidden", { date: consultation.closesAt.label })}
        </p>
      )}
      {consultation.secrecy === "secret" ? (
        <section aria-labelledby="receipt-check" className="stack">
          <h2 id="receipt-check">{t("results.checkTitle")}</h2>
          <p>{t("results.checkText")}</p>
          <Form method="get" className="inline-form">
            <div className="field">
              <label htmlFor="receipt">{t("results.checkLabel")}</label>
              <input type="text" id="receipt" name="receipt" defaultValue={check?.typed ?? ""} autoComplete="off" spellCheck={false} />
            </div>
            <button type="submit" className="button button--secondary">
              {t("results.checkSubmit")}
            </button>
          </Form>
          <div role="status">
            {check ? (
              check.receipt == null ? (
                <p className="notice notice--error">{t("results.checkMalformed")}</p>
              ) : check.found ? (
                <p className="notice">{t("results.checkFound", { receipt: check.receipt })}</p>
              ) : (
                <p className="notice notice--error">{t("results.checkMissing", { receipt: check.receipt })}</p>
              )
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}
