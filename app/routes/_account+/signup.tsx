// Sign-up: a citizen account with a confirmation link by mail. An address already used here gets a
// notice by mail and the very same answer (status, headers, body, time), so the page reveals
// nothing: that is why nobody is logged in here (a session cookie would tell the two apart).
import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { signUp } from "~/modules/users/commands.server";
import { requestMeta } from "~/modules/users/request.server";
import { SignupSchema } from "~/modules/users/schema";
import { pageTitle } from "~/utils/meta";

const SIGNUP_SENT_PATH = "/signup?sent=1";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  // The "check your mail" page is shown to everyone (a link followed later, another tab...).
  if (!sent) requireAnonymous(context);
  const t = getT(context.locale);
  return { sent, orgName: context.org.name, title: t(sent ? "auth:sent.title" : "auth:signup.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignupSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "passwordConfirm"] }), { status: 400 });
  }
  const { name, email, password } = submission.value;
  await signUp(context.org, { name, email, password }, requestMeta(request, context));
  return redirect(SIGNUP_SENT_PATH);
}

export default function SignupPage() {
  const { sent } = useLoaderData<typeof loader>();
  return sent ? <CheckYourMail /> : <SignupForm />;
}

function CheckYourMail() {
  const { t } = useTranslation(["common", "auth"]);
  return (
    <div className="page--narrow stack">
      <h1>{t("auth:sent.title")}</h1>
      <p role="status">{t("auth:sent.text")}</p>
      <p>{t("auth:sent.spam")}</p>
      <p>
        <Link to="/">{t("auth:sent.home")}</Link>
      </p>
    </div>
  );
}

function SignupForm() {
  const { orgName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "auth"]);
  const [form, fields] = useValidatedForm(SignupSchema, { id: "signup", lastResult });
  return (
    <div className="page--narrow stack">
      <h1>{t("auth:signup.title")}</h1>
      <p>{t("auth:signup.intro", { org: orgName })}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="signup-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field
          meta={fields.name}
          type="text"
          label={t("auth:signup.name")}
          hint={t("auth:signup.nameHint")}
          required
          inputProps={{ autoComplete: "name", maxLength: 80 }}
        />
        <Field
          meta={fields.email}
          type="email"
          label={t("auth:signup.email")}
          hint={t("auth:signup.emailHint")}
          required
          inputProps={{ autoComplete: "email" }}
        />
        <Field
          meta={fields.password}
          type="password"
          label={t("auth:signup.password")}
          hint={t("auth:signup.passwordHint")}
          required
          inputProps={{ autoComplete: "new-password" }}
        />
        <Field
          meta={fields.passwordConfirm}
          type="password"
          label={t("auth:signup.passwordConfirm")}
          required
          inputProps={{ autoComplete: "new-password" }}
        />
        <CheckboxField
          meta={fields.terms}
          required
          label={
            <>
              {t("auth:signup.terms")}{" "}
              <Link to="/conditions" target="_blank" rel="noopener">
                {t("auth:signup.termsLink")} {t("auth:signup.newTab")}
              </Link>
            </>
          }
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("auth:signup.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("auth:signup.hasAccount")} <Link to="/login">{t("auth:signup.login")}</Link>
      </p>
    </div>
  );
}
