// A proposal's status in words (never colour alone).
import { useTranslation } from "react-i18next";
import type { ProposalStatus } from "../schema";

export function StatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useTranslation("proposals");
  return (
    <span className={`status-badge status-badge--${status}`}>
      <span className="visually-hidden">{t("statusPrefix")} </span>
      {t(`status.${status}`)}
    </span>
  );
}
