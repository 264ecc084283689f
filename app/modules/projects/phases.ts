// Project phases and what citizens may do in each. Pure: shared by the server (which decides)
// and the browser (which only hides controls).

export const PHASE_KINDS = ["information", "co_construction", "vote", "results"] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export const PROJECT_KINDS = ["urban", "cultural", "leisure"] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_STATUSES = ["draft", "published", "archived"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export type Phase = { kind: PhaseKind; startsOn: string; endsOn: string | null };

/** What citizens may do, per phase. Officials answer proposals and close debates in any phase. */
export const PHASE_RULES: Record<PhaseKind, { propose: boolean; support: boolean; comment: boolean; debate: boolean }> = {
  information: { propose: false, support: false, comment: false, debate: false },
  co_construction: { propose: true, support: true, comment: true, debate: true },
  vote: { propose: false, support: false, comment: true, debate: false },
  results: { propose: false, support: false, comment: false, debate: false },
};

export type CitizenAct = keyof (typeof PHASE_RULES)[PhaseKind];

/** The phase running on `today` (YYYY-MM-DD): the last one started, unless it has ended with no successor. */
export function currentPhase(phases: Phase[], today: string): Phase | null {
  const started = phases
    .filter((p) => p.startsOn <= today)
    .sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind)));
  const last = started.at(-1);
  if (!last) return null;
  if (last.endsOn && last.endsOn < today && last.kind !== "results") return null;
  return last;
}

export type ActCheck = { allowed: true } | { allowed: false; reason: "projects:closed.notPublished" | "projects:closed.archived" | "projects:closed.phase" };

/** Whether a citizen act is open on a project now; the reason is an i18n key for the 403 page. */
export function checkAct(project: { status: ProjectStatus }, phase: Phase | null, act: CitizenAct): ActCheck {
  if (project.status === "draft") return { allowed: false, reason: "projects:closed.notPublished" };
  if (project.status === "archived") return { allowed: false, reason: "projects:closed.archived" };
  if (!phase || !PHASE_RULES[phase.kind][act]) return { allowed: false, reason: "projects:closed.phase" };
  return { allowed: true };
}

/** Phases must follow the canonical order without overlapping. Returns an i18n key or null. */
export function validatePhases(phases: Phase[]): string | null {
  const sorted = [...phases].sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind));
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.endsOn && p.endsOn < p.startsOn) return "projects:errors.phaseEndsBeforeStart";
    const next = sorted[i + 1];
    if (next && next.startsOn < (p.endsOn ?? p.startsOn)) return "projects:errors.phasesOverlap";
    if (next && next.startsOn < p.startsOn) return "projects:errors.phasesOrder";
  }
  return null;
}

export type PhaseState = "done" | "current" | "upcoming";

/** Where each phase stands on `today`: the running one, those to come, and those over. */
export function phaseStates(phases: Phase[], today: string): { phase: Phase; state: PhaseState }[] {
  const current = currentPhase(phases, today);
  return sortPhases(phases).map((phase) => {
    let state: PhaseState;
    if (current && phase.kind === current.kind) state = "current";
    else if (phase.startsOn > today) state = "upcoming";
    else state = "done";
    return { phase, state };
  });
}

/** Phases in their canonical order (information, co-construction, vote, results). */
export function sortPhases(phases: Phase[]): Phase[] {
  return [...phases].sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind));
}

export function isPhaseKind(value: unknown): value is PhaseKind {
  return typeof value === "string" && (PHASE_KINDS as readonly string[]).includes(value);
}

export function isProjectKind(value: unknown): value is ProjectKind {
  return typeof value === "string" && (PROJECT_KINDS as readonly string[]).includes(value);
}
