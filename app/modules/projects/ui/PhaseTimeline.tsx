// The phases of a project as an ordered list: dates, and the state of each in words ("en cours",
// "à venir", "terminée"), not only in colour.
import { useTranslation } from "react-i18next";
import type { TimelineEntry } from "../view";

export function PhaseTimeline({ entries, headingId }: { entries: TimelineEntry[]; headingId: string }) {
  const { t } = useTranslation(["projects"]);
  const stateText = { current: t("projects:page.phaseCurrent"), upcoming: t("projects:page.phaseUpcoming"), done: t("projects:page.phaseDone") };
  return (
    <section aria-labelledby={headingId} className="timeline">
      <h2 id={headingId}>{t("projects:page.timeline")}</h2>
      {entries.length === 0 ? (
        <p>{t("projects:page.noPhases")}</p>
      ) : (
        <ol className="timeline__list">
          {entries.map((entry) => (
            <li
              key={entry.kind}
              className={`timeline__item timeline__item--${entry.state}`}
              aria-current={entry.state === "current" ? "step" : undefined}
            >
              <p className="timeline__head">
                <span className="timeline__name">{t(`projects:phases.${entry.kind}`)}</span>
                <span className={`timeline__state timeline__state--${entry.state}`}>({stateText[entry.state]})</span>
              </p>
              <p className="timeline__dates">
                {entry.endsOn
                  ? t("projects:page.phaseRange", { start: entry.startsOn.label, end: entry.endsOn.label })
                  : t("projects:page.phaseFrom", { date: entry.startsOn.label })}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
