// GET /reset-password?token=…: the new-password form, or a page saying the link is dead and
// offering a new one. On success every session ends and this browser gets a fresh one.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { peekToken, type TokenProblem } from "~/modules/auth/tokens.server";
import { resetPassword } from "~/modules/users/commands.server";
import { requestMeta } from "~/modules/users/request.server";
import { ResetPasswordSchema } from "~/modules/users/schema";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const PROBLEM_STATUS: Record<TokenProblem, number> = { invalid: 400, expired: 410, used: 410 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = getT(context.locale);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const check = await peekToken(sql, token, context.org.id, "reset_password");
  if (!check.ok) {
    return data({ token: null, problem: check.problem, title: t("auth:reset.problemTitle") }, { status: PROBLEM_STATUS[check.problem] });
  }
  return data({ token, problem: null, title: t("auth:reset.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ResetPasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password", "passwordConfirm"] }), problem: null }, { status: 400 });
  }
  const { token, password } = submission.value;
  const outcome = await resetPassword(context.org, token, password, requestMeta(request, context));
  if (!outcome.ok) {
    return data({ result: null, problem: outcome.problem }, { status: PROBLEM_STATUS[outcome.problem] });
  }
  return redirect("/account?done=passwordReset", {
    headers: { "Set-Cookie": serializeSessionCookie(outcome.session.token, outcome.session.expiresAt, context.secureCookies) },
  });
}

export default function ResetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem || !loaderData.token) return <DeadLink problem={problem ?? "invalid"} />;
  return <ResetForm token={loaderData.token} lastResult={actionData?.result ?? undefined} />;
}

function DeadLink({ problem }: { problem: TokenProblem }) {
  const { t } = useTranslation(["common", "auth"]);
  return (
    <div className="page--narrow stack">
      <h1>{t("auth:reset.problemTitle")}</h1>
      <p>{t(`auth:reset.problems.${problem}`)}</p>
      <p>
        <Link to="/forgot-password" className="button">
          {t("auth:reset.requestNew")}
        </Link>
      </p>
    </div>
  );
}

function ResetForm({ token, lastResult }: { token: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "auth"]);
  const [form, fields] = useValidatedForm(ResetPasswordSchema, { id: "reset-password", lastResult });
  return (
    <div className="page--narrow stack">
      <h1>{t("auth:reset.title")}</h1>
      <p>{t("auth:reset.intro")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="reset-password-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="token" value={token} />
        <Field
          meta={fields.password}
          type="password"
          label={t("auth:reset.password")}
          hint={t("auth:reset.passwordHint")}
          required
          inputProps={{ autoComplete: "new-password" }}
        />
        <Field
          meta={fields.passwordConfirm}
          type="password"
          label={t("auth:reset.passwordConfirm")}
          required
          inputProps={{ autoComplete: "new-password" }}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("auth:reset.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
