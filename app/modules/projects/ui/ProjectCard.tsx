// A project on the home page: cover (with its text alternative, or none), title link, theme,
// current phase, summary and proposal count.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CoverImage } from "../types";
import type { PhaseKind, ProjectKind, ProjectStatus } from "../phases";

export type ProjectCardView = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  kind: ProjectKind;
  status: ProjectStatus;
  phase: PhaseKind | null;
  proposalsCount: number;
  cover: CoverImage | null;
};

export function ProjectCard({ project, headingLevel = 3 }: { project: ProjectCardView; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation(["projects"]);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const titleId = `project-${project.id}-title`;
  return (
    <article className="project-card" aria-labelledby={titleId}>
      <div className="project-card__body">
        <Heading id={titleId} className="project-card__title">
          <Link to={`/projects/${project.slug}`}>{project.title}</Link>
        </Heading>
        <ul className="project-card__meta">
          <li className="tag">{t("projects:card.kind", { kind: t(`projects:kinds.${project.kind}`) })}</li>
          <li className="tag tag--phase">
            {project.phase ? t("projects:card.phase", { phase: t(`projects:phases.${project.phase}`) }) : t("projects:card.noPhase")}
          </li>
          {project.status === "archived" ? <li className="tag tag--muted">{t("projects:statuses.archived")}</li> : null}
        </ul>
        {project.summary ? <p className="project-card__summary">{project.summary}</p> : null}
        <p className="project-card__count">{t("projects:card.proposals", { count: project.proposalsCount })}</p>
      </div>
      {project.cover ? (
        <img
          className="project-card__cover"
          src={project.cover.src}
          srcSet={project.cover.srcSet}
          sizes="(max-width: 40rem) 100vw, 24rem"
          width={project.cover.width}
          height={project.cover.height}
          alt={project.cover.alt}
          loading="lazy"
          decoding="async"
        />
      ) : null}
    </article>
  );
}
