import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { requireAnonymous } from "~/modules/auth/guards.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { LoginSchema } from "~/modules/auth/schema";
import { createSession, serializeSessionCookie } from "~/modules/auth/session.server";
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from "~/modules/auth/throttle.server";
import { listLoginButtons } from "~/modules/identity/providers.server";
import identityStyles from "~/modules/identity/ui/identity.css";
import { ProviderButtons } from "~/modules/identity/ui/ProviderButtons";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirectPath } from "~/utils/redirect";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

// Remix sends an action's headers only through this export (Retry-After of the throttled login).
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const links: LinksFunction = () => [{ rel: "stylesheet", href: identityStyles }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  // The organization's identity providers (FranceConnect first), each with its button.
  const providers = await listLoginButtons(sql, context.org.id);
  return { title: getT(context.locale)("auth:login.title"), providers };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const t = getT(context.locale);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const org = context.org;

  const retryAfter = await loginRetryAfter(sql, org.id, email, context.ip);
  if (retryAfter) {
    const minutes = Math.ceil(retryAfter / 60);
    return data(submission.reply({ formErrors: [t("errors.tooManyRequests", { count: minutes, minutes: String(minutes) })], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(retryAfter) },
    });
  }

  const [user] = await sql`
    select id, password_hash from users
    where organization_id = ${org.id} and email = ${email} and deleted_at is null`;
  // An unknown e-mail still pays for one Argon2 verification: same answer, same time.
  const ok = await verifyPassword(user?.password_hash as string | undefined, password);
  if (!user || !ok) {
    await recordLoginFailure(sql, org.id, email, context.ip);
    return data(submission.reply({ formErrors: ["auth:login.invalid"], hideFields: ["password"] }), { status: 400 });
  }
  await clearLoginFailures(sql, org.id, email);
  const { token, session } = await createSession(sql, {
    userId: Number(user.id),
    organizationId: org.id,
    userAgent: request.headers.get("user-agent"),
    ip: context.ip,
  });
  return redirect(safeRedirectPath(redirectTo, "/"), {
    headers: { "Set-Cookie": serializeSessionCookie(token, session.expiresAt, context.secureCookies) },
  });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { providers } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "auth", "identity"]);
  const redirectTo = safeRedirectPath(searchParams.get("redirectTo"), "/");
  const [form, fields] = useValidatedForm(LoginSchema, { id: "login", lastResult });
  return (
    <div className="page--narrow stack">
      <h1>{t("auth:login.title")}</h1>
      <ProviderButtons buttons={providers} redirectTo={redirectTo} />
      {providers.length > 0 ? (
        <p className="identity-separator" aria-hidden="true">
          {t("identity:buttons.or")}
        </p>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="login-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field meta={fields.email} type="email" label={t("auth:login.email")} required inputProps={{ autoComplete: "email" }} />
        <Field
          meta={fields.password}
          type="password"
          label={t("auth:login.password")}
          required
          inputProps={{ autoComplete: "current-password" }}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("auth:login.submit")}
          </button>
          <Link to="/forgot-password">{t("auth:login.forgot")}</Link>
        </div>
      </Form>
      <p>
        {t("auth:login.noAccount")} <Link to="/signup">{t("auth:login.signup")}</Link>
      </p>
    </div>
  );
}
