// The placeholder text of a hidden contribution: why it is hidden, for its author (from
// moderationReasonFor in modules/moderation/decisions.server.ts), or a short note for moderators.
import { useTranslation } from "react-i18next";

export type HiddenNoticeData = { automatic: boolean; reason: string | null; reportCount: number };

export function HiddenNotice({ notice, forAuthor }: { notice: HiddenNoticeData | null; forAuthor: boolean }) {
  const { t } = useTranslation(["common", "moderation"]);
  let text: string = t("moderation:hiddenNotice.forModerators");
  if (forAuthor && notice) {
    text = notice.automatic
      ? t("moderation:hiddenNotice.auto", { count: notice.reportCount })
      : t("moderation:hiddenNotice.moderator", { reason: notice.reason ?? "" });
  }
  return <p className="notice notice--error moderation-hidden-notice">{text}</p>;
}
