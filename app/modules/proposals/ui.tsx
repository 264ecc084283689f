// Small pieces shared by the proposal and debate pages: status in words (never colour alone),
// dates in the town's time zone (same text on the server and in the browser).
import { useTranslation } from "react-i18next";
import type { ProposalStatus } from "./schema";
import { cachedDateFormat, formatDateText } from "~/utils/intl";

export function localeTag(language: string): string {
  return language === "en" ? "en-GB" : "fr-FR";
}

export function formatDate(iso: string, language: string, withTime = false): string {
  const format = cachedDateFormat(localeTag(language), {
    dateStyle: "long",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: "Europe/Paris",
  });
  return formatDateText(format, new Date(iso));
}

export function formatTime(iso: string, language: string): string {
  return cachedDateFormat(localeTag(language), { timeStyle: "short", timeZone: "Europe/Paris" }).format(new Date(iso));
}

export function StatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useTranslation("proposals");
  return (
    <span className={`status-badge status-badge--${status}`}>
      <span className="visually-hidden">{t("statusPrefix")} </span>
      {t(`status.${status}`)}
    </span>
  );
}

export function DebateStateBadge({ closed }: { closed: boolean }) {
  const { t } = useTranslation("proposals");
  return (
    <span className={`status-badge ${closed ? "status-badge--closed" : "status-badge--open"}`}>
      <span className="visually-hidden">{t("debates.statePrefix")} </span>
      {closed ? t("debates.closed") : t("debates.open")}
    </span>
  );
}
