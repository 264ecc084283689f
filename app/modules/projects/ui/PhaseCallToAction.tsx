// The presentation tab's call to action for the current phase: what a resident can do now, until
// when, and the button that does it ("Proposer une idée" in co-construction). Officials' tools stay
// in their area; a project with no current phase, a draft or an archive shows nothing.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon, PHASE_ICONS } from "~/components/icons";
import type { ProjectHeaderView } from "./ProjectHeader";

/** A consultation of the project as the call to action lists it (vote and results phases). */
export type CtaConsultation = { id: number; title: string; state: "scheduled" | "open" | "closed" | "draft"; closesAt: string; resultsVisible: boolean };

export function PhaseCallToAction({ project, consultations = [] }: { project: ProjectHeaderView; consultations?: CtaConsultation[] }) {
  const { t } = useTranslation(["projects", "proposals", "consultations"]);
  const phase = project.currentPhase;
  if (!phase || project.status !== "published") return null;
  const base = `/projects/${project.slug}`;
  const until = project.currentPhaseEndsOn;
  const title = until ? t(`projects:cta.${phase}.titleUntil`, { date: until }) : t(`projects:cta.${phase}.title`);
  return (
    <section className={`cta cta--${phase}`} aria-labelledby="project-cta-title">
      <h2 id="project-cta-title" className="cta__title">
        <Icon icon={PHASE_ICONS[phase]} size={22} />
        {title}
      </h2>
      <p className="cta__text">{t(`projects:cta.${phase}.text`)}</p>
      {consultations.length > 0 && (phase === "vote" || phase === "results") ? (
        <ul className="cta__consultations">
          {consultations.map((c) => (
            <li key={c.id}>
              <Link
                to={c.state === "closed" && c.resultsVisible ? `${base}/consultations/${c.id}/results` : `${base}/consultations/${c.id}`}
                className={c.state === "open" ? "button" : "button button--secondary"}
              >
                {c.state === "open"
                  ? t("consultations:page.ctaVote", { title: c.title })
                  : c.state === "closed" && c.resultsVisible
                    ? t("consultations:page.ctaResults", { title: c.title })
                    : t("consultations:page.ctaSee", { title: c.title })}
              </Link>{" "}
              {c.state === "open" ? <span className="cta__until">{t("consultations:time.closesOn", { date: c.closesAt })}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="actions cta__actions">
        {phase === "co_construction" ? (
          <Link to={`${base}/proposals/new`} className="button">
            {t("proposals:list.new")}
          </Link>
        ) : null}
        {phase !== "information" || project.proposalsCount > 0 ? (
          <Link to={`${base}/proposals`} className={phase === "co_construction" || consultations.length > 0 ? "button button--secondary" : "button"}>
            {t(`projects:cta.${phase}.proposals`, { count: project.proposalsCount })}
          </Link>
        ) : null}
      </p>
    </section>
  );
}
