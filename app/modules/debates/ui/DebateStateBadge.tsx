// A debate's state in words (open or closed), never colour alone.
import { useTranslation } from "react-i18next";

export function DebateStateBadge({ closed }: { closed: boolean }) {
  const { t } = useTranslation("proposals");
  return (
    <span className={`status-badge ${closed ? "status-badge--closed" : "status-badge--open"}`}>
      <span className="visually-hidden">{t("debates.statePrefix")} </span>
      {closed ? t("debates.closed") : t("debates.open")}
    </span>
  );
}
