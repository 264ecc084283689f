// /manage/projects/:id/consultations/:cid: one consultation for the officials: where the vote
// stands and its steps (open, move the close later, close, publish the results), its texts and
// rules (frozen after the first ballot: the page says why), its questions and their options.
// Every step goes through the module's commands, which check the actor, audit and refuse what the
// rules forbid; the refusal comes back beside the form that asked.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { getUser, notFound, requirePermission } from "~/modules/auth/guards.server";
import {
  addOption,
  addQuestion,
  closeConsultation,
  extendClose,
  openConsultation,
  publishResults,
  removeOption,
  removeQuestion,
  updateConsultation,
  type CommandResult,
} from "~/modules/consultations/commands.server";
import { getConsultation, listProjectConsultations } from "~/modules/consultations/queries.server";
import { ConsultationFormSchema, OptionFormSchema, QuestionFormSchema } from "~/modules/consultations/schema";
import { StateBadge } from "~/modules/consultations/ui/ConsultationParts";
import { dateToParisLocal, parisLocalToDate } from "~/modules/consultations/ui/datetime";
import { consultationLinks } from "~/modules/consultations/ui/links";
import { ConsultationSettingsForm, OptionForm, QuestionForm } from "~/modules/consultations/ui/ManageForms";
import { parseConsultationForm } from "~/modules/consultations/ui/manage-form.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { findProject } from "~/modules/projects/queries.server";
import { idParam } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";
import { formatMoment } from "~/utils/dates";
import { cachedNumberFormat } from "~/utils/intl";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => consultationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const DONE = ["created", "saved", "opened", "extended", "closed", "published", "question", "option", "removed"] as const;

async function loadOwn({ context, params }: LoaderFunctionArgs) {
  const project = await findProject(sql, context.org.id, idParam(params.id), getUser(context));
  if (!project) notFound();
  const consultation = await getConsultation(sql, context.org.id, idParam(params.cid));
  if (!consultation || consultation.projectId !== project.id) notFound();
  return { project, consultation };
}

export async function loader(args: LoaderFunctionArgs) {
  const { request, context } = args;
  requirePermission(context, request, "project.manage");
  const { project, consultation } = await loadOwn(args);
  const [proposals, summaries] = await Promise.all([
    sql`
      select id, title from proposals
      where organization_id = ${context.org.id} and project_id = ${project.id} and hidden_at is null and status <> 'withdrawn'
      order by supports_count desc, id limit 200`,
    listProjectConsultations(sql, context.org.id, project.id),
  ]);
  const t = getT(context.locale);
  const euros = (n: number) => cachedNumberFormat(context.locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(n);
  const done = new URL(request.url).searchParams.get("done");
  return {
    title: t("consultations:manage.editTitle", { title: consultation.title }),
    project: { id: project.id, slug: project.slug, title: project.title },
    consultation: {
      id: consultation.id,
      title: consultation.title,
      state: consultation.state,
      frozen: consultation.frozen,
      opensAt: formatMoment(consultation.opensAt, context.locale, true).label,
      closesAt: formatMoment(consultation.closesAt, context.locale, true).label,
      closesAtLocal: dateToParisLocal(consultation.closesAt),
      resultsPublishedAt: consultation.resultsPublishedAt ? formatMoment(consultation.resultsPublishedAt, context.locale, true).label : null,
      voters: summaries.find((s) => s.id === consultation.id)?.voters ?? 0,
    },
    settings: {
      title: consultation.title,
      description: consultation.description,
      opensAt: dateToParisLocal(consultation.opensAt),
      closesAt: dateToParisLocal(consultation.closesAt),
      eligibility: consultation.eligibility,
      minAge: consultation.minAge == null ? "" : String(consultation.minAge),
      secrecy: consultation.secrecy,
      resultsVisibility: consultation.resultsVisibility,
      allowChange: consultation.allowChange,
    },
    questions: consultation.questions.map((q) => {
      const s = q.settings;
      const summary =
        s.method === "approval"
          ? t("consultations:manage.settingsSummary.approval", { min: s.minChoices, max: s.maxChoices })
          : s.method === "majority"
            ? t("consultations:manage.settingsSummary.majority", { scale: s.scale })
            : s.method === "budget"
              ? t("consultations:manage.settingsSummary.budget", { total: euros(s.total), min: euros(s.minSpend) })
              : t("consultations:manage.settingsSummary.single");
      return {
        id: q.id,
        title: q.title,
        method: s.method,
        summary,
        options: q.options.map((o) => ({ id: o.id, label: o.label, cost: o.cost == null ? null : euros(o.cost), proposalId: o.proposalId })),
      };
    }),
    proposals: proposals.map((p) => ({ id: Number(p.id), title: String(p.title) })),
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
    addingTo: done === "option" ? Number(new URL(request.url).searchParams.get("question")) || null : null,
  };
}

type Reply = { intent: string; questionId?: number; result: SubmissionResult<string[]> | null; error: string | null };

const STEP_DONE: Record<string, (typeof DONE)[number]> = { open: "opened", extend: "extended", close: "closed", publish: "published" };

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  await requireAct(context, request, "project.manage");
  const { project, consultation } = await loadOwn(args);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const actor = context.actor;
  const here = `/manage/projects/${project.id}/consultations/${consultation.id}`;
  const consultationId = consultation.id;
  const refused = (result: CommandResult<unknown>, reply: Reply) => {
    if (!result.ok && result.notFound) notFound();
    return data(reply, { status: 409 });
  };
  const questionOf = (raw: FormDataEntryValue | null) => {
    const id = Number(raw);
    const question = consultation.questions.find((q) => q.id === id);
    if (!question) notFound();
    return question;
  };

  if (intent === "settings") {
    const form = parseConsultationForm(formData, ConsultationFormSchema);
    if (!form.value) return data<Reply>({ intent, result: form.reply(), error: null }, { status: 400 });
    const result = await updateConsultation(sql, actor, { ...form.value, consultationId });
    if (!result.ok) return refused(result, { intent, result: form.reply({ formErrors: [result.error] }), error: null });
    return redirect(`${here}?done=saved`);
  }
  if (intent === "question") {
    const submission = parseWithZod(formData, { schema: QuestionFormSchema });
    if (submission.status !== "success") return data<Reply>({ intent, result: submission.reply() as SubmissionResult<string[]>, error: null }, { status: 400 });
    const result = await addQuestion(sql, actor, { ...submission.value, consultationId });
    if (!result.ok) return refused(result, { intent, result: submission.reply({ formErrors: [result.error] }) as SubmissionResult<string[]>, error: null });
    return redirect(`${here}?done=question#question-${result.value.id}`);
  }
  if (intent === "option") {
    const question = questionOf(formData.get("questionId"));
    // A linked proposal names the option when the label is left empty.
    const proposalId = Number(formData.get("proposalId"));
    if (!String(formData.get("label") ?? "").trim() && proposalId) {
      const [row] = await sql`select title from proposals where id = ${proposalId} and organization_id = ${context.org.id} and project_id = ${project.id}`;
      if (row) formData.set("label", String(row.title).slice(0, 200));
    }
    const submission = parseWithZod(formData, { schema: OptionFormSchema });
    const reply = (result: SubmissionResult<string[]>): Reply => ({ intent, questionId: question.id, result, error: null });
    if (submission.status !== "success") return data(reply(submission.reply() as SubmissionResult<string[]>), { status: 400 });
    const result = await addOption(sql, actor, { ...submission.value, questionId: question.id });
    if (!result.ok) return refused(result, reply(submission.reply({ formErrors: [result.error] }) as SubmissionResult<string[]>));
    // Officials add several options in a row: the form stays open under its question.
    return redirect(`${here}?done=option&question=${question.id}#question-${question.id}`);
  }
  if (intent === "removeQuestion") {
    const question = questionOf(formData.get("questionId"));
    const result = await removeQuestion(sql, actor, { questionId: question.id });
    if (!result.ok) return refused(result, { intent, result: null, error: result.error });
    return redirect(`${here}?done=removed`);
  }
  if (intent === "removeOption") {
    const optionId = Number(formData.get("optionId"));
    const question = consultation.questions.find((q) => q.options.some((o) => o.id === optionId));
    if (!question) notFound();
    const result = await removeOption(sql, actor, { optionId });
    if (!result.ok) return refused(result, { intent, result: null, error: result.error });
    return redirect(`${here}?done=removed#question-${question.id}`);
  }
  if (intent === "extend") {
    const closesAt = parisLocalToDate(String(formData.get("closesAt") ?? ""));
    if (!closesAt) return data<Reply>({ intent, result: null, error: "consultations:errors.dateInvalid" }, { status: 400 });
    const result = await extendClose(sql, actor, { consultationId, closesAt });
    if (!result.ok) return refused(result, { intent, result: null, error: result.error });
    return redirect(`${here}?done=extended`);
  }
  if (intent === "open" || intent === "close" || intent === "publish") {
    const command = intent === "open" ? openConsultation : intent === "close" ? closeConsultation : publishResults;
    const result = await command(sql, actor, { consultationId });
    if (!result.ok) return refused(result, { intent, result: null, error: result.error });
    return redirect(`${here}?done=${STEP_DONE[intent]}`);
  }
  throw data({ reason: "errors.invalid" }, { status: 400 });
}

export default function ManageConsultation() {
  const { project, consultation, settings, questions, proposals, done, addingTo } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation(["consultations", "projects", "common"]);
  const errorText = useErrorText();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const stepError = reply && reply.error && ["open", "extend", "close", "publish"].includes(reply.intent) ? errorText(reply.error) : null;
  const doneText = done && !reply ? (done === "created" ? t("consultations:manage.created") : done === "saved" ? t("consultations:manage.saved") : t(`consultations:manage.done.${done}`)) : null;
  return (
    <div className="stack">
      <nav aria-label={t("projects:manage.breadcrumb")}>
        <p>
          <Link to="/manage/projects">{t("projects:manage.title")}</Link>
          <span aria-hidden="true"> › </span>
          <Link to={`/manage/projects/${project.id}`}>{project.title}</Link>
          <span aria-hidden="true"> › </span>
          <Link to={`/manage/projects/${project.id}/consultations`}>{t("consultations:manage.breadcrumb")}</Link>
          <span aria-hidden="true"> › </span>
          <span aria-current="page">{consultation.title}</span>
        </p>
      </nav>
      <h1>{t("consultations:manage.editTitle", { title: consultation.title })}</h1>
      <div role="status">{doneText ? <p className="notice">{doneText}</p> : null}</div>

      <section aria-labelledby="vote-status" className="manage-panel stack">
        <h2 id="vote-status">{t("consultations:manage.statusTitle")}</h2>
        <p>
          <StateBadge state={consultation.state} />{" "}
          {t(`consultations:manage.status.${consultation.state}`, { opens: consultation.opensAt, closes: consultation.closesAt })}{" "}
          {t("consultations:manage.ballots", { count: consultation.voters })}
        </p>
        {consultation.state === "closed" ? (
          <p>{consultation.resultsPublishedAt ? t("consultations:manage.resultsPublished", { date: consultation.resultsPublishedAt }) : t("consultations:manage.resultsNotPublished")}</p>
        ) : null}
        {stepError ? (
          <p role="alert" className="notice notice--error">
            {stepError}
          </p>
        ) : null}
        {consultation.state === "draft" ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="open" />
            <p className="field__hint">{t("consultations:manage.openHint")}</p>
            <button type="submit" className="button" disabled={busy}>
              {t("consultations:manage.open")}
            </button>
          </Form>
        ) : null}
        {consultation.state === "open" || consultation.state === "scheduled" ? (
          <div className="manage-grid manage-grid--two">
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="extend" />
              <div className="field">
                <label htmlFor="extend-closesAt">{t("consultations:manage.extendLabel")}</label>
                <p className="field__hint" id="extend-closesAt-hint">
                  {t("consultations:manage.extendHint")} {t("consultations:manage.fields.timeHint")}
                </p>
                <input type="datetime-local" id="extend-closesAt" name="closesAt" defaultValue={consultation.closesAtLocal} aria-describedby="extend-closesAt-hint" required />
              </div>
              <p className="actions">
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t("consultations:manage.extend")}
                </button>
              </p>
            </Form>
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="close" />
              <p className="field__hint">{t("consultations:manage.closeHint")}</p>
              <p className="actions">
                <button type="submit" className="button button--danger" disabled={busy}>
                  {t("consultations:manage.close")}
                </button>
              </p>
            </Form>
          </div>
        ) : null}
        {consultation.state === "closed" && !consultation.resultsPublishedAt ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="publish" />
            <p className="field__hint">{t("consultations:manage.publishHint")}</p>
            <button type="submit" className="button" disabled={busy}>
              {t("consultations:manage.publish")}
            </button>
          </Form>
        ) : null}
        {consultation.state !== "draft" ? (
          <p className="actions">
            <Link to={`/projects/${project.slug}/consultations/${consultation.id}`}>{t("consultations:manage.viewPublic")}</Link>
            <Link to={`/projects/${project.slug}/consultations/${consultation.id}/results`}>{t("consultations:manage.viewResults")}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="questions-title" className="stack">
        <h2 id="questions-title">{t("consultations:manage.questionsTitle")}</h2>
        {consultation.frozen ? <p className="frozen-note">{t("consultations:manage.frozenQuestions")}</p> : null}
        {questions.length === 0 ? <p>{t("consultations:manage.noQuestions")}</p> : null}
        {questions.map((q) => (
          <section key={q.id} id={`question-${q.id}`} aria-labelledby={`question-${q.id}-title`} className="manage-panel stack">
            <h3 id={`question-${q.id}-title`}>{q.title}</h3>
            <p className="entry__meta">
              {t(`consultations:methods.${q.method}`)} · {q.summary}
            </p>
            {q.options.length === 0 ? (
              <p>{t("consultations:manage.noOptions")}</p>
            ) : (
              <ol className="option-list">
                {q.options.map((o) => (
                  <li key={o.id}>
                    {o.label}
                    {o.cost ? ` (${o.cost})` : null}
                    {o.proposalId ? (
                      <>
                        {" · "}
                        <Link to={`/projects/${project.slug}/proposals/${o.proposalId}`}>{t("consultations:manage.linkedProposal")}</Link>
                      </>
                    ) : null}
                    {!consultation.frozen ? (
                      <Form method="post" className="inline-form" style={{ display: "inline-flex", marginLeft: "0.5rem" }}>
                        <input type="hidden" name="intent" value="removeOption" />
                        <input type="hidden" name="optionId" value={o.id} />
                        <button type="submit" className="link-button" aria-label={t("consultations:manage.removeOptionLabel", { label: o.label })} disabled={busy}>
                          {t("consultations:manage.removeOption")}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
            {reply?.intent === "removeOption" || reply?.intent === "removeQuestion" ? (
              reply.error ? (
                <p role="alert" className="notice notice--error">
                  {errorText(reply.error)}
                </p>
              ) : null
            ) : null}
            {!consultation.frozen ? (
              <>
                <details className="disclosure" open={(reply?.intent === "option" && reply.questionId === q.id) || addingTo === q.id}>
                  <summary>{t("consultations:manage.addOptionTitle")}</summary>
                  <OptionForm
                    questionId={q.id}
                    budget={q.method === "budget"}
                    proposals={proposals}
                    lastResult={reply?.intent === "option" && reply.questionId === q.id ? (reply.result ?? undefined) : undefined}
                  />
                </details>
                <Form method="post">
                  <input type="hidden" name="intent" value="removeQuestion" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    {t("consultations:manage.removeQuestion")}
                  </button>
                </Form>
              </>
            ) : null}
          </section>
        ))}
        {!consultation.frozen ? (
          <section aria-labelledby="question-add-heading" className="manage-panel">
            <h3 id="question-add-heading">{t("consultations:manage.addQuestionTitle")}</h3>
            <QuestionForm lastResult={reply?.intent === "question" ? (reply.result ?? undefined) : undefined} />
          </section>
        ) : null}
      </section>

      <section aria-labelledby="settings-title" className="manage-panel">
        <h2 id="settings-title">{t("consultations:manage.settingsTitle")}</h2>
        <ConsultationSettingsForm
          intent="settings"
          defaults={settings}
          lastResult={reply?.intent === "settings" ? (reply.result ?? undefined) : undefined}
          frozen={consultation.frozen}
        />
      </section>
    </div>
  );
}
