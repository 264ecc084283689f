// Forgotten password: the same answer, in the same time, whether or not an account has the address.
import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { requestPasswordReset } from "~/modules/users/commands.server";
import { requestMeta } from "~/modules/users/request.server";
import { ForgotPasswordSchema } from "~/modules/users/schema";
import { pageTitle } from "~/utils/meta";

/** Every valid request answers after at least this long: sending a link or not takes the same time. */
export const FORGOT_PASSWORD_MIN_MS = 400;

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ context }: LoaderFunctionArgs) {
  return { title: getT(context.locale)("auth:forgot.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const started = performance.now();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ForgotPasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sentTo: null }, { status: 400 });
  }
  const { email } = submission.value;
  await requestPasswordReset(context.org, email, requestMeta(request, context));
  const wait = FORGOT_PASSWORD_MIN_MS - (performance.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return data({ result: submission.reply({ resetForm: true }), sentTo: email });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "auth"]);
  const [form, fields] = useValidatedForm(ForgotPasswordSchema, { id: "forgot-password", lastResult: actionData?.result });
  return (
    <div className="page--narrow stack">
      <h1>{t("auth:forgot.title")}</h1>
      {actionData?.sentTo ? (
        <p className="notice" role="status">
          {t("auth:forgot.sent", { email: actionData.sentTo })}
        </p>
      ) : null}
      <p>{t("auth:forgot.intro")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="forgot-password-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field meta={fields.email} type="email" label={t("auth:forgot.email")} required inputProps={{ autoComplete: "email" }} />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("auth:forgot.submit")}
          </button>
          <Link to="/login">{t("auth:forgot.backToLogin")}</Link>
        </div>
      </Form>
    </div>
  );
}
