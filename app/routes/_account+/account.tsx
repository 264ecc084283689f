// The account page: name, e-mail address, password, open sessions, deletion. Each form posts
// here with its own `intent` and Conform form id; a success answers with a role="status" notice.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CheckboxField, countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/guards.server";
import { blankSessionCookie, invalidateSession, serializeSessionCookie } from "~/modules/auth/session.server";
import { TOKENS_PER_HOUR } from "~/modules/auth/tokens.server";
import {
  changeName,
  changePassword,
  checkCurrentPassword,
  deleteAccount,
  endOtherSessions,
  endSession,
  requestEmailChange,
} from "~/modules/users/commands.server";
import { ACCOUNT_DELETED_PATH } from "~/modules/users/deleted-notice";
import { getAccount, listAccountSessions, type SessionView } from "~/modules/users/queries.server";
import { requestMeta } from "~/modules/users/request.server";
import {
  DeleteAccountSchema,
  EmailChangeSchema,
  EndSessionSchema,
  NameSchema,
  PasswordChangeSchema,
  type AccountIntent,
} from "~/modules/users/schema";
import { listLinkedIdentities } from "~/modules/identity/login.server";
import { AccountIdentity } from "~/modules/identity/ui/AccountIdentity";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const t = getT(context.locale);
  const account = await getAccount(sql, context.org.id, user.id);
  if (!account) throw redirect("/login");
  const sessions = await listAccountSessions(sql, {
    organizationId: context.org.id,
    userId: user.id,
    currentSessionId: context.auth!.session.id,
    locale: context.locale,
  });
  const done = new URL(request.url).searchParams.get("done") === "passwordReset" ? t("account:password.reset") : null;
  const day = new Intl.DateTimeFormat(context.locale === "en" ? "en-GB" : "fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });
  const actor = context.actor;
  const identity = {
    identities: (await listLinkedIdentities(sql, actor)).map((i) => ({ label: i.label, linkedOn: day.format(i.linkedAt) })),
    // The verification ends at the start of the day after its last day (Paris): show that last day.
    residentUntil: actor.verifiedResidentUntil ? day.format(new Date(Date.parse(actor.verifiedResidentUntil) - 86_400_000)) : null,
    birthDate: actor.birthDate ? day.format(new Date(`${actor.birthDate}T12:00:00Z`)) : null,
  };
  return { title: t("account:title"), account, sessions, done, identity };
}

type Reply = { intent: AccountIntent; result: SubmissionResult<string[]> | null; notice: string | null };

function reply(intent: AccountIntent, result: SubmissionResult<string[]> | null, notice: string | null, init?: ResponseInit) {
  return data<Reply>({ intent, result, notice }, init);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const session = context.auth!.session;
  const org = context.org;
  const t = getT(context.locale);
  const meta = requestMeta(request, context);
  const formData = await request.formData();
  const intent = formData.get("intent");

  /** The current password, checked (and throttled like the login form); an answer when it is wrong. */
  async function passwordProblem(intent: AccountIntent, submission: { reply: (o: object) => SubmissionResult<string[]> }, password: string, hide: string[]) {
    const check = await checkCurrentPassword(org, user.id, password, meta);
    if (check.ok) return null;
    if (check.retryAfter) {
      const minutes = Math.ceil(check.retryAfter / 60);
      return reply(intent, submission.reply({ formErrors: [t("errors.tooManyRequests", { count: minutes, minutes: String(minutes) })], hideFields: hide }), null, {
        status: 429,
        headers: { "Retry-After": String(check.retryAfter) },
      });
    }
    return reply(intent, submission.reply({ fieldErrors: { currentPassword: ["account:errors.wrongPassword"] }, hideFields: hide }), null, { status: 400 });
  }

  switch (intent) {
    case "name": {
      const submission = parseWithZod(formData, { schema: NameSchema });
      if (submission.status !== "success") return reply("name", submission.reply(), null, { status: 400 });
      await changeName(org, user.id, submission.value.name);
      // Not reset: the field keeps the saved name (a reset would bring back the name the page loaded with).
      return reply("name", submission.reply(), t("account:name.saved"));
    }

    case "email": {
      const hide = ["currentPassword"];
      const submission = parseWithZod(formData, { schema: EmailChangeSchema });
      if (submission.status !== "success") return reply("email", submission.reply({ hideFields: hide }), null, { status: 400 });
      const { email, currentPassword } = submission.value;
      const problem = await passwordProblem("email", submission, currentPassword, hide);
      if (problem) return problem;
      const outcome = await requestEmailChange(org, user.id, email, meta);
      switch (outcome.status) {
        case "same":
          return reply("email", submission.reply({ fieldErrors: { email: ["account:email.same"] }, hideFields: hide }), null, { status: 400 });
        case "taken":
          return reply("email", submission.reply({ fieldErrors: { email: ["account:email.taken"] }, hideFields: hide }), null, { status: 409 });
        case "limited": {
          const minutes = Math.ceil(outcome.retryAfter / 60);
          const message = t("account:email.limited", { count: minutes, limit: String(TOKENS_PER_HOUR) });
          return reply("email", submission.reply({ formErrors: [message], hideFields: hide }), null, {
            status: 429,
            headers: { "Retry-After": String(outcome.retryAfter) },
          });
        }
        case "sent":
          return reply("email", submission.reply({ resetForm: true }), t("account:email.sent", { email }));
      }
      break;
    }

    case "password": {
      const hide = ["currentPassword", "newPassword", "newPasswordConfirm"];
      const submission = parseWithZod(formData, { schema: PasswordChangeSchema });
      if (submission.status !== "success") return reply("password", submission.reply({ hideFields: hide }), null, { status: 400 });
      const problem = await passwordProblem("password", submission, submission.value.currentPassword, hide);
      if (problem) return problem;
      const fresh = await changePassword(org, user.id, submission.value.newPassword, meta);
      return reply("password", submission.reply({ resetForm: true }), t("account:password.changed"), {
        headers: { "Set-Cookie": serializeSessionCookie(fresh.token, fresh.expiresAt, context.secureCookies) },
      });
    }

    case "endSession": {
      const parsed = EndSessionSchema.safeParse({ sessionId: formData.get("sessionId") });
      if (!parsed.success) return reply("endSession", null, null, { status: 400 });
      if (parsed.data.sessionId === session.id) {
        // Ending this browser's own session is logging out.
        await invalidateSession(sql, session.id, user.id);
        return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(context.secureCookies) } });
      }
      await endSession(org, user.id, parsed.data.sessionId);
      return reply("endSession", null, t("account:sessions.ended"));
    }

    case "endOtherSessions": {
      await endOtherSessions(org, user.id, session.id);
      return reply("endOtherSessions", null, t("account:sessions.endedOthers"));
    }

    case "delete": {
      const hide = ["currentPassword"];
      const submission = parseWithZod(formData, { schema: DeleteAccountSchema });
      if (submission.status !== "success") return reply("delete", submission.reply({ hideFields: hide }), null, { status: 400 });
      const problem = await passwordProblem("delete", submission, submission.value.currentPassword, hide);
      if (problem) return problem;
      if ((await deleteAccount(org, user.id)) === "lastAdmin") {
        return reply("delete", submission.reply({ formErrors: ["account:delete.lastAdmin"], hideFields: hide }), null, { status: 409 });
      }
      return redirect(ACCOUNT_DELETED_PATH, { headers: { "Set-Cookie": blankSessionCookie(context.secureCookies) } });
    }
  }
  throw new Response("Unknown intent", { status: 400 });
}

// ---- the page ----

function useReply(intent: AccountIntent): Reply | undefined {
  const actionData = useActionData<typeof action>() as Reply | undefined;
  return actionData?.intent === intent ? actionData : undefined;
}

/** Always in the page, so that screen readers announce what appears in it. */
function StatusNotice({ text }: { text: string | null | undefined }) {
  return <div role="status">{text ? <p className="notice">{text}</p> : null}</div>;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="stack">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function SubmitButton({ intent, label, danger }: { intent: AccountIntent; label: string; danger?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <div className="actions">
      <button type="submit" className={danger ? "button button--danger" : "button"} disabled={busy}>
        {label}
      </button>
    </div>
  );
}

export default function AccountPage() {
  const { done, identity } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "account", "notifications"]);
  return (
    <div className="stack">
      <h1>{t("account:title")}</h1>
      <StatusNotice text={done} />
      <p>
        <Link to="/account/notifications">{t("notifications:settings.accountLink")}</Link>
      </p>
      <NameSection />
      <EmailSection />
      <PasswordSection />
      <AccountIdentity data={identity} />
      <SessionsSection />
      <DeleteSection />
    </div>
  );
}

function NameSection() {
  const { account } = useLoaderData<typeof loader>();
  const last = useReply("name");
  const { t } = useTranslation(["common", "account"]);
  const [form, fields] = useValidatedForm(NameSchema, { id: "account-name", lastResult: last?.result, defaultValue: { name: account.name } });
  return (
    <Section id="account-name" title={t("account:name.title")}>
      <StatusNotice text={last?.notice} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="account-name-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="name" />
        <Field
          meta={fields.name}
          type="text"
          label={t("account:name.label")}
          hint={t("account:name.hint")}
          required
          inputProps={{ autoComplete: "name", maxLength: 80 }}
        />
        <SubmitButton intent="name" label={t("account:name.submit")} />
      </Form>
    </Section>
  );
}

function EmailSection() {
  const { account } = useLoaderData<typeof loader>();
  const last = useReply("email");
  const { t } = useTranslation(["common", "account"]);
  const [form, fields] = useValidatedForm(EmailChangeSchema, { id: "account-email", lastResult: last?.result });
  return (
    <Section id="account-email" title={t("account:email.title")}>
      <p>
        {t("account:email.current", { email: account.email })}{" "}
        {account.emailConfirmed ? t("account:email.confirmed") : <strong>{t("account:email.unconfirmed")}</strong>}
      </p>
      {account.emailConfirmed ? null : (
        <Form method="post" action="/confirm-email/resend">
          <button type="submit" className="button button--secondary">
            {t("account:email.resend")}
          </button>
        </Form>
      )}
      {account.pendingEmail ? <p>{t("account:email.pending", { email: account.pendingEmail })}</p> : null}
      <StatusNotice text={last?.notice} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="account-email-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="email" />
        <Field
          meta={fields.email}
          type="email"
          label={t("account:email.label")}
          hint={t("account:email.hint")}
          required
          inputProps={{ autoComplete: "email" }}
        />
        <Field
          meta={fields.currentPassword}
          type="password"
          label={t("account:email.password")}
          required
          inputProps={{ autoComplete: "current-password" }}
        />
        <SubmitButton intent="email" label={t("account:email.submit")} />
      </Form>
    </Section>
  );
}

function PasswordSection() {
  const last = useReply("password");
  const { t } = useTranslation(["common", "account"]);
  const [form, fields] = useValidatedForm(PasswordChangeSchema, { id: "account-password", lastResult: last?.result });
  return (
    <Section id="account-password" title={t("account:password.title")}>
      <StatusNotice text={last?.notice} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="account-password-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="password" />
        <Field
          meta={fields.currentPassword}
          type="password"
          label={t("account:password.current")}
          required
          inputProps={{ autoComplete: "current-password" }}
        />
        <Field
          meta={fields.newPassword}
          type="password"
          label={t("account:password.new")}
          hint={t("account:password.newHint")}
          required
          inputProps={{ autoComplete: "new-password" }}
        />
        <Field
          meta={fields.newPasswordConfirm}
          type="password"
          label={t("account:password.confirm")}
          required
          inputProps={{ autoComplete: "new-password" }}
        />
        <SubmitButton intent="password" label={t("account:password.submit")} />
      </Form>
    </Section>
  );
}

function useDeviceLabel() {
  const { t } = useTranslation(["common", "account"]);
  return (s: Pick<SessionView, "browser" | "os">) =>
    t("account:sessions.deviceOn", {
      browser: s.browser ?? t("account:sessions.unknownBrowser"),
      os: s.os ?? t("account:sessions.unknownSystem"),
    });
}

function SessionsSection() {
  const { sessions } = useLoaderData<typeof loader>();
  const endOne = useReply("endSession");
  const endOthers = useReply("endOtherSessions");
  const { t } = useTranslation(["common", "account"]);
  const deviceLabel = useDeviceLabel();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Section id="account-sessions" title={t("account:sessions.title")}>
      <p>{t("account:sessions.intro")}</p>
      <StatusNotice text={endOne?.notice ?? endOthers?.notice} />
      <div className="table-wrap">
        <table>
          <caption>{t("account:sessions.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("account:sessions.device")}</th>
              <th scope="col">{t("account:sessions.created")}</th>
              <th scope="col">{t("account:sessions.lastSeen")}</th>
              <th scope="col">{t("account:sessions.action")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {deviceLabel(s)}
                  {s.current ? (
                    <>
                      {" "}
                      <strong>({t("account:sessions.thisDevice")})</strong>
                    </>
                  ) : null}
                </th>
                <td>
                  <time dateTime={s.createdAt}>{s.createdLabel}</time>
                </td>
                <td>
                  <time dateTime={s.lastSeenAt}>{s.lastSeenLabel}</time>
                </td>
                <td>
                  {s.current ? (
                    <Form method="post" action="/logout" className="inline-form">
                      <button type="submit" className="button button--secondary">
                        {t("nav.logout")}
                      </button>
                    </Form>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="endSession" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="button button--secondary">
                        {t("account:sessions.end")}
                        <span className="visually-hidden">
                          {" "}
                          – {t("account:sessions.endContext", { device: deviceLabel(s), date: s.createdLabel })}
                        </span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="endOtherSessions" />
          <SubmitButton intent="endOtherSessions" label={t("account:sessions.endOthers")} />
        </Form>
      ) : (
        <p>{t("account:sessions.noOthers")}</p>
      )}
    </Section>
  );
}

function DeleteSection() {
  const last = useReply("delete");
  const { t } = useTranslation(["common", "account"]);
  const [form, fields] = useValidatedForm(DeleteAccountSchema, { id: "account-delete", lastResult: last?.result });
  return (
    <Section id="account-delete" title={t("account:delete.title")}>
      <p>{t("account:delete.text")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="account-delete-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="delete" />
        <Field
          meta={fields.currentPassword}
          type="password"
          label={t("account:delete.password")}
          required
          inputProps={{ autoComplete: "current-password" }}
        />
        <CheckboxField meta={fields.confirm} label={t("account:delete.confirm")} required />
        <SubmitButton intent="delete" label={t("account:delete.submit")} danger />
      </Form>
    </Section>
  );
}
