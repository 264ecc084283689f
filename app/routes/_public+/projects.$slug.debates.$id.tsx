// /projects/:slug/debates/:id: a debate's question and context, its conclusion first once closed,
// and the comments (open while the phase allows comments and the debate is not closed).
// Officials close it with a written conclusion (audited). Members report the debate and its
// comments; a hidden debate stays readable for its author, moderators and admins (the one visibility
// rule, targets/visibility.ts), with a notice.
import { getFormProps, getTextareaProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, useErrorText } from "~/components/forms";
import { HiddenNotice } from "~/modules/moderation/ui/HiddenNotice";
import { ReportButton, commentReportSlot } from "~/modules/moderation/ui/ReportButton";
import { getUser, notFound } from "~/modules/auth/guards.server";
import { CommentSection } from "~/modules/comments/ui/CommentSection";
import { participationLinks } from "~/modules/comments/ui/links";
import { commentAvailability, loadCommentThread } from "~/modules/comments/queries.server";
import { COMMENTS_PARAM } from "~/modules/comments/schema";
import { findDebate } from "~/modules/debates/queries.server";
import { closeDebate } from "~/modules/debates/commands.server";
import { decide as decideDebate } from "~/modules/debates/policy";
import { CloseDebateSchema } from "~/modules/debates/schema";
import { touches } from "~/modules/events/events";
import { useLiveEvents } from "~/modules/events/ui/useLiveEvents";
import { isBlocked, requireAct } from "~/modules/moderation/blocking.server";
import { hiddenNoticeFor, loadPageReports } from "~/modules/moderation/page.server";
import { decide as decideModeration } from "~/modules/moderation/policy";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { decideSee } from "~/modules/targets/visibility";
import { formatDate } from "~/utils/dates";
import { DebateStateBadge } from "~/modules/debates/ui/DebateStateBadge";
import { participantName } from "~/modules/users/display";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => participationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  const viewer = getUser(context);
  const organizationId = context.org.id;
  const debate = await findDebate(sql, organizationId, project.id, idParam(params.id));
  if (!debate) notFound();
  const isAuthor = viewer?.id === debate.authorId;
  const { actor } = context;
  const item = { authorId: debate.authorId, hidden: debate.hidden, projectStatus: project.status };
  // Hidden by moderation: the one visibility rule (its author, moderators and admins).
  if (!decideSee(actor, item).allowed) notFound();
  const url = new URL(request.url);
  const target = { type: "debate" as const, id: debate.id };
  const [thread, hiddenNotice, actorBlocked] = await Promise.all([
    loadCommentThread(sql, { organizationId, target, viewer, page: url.searchParams.get(COMMENTS_PARAM) }),
    debate.hidden ? hiddenNoticeFor(sql, organizationId, target) : Promise.resolve(null),
    // The block is state the policies read: once per page.
    viewer ? isBlocked(sql, organizationId, viewer.id) : Promise.resolve(false),
  ]);
  // What the page offers is what the policies allow (the actions ask them again).
  const projectState = { status: project.status, currentPhase: project.currentPhase, actorBlocked };
  const closed = debate.closedAt != null;
  const canReport = decideModeration(actor, "report", { actorBlocked, item }).allowed;
  const reports = await loadPageReports(sql, { viewer, projectStatus: project.status, items: canReport ? [target] : [], thread });
  return {
    title: debate.title,
    // The id names the project's live room (useLiveEvents).
    project: { id: project.id, slug: project.slug, title: project.title },
    debate,
    thread,
    commenting: commentAvailability(actor, { project, target: { ...item, closed }, actorBlocked }),
    canClose: decideDebate(actor, "close", { project: projectState, debate: { ...item, closed } }).allowed,
    isAuthor,
    canReport,
    reports,
    hiddenNotice,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireAct(context, request, "project.manage");
  const project = await requireVisibleProject(context, request, params.slug);
  const debateId = idParam(params.id);
  const submission = parseWithZod(await request.formData(), { schema: CloseDebateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await closeDebate(sql, context.actor, {
    projectId: project.id,
    debateId,
    conclusion: submission.value.conclusion,
  });
  if (!result.ok) {
    if (result.error === "notFound") notFound();
    return data(submission.reply({ formErrors: ["proposals:debates.errors.alreadyClosed"] }), { status: 409 });
  }
  return redirect(`/projects/${project.slug}/debates/${debateId}?done=closed`);
}

export default function DebatePage() {
  const { project, debate, thread, commenting, canClose, isAuthor, canReport, reports, hiddenNotice } = useLoaderData<typeof loader>();
  // Comments, supports and decisions of others appear without a reload.
  useLiveEvents([{ kind: "project", id: project.id }], { match: (message) => touches(message, { type: "debate", id: debate.id }) });
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation(["common", "proposals", "account"]);
  const done = searchParams.get("done");
  const doneMessage = done === "closed" ? t("proposals:debates.close.done") : done === "created" ? t("proposals:debates.created") : null;
  return (
    <div className="stack participation">
      <p>
        <Link to={`/projects/${project.slug}/debates`} className="back-link">
          <span aria-hidden="true">← </span>
          {t("proposals:debates.backToList")}
        </Link>
      </p>
      <div role="status">{doneMessage ? <p className="notice">{doneMessage}</p> : null}</div>
      <article className="stack" aria-labelledby="debate-title">
        <h2 id="debate-title">{debate.title}</h2>
        <p className="entry__meta">
          <DebateStateBadge closed={debate.closedAt != null} />{" "}
          {t("proposals:debates.openedBy", { name: participantName(debate.authorName, t), date: formatDate(debate.createdAt, i18n.language) })}
        </p>
        {debate.hidden ? <HiddenNotice notice={hiddenNotice} forAuthor={isAuthor} /> : null}
        {debate.closedAt && debate.conclusion ? (
          <section className="conclusion" aria-labelledby="conclusion-title">
            <h3 id="conclusion-title">{t("proposals:debates.conclusionTitle")}</h3>
            <p className="entry__meta">{t("proposals:debates.closedOn", { date: formatDate(debate.closedAt, i18n.language) })}</p>
            <p className="entry__text">{debate.conclusion}</p>
          </section>
        ) : null}
        {debate.description ? <p className="entry__text">{debate.description}</p> : null}
        {canClose ? <CloseForm /> : null}
        {canReport ? (
          <ReportButton target={{ type: "debate", id: debate.id }} alreadyReported={reports.reported.includes(`debate:${debate.id}`)} />
        ) : null}
      </article>
      <CommentSection
        thread={thread}
        target={{ type: "debate", id: debate.id }}
        canComment={commenting.canComment}
        closedReason={commenting.closedReason}
        reportSlot={commentReportSlot(reports)}
      />
    </div>
  );
}

function CloseForm() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const [form, fields] = useValidatedForm(CloseDebateSchema, { id: "debate-close", lastResult });
  const hint = `${fields.conclusion.id}-hint`;
  return (
    <details className="disclosure panel" open={Boolean(lastResult)}>
      <summary>{t("proposals:debates.close.title")}</summary>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="debate-close-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="close" />
        <div className="field">
          <label htmlFor={fields.conclusion.id}>
            {t("proposals:debates.close.conclusion")} <span className="field__required">{t("form.required")}</span>
          </label>
          <p className="field__hint" id={hint}>
            {t("proposals:debates.close.conclusionHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.conclusion, {
              ariaDescribedBy: [hint, fields.conclusion.errors?.length ? fields.conclusion.errorId : null].filter(Boolean).join(" "),
            })}
            key={fields.conclusion.key}
            rows={6}
          />
          {fields.conclusion.errors?.length ? (
            <p className="field__error" id={fields.conclusion.errorId}>
              {fields.conclusion.errors.map(errorText).join(" ")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("proposals:debates.close.submit")}
        </button>
      </Form>
    </details>
  );
}
