// The clear page of a login through a provider that could not finish: what happened, that nothing
// was created or changed, and the way back.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type ProblemKind =
  | "provider_error"
  | "invalid_callback"
  | "state_mismatch"
  | "expired"
  | "refused"
  | "unavailable"
  | "email_missing"
  | "account_unavailable"
  | "not_configured";

export function IdentityProblem({ problem, provider }: { problem: ProblemKind; provider: string }) {
  const { t } = useTranslation("identity");
  return (
    <div className="page--narrow stack">
      <h1>{t("callback.title")}</h1>
      <div className="notice notice--error" role="alert">
        <p>{t(`callback.${problem}`, { provider })}</p>
      </div>
      <p className="actions">
        <Link className="button" to="/login">
          {t("callback.back")}
        </Link>
        <Link to="/">{t("callback.home")}</Link>
      </p>
    </div>
  );
}
