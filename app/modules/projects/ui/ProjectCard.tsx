// A project on the home page: cover (with its text alternative; a drawing of its theme when it has
// none), title link, current phase and theme with their icons, summary, proposal count, and a word
// when it is open for participation.
import { Link } from "@remix-run/react";
import { Lightbulb } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Icon, KIND_ICONS } from "~/components/icons";
import { isOpenForParticipation } from "./card-order";
import { KindBadge, PhaseBadge } from "./ProjectBadges";
import type { CoverImage } from "../types";
import type { PhaseKind, ProjectKind, ProjectStatus } from "../phases";
import { Picture } from "~/components/Picture";

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
  const open = isOpenForParticipation(project.phase) && project.status === "published";
  return (
    <article className={`project-card${open ? " project-card--open" : ""}`} aria-labelledby={titleId}>
      <div className="project-card__body">
        <Heading id={titleId} className="project-card__title">
          {/* The whole card is clickable through this link's ::after; the text stays the link's name. */}
          <Link to={`/projects/${project.slug}`} className="project-card__link">
            {project.title}
          </Link>
        </Heading>
        <p className="project-card__meta">
          <PhaseBadge
            phase={project.phase}
            spoken={project.phase ? t("projects:card.phase", { phase: t(`projects:phases.${project.phase}`) }) : t("projects:card.noPhase")}
          />
          <KindBadge kind={project.kind} />
          {project.status === "archived" ? <span className="badge badge--muted">{t("projects:statuses.archived")}</span> : null}
        </p>
        {project.summary ? <p className="project-card__summary">{project.summary}</p> : null}
        <p className="project-card__count">
          <Icon icon={Lightbulb} size={16} />
          {t("projects:card.proposals", { count: project.proposalsCount })}
          {open ? <span className="project-card__open">{t(`projects:card.open.${project.phase as "co_construction" | "vote"}`)}</span> : null}
        </p>
      </div>
      <div className="project-card__cover-frame">
        {project.cover ? (
          <Picture
            picture={project.cover}
            className="project-card__cover"
            sizes="(max-width: 40rem) calc(100vw - 2rem), (max-width: 72rem) 50vw, 24rem"
            lazy
          />
        ) : (
          <span className={`project-card__placeholder project-card__placeholder--${project.kind}`} aria-hidden="true">
            <Icon icon={KIND_ICONS[project.kind]} size={40} />
          </span>
        )}
      </div>
    </article>
  );
}
