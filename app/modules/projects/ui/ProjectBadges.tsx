// A project's theme and current phase as badges: an icon, the words, and a colour per phase. The
// words always say it (RGAA 3.1: never colour alone); the icons are decorative. The badge shows the
// short name ("Vote") and says the whole ("Phase : Vote") to screen readers.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Icon, KIND_ICONS, PHASE_ICONS } from "~/components/icons";
import type { PhaseKind, ProjectKind } from "../phases";

function Badge({ className, shown, spoken, icon }: { className: string; shown: string; spoken: string; icon: ReactNode }) {
  return (
    <span className={`badge ${className}`}>
      {icon}
      {shown === spoken ? (
        shown
      ) : (
        <>
          <span aria-hidden="true">{shown}</span>
          <span className="visually-hidden">{spoken}</span>
        </>
      )}
    </span>
  );
}

export function KindBadge({ kind }: { kind: ProjectKind }) {
  const { t } = useTranslation(["projects"]);
  const name = t(`projects:kinds.${kind}`);
  return <Badge className="badge--kind" shown={name} spoken={t("projects:card.kind", { kind: name })} icon={<Icon icon={KIND_ICONS[kind]} size={16} />} />;
}

/** `spoken`: the sentence for screen readers ("Phase en cours : Vote"), shown whole when `whole`
 *  (and without a phase); otherwise the phase's name is shown. */
export function PhaseBadge({ phase, spoken, whole = false }: { phase: PhaseKind | null; spoken: string; whole?: boolean }) {
  const { t } = useTranslation(["projects"]);
  return (
    <Badge
      className={`badge--phase badge--${phase ?? "none"}`}
      shown={phase && !whole ? t(`projects:phases.${phase}`) : spoken}
      spoken={spoken}
      icon={phase ? <Icon icon={PHASE_ICONS[phase]} size={16} /> : null}
    />
  );
}
