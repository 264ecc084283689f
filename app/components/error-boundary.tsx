// One error boundary for the app: a translated page per status; routes rely on it.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t, i18n } = useTranslation();
  const translate = (key: string) => (i18n.exists(key) ? (t as (k: string) => string)(key) : null);
  let title: string = t("status.errorTitle");
  let text: string = t("status.errorText");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("status.notFoundTitle");
      text = t("status.notFoundText");
    } else if (error.status === 403) {
      title = t("status.forbiddenTitle");
      const reason = typeof error.data === "object" && error.data && "reason" in error.data ? String(error.data.reason) : null;
      text = (reason && translate(reason)) ?? t("status.forbiddenText");
    } else if (error.status === 400) {
      title = t("status.badRequestTitle");
    }
  } else if (typeof document !== "undefined") {
    console.error(error);
  }
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <Link to="/">{t("status.goHome")}</Link>
      </p>
    </div>
  );
}
