// The projects' policy: who sees a project, manages projects, follows one, and the gate every
// citizen contribution passes (role, confirmed e-mail, block, the project's current phase). Pure:
// the caller loads the state (the project's status and phase, whether the actor is blocked).
import type { Actor } from "~/modules/auth/actor";
import { can } from "~/modules/permissions/permissions";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";
import { decideSee } from "~/modules/targets/visibility";
import { checkAct, type CitizenAct, type Phase, type ProjectStatus } from "./phases";

export type ProjectAct = "see" | "manage" | "follow" | CitizenAct;

export type ProjectTarget = {
  status: ProjectStatus | string;
  currentPhase: Phase | null;
  /** Whether moderation blocked the actor (read at the moment of the act: isBlocked). */
  actorBlocked: boolean;
};

/** What the 403 page says when the phase closes an act, worded for the act. */
export const PHASE_CLOSED_REASONS: Record<CitizenAct, string> = {
  propose: "proposals:closed.propose",
  support: "proposals:closed.support",
  comment: "proposals:comments.closed.phase",
  debate: "projects:closed.phase",
};

/** A member who may write in this organization: role, confirmed e-mail, not blocked. */
export function decideContributor(actor: Actor, actorBlocked: boolean): Decision {
  if (!actor.user || !can(actor.user, "contribution.create", { organizationId: actor.organizationId })) return deny("status.forbiddenText");
  if (!actor.user.emailConfirmed) return deny("status.confirmEmailFirst");
  if (actorBlocked) return deny("status.blocked");
  return ALLOW;
}

/** Whether the project's state (status, current phase) opens `act` now, whoever asks. */
export function decidePhase(project: Pick<ProjectTarget, "status" | "currentPhase">, act: CitizenAct): Decision {
  const check = checkAct({ status: project.status as ProjectStatus }, project.currentPhase, act);
  if (check.allowed) return ALLOW;
  return deny(check.reason === "projects:closed.phase" ? PHASE_CLOSED_REASONS[act] : check.reason);
}

export function decide(actor: Actor, act: ProjectAct, project: ProjectTarget): Decision {
  switch (act) {
    case "see":
      return decideSee(actor, { authorId: null, hidden: false, projectStatus: project.status });
    case "manage":
      if (!can(actor.user, "project.manage", { organizationId: actor.organizationId })) return deny("status.forbiddenText");
      return project.actorBlocked ? deny("status.blocked") : ALLOW;
    case "follow": {
      // A member of the organization, not blocked, on a project they may see (no confirmed e-mail needed).
      const seen = decideSee(actor, { authorId: null, hidden: false, projectStatus: project.status });
      if (!seen.allowed) return seen;
      if (!can(actor.user, "contribution.create", { organizationId: actor.organizationId })) return deny("status.forbiddenText");
      return project.actorBlocked ? deny("status.blocked") : ALLOW;
    }
    default: {
      const member = decideContributor(actor, project.actorBlocked);
      if (!member.allowed) return member;
      return decidePhase(project, act);
    }
  }
}
