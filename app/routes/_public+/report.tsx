// /report: where report forms post (the moderation policy decides, in the command) (the inline ReportButton through a fetcher, or as a page
// without JavaScript), and the page of the form itself: /report?type=proposal&id=12.
import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { ReportActionData } from "~/modules/moderation/ui/ReportButton";
import { FormErrors, ReportFields } from "~/modules/moderation/ui/ReportFields";
import { getT } from "~/i18n/i18n.server";
import { notFound, requireUser } from "~/modules/auth/guards.server";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { decide } from "~/modules/moderation/policy";
import { loadReportedByViewer, reportContent } from "~/modules/moderation/reports.server";
import type { Decision } from "~/modules/policy/decision";
import { ReportSchema, sameSitePath, targetKey } from "~/modules/moderation/schema";
import { findModeratedTarget } from "~/modules/moderation/targets.server";
import { kindLabel, targetTypeField } from "~/modules/targets/types";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const TargetParams = z.object({
  // A well-formed kind name; findModeratedTarget answers null for one that is unknown or not reportable.
  type: targetTypeField,
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const url = new URL(request.url);
  const params = TargetParams.safeParse({ type: url.searchParams.get("type"), id: url.searchParams.get("id") });
  if (!params.success) notFound();
  const ref = params.data;
  const target = await findModeratedTarget(sql, context.org.id, ref);
  if (!target || target.projectStatus === "draft") notFound();
  const [reportedSet, blocked] = await Promise.all([loadReportedByViewer(sql, user.id, [ref]), isBlocked(sql, context.org.id, user.id)]);
  const reported = reportedSet.has(targetKey(ref));
  // Hidden or deleted: nothing to see, unless this member reported it (the page after their report).
  if ((target.hidden || target.deleted) && !reported) notFound();
  return {
    title: getT(context.locale)("moderation:report.title"),
    target: { type: target.type, id: target.id, title: target.title, path: target.path },
    reported,
    // What the page offers is what the moderation policy says (the action's command asks it again).
    refusal: reported ? null : refusalOf(decide(context.actor, "report", { actorBlocked: blocked, item: target })),
  };
}

/** The policy's refusal as the page words it (hidden or gone: the loader answered 404 already). */
function refusalOf(decision: Decision): string | null {
  return decision.allowed ? null : decision.reason;
}

function answer(body: ReportActionData, status = 200) {
  return data<ReportActionData>(body, { status });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const t = getT(context.locale);
  const submission = parseWithZod(await request.formData(), { schema: ReportSchema });
  if (submission.status !== "success") return answer({ status: "refused", result: submission.reply(), notice: null }, 400);
  const { targetType, targetId, reason, details, redirectTo } = submission.value;
  const outcome = await reportContent(sql, {
    organizationId: context.org.id,
    reporterId: user.id,
    target: { type: targetType, id: targetId },
    reason,
    details: details ?? null,
    origin: context.org.origin,
  });
  if (outcome.ok) {
    return answer({
      status: "reported",
      result: submission.reply({ resetForm: true }),
      notice: t("moderation:report.sent"),
      back: sameSitePath(redirectTo, "") || null,
    });
  }
  const refusal = {
    notFound: { key: "moderation:report.errors.notFound", status: 404 },
    own: { key: "moderation:report.errors.own", status: 403 },
    duplicate: { key: "moderation:report.errors.duplicate", status: 409 },
    blocked: { key: "status.blocked", status: 403 },
  }[outcome.error];
  return answer({ status: "refused", result: submission.reply({ formErrors: [refusal.key] }), notice: null }, refusal.status);
}

export default function ReportPage() {
  const { target, reported, refusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "moderation"]);
  const done = actionData?.status === "reported";
  const [form, fields] = useValidatedForm(ReportSchema, { id: "report", lastResult: actionData?.result });
  const back = actionData?.back ?? sameSitePath(form.initialValue?.redirectTo, target.path);
  return (
    <div className="page--narrow stack">
      <h1>{t("moderation:report.title")}</h1>
      <p>
        {t("moderation:report.target", { type: kindLabel(t, "moderation:targetTypes", target.type), title: target.title })}
      </p>
      <div role="status">{done ? <p className="notice">{actionData?.notice}</p> : null}</div>
      {done || reported ? (
        <>
          {done ? null : <p className="notice">{t("moderation:report.already")}</p>}
          <p>
            <Link to={back}>{t("moderation:report.back")}</Link>
          </p>
        </>
      ) : refusal ? (
        <>
          <p className="notice notice--error">{t(refusal as "status.blocked")}</p>
          <p>
            <Link to={back}>{t("moderation:report.back")}</Link>
          </p>
        </>
      ) : (
        <>
          <p>{t("moderation:report.intro")}</p>
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id="report-errors" errors={form.errors} />
            <input type="hidden" name="targetType" value={target.type} />
            <input type="hidden" name="targetId" value={target.id} />
            <input type="hidden" name="redirectTo" value={back} />
            <ReportFields reason={fields.reason} details={fields.details} />
            <div className="actions">
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                {t("moderation:report.submit")}
              </button>
              <Link to={back}>{t("moderation:report.back")}</Link>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
