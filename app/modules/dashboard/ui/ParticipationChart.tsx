// Participation per week as a small SVG drawn on the server (no chart library, no JavaScript),
// followed by the same figures in a table: the chart is a picture of the table, never the only
// place a number is. Series differ by colour, line style and marker, and are named in a legend.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { WeekFigures } from "../schema";

/** A week as the page shows it: its figures and its Monday as text (formatted by the loader). */
export type ShownWeek = WeekFigures & { label: string; short: string };

export const SERIES = ["participants", "proposals", "supports", "comments"] as const;
type Series = (typeof SERIES)[number];

// Colours with at least 3:1 contrast on white (WCAG 1.4.11), each with its own dash and marker.
const STYLE: Record<Series, { color: string; dash: string; marker: "circle" | "square" | "triangle" | "diamond" }> = {
  participants: { color: "#000091", dash: "", marker: "circle" },
  proposals: { color: "#b34000", dash: "6 3", marker: "square" },
  supports: { color: "#18753c", dash: "2 3", marker: "triangle" },
  comments: { color: "#6a1b9a", dash: "8 3 2 3", marker: "diamond" },
};

const WIDTH = 320;
const HEIGHT = 150;
const PAD = { left: 28, right: 8, top: 10, bottom: 22 };

function Marker({ shape, x, y, color }: { shape: (typeof STYLE)[Series]["marker"]; x: number; y: number; color: string }) {
  const r = 3;
  switch (shape) {
    case "circle":
      return <circle cx={x} cy={y} r={r} fill={color} />;
    case "square":
      return <rect x={x - r} y={y - r} width={r * 2} height={r * 2} fill={color} />;
    case "triangle":
      return <polygon points={`${x},${y - r - 1} ${x - r - 1},${y + r} ${x + r + 1},${y + r}`} fill={color} />;
    case "diamond":
      return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`} fill={color} />;
  }
}

/** "30 nov." / "30 Nov": the short label of a week's Monday under the chart (made by the loader). */
export function shortDay(day: string, language: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "fr-FR", { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function ParticipationChart({ id, title, weeks }: { id: string; title: string; weeks: ShownWeek[] }) {
  const { t } = useTranslation(["dashboard"]);
  const max = Math.max(1, ...weeks.flatMap((w) => SERIES.map((s) => w[s])));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (weeks.length <= 1 ? innerW / 2 : (i * innerW) / (weeks.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const empty = weeks.every((w) => SERIES.every((s) => w[s] === 0));
  return (
    <figure className="participation">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="participation__chart"
        focusable="false"
      >
        <title id={titleId}>{t("dashboard:chartTitle", { title })}</title>
        <desc id={descId}>{t("dashboard:chartDesc")}</desc>
        {/* Axis: zero and the largest value. */}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#666" strokeWidth={1} />
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max)} y2={y(max)} stroke="#ddd" strokeWidth={1} />
        <text x={PAD.left - 4} y={y(0) + 4} textAnchor="end" fontSize={9} fill="#3a3a3a">
          0
        </text>
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end" fontSize={9} fill="#3a3a3a">
          {max}
        </text>
        {weeks.map((w, i) =>
          i % 2 === weeks.length % 2 || weeks.length <= 4 ? (
            <text key={w.week} x={x(i)} y={HEIGHT - 6} textAnchor="middle" fontSize={9} fill="#3a3a3a">
              {w.short}
            </text>
          ) : null,
        )}
        {SERIES.map((s) => (
          <g key={s}>
            <polyline
              fill="none"
              stroke={STYLE[s].color}
              strokeWidth={2}
              strokeDasharray={STYLE[s].dash || undefined}
              points={weeks.map((w, i) => `${x(i)},${y(w[s])}`).join(" ")}
            />
            {weeks.map((w, i) => (
              <Marker key={w.week} shape={STYLE[s].marker} x={x(i)} y={y(w[s])} color={STYLE[s].color} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="participation__legend" aria-label={t("dashboard:legend")}>
          {SERIES.map((s) => (
            <li key={s}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line x1="0" x2="28" y1="5" y2="5" stroke={STYLE[s].color} strokeWidth={2} strokeDasharray={STYLE[s].dash || undefined} />
                <Marker shape={STYLE[s].marker} x={14} y={5} color={STYLE[s].color} />
              </svg>
              {t(`dashboard:series.${s}`)}
            </li>
          ))}
        </ul>
        {empty ? <p>{t("dashboard:noParticipation")}</p> : null}
      </figcaption>
    </figure>
  );
}

/** The chart's figures, week by week: the complete HTML equivalent. */
export function ParticipationTable({ title, weeks }: { title: string; weeks: ShownWeek[] }) {
  const { t } = useTranslation(["dashboard"]);
  const captionId = useId();
  // Scrolls sideways on a phone: a region reachable with the keyboard, named by its caption.
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
      <table className="participation__table">
        <caption id={captionId}>{t("dashboard:caption", { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard:colWeek")}</th>
            {SERIES.map((s) => (
              <th scope="col" key={s}>
                {t(`dashboard:series.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">
                <time dateTime={w.week}>{w.label}</time>
              </th>
              {SERIES.map((s) => (
                <td key={s}>{w[s]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
