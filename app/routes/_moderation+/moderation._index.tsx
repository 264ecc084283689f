// /moderation: the organization's queue. Every reported or automatically hidden item waits here,
// oldest first, until a moderator decides: confirm the hiding (the reason goes to the author),
// restore it (the author is told), or dismiss its reports; by one or in bulk. Filters by state,
// kind and project. Every decision is audited; a decision another moderator made first wins.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ShieldCheck } from "lucide-react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/EmptyState";
import { TextareaField } from "~/components/forms";
import { FormErrors } from "~/modules/moderation/ui/ReportFields";
import { useLiveEvents } from "~/modules/events/ui/useLiveEvents";
import { getT } from "~/i18n/i18n.server";
import { formatMoment, type DateLabel } from "~/utils/dates";
import { DateTime, Pagination } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { isBlocked, requireAct } from "~/modules/moderation/blocking.server";
import { blockMember, decideModeration, decideModerationBulk } from "~/modules/moderation/decisions.server";
import { listModerationQueue, listQueueProjects } from "~/modules/moderation/queue.server";
import { targetKinds } from "~/modules/targets/registry.server";
import { kindLabel } from "~/modules/targets/types";
import {
  allowedDecisions,
  BlockSchema,
  BulkDecisionSchema,
  DECISION_REASON_MAX,
  DecisionSchema,
  QUEUE_FILTERS,
  QueueFiltersSchema,
  type Decision,
} from "~/modules/moderation/schema";
import { excerpt } from "~/modules/moderation/text";
import { decide as moderationPolicy } from "~/modules/moderation/policy";
import { can, isRole } from "~/modules/permissions/permissions";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "moderation.access");
  const url = new URL(request.url);
  const filters = QueueFiltersSchema.parse({
    state: url.searchParams.get("state") ?? undefined,
    kind: url.searchParams.get("kind") || undefined,
    project: url.searchParams.get("project") || undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  const [queue, viewerBlocked, projects] = await Promise.all([
    listModerationQueue(sql, context.org.id, filters),
    isBlocked(sql, context.org.id, user.id),
    listQueueProjects(sql, context.org.id),
  ]);
  const date = (d: Date): DateLabel => formatMoment(d, context.locale, true);
  // The queue shows what is reported, hidden or not: moderators see it all (the visibility rule).
  const seenAs = { hidden: false, projectStatus: "published" };
  return {
    title: getT(context.locale)("moderation:queue.title"),
    canReadAudit: can(user, "admin.audit.view", { organizationId: context.org.id }),
    viewerId: user.id,
    // A blocked moderator reads the queue, but the forms are left out: the action would refuse them.
    viewerBlocked,
    orgId: context.org.id,
    pending: queue.pending,
    filter: filters.state,
    kindFilter: filters.kind ?? "",
    projectFilter: filters.project ?? null,
    kinds: targetKinds().filter((k) => k.reportable).map((k) => k.kind),
    projects,
    total: queue.total,
    page: queue.page,
    pageCount: queue.pageCount,
    items: queue.items.map((item) => ({
      ...item,
      updatedAt: date(item.updatedAt),
      waitingSince: item.waitingSince ? date(item.waitingSince) : null,
      decidedAt: item.decidedAt ? date(item.decidedAt) : null,
      details: item.details.map((d) => ({ ...d, createdAt: date(d.createdAt) })),
      decisions: allowedDecisions(item.state, item.autoHidden),
      // What the forms offer is what the moderation policy allows (the actions ask it again).
      mayDecide: moderationPolicy(context.actor, "decide", { actorBlocked: viewerBlocked, item: item.author ? { ...seenAs, authorId: item.author.id } : null }).allowed,
      mayBlock:
        item.author != null &&
        item.author.name != null &&
        isRole(item.author.role) &&
        moderationPolicy(context.actor, "block", {
          actorBlocked: viewerBlocked,
          member: { id: item.author.id, organizationId: context.org.id, role: item.author.role, isSystemAdmin: false, blocked: item.author.blocked },
        }).allowed,
    })),
  };
}

type Reply = { formId: string; result: SubmissionResult<string[]> | null; notice: string | null; warning?: string | null };

function reply(body: Reply, status = 200) {
  return data<Reply>(body, { status });
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A blocked moderator (or admin) reads the queue but decides nothing.
  const user = await requireAct(context, request, "moderation.access");
  const t = getT(context.locale);
  const formData = await request.formData();
  const organizationId = context.org.id;

  if (formData.get("intent") === "block") {
    const formId = `block-${String(formData.get("itemId") ?? "")}`;
    const submission = parseWithZod(formData, { schema: BlockSchema });
    if (submission.status !== "success") return reply({ formId, result: submission.reply(), notice: null }, 400);
    const outcome = await blockMember(sql, {
      organizationId,
      moderatorId: user.id,
      userId: submission.value.userId,
      reason: submission.value.reason,
    });
    if (!outcome.ok) {
      const status = outcome.error === "notFound" ? 404 : outcome.error === "already" || outcome.error === "notBlocked" ? 409 : 403;
      const key =
        outcome.error === "forbidden" ? "status.forbiddenText" : outcome.error === "blocked" ? "status.blocked" : `moderation:block.errors.${outcome.error}`;
      return reply({ formId, result: submission.reply({ formErrors: [key] }), notice: null }, status);
    }
    return reply({ formId, result: submission.reply({ resetForm: true }), notice: t("moderation:block.done", { name: outcome.name }) });
  }

  const bulkIntent = formData.get("intent");
  if (bulkIntent === "bulk-hide" || bulkIntent === "bulk-dismiss") {
    const formId = "bulk-decision";
    const submission = parseWithZod(formData, { schema: BulkDecisionSchema });
    if (submission.status !== "success") return reply({ formId, result: submission.reply(), notice: null }, 400);
    const outcome = await decideModerationBulk(sql, {
      organizationId,
      moderatorId: user.id,
      items: submission.value.items,
      decision: submission.value.intent === "bulk-hide" ? "hide" : "dismiss",
      reason: submission.value.reason,
      origin: context.org.origin,
    });
    return reply({
      formId,
      result: submission.reply({ resetForm: outcome.decided > 0 }),
      notice: t("moderation:bulk.done", { count: outcome.decided }),
      warning: outcome.refused.length ? t("moderation:bulk.refused", { count: outcome.refused.length }) : null,
    }, outcome.decided === 0 ? 409 : 200);
  }

  const formId = `decision-${String(formData.get("moderationId") ?? "")}`;
  const submission = parseWithZod(formData, { schema: DecisionSchema });
  if (submission.status !== "success") return reply({ formId, result: submission.reply(), notice: null }, 400);
  const outcome = await decideModeration(sql, {
    organizationId,
    moderatorId: user.id,
    moderationId: submission.value.moderationId,
    round: submission.value.round,
    decision: submission.value.intent,
    reason: submission.value.reason,
    origin: context.org.origin,
  });
  if (!outcome.ok) {
    const status = outcome.error === "notFound" ? 404 : ["own", "forbidden", "blocked"].includes(outcome.error) ? 403 : 409;
    const key =
      outcome.error === "forbidden" ? "status.forbiddenText" : outcome.error === "blocked" ? "status.blocked" : `moderation:decision.errors.${outcome.error}`;
    // Another moderator decided first: the item may leave the list as it reloads, so the page says it too.
    const warning = outcome.error === "decided" || outcome.error === "stale" ? t(`moderation:decision.errors.${outcome.error}`) : null;
    return reply({ formId, result: submission.reply({ formErrors: [key] }), notice: null, warning }, status);
  }
  const what = kindLabel(t, "moderation:targetNouns", outcome.target.type);
  return reply({ formId, result: submission.reply({ resetForm: true }), notice: t(`moderation:decision.done.${submission.value.intent}`, { what }) });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

const BULK_FORM_ID = "bulk-decision";

export default function ModerationPage() {
  const { canReadAudit, viewerBlocked, pending, filter, kindFilter, projectFilter, kinds, projects, total, page, pageCount, items, orgId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation(["common", "moderation"]);
  // Another moderator's decision, a new report: the queue reloads (the menu's count too).
  useLiveEvents([{ kind: "moderation", id: orgId }]);
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(p));
    return `/moderation?${params.toString()}`;
  };
  const bulkable = !viewerBlocked && items.some((i) => i.waiting && i.mayDecide);
  return (
    <div className="stack">
      <h1>{t("moderation:queue.title")}</h1>
      <p className="lead">{t("moderation:queue.intro")}</p>
      <ul className="actions moderation-links">
        <li>
          <Link to="/moderation/blocked">{t("moderation:blocked.link")}</Link>
        </li>
        <li>
          <Link to="/journal-de-moderation">{t("moderation:queue.publicLog")}</Link>
        </li>
        <li>
          <Link to="/conditions">{t("moderation:queue.rules")}</Link>
        </li>
        {canReadAudit ? (
          <li>
            <Link to="/admin/audit">{t("moderation:queue.audit")}</Link>
          </li>
        ) : null}
      </ul>
      {viewerBlocked ? <p className="notice notice--error">{t("status.blocked")}</p> : null}
      <div role="status">
        {actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}
        {actionData?.warning ? <p className="notice notice--error">{actionData.warning}</p> : null}
      </div>
      <section aria-labelledby="moderation-queue-title" className="stack">
        <h2 id="moderation-queue-title">{t("moderation:queue.listTitle")}</h2>
        {pending === 0 && total === 0 && filter === "waiting" ? (
          // Nothing waits: say what this page will hold.
          <EmptyState icon={ShieldCheck} title={t("moderation:queue.empty")}>
            {t("moderation:queue.emptyText")}
          </EmptyState>
        ) : (
          <p className="notice">{pending === 0 ? t("moderation:queue.empty") : t("moderation:queue.pending", { count: pending })}</p>
        )}
        <Form method="get" className="moderation-filter" role="search" aria-label={t("moderation:queue.filterLabel")}>
          <div className="field">
            <label htmlFor="moderation-state">{t("moderation:queue.show")}</label>
            <select id="moderation-state" name="state" defaultValue={filter}>
              {QUEUE_FILTERS.map((f) => (
                <option key={f} value={f}>
                  {t(`moderation:queue.filters.${f}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="moderation-kind">{t("moderation:queue.kind")}</label>
            <select id="moderation-kind" name="kind" defaultValue={kindFilter}>
              <option value="">{t("moderation:queue.anyKind")}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(t, "moderation:targetTypes", k)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="moderation-project">{t("moderation:queue.projectFilter")}</label>
            <select id="moderation-project" name="project" defaultValue={projectFilter ?? ""}>
              <option value="">{t("moderation:queue.anyProject")}</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t("moderation:queue.filterSubmit")}
          </button>
        </Form>
        <p>{t("moderation:queue.count", { count: total })}</p>
        {bulkable ? <BulkForm /> : null}
        {items.length === 0 ? null : (
          <ol className="moderation-queue">
            {items.map((item) => (
              <li key={item.id}>
                <QueueItem item={item} bulkable={bulkable} />
              </li>
            ))}
          </ol>
        )}
        <Pagination label={t("moderation:queue.pagination")} page={page} pageCount={pageCount} hrefFor={hrefFor} />
      </section>
    </div>
  );
}

/** One reason for the items ticked in the list (their checkboxes belong to this form by its id). */
function BulkForm() {
  const { t } = useTranslation(["common", "moderation"]);
  const last = useReply(BULK_FORM_ID);
  const errors = last?.result?.error ?? {};
  const reasonErrors = errors.reason ?? [];
  const itemErrors = [...(errors.items ?? []), ...(errors[""] ?? [])];
  return (
    <details className="moderation-bulk" open={Boolean(last && (reasonErrors.length || itemErrors.length))}>
      <summary>{t("moderation:bulk.title")}</summary>
      <Form method="post" id={BULK_FORM_ID} className="form" noValidate>
        <p id="bulk-intro">{t("moderation:bulk.intro")}</p>
        {itemErrors.length ? (
          <p className="field__error" id="bulk-items-error">
            {itemErrors.map((e) => t(e as "errors.invalid")).join(" ")}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="bulk-reason">{t("moderation:bulk.reason")}</label>
          <textarea
            id="bulk-reason"
            name="reason"
            required
            maxLength={DECISION_REASON_MAX}
            rows={3}
            aria-invalid={reasonErrors.length ? true : undefined}
            aria-describedby={reasonErrors.length ? "bulk-reason-error" : undefined}
          />
          {reasonErrors.length ? (
            <p className="field__error" id="bulk-reason-error">
              {reasonErrors.map((e) => t(e as "errors.invalid")).join(" ")}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="bulk-hide" className="button button--danger">
            {t("moderation:bulk.hide")}
          </button>
          <button type="submit" name="intent" value="bulk-dismiss" className="button button--secondary">
            {t("moderation:bulk.dismiss")}
          </button>
        </div>
      </Form>
    </details>
  );
}

function QueueItem({ item, bulkable }: { item: Item; bulkable: boolean }) {
  const { viewerBlocked } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "moderation"]);
  const titleId = `moderation-item-${item.id}`;
  const type = kindLabel(t, "moderation:targetTypes", item.targetType);
  // What names the item: its title, or the start of a comment's text.
  const heading = item.content?.title ?? (item.content ? excerpt(item.content.text) : t("moderation:queue.gone"));
  const authorName = item.author ? (item.author.name ?? t("moderation:queue.deletedAuthor")) : t("moderation:queue.unknown");
  // Hidden automatically: hidden, and still waiting for a moderator.
  const stateText = item.waiting && item.state === "hidden" ? `${t("moderation:states.hidden")} · ${t("moderation:states.pending")}` : t(`moderation:states.${item.state}`);
  return (
    <article aria-labelledby={titleId} className={`moderation-item moderation-item--${item.waiting ? "waiting" : item.state}`}>
      <h3 id={titleId}>
        {item.content?.commentOn ? (
          t("moderation:queue.commentOn", { title: item.content.commentOn })
        ) : (
          <>
            <span className="moderation-item__type">{type} :</span> {heading}
          </>
        )}
      </h3>
      {bulkable && item.waiting && item.mayDecide ? (
        <p className="moderation-item__select">
          <input type="checkbox" id={`bulk-${item.id}`} name="items" value={`${item.id}:${item.round}`} form={BULK_FORM_ID} />
          <label htmlFor={`bulk-${item.id}`}>
            {t("moderation:queue.select")}
            <span className="visually-hidden"> : {heading}</span>
          </label>
        </p>
      ) : null}
      <p className="moderation-item__meta">
        <span className={`moderation-state moderation-state--${item.waiting ? "pending" : item.state}`}>
          {t("moderation:queue.stateLabel")} {stateText}
        </span>{" "}
        · {t("moderation:queue.reports", { count: item.reportCount })} ·{" "}
        {item.waitingSince ? (
          <>
            {t("moderation:queue.waitingSince")} <DateTime value={item.waitingSince} />
          </>
        ) : (
          <>
            {t("moderation:queue.updated")} <DateTime value={item.updatedAt} />
          </>
        )}
      </p>
      <dl className="moderation-item__facts">
        <div>
          <dt>{t("moderation:queue.project")}</dt>
          <dd>{item.project?.title ?? t("moderation:queue.unknown")}</dd>
        </div>
        <div>
          <dt>{t("moderation:queue.author")}</dt>
          <dd>
            {authorName}
            {item.author?.blocked ? <> ({t("moderation:queue.authorBlocked")})</> : null}
          </dd>
        </div>
      </dl>
      {item.content ? (
        <>
          {item.content.deleted ? <p>{t("moderation:queue.deletedByAuthor")}</p> : null}
          {item.content.text ? <blockquote className="moderation-item__excerpt">{item.content.text}</blockquote> : null}
          <p>
            <Link to={item.content.path}>
              {t("moderation:queue.open")}
              <span className="visually-hidden"> : {heading}</span>
            </Link>
          </p>
        </>
      ) : (
        <p>{t("moderation:queue.goneText")}</p>
      )}
      <h4>{t("moderation:queue.reasonsTitle")}</h4>
      <ul>
        {item.reasons.map((r) => (
          <li key={r.reason}>
            {t(`moderation:reasons.${r.reason}`)} : {r.count}
          </li>
        ))}
      </ul>
      {item.details.length > 0 ? (
        <>
          <h4>{t("moderation:queue.detailsTitle")}</h4>
          <ul className="moderation-item__details">
            {item.details.map((d, i) => (
              <li key={i}>
                <q>{d.text}</q> ({t(`moderation:reasons.${d.reason}`)}, <DateTime value={d.createdAt} />)
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {item.autoHidden ? (
        <p className="moderation-item__decision">{t("moderation:queue.autoHidden", { count: item.reportCount })}</p>
      ) : item.decidedAt ? (
        <p className="moderation-item__decision">
          {t("moderation:queue.decided", {
            state: t(`moderation:states.${item.state}`),
            name: item.decidedByName ?? t("moderation:queue.deletedAuthor"),
            date: item.decidedAt.label,
            reason: item.decisionReason ?? "",
          })}
        </p>
      ) : null}
      {viewerBlocked ? null : !item.mayDecide ? (
        <p>{t("moderation:decision.errors.own")}</p>
      ) : (
        <DecisionForm item={item} heading={heading} />
      )}
      {item.mayBlock && item.author?.name ? (
        <BlockForm userId={item.author.id} name={item.author.name} itemId={item.id} />
      ) : null}
    </article>
  );
}

function useReply(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

function DecisionForm({ item, heading }: { item: Item; heading: string }) {
  const { t } = useTranslation(["common", "moderation"]);
  const formId = `decision-${item.id}`;
  const last = useReply(formId);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("moderationId") === String(item.id);
  const [form, fields] = useValidatedForm(DecisionSchema, { id: formId, lastResult: last?.result });
  const decisions: Decision[] = item.content && !item.content.deleted ? item.decisions : item.decisions.filter((d) => d === "dismiss");
  if (decisions.length === 0) return null;
  // Hidden automatically and waiting: "hide" confirms what the reports did.
  const label = (d: Decision) => (d === "hide" && item.autoHidden ? t("moderation:decision.confirmHide") : t(`moderation:decision.${d}`));
  return (
    <Form method="post" className="form moderation-decision" {...getFormProps(form)}>
      <FormErrors id={`${formId}-errors`} errors={form.errors} />
      <input type="hidden" name="moderationId" value={item.id} />
      <input type="hidden" name="round" value={item.round} />
      <TextareaField
        meta={fields.reason}
        label={t("moderation:decision.reason")}
        hint={t("moderation:decision.reasonHint")}
        required
        textareaProps={{ maxLength: DECISION_REASON_MAX }}
      />
      <div className="actions">
        {decisions.map((d) => (
          <button
            key={d}
            type="submit"
            name="intent"
            value={d}
            className={d === "hide" ? "button button--danger" : "button button--secondary"}
            disabled={busy}
          >
            {label(d)}
            <span className="visually-hidden"> : {heading}</span>
          </button>
        ))}
      </div>
    </Form>
  );
}

function BlockForm({ userId, name, itemId }: { userId: number; name: string; itemId: number }) {
  const { t } = useTranslation(["common", "moderation"]);
  const formId = `block-${itemId}`;
  const last = useReply(formId);
  const [form, fields] = useValidatedForm(BlockSchema, { id: formId, lastResult: last?.result });
  return (
    <details className="moderation-block" open={Boolean(last && !last.notice)}>
      <summary>{t("moderation:block.open", { name })}</summary>
      <Form method="post" className="form" {...getFormProps(form)}>
        <p>{t("moderation:block.explain")}</p>
        <FormErrors id={`${formId}-errors`} errors={form.errors} />
        <input type="hidden" name="intent" value="block" />
        <input type="hidden" name="itemId" value={itemId} />
        <input type="hidden" name="userId" value={userId} />
        <TextareaField
          meta={fields.reason}
          label={t("moderation:block.reason")}
          required
          textareaProps={{ maxLength: DECISION_REASON_MAX }}
        />
        <div className="actions">
          <button type="submit" className="button button--danger">
            {t("moderation:block.submit", { name })}
          </button>
        </div>
      </Form>
    </details>
  );
}
