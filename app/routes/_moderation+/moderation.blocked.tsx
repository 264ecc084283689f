// /moderation/blocked: the members moderation blocked from contributing, with why and since
// when; a moderator unblocks them here (audited), as the moderation policy allows.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextareaField } from "~/components/forms";
import { FormErrors } from "~/modules/moderation/ui/ReportFields";
import { getT } from "~/i18n/i18n.server";
import { formatMoment } from "~/utils/dates";
import { DateTime, Pagination } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { isBlocked, requireAct } from "~/modules/moderation/blocking.server";
import { unblockMember } from "~/modules/moderation/decisions.server";
import { decide } from "~/modules/moderation/policy";
import { listBlockedMembers } from "~/modules/moderation/queue.server";
import { DECISION_REASON_MAX, PageSchema, UnblockSchema } from "~/modules/moderation/schema";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "moderation.access");
  const { page } = PageSchema.parse({ page: new URL(request.url).searchParams.get("page") ?? undefined });
  const [list, viewerBlocked] = await Promise.all([listBlockedMembers(sql, context.org.id, page), isBlocked(sql, context.org.id, user.id)]);
  return {
    title: getT(context.locale)("moderation:blocked.title"),
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    // A blocked moderator sees the list (themself included) without the unblock forms.
    viewerBlocked,
    members: list.members.map((m) => ({
      ...m,
      blockedAt: formatMoment(m.blockedAt, context.locale, true),
      // The unblock form is offered when the moderation policy allows it (the command asks it again).
      mayUnblock: decide(context.actor, "unblock", {
        actorBlocked: viewerBlocked,
        member: { id: m.id, organizationId: context.org.id, role: "citizen", isSystemAdmin: false, blocked: true },
      }).allowed,
    })),
  };
}

type Reply = { formId: string; result: SubmissionResult<string[]> | null; notice: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  // A blocked moderator unblocks nobody, themself least of all (unblockMember refuses that too).
  const user = await requireAct(context, request, "moderation.access");
  const t = getT(context.locale);
  const formData = await request.formData();
  const formId = `unblock-${String(formData.get("userId") ?? "")}`;
  const submission = parseWithZod(formData, { schema: UnblockSchema });
  if (submission.status !== "success") return data<Reply>({ formId, result: submission.reply(), notice: null }, { status: 400 });
  const outcome = await unblockMember(sql, {
    organizationId: context.org.id,
    moderatorId: user.id,
    userId: submission.value.userId,
    reason: submission.value.reason ?? null,
  });
  if (!outcome.ok) {
    const status = outcome.error === "notFound" ? 404 : ["self", "forbidden", "blocked"].includes(outcome.error) ? 403 : 409;
    const key =
      outcome.error === "self"
        ? "moderation:blocked.unblockSelf"
        : outcome.error === "forbidden"
          ? "status.forbiddenText"
          : outcome.error === "blocked"
            ? "status.blocked"
            : `moderation:block.errors.${outcome.error}`;
    return data<Reply>({ formId, result: submission.reply({ formErrors: [key] }), notice: null }, { status });
  }
  return data<Reply>({ formId, result: submission.reply({ resetForm: true }), notice: t("moderation:blocked.unblocked", { name: outcome.name }) });
}

type Member = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];

export default function BlockedMembersPage() {
  const { total, page, pageCount, members, viewerBlocked } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "moderation"]);
  return (
    <div className="stack">
      <nav aria-label={t("moderation:blocked.breadcrumb")} className="admin-breadcrumb">
        <p>
          <Link to="/moderation">{t("moderation:queue.title")}</Link>
          <span aria-hidden="true"> › </span>
          <span aria-current="page">{t("moderation:blocked.title")}</span>
        </p>
      </nav>
      <h1>{t("moderation:blocked.title")}</h1>
      <p>{t("moderation:blocked.intro")}</p>
      {viewerBlocked ? <p className="notice notice--error">{t("status.blocked")}</p> : null}
      <div role="status">{actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      {members.length === 0 ? (
        <p>{t("moderation:blocked.empty")}</p>
      ) : (
        <ul className="blocked-list">
          {members.map((m) => (
            <li key={m.id}>
              <BlockedMember member={m} canUnblock={m.mayUnblock} />
            </li>
          ))}
        </ul>
      )}
      {total > 0 ? <p>{t("moderation:blocked.count", { count: total })}</p> : null}
      <Pagination label={t("moderation:blocked.pagination")} page={page} pageCount={pageCount} hrefFor={(p) => `/moderation/blocked?page=${p}`} />
    </div>
  );
}

function BlockedMember({ member, canUnblock }: { member: Member; canUnblock: boolean }) {
  const { t } = useTranslation(["common", "moderation"]);
  const actionData = useActionData<typeof action>();
  const formId = `unblock-${member.id}`;
  const [form, fields] = useValidatedForm(UnblockSchema, { id: formId, lastResult: actionData?.formId === formId ? actionData.result : undefined });
  const titleId = `blocked-${member.id}`;
  return (
    <article aria-labelledby={titleId} className="moderation-item">
      <h2 id={titleId}>{member.name}</h2>
      <p>
        {t("moderation:blocked.since")} <DateTime value={member.blockedAt} />
      </p>
      <p>{t("moderation:blocked.reason", { reason: member.reason ?? "" })}</p>
      {canUnblock ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={`${formId}-errors`} errors={form.errors} />
          <input type="hidden" name="intent" value="unblock" />
          <input type="hidden" name="userId" value={member.id} />
          <TextareaField
            meta={fields.reason}
            label={t("moderation:blocked.unblockReason")}
            textareaProps={{ maxLength: DECISION_REASON_MAX, rows: 2 }}
          />
          <div className="actions">
            <button type="submit" className="button button--secondary">
              {t("moderation:blocked.unblock")}
              <span className="visually-hidden"> {member.name}</span>
            </button>
          </div>
        </Form>
      ) : null}
    </article>
  );
}
