// The message shown on the home page after an account deletion (the account page redirects to
// ACCOUNT_DELETED_PATH). A component, so that the home route only has to render it.
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const ACCOUNT_DELETED_PARAM = "accountDeleted";
export const ACCOUNT_DELETED_PATH = `/?${ACCOUNT_DELETED_PARAM}=1`;

export function AccountDeletedNotice() {
  const [params] = useSearchParams();
  const { t } = useTranslation(["common", "account"]);
  return <div role="status">{params.get(ACCOUNT_DELETED_PARAM) === "1" ? <p className="notice">{t("account:deleted")}</p> : null}</div>;
}
