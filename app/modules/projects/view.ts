// Loader-side shaping of what the project pages show: phases with their state and dates already
// formatted in the request's language.
import type { Locale } from "~/i18n/config";
import { formatDay, type DateLabel } from "~/utils/dates";
import { phaseStates, type Phase, type PhaseKind, type PhaseState } from "./phases";
import type { ProjectHeader } from "./queries.server";
import type { ProjectHeaderView } from "./ui/ProjectHeader";

export type TimelineEntry = { kind: PhaseKind; state: PhaseState; startsOn: DateLabel; endsOn: DateLabel | null };

export function timelineView(phases: Phase[], today: string, locale: Locale): TimelineEntry[] {
  return phaseStates(phases, today).map(({ phase, state }) => ({
    kind: phase.kind,
    state,
    startsOn: formatDay(phase.startsOn, locale),
    endsOn: phase.endsOn ? formatDay(phase.endsOn, locale) : null,
  }));
}

export function headerView(header: ProjectHeader, locale: Locale): ProjectHeaderView {
  return {
    id: header.id,
    slug: header.slug,
    title: header.title,
    kind: header.kind,
    status: header.status,
    currentPhase: header.currentPhase?.kind ?? null,
    // For the call to action: "Votez avant le 12 janvier".
    currentPhaseEndsOn: header.currentPhase?.endsOn ? formatDay(header.currentPhase.endsOn, locale).label : null,
    proposalsCount: header.proposalsCount,
    debatesCount: header.debatesCount,
    followersCount: header.followersCount,
    following: header.following,
  };
}
