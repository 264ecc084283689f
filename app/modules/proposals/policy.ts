// The proposals' policy: propose, edit, withdraw, support, answer. Pure: the caller loads the
// project (status, current phase), the proposal (author, hidden, status, still editable) and
// whether the actor is blocked. Refusals are i18n keys; what may not be seen is "not found".
import type { Actor } from "~/modules/auth/actor";
import { can } from "~/modules/permissions/permissions";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";
import { decide as decideProject, decideContributor, decidePhase, type ProjectTarget } from "~/modules/projects/policy";
import { decideSee, isAuthor } from "~/modules/targets/visibility";
import type { ProposalStatus } from "./schema";

export type ProposalAct = "propose" | "edit" | "withdraw" | "support" | "answer";

export type ProposalState = {
  authorId: number;
  hidden: boolean;
  status: ProposalStatus;
  /** Within the edit window, without supports, still submitted (the database says). */
  editable: boolean;
};

export type ProposalTarget = { project: ProjectTarget; proposal: ProposalState | null };

/** Withdrawing is for what no official has decided on yet. */
const WITHDRAWABLE: readonly ProposalStatus[] = ["submitted", "under_study"];

function seeProposal(actor: Actor, target: ProposalTarget): Decision {
  const { proposal, project } = target;
  if (!proposal) return deny("status.notFoundText");
  return decideSee(actor, { authorId: proposal.authorId, hidden: proposal.hidden, projectStatus: String(project.status) });
}

export function decide(actor: Actor, act: ProposalAct, target: ProposalTarget): Decision {
  const { project } = target;
  if (act === "propose") return decideProject(actor, "propose", project);
  const seen = seeProposal(actor, target);
  if (!seen.allowed) return seen;
  const proposal = target.proposal!;
  switch (act) {
    case "support": {
      // In the order the page explains it: the proposal's state, the phase, then who asks.
      if (proposal.hidden || proposal.status === "withdrawn") return deny("proposals:errors.notSupportable");
      const phase = decidePhase(project, "support");
      if (!phase.allowed) return phase;
      if (!actor.user) return deny("proposals:page.supportLogin");
      if (isAuthor(actor, proposal)) return deny("proposals:page.ownProposal");
      return decideContributor(actor, project.actorBlocked);
    }
    case "edit": {
      // Editing is a contribution (phase still taking proposals), on one's own proposal only:
      // another's is "not found", as the edit page answers.
      const contribution = decideProject(actor, "propose", project);
      if (!contribution.allowed) return contribution;
      if (!isAuthor(actor, proposal)) return deny("status.notFoundText");
      return proposal.editable && !proposal.hidden ? ALLOW : deny("proposals:errors.editClosed");
    }
    case "withdraw": {
      // Whatever the phase, but not while blocked: a blocked member changes nothing public.
      if (!isAuthor(actor, proposal)) return deny("status.forbiddenText");
      if (project.actorBlocked) return deny("status.blocked");
      if (proposal.status === "withdrawn") return deny("proposals:errors.alreadyWithdrawn");
      return WITHDRAWABLE.includes(proposal.status) ? ALLOW : deny("proposals:errors.withdrawAnswered");
    }
    case "answer": {
      if (!can(actor.user, "project.manage", { organizationId: actor.organizationId })) return deny("status.forbiddenText");
      if (project.actorBlocked) return deny("status.blocked");
      return proposal.status === "withdrawn" ? deny("proposals:errors.answerWithdrawn") : ALLOW;
    }
  }
}
