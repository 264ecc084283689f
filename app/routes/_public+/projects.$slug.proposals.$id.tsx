// /projects/:slug/proposals/:id: a proposal with its status, official answer, supports and
// comments. Actions: support (a toggle that works without JavaScript, optimistic with it),
// withdraw (the author), answer (officials: status and text, audited, the author notified).
// Members report the proposal and its comments ("Signaler"); a hidden proposal shows its author
// and the moderators why it is hidden.
import { getFormProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation, useNavigation, useOutlet, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorText, countFieldErrors } from "~/components/forms";
import { mapLinks } from "~/components/map/links";
import { MapWithList } from "~/components/map/MapWithList";
import { HiddenNotice } from "~/modules/moderation/ui/HiddenNotice";
import { ReportButton, commentReportSlot } from "~/modules/moderation/ui/ReportButton";
import { getUser, notFound } from "~/modules/auth/guards.server";
import { CommentSection } from "~/modules/comments/ui/CommentSection";
import { participationLinks } from "~/modules/comments/ui/links";
import { commentAvailability, loadCommentThread } from "~/modules/comments/queries.server";
import { COMMENTS_PARAM } from "~/modules/comments/schema";
import { touches } from "~/modules/events/events";
import { useLiveEvents } from "~/modules/events/ui/useLiveEvents";
import { isBlocked, requireAct } from "~/modules/moderation/blocking.server";
import { decide as decideModeration } from "~/modules/moderation/policy";
import { hiddenNoticeFor, loadPageReports } from "~/modules/moderation/page.server";
import { loadMapSettings } from "~/modules/projects/queries.server";
import { requireOpenAct } from "~/modules/projects/access.server";
import { answerProposal, setSupport, withdrawProposal } from "~/modules/proposals/commands.server";
import { decide as decideProposal, type ProposalAct } from "~/modules/proposals/policy";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { decideSee } from "~/modules/targets/visibility";
import { findProposal } from "~/modules/proposals/queries.server";
import { ANSWER_STATUSES, AnswerSchema, SupportSchema } from "~/modules/proposals/schema";
import { formatDate, formatTime } from "~/utils/dates";
import { StatusBadge } from "~/modules/proposals/ui/StatusBadge";
import { participantName } from "~/modules/users/display";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...mapLinks(), ...participationLinks()];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data && "title" in args.data ? args.data.title : null);

async function loadVisibleProposal(args: LoaderFunctionArgs) {
  const { context, params, request } = args;
  const project = await requireVisibleProject(context, request, params.slug);
  const viewer = getUser(context);
  const proposal = await findProposal(sql, context.org.id, project.id, idParam(params.id), viewer);
  if (!proposal) notFound();
  // Hidden by moderation: the one visibility rule (its author, moderators and admins).
  if (!decideSee(context.actor, { authorId: proposal.authorId, hidden: proposal.hidden, projectStatus: project.status }).allowed) notFound();
  return { project, proposal, viewer };
}

export async function loader(args: LoaderFunctionArgs) {
  const { context, request } = args;
  // The edit form (projects.$slug.proposals.$id.edit) is a child route of this file: it checks and
  // loads what it needs itself, and renders in place of this page.
  if (new URL(request.url).pathname.replace(/\/+$/, "").endsWith("/edit")) return { child: true as const };
  const { project, proposal, viewer } = await loadVisibleProposal(args);
  const { actor } = context;
  const url = new URL(request.url);
  const organizationId = context.org.id;
  const isAuthor = viewer?.id === proposal.authorId;
  const target = { type: "proposal" as const, id: proposal.id };
  const [thread, map, hiddenNotice, actorBlocked] = await Promise.all([
    loadCommentThread(sql, { organizationId, target, viewer, page: url.searchParams.get(COMMENTS_PARAM) }),
    proposal.place ? loadMapSettings(sql, organizationId) : Promise.resolve(null),
    // Only those who may see a hidden proposal get this far (see loadVisibleProposal).
    proposal.hidden ? hiddenNoticeFor(sql, organizationId, target) : Promise.resolve(null),
    // The block is state the policies read: once per page.
    viewer ? isBlocked(sql, organizationId, viewer.id) : Promise.resolve(false),
  ]);
  // What the page offers is what the policies allow (the actions ask them again).
  const state = { project: { status: project.status, currentPhase: project.currentPhase, actorBlocked }, proposal };
  const allowed = (act: ProposalAct) => decideProposal(actor, act, state);
  const item = { authorId: proposal.authorId, hidden: proposal.hidden, projectStatus: project.status };
  const canReport = decideModeration(actor, "report", { actorBlocked, item }).allowed;
  const reports = await loadPageReports(sql, { viewer, projectStatus: project.status, items: canReport ? [target] : [], thread });
  const supportDecision = allowed("support");
  return {
    title: proposal.title,
    // The id names the project's live room (useLiveEvents).
    project: { id: project.id, slug: project.slug, title: project.title },
    proposal,
    isAuthor,
    canWithdraw: allowed("withdraw").allowed,
    canAnswer: allowed("answer").allowed,
    support: supportDecision.allowed ? { can: true, reason: null } : { can: false, reason: supportDecision.reason },
    thread,
    commenting: commentAvailability(actor, { project, target: { ...item, closed: false }, actorBlocked }),
    map,
    canReport,
    reports,
    hiddenNotice,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { request, context, params } = args;
  const project = await requireVisibleProject(context, request, params.slug);
  const proposalId = idParam(params.id);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "support") {
    await requireOpenAct(context, request, project.id, "support");
    const submission = parseWithZod(formData, { schema: SupportSchema });
    if (submission.status !== "success") return data({ intent: "support" as const, error: "errors.invalid", result: null }, { status: 400 });
    const result = await setSupport(sql, context.actor, { projectId: project.id, proposalId, on: submission.value.support === "on" });
    if (!result.ok) {
      if (result.error === "notFound") notFound();
      const error = result.error === "ownProposal" ? "proposals:errors.ownProposal" : "proposals:errors.notSupportable";
      return data({ intent: "support" as const, error, result: null }, { status: 403 });
    }
    return { intent: "support" as const, error: null, result: { supported: result.supported, count: result.count } };
  }

  if (intent === "withdraw") {
    // Withdrawing is possible for the author whatever the phase, but not while blocked: a blocked
    // member changes nothing on the public side (their contributions stay as moderation found them).
    await requireAct(context, request, "contribution.create");
    const result = await withdrawProposal(sql, context.actor, { projectId: project.id, proposalId });
    if (!result.ok) {
      if (result.error === "notFound") notFound();
      const error = result.error === "alreadyWithdrawn" ? "proposals:errors.alreadyWithdrawn" : "proposals:errors.withdrawAnswered";
      return data({ intent: "withdraw" as const, error, result: null }, { status: 409 });
    }
    return redirect(`/projects/${project.slug}/proposals/${proposalId}?done=withdrawn`);
  }

  if (intent === "answer") {
    await requireAct(context, request, "project.manage");
    const submission = parseWithZod(formData, { schema: AnswerSchema });
    if (submission.status !== "success") return data({ intent: "answer" as const, error: null, result: submission.reply() }, { status: 400 });
    const path = `/projects/${project.slug}/proposals/${proposalId}`;
    const result = await answerProposal(sql, context.actor, {
      projectId: project.id,
      proposalId,
      status: submission.value.status,
      answer: submission.value.answer,
      path,
      origin: context.org.origin,
    });
    if (!result.ok) {
      if (result.error === "notFound") notFound();
      return data({ intent: "answer" as const, error: null, result: submission.reply({ formErrors: ["proposals:errors.answerWithdrawn"] }) }, { status: 409 });
    }
    return redirect(`${path}?done=answered#answer`);
  }
  throw data({ reason: "errors.invalid" }, { status: 400 });
}

const DONE = ["created", "updated", "withdrawn", "answered"] as const;

export default function ProposalRoute() {
  const loaded = useLoaderData<typeof loader>();
  const outlet = useOutlet();
  if ("child" in loaded) return outlet;
  return <ProposalPage data={loaded} />;
}

type PageData = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { child: true }>;

function ProposalPage({ data: pageData }: { data: PageData }) {
  const { project, proposal, isAuthor, canWithdraw, canAnswer, support, thread, commenting, map, canReport, reports, hiddenNotice } = pageData;
  // Comments, supports and decisions of others appear without a reload.
  useLiveEvents([{ kind: "project", id: project.id }], { match: (message) => touches(message, { type: "proposal", id: proposal.id }) });
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation(["common", "proposals", "account"]);
  const errorText = useErrorText();
  const base = `/projects/${project.slug}/proposals`;
  const done = searchParams.get("done");
  const doneMessage = (DONE as readonly string[]).includes(done ?? "") ? t(`proposals:page.${done as (typeof DONE)[number]}`) : null;
  const author = participantName(proposal.authorName, t);

  return (
    <div className="stack participation">
      <p>
        <Link to={base} className="back-link">
          <span aria-hidden="true">← </span>
          {t("proposals:page.backToList")}
        </Link>
      </p>
      <div role="status">{doneMessage ? <p className="notice">{doneMessage}</p> : null}</div>
      <article className="stack" aria-labelledby="proposal-title">
        <h2 id="proposal-title">{proposal.title}</h2>
        <p className="entry__meta">
          <StatusBadge status={proposal.status} />{" "}
          {t("proposals:page.author", { name: author })}, <time dateTime={proposal.createdAt}>{t("proposals:page.publishedOn", { date: formatDate(proposal.createdAt, i18n.language) })}</time>
        </p>
        {proposal.hidden ? <HiddenNotice notice={hiddenNotice} forAuthor={isAuthor} /> : null}
        {proposal.status === "withdrawn" ? <p className="notice notice--info entry__notice">{t("proposals:page.withdrawnNotice")}</p> : null}

        {/* Phones: the text, then supporting (the page's main action), then the answer; wide
            screens: the actions beside both. The map comes after, below what it illustrates. */}
        <div className="entry__layout">
          <div className="entry__body entry__main" dangerouslySetInnerHTML={{ __html: proposal.bodyHtml }} />
          <div className="stack entry__side">
            <SupportPanel proposal={proposal} support={support} />
            {isAuthor && (proposal.editable || canWithdraw) ? (
              <section className="panel" aria-labelledby="author-actions-title">
                <h3 id="author-actions-title">{t("proposals:page.authorActions")}</h3>
                {proposal.editable ? (
                  <p>
                    <Link to={`${base}/${proposal.id}/edit`} className="button button--secondary">
                      {t("proposals:page.edit")}
                    </Link>
                    <br />
                    <span className="field__hint">
                      {t("proposals:page.editUntil", { time: formatTime(proposal.editableUntil, i18n.language) })}
                    </span>
                  </p>
                ) : null}
                {canWithdraw ? (
                  <details className="disclosure">
                    <summary>{t("proposals:page.withdraw")}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <p>{t("proposals:page.withdrawConfirm")}</p>
                      {actionData?.intent === "withdraw" && actionData.error ? (
                        <p className="field__error" role="alert">
                          {errorText(actionData.error)}
                        </p>
                      ) : null}
                      <button type="submit" className="button button--danger">
                        {t("proposals:page.withdrawSubmit")}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </section>
            ) : null}
            {canAnswer ? <AnswerPanel proposal={proposal} /> : null}
            {canReport ? (
              <ReportButton target={{ type: "proposal", id: proposal.id }} alreadyReported={reports.reported.includes(`proposal:${proposal.id}`)} />
            ) : null}
          </div>
          <section className="answer entry__answer" id="answer" aria-labelledby="answer-title" tabIndex={-1}>
            <h3 id="answer-title">{t("proposals:page.answerTitle")}</h3>
            {proposal.answerText && proposal.answeredAt ? (
              <>
                <p className="entry__meta">
                  <time dateTime={proposal.answeredAt}>{t("proposals:page.answeredOn", { date: formatDate(proposal.answeredAt, i18n.language) })}</time>
                </p>
                <p className="entry__text">{proposal.answerText}</p>
              </>
            ) : (
              <p>{t("proposals:page.noAnswer")}</p>
            )}
          </section>
        </div>
        {proposal.place && map ? (
          <section aria-labelledby="proposal-place-title">
            <h3 id="proposal-place-title">{t("proposals:page.location")}</h3>
            <MapWithList
              items={[{ id: String(proposal.id), title: proposal.title, geometry: { type: "Point", coordinates: proposal.place } }]}
              headingId="proposal-place-title"
              center={proposal.place}
              zoom={Math.max(map.zoom, 15)}
              styleUrl={map.styleUrl}
              emptyText=""
            />
          </section>
        ) : null}
      </article>

      <CommentSection
        thread={thread}
        target={{ type: "proposal", id: proposal.id }}
        canComment={commenting.canComment}
        closedReason={commenting.closedReason}
        reportSlot={commentReportSlot(reports)}
      />
    </div>
  );
}

type LoaderProposal = PageData["proposal"];

function SupportPanel({ proposal, support }: { proposal: LoaderProposal; support: { can: boolean; reason: string | null } }) {
  const { t } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const fetcher = useFetcher<typeof action>();
  const location = useLocation();
  // Optimistic: while the request runs, show the state asked for.
  const pending = fetcher.formData?.get("support");
  const answered = fetcher.data?.intent === "support" && fetcher.state === "idle" ? fetcher.data : null;
  let supported = proposal.supported;
  let count = proposal.supportsCount;
  if (pending === "on" || pending === "off") {
    const want = pending === "on";
    if (want !== supported) count += want ? 1 : -1;
    supported = want;
  }
  const error = answered?.error ?? null;
  return (
    <section className="panel support" aria-labelledby="support-title">
      <h3 id="support-title">{t("proposals:page.supportTitle")}</h3>
      <p className="support__count" role="status">
        {t("proposals:page.supportCount", { count })}
        {supported ? (
          <>
            <br />
            <span className="field__hint">{t("proposals:page.supported")}</span>
          </>
        ) : null}
      </p>
      {support.can ? (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="support" />
          <input type="hidden" name="support" value={supported ? "off" : "on"} />
          <button type="submit" className={supported ? "button button--secondary" : "button"} aria-pressed={supported}>
            {supported ? t("proposals:page.unsupport") : t("proposals:page.support")}
          </button>
        </fetcher.Form>
      ) : support.reason ? (
        <p>
          {errorText(support.reason)}{" "}
          {support.reason === "proposals:page.supportLogin" ? (
            <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("nav.login")}</Link>
          ) : null}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </section>
  );
}

function AnswerPanel({ proposal }: { proposal: LoaderProposal }) {
  const { t } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const lastResult = actionData?.intent === "answer" ? (actionData.result ?? undefined) : undefined;
  const [form, fields] = useValidatedForm(AnswerSchema, {
    id: "proposal-answer",
    lastResult,
    defaultValue: {
      status: proposal.status !== "submitted" && proposal.status !== "withdrawn" ? proposal.status : "under_study",
      answer: proposal.answerText ?? "",
    },
  });
  return (
    <section className="panel" aria-labelledby="answer-form-title">
      <h3 id="answer-form-title">{proposal.answerText ? t("proposals:answer.edit") : t("proposals:answer.title")}</h3>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="proposal-answer-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="answer" />
        <div className="field">
          <label htmlFor={fields.status.id}>
            {t("proposals:answer.status")} <span className="field__required">{t("form.required")}</span>
          </label>
          <select {...getSelectProps(fields.status)} key={fields.status.key}>
            {ANSWER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`proposals:status.${s}`)}
              </option>
            ))}
          </select>
          {fields.status.errors?.length ? (
            <p className="field__error" id={fields.status.errorId}>
              {fields.status.errors.map(errorText).join(" ")}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={fields.answer.id}>
            {t("proposals:answer.text")} <span className="field__required">{t("form.required")}</span>
          </label>
          <p className="field__hint" id={`${fields.answer.id}-hint`}>
            {t("proposals:answer.textHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.answer, {
              ariaDescribedBy: [`${fields.answer.id}-hint`, fields.answer.errors?.length ? fields.answer.errorId : null].filter(Boolean).join(" "),
            })}
            key={fields.answer.key}
            rows={6}
          />
          {fields.answer.errors?.length ? (
            <p className="field__error" id={fields.answer.errorId}>
              {fields.answer.errors.map(errorText).join(" ")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("proposals:answer.submit")}
        </button>
      </Form>
    </section>
  );
}
