// How long a consultation stays open: "Il reste 2 jours et 3 heures", a warning when the close is
// near, "Le vote est clos" after it. The first render uses the server's clock (the page reads the
// same with or without JavaScript, and hydration matches); then the browser counts down from the
// offset between the two clocks, so a wrong clock on the phone changes nothing.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** Under this, the page warns that the close is near. */
export const NEAR_CLOSE_MS = 24 * 60 * 60 * 1000;

export type Remaining = { closed: boolean; near: boolean; days: number; hours: number; minutes: number };

export function remainingUntil(closesAt: number, now: number): Remaining {
  const ms = closesAt - now;
  if (ms <= 0) return { closed: true, near: false, days: 0, hours: 0, minutes: 0 };
  const minutesTotal = Math.floor(ms / 60_000);
  return {
    closed: false,
    near: ms < NEAR_CLOSE_MS,
    days: Math.floor(minutesTotal / (24 * 60)),
    hours: Math.floor(minutesTotal / 60) % 24,
    minutes: minutesTotal % 60,
  };
}

/** The i18n key and values of a remaining time ("2 jours et 3 heures", "45 minutes", "moins d'une minute"). */
export function remainingText(r: Remaining, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (r.closed) return t("consultations:time.closed");
  if (r.days > 0) return t("consultations:time.daysHours", { days: t("consultations:time.days", { count: r.days }), hours: t("consultations:time.hours", { count: r.hours }) });
  if (r.hours > 0) return t("consultations:time.hoursMinutes", { hours: t("consultations:time.hours", { count: r.hours }), minutes: t("consultations:time.minutes", { count: r.minutes }) });
  if (r.minutes > 0) return t("consultations:time.left", { time: t("consultations:time.minutes", { count: r.minutes }) });
  return t("consultations:time.underAMinute");
}

export function TimeRemaining({
  closesAt,
  serverNow,
  closesLabel,
  onClose,
}: {
  /** ISO moments: the close, and the server's clock when the page was rendered. */
  closesAt: string;
  serverNow: string;
  /** The closing date and time as the server wrote it ("5 déc. 2026 à 18:00"). */
  closesLabel: string;
  /** Called once when the countdown reaches the close (the page reloads its data). */
  onClose?: () => void;
}) {
  const { t } = useTranslation("consultations");
  const close = Date.parse(closesAt);
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    const offset = Date.parse(serverNow) - Date.now();
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, 15_000);
    // And at the close itself (a quarter of a second after, on the server's clock).
    const untilClose = close - (Date.now() + offset) + 250;
    const atClose = untilClose > 0 && untilClose < 2 ** 31 - 1 ? setTimeout(tick, untilClose) : undefined;
    return () => {
      clearInterval(timer);
      clearTimeout(atClose);
    };
  }, [serverNow, close]);
  const r = remainingUntil(close, now);
  const closed = r.closed;
  useEffect(() => {
    if (closed) onClose?.();
    // Once per close: onClose may change at every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [closed]);
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  if (r.closed) {
    return (
      <p className="time-remaining time-remaining--closed">
        <strong>{t("time.closed")}</strong> {t("time.closedOn", { date: closesLabel })}
      </p>
    );
  }
  return (
    <p className={r.near ? "time-remaining time-remaining--near" : "time-remaining"}>
      {r.near ? <strong>{t("time.nearWarning")} </strong> : null}
      <span>{remainingText(r, tt)}</span> <span className="time-remaining__date">{t("time.closesOn", { date: closesLabel })}</span>
    </p>
  );
}
