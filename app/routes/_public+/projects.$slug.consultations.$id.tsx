// /projects/:slug/consultations/:id: a consultation's ballot. Without JavaScript the ballot is a
// plain form POST and the answer a page; with it, a fetcher posts the same form and gets data back
// (no page is rendered for a vote, and no loader runs after it): the receipt, or the errors. The
// tallies are right in the page and, while results are live, follow the consultation's socket
// room; results hidden until the close are not loaded, rendered or sent before it.
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useLocation, useRevalidator, type ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { getUser, notFound, requireUser } from "~/modules/auth/guards.server";
import { ballotRules, castBallot } from "~/modules/consultations/commands.server";
import { decide } from "~/modules/consultations/policy";
import { getConsultation, getOwnParticipation, getTally } from "~/modules/consultations/queries.server";
import { readBallotForm, type BallotError } from "~/modules/consultations/schema";
import { BallotFields, questionAnchor, type BallotDefaults } from "~/modules/consultations/ui/BallotFields";
import { RulesList, ReceiptPanel, StateBadge, Tallies, ChoicesList, type ChoicesInWords } from "~/modules/consultations/ui/ConsultationParts";
import { consultationLinks } from "~/modules/consultations/ui/links";
import { TimeRemaining } from "~/modules/consultations/ui/TimeRemaining";
import { useLiveTally } from "~/modules/consultations/ui/useLiveTally";
import { choicesInWords, defaultsOf, defaultsOfForm, questionView } from "~/modules/consultations/ui/view";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";
import { formatMoment } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => consultationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.consultation.title);

async function loadPage(args: LoaderFunctionArgs) {
  const { context, request, params } = args;
  const project = await requireVisibleProject(context, request, params.slug);
  const consultation = await getConsultation(sql, context.org.id, idParam(params.id));
  if (!consultation || consultation.projectId !== project.id) notFound();
  const viewer = getUser(context);
  const actorBlocked = viewer ? await isBlocked(sql, context.org.id, viewer.id) : false;
  const target = { project: { status: project.status, currentPhase: project.currentPhase, actorBlocked }, consultation, today: project.today };
  // A draft is the officials' own; anything else of another project is not here.
  if (!decide(context.actor, "see", target).allowed) notFound();
  return { project, consultation, target, viewer };
}

export async function loader(args: LoaderFunctionArgs) {
  const { context } = args;
  const { project, consultation, target, viewer } = await loadPage(args);
  const t = getT(context.locale);
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const seeResults = decide(context.actor, "seeResults", target);
  const vote = decide(context.actor, "vote", target);
  const [tally, participation] = await Promise.all([
    // Hidden until the close: not even read.
    seeResults.allowed ? getTally(sql, context.org.id, consultation.id) : Promise.resolve(null),
    viewer ? getOwnParticipation(sql, context.actor, consultation.id) : Promise.resolve(null),
  ]);
  const voted = (participation?.questionIds.length ?? 0) > 0;
  const proposalHref = (id: number) => `/projects/${project.slug}/proposals/${id}`;
  return {
    project: { id: project.id, slug: project.slug, title: project.title },
    consultation: {
      id: consultation.id,
      title: consultation.title,
      description: consultation.description,
      state: consultation.state,
      secrecy: consultation.secrecy,
      resultsVisibility: consultation.resultsVisibility,
      allowChange: consultation.allowChange,
      eligibility: consultation.eligibility,
      minAge: consultation.minAge,
      opensAt: formatMoment(consultation.opensAt, context.locale, true),
      closesAt: formatMoment(consultation.closesAt, context.locale, true),
      resultsPublished: consultation.resultsPublishedAt != null,
    },
    questions: consultation.questions,
    ballot: consultation.questions.map((q) => questionView(q, tt, proposalHref)),
    vote: vote.allowed ? { can: true as const, reason: null } : { can: false as const, reason: vote.reason },
    loggedIn: Boolean(viewer),
    voted,
    // Public ballots show the voter's choices (and fill the form to change them); secret ones cannot.
    ownChoices: participation?.answers ? choicesInWords(consultation.questions, participation.answers, tt) : null,
    ownDefaults: participation?.answers ? defaultsOf(participation.answers) : {},
    tally,
    resultsHidden: seeResults.allowed ? null : seeResults.reason,
    serverNow: new Date().toISOString(),
  };
}

type BallotReply =
  | { ok: true; receipt: string; secret: boolean; changed: boolean; choices: ChoicesInWords }
  | { ok: false; closed: boolean; error: string; errors: Record<number, string>; defaults: BallotDefaults };

function errorText(t: (key: string, options?: Record<string, unknown>) => string, error: BallotError): string {
  const values = error.values ?? {};
  const count = values.max ?? values.min;
  return t(error.key, count === undefined ? values : { ...values, count });
}

export async function action(args: ActionFunctionArgs) {
  const { context, request, params } = args;
  requireUser(context, request);
  // A ballot loads no page: the consultation's rules come from castBallot's own cache (a second
  // at most; the database rechecks the window and the rules), and castBallot applies the policy
  // (a draft, a hidden project or another organization's consultation is "not found").
  const rules = await ballotRules(sql, context.org.id, idParam(params.id));
  if (!rules || rules.projectSlug !== params.slug) notFound();
  const consultation = { id: rules.id, questions: rules.questions, secrecy: rules.secret ? "secret" : "public" };
  const t = getT(context.locale) as unknown as (key: string, options?: Record<string, unknown>) => string;
  const form = await request.formData();
  const defaults = defaultsOfForm(form);
  const refuse = (status: number, error: string, errors: Record<number, string> = {}, closed = false) =>
    data<BallotReply>({ ok: false, closed, error: t(error), errors, defaults }, { status });
  if (form.get("intent") !== "vote") return refuse(400, "errors.invalid");
  const read = readBallotForm(form, consultation.questions);
  if (Object.keys(read.errors).length > 0) {
    const errors = Object.fromEntries(Object.entries(read.errors).map(([q, key]) => [q, t(key)]));
    return refuse(400, "consultations:ballot.invalid", errors);
  }
  if (read.answers.length === 0) return refuse(400, "consultations:ballot.empty");
  const receiptField = form.get("receipt");
  const outcome = await castBallot(sql, context.actor, {
    consultationId: consultation.id,
    answers: read.answers,
    receipt: typeof receiptField === "string" && receiptField.trim() !== "" ? receiptField : null,
  });
  if (!outcome.ok) {
    if (outcome.reason === "notFound") notFound();
    const errors = Object.fromEntries(Object.entries(outcome.errors ?? {}).map(([q, e]) => [q, errorText(t, e)]));
    const status = outcome.reason === "closed" || outcome.reason === "alreadyVoted" ? 409 : outcome.reason === "ineligible" ? 403 : 400;
    return refuse(status, outcome.error, errors, outcome.reason === "closed");
  }
  return data<BallotReply>({
    ok: true,
    receipt: outcome.receipt,
    secret: consultation.secrecy === "secret",
    changed: outcome.changed,
    choices: choicesInWords(consultation.questions, read.answers, t),
  });
}

/** A vote posted by the fetcher answers with its data: no loader of the page runs again. */
export function shouldRevalidate(args: ShouldRevalidateFunctionArgs) {
  if (args.formMethod?.toUpperCase() === "POST" && args.formData?.get("intent") === "vote") return false;
  return args.defaultShouldRevalidate;
}

export default function ConsultationPage() {
  const page = useLoaderData<typeof loader>();
  const { project, consultation, questions } = page;
  const { t } = useTranslation(["consultations", "common"]);
  const fetcher = useFetcher<typeof action>({ key: `ballot-${consultation.id}` });
  const { revalidate } = useRevalidator();
  // Without JavaScript the answer is the page itself (the action's data); with it, the fetcher's.
  const pageReply = useActionData<typeof action>();
  const reply = (fetcher.data ?? pageReply ?? null) as BallotReply | null;
  const live = consultation.resultsVisibility === "live" && page.tally != null;
  const tally = useLiveTally(consultation.id, page.tally, live && consultation.state === "open");
  const base = `/projects/${project.slug}/consultations/${consultation.id}`;
  const voting = fetcher.state !== "idle";
  const showForm = page.vote.can && !(reply?.ok === true) && (!page.voted || consultation.allowChange);

  return (
    <div className="stack consultation-page">
      <p>
        <Link to={`/projects/${project.slug}`} className="back-link">
          <span aria-hidden="true">← </span>
          {t("consultations:page.backToProject")}
        </Link>
      </p>
      <article className="stack" aria-labelledby="consultation-title">
        <h2 id="consultation-title">{consultation.title}</h2>
        <p className="entry__meta">
          <StateBadge state={consultation.state} />{" "}
          {t("consultations:page.questions", { count: questions.length })}
        </p>
        {consultation.description ? <p className="entry__text">{consultation.description}</p> : null}
        {consultation.state === "open" ? (
          <TimeRemaining
            closesAt={consultation.closesAt.iso}
            serverNow={page.serverNow}
            closesLabel={consultation.closesAt.label}
            // At the close the page reloads its data: no more ballot, and results kept for the close appear.
            onClose={revalidate}
          />
        ) : consultation.state === "scheduled" ? (
          <p className="time-remaining">{t("consultations:time.opensOn", { date: consultation.opensAt.label })}</p>
        ) : consultation.state === "closed" ? (
          <p className="time-remaining time-remaining--closed">
            <strong>{t("consultations:time.closed")}</strong> {t("consultations:time.closedOn", { date: consultation.closesAt.label })}
          </p>
        ) : null}
        <RulesList rules={consultation} />
      </article>

      <section aria-labelledby="ballot-title" className="stack">
        <h2 id="ballot-title">{t("consultations:page.ballotTitle")}</h2>
        {reply?.ok === true ? (
          <>
            <ReceiptPanel receipt={reply.receipt} secret={reply.secret} changed={reply.changed} choices={reply.choices} />
            <ResultsLink base={base} page={page} />
          </>
        ) : reply?.ok === false && reply.closed ? (
          <ClosedAnswer closesLabel={consultation.closesAt.label} message={reply.error} />
        ) : (
          <>
            {page.voted ? <VotedNotice choices={page.ownChoices} allowChange={consultation.allowChange && page.vote.can} /> : null}
            {!page.vote.can && !page.voted ? <VoteRefusal reason={page.vote.reason} loggedIn={page.loggedIn} /> : null}
            {showForm ? (
              <fetcher.Form method="post" className="ballot" noValidate aria-describedby={reply?.ok === false ? "ballot-errors" : undefined}>
                <input type="hidden" name="intent" value="vote" />
                {reply?.ok === false ? <BallotErrors reply={reply} /> : null}
                <BallotFields
                  // A refused ballot comes back as the voter filled it.
                  key={reply?.ok === false ? JSON.stringify(reply.defaults) : "initial"}
                  questions={page.ballot}
                  defaults={reply?.ok === false ? reply.defaults : page.ownDefaults}
                  errors={reply?.ok === false ? reply.errors : {}}
                />
                {page.voted && consultation.secrecy === "secret" ? <ReceiptField /> : null}
                <p className="actions">
                  <button type="submit" className="button" disabled={voting}>
                    {t(page.voted ? "consultations:page.changeVote" : "consultations:page.submitVote")}
                  </button>
                  {voting ? <span role="status">{t("consultations:page.sending")}</span> : null}
                </p>
              </fetcher.Form>
            ) : null}
          </>
        )}
      </section>

      {tally ? (
        <Tallies
          questions={questions}
          tally={tally}
          headingId="tallies-title"
          heading={t(consultation.state === "closed" ? "consultations:page.resultsTitle" : "consultations:page.liveTitle")}
          live={live}
        />
      ) : page.resultsHidden ? (
        <section aria-labelledby="tallies-title">
          <h2 id="tallies-title">{t("consultations:page.resultsTitle")}</h2>
          <p className="notice notice--info">{t("consultations:page.resultsHidden", { date: consultation.closesAt.label })}</p>
        </section>
      ) : null}
      {tally ? (
        <p>
          <Link to={`${base}/results`}>{t("consultations:page.fullResults")}</Link>
        </p>
      ) : null}
    </div>
  );
}

function ResultsLink({ base, page }: { base: string; page: { tally: unknown } }) {
  const { t } = useTranslation("consultations");
  if (!page.tally) return null;
  return (
    <p>
      <Link to={`${base}/results`}>{t("page.fullResults")}</Link>
    </p>
  );
}

function BallotErrors({ reply }: { reply: Extract<BallotReply, { ok: false }> }) {
  const { t } = useTranslation("consultations");
  const entries = Object.entries(reply.errors);
  return (
    <div className="form-errors" role="alert" tabIndex={-1} id="ballot-errors" ref={(el) => el?.focus()}>
      <h2>{reply.error}</h2>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([questionId, message]) => (
            <li key={questionId}>
              <a href={`#${questionAnchor(Number(questionId))}`}>{t("page.errorIn", { message })}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ClosedAnswer({ closesLabel, message }: { closesLabel: string; message: string }) {
  const { t } = useTranslation("consultations");
  return (
    <div className="notice notice--error" role="alert" data-testid="ballot-closed">
      <p>
        <strong>{message}</strong>
      </p>
      <p>{t("time.closedOn", { date: closesLabel })}</p>
    </div>
  );
}

function VotedNotice({ choices, allowChange }: { choices: ChoicesInWords | null; allowChange: boolean }) {
  const { t } = useTranslation("consultations");
  return (
    <div className="notice" data-testid="voted-notice">
      <p>
        <strong>{t("page.alreadyVoted")}</strong> {t(allowChange ? "page.mayChange" : "page.final")}
      </p>
      {choices ? <ChoicesList choices={choices} /> : null}
    </div>
  );
}

function VoteRefusal({ reason, loggedIn }: { reason: string; loggedIn: boolean }) {
  const { t, i18n } = useTranslation(["consultations", "common"]);
  const location = useLocation();
  if (!loggedIn && reason === "consultations:ballot.login") {
    return (
      <p className="notice notice--info">
        <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("consultations:page.loginToVote")}</Link>
      </p>
    );
  }
  const text = i18n.exists(reason) ? (t as unknown as (k: string) => string)(reason) : reason;
  return <p className="notice notice--info">{text}</p>;
}

function ReceiptField() {
  const { t } = useTranslation("consultations");
  return (
    <div className="field">
      <label htmlFor="ballot-receipt">{t("page.receiptField")}</label>
      <p className="field__hint" id="ballot-receipt-hint">
        {t("page.receiptFieldHint")}
      </p>
      <input type="text" id="ballot-receipt" name="receipt" autoComplete="off" spellCheck={false} aria-describedby="ballot-receipt-hint" />
    </div>
  );
}

