// /auth/oidc/link: a provider's identity whose e-mail is an existing account's. It is linked (and
// the person logged in) only once they give that account's password: an address alone proves
// nothing. Login throttling counts the failures as the login page's do.
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getT } from "~/i18n/i18n.server";
import { createSession, readCookie, serializeSessionCookie } from "~/modules/auth/session.server";
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from "~/modules/auth/throttle.server";
import { clearStateCookie, findPendingLink, linkWithPassword, STATE_COOKIE } from "~/modules/identity/login.server";
import { LinkAccountSchema } from "~/modules/identity/schema";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirectPath } from "~/utils/redirect";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const pending = await findPendingLink(sql, context.org.id, readCookie(request.headers.get("Cookie"), STATE_COOKIE));
  const title = getT(context.locale)("identity:link.title");
  if (!pending) return data({ title, pending: null }, { status: 400, headers: { "Cache-Control": "no-store" } });
  return data({ title, pending: { email: pending.email, provider: pending.providerLabel } }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = getT(context.locale);
  const cookieState = readCookie(request.headers.get("Cookie"), STATE_COOKIE);
  const submission = parseWithZod(await request.formData(), { schema: LinkAccountSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const pending = await findPendingLink(sql, context.org.id, cookieState);
  if (!pending) return data(submission.reply({ formErrors: ["identity:link.expired"], hideFields: ["password"] }), { status: 400 });

  const retryAfter = await loginRetryAfter(sql, context.org.id, pending.email, context.ip);
  if (retryAfter) {
    const minutes = Math.ceil(retryAfter / 60);
    return data(submission.reply({ formErrors: [t("errors.tooManyRequests", { count: minutes, minutes: String(minutes) })], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(retryAfter) },
    });
  }
  const outcome = await linkWithPassword(sql, { organizationId: context.org.id, cookieState, password: submission.value.password });
  if (outcome.status === "wrong_password") {
    await recordLoginFailure(sql, context.org.id, pending.email, context.ip);
    return data(submission.reply({ fieldErrors: { password: ["identity:link.wrongPassword"] }, hideFields: ["password"] }), { status: 400 });
  }
  if (outcome.status === "expired") return data(submission.reply({ formErrors: ["identity:link.expired"], hideFields: ["password"] }), { status: 400 });
  await clearLoginFailures(sql, context.org.id, pending.email);
  if (context.auth) await sql`delete from sessions where id = ${context.auth.session.id}`;
  const { token, session } = await createSession(sql, {
    userId: outcome.userId,
    organizationId: context.org.id,
    userAgent: request.headers.get("user-agent"),
    ip: context.ip,
    oidc: { providerId: outcome.providerId, idToken: outcome.idToken },
  });
  const headers = new Headers();
  headers.append("Set-Cookie", serializeSessionCookie(token, session.expiresAt, context.secureCookies));
  headers.append("Set-Cookie", clearStateCookie(context.secureCookies));
  return redirect(safeRedirectPath(outcome.redirectTo, "/"), { headers });
}

export default function LinkIdentityPage() {
  const { pending } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation(["common", "identity"]);
  const [form, fields] = useValidatedForm(LinkAccountSchema, { id: "link-identity", lastResult });
  if (!pending) {
    return (
      <div className="page--narrow stack">
        <h1>{t("identity:link.title")}</h1>
        <div className="notice notice--error" role="alert">
          <p>{t("identity:link.expired")}</p>
        </div>
        <p>
          <Link className="button" to="/login">
            {t("identity:callback.back")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page--narrow stack">
      <h1>{t("identity:link.title")}</h1>
      <p>{t("identity:link.intro", { email: pending.email, provider: pending.provider })}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="link-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field meta={fields.password} type="password" label={t("identity:link.password")} required inputProps={{ autoComplete: "current-password" }} />
        <div className="actions">
          <button type="submit" className="button">
            {t("identity:link.submit")}
          </button>
          <Link to="/login">{t("identity:link.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
