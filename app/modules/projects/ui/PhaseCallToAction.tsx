// The presentation tab's call to action for the current phase: what a resident can do now, until
// when, and the button that does it ("Proposer une idée" in co-construction). Officials' tools stay
// in their area; a project with no current phase, a draft or an archive shows nothing.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Icon, PHASE_ICONS } from "~/components/icons";
import type { ProjectHeaderView } from "./ProjectHeader";

export function PhaseCallToAction({ project }: { project: ProjectHeaderView }) {
  const { t } = useTranslation(["projects", "proposals"]);
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
      <p className="actions cta__actions">
        {phase === "co_construction" ? (
          <Link to={`${base}/proposals/new`} className="button">
            {t("proposals:list.new")}
          </Link>
        ) : null}
        {phase !== "information" || project.proposalsCount > 0 ? (
          <Link to={`${base}/proposals`} className={phase === "co_construction" ? "button button--secondary" : "button"}>
            {t(`projects:cta.${phase}.proposals`, { count: project.proposalsCount })}
          </Link>
        ) : null}
      </p>
    </section>
  );
}
