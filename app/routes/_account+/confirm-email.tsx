// GET /confirm-email?token=…: follows a confirmation link (a new account's address, or the new
// address of a change), then shows the outcome at /confirm-email?status=…, so that the token
// leaves the address bar and a reload does not try it again.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { TOKENS_PER_HOUR, tokenRetryAfter } from "~/modules/auth/tokens.server";
import { confirmEmail } from "~/modules/users/commands.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

type Problem = "invalid" | "expired" | "used" | "taken";
type State =
  | { kind: "intro" }
  | { kind: "confirmed" }
  | { kind: "changed" }
  | { kind: "sent" }
  | { kind: "already" }
  | { kind: "limited"; minutes: number; limit: number }
  | { kind: "problem"; problem: Problem; change: boolean };

const PROBLEM_STATUS: Record<Problem, number> = { invalid: 400, expired: 410, used: 410, taken: 409 };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const t = getT(context.locale);
  const user = context.auth?.user ?? null;
  const viewer = user ? { loggedIn: true, emailConfirmed: user.emailConfirmed, email: user.email } : { loggedIn: false, emailConfirmed: false, email: null };
  const answer = (state: State, title: string, status = 200) => data({ state, title, viewer }, { status });

  if (url.searchParams.has("token")) {
    const outcome = await confirmEmail(context.org, url.searchParams.get("token"));
    if (outcome.ok) throw redirect(`/confirm-email?status=${outcome.changed ? "changed" : "confirmed"}`);
    return answer(
      { kind: "problem", problem: outcome.problem, change: outcome.change },
      t(`auth:confirm.problemTitle.${outcome.problem}`),
      PROBLEM_STATUS[outcome.problem],
    );
  }
  switch (url.searchParams.get("status")) {
    case "confirmed":
      return answer({ kind: "confirmed" }, t("auth:confirm.confirmedTitle"));
    case "changed":
      return answer({ kind: "changed" }, t("auth:confirm.changedTitle"));
    case "sent":
      if (user && !user.emailConfirmed) return answer({ kind: "sent" }, t("auth:confirm.sentTitle"));
      break;
    case "already":
      if (user?.emailConfirmed) return answer({ kind: "already" }, t("auth:confirm.alreadyTitle"));
      break;
    case "limited":
      if (user && !user.emailConfirmed) {
        const seconds = await tokenRetryAfter(sql, { organizationId: context.org.id, userId: user.id, purpose: "confirm_email" });
        if (seconds) return answer({ kind: "limited", minutes: Math.ceil(seconds / 60), limit: TOKENS_PER_HOUR }, t("auth:confirm.limitedTitle"), 429);
      }
      break;
  }
  return answer({ kind: "intro" }, t("auth:confirm.title"));
}

export default function ConfirmEmailPage() {
  const { state, viewer } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "auth"]);
  let title: string;
  let text: string;
  switch (state.kind) {
    case "confirmed":
      title = t("auth:confirm.confirmedTitle");
      text = t("auth:confirm.confirmedText");
      break;
    case "changed":
      title = t("auth:confirm.changedTitle");
      text = t("auth:confirm.changedText");
      break;
    case "sent":
      title = t("auth:confirm.sentTitle");
      text = t("auth:confirm.sentText", { email: viewer.email ?? "" });
      break;
    case "already":
      title = t("auth:confirm.alreadyTitle");
      text = t("auth:confirm.alreadyText");
      break;
    case "limited":
      title = t("auth:confirm.limitedTitle");
      text = t("auth:confirm.limitedText", { count: state.minutes, limit: String(state.limit) });
      break;
    case "problem":
      title = t(`auth:confirm.problemTitle.${state.problem}`);
      text = t(`auth:confirm.problemText.${state.problem}`);
      break;
    default:
      title = t("auth:confirm.title");
      text = t("auth:confirm.intro");
  }
  const done = state.kind === "confirmed" || state.kind === "changed" || state.kind === "already";
  return (
    <div className="page--narrow stack">
      <h1>{title}</h1>
      <p role={state.kind === "sent" || done ? "status" : undefined}>{text}</p>
      {done ? (
        <p className="actions">
          {viewer.loggedIn ? <Link to="/account">{t("auth:confirm.toAccount")}</Link> : <Link to="/login">{t("auth:confirm.login")}</Link>}
          <Link to="/">{t("auth:confirm.home")}</Link>
        </p>
      ) : (
        <NextStep change={state.kind === "problem" && state.change} />
      )}
    </div>
  );
}

/** What to do now: a new link for a logged-in, unconfirmed account; otherwise where to go. */
function NextStep({ change }: { change: boolean }) {
  const { viewer } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "auth"]);
  if (!viewer.loggedIn) {
    return (
      <>
        <p>{t("auth:confirm.loginToResend")}</p>
        <p>
          <Link to="/login?redirectTo=%2Faccount" className="button">
            {t("auth:confirm.login")}
          </Link>
        </p>
      </>
    );
  }
  if (change || viewer.emailConfirmed) {
    return (
      <>
        <p>{change ? t("auth:confirm.changeAgain") : t("auth:confirm.confirmedAlready")}</p>
        <p>
          <Link to="/account" className="button">
            {t("auth:confirm.toAccount")}
          </Link>
        </p>
      </>
    );
  }
  return (
    <Form method="post" action="/confirm-email/resend">
      <button type="submit" className="button">
        {t("auth:confirm.resend")}
      </button>
    </Form>
  );
}
