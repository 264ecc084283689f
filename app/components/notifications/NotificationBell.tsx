// The header's bell: a link to /notifications whose name says how many are unread
// ("Notifications (3 non lues)"); the number shows on the icon too.
import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UNREAD_CAP } from "~/modules/notifications/kinds";

/** The root loader caps the count (see countUnread): beyond UNREAD_CAP, "99+". */
export function NotificationBell({ unread }: { unread: number }) {
  const cap = UNREAD_CAP;
  const { t } = useTranslation(["common", "notifications"]);
  const shown = unread > cap ? `${cap}+` : String(unread);
  const label = unread > 0 ? t("notifications:bell.unread", { count: unread, shown }) : t("notifications:bell.none");
  return (
    <NavLink to="/notifications" className="bell">
      <svg className="bell__icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z"
        />
      </svg>
      {unread > 0 ? (
        <span className="bell__count" aria-hidden="true">
          {shown}
        </span>
      ) : null}
      <span className="visually-hidden">{label}</span>
    </NavLink>
  );
}
