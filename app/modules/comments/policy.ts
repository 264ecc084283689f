// The comments' policy: comment on a target, reply, edit and delete one's own. Pure: the caller
// loads the target (the registry's state), the project's phase, the comment when there is one, and
// whether the actor is blocked. Nobody comments on what moderation hid (its author and the
// moderators still see it: the one visibility rule), nor on a closed debate.
import type { Actor } from "~/modules/auth/actor";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";
import { decideContributor, decidePhase, type ProjectTarget } from "~/modules/projects/policy";
import { decideSee, isAuthor, type Seeable } from "~/modules/targets/visibility";
import { MAX_DEPTH } from "./schema";

export type CommentAct = "comment" | "reply" | "edit" | "delete";

export type CommentTargetState = Seeable & { closed: boolean };
export type CommentState = { authorId: number; hidden: boolean; deleted: boolean; depth: number };

export type CommentPolicyTarget = {
  project: ProjectTarget;
  /** What the thread is on (a project, proposal, debate...). */
  target: CommentTargetState;
  /** reply: the comment answered; edit, delete: the comment itself. */
  comment?: CommentState | null;
};

/** Whether the thread takes a new comment now, and if not why, in the order the page explains it. */
function decideThread(actor: Actor, { project, target }: CommentPolicyTarget): Decision {
  const seen = decideSee(actor, target);
  if (!seen.allowed) return seen;
  if (target.hidden) return deny("proposals:comments.closed.hidden");
  if (target.closed) return deny("proposals:comments.closed.debate");
  const phase = decidePhase(project, "comment");
  if (!phase.allowed) return phase;
  if (!actor.user) return deny("proposals:comments.closed.login");
  return decideContributor(actor, project.actorBlocked);
}

export function decide(actor: Actor, act: CommentAct, input: CommentPolicyTarget): Decision {
  switch (act) {
    case "comment":
      return decideThread(actor, input);
    case "reply": {
      const thread = decideThread(actor, input);
      if (!thread.allowed) return thread;
      const parent = input.comment;
      if (!parent) return deny("status.notFoundText");
      if (parent.deleted || parent.hidden) return deny("proposals:comments.errors.parentGone");
      return parent.depth >= MAX_DEPTH ? deny("proposals:comments.errors.tooDeep") : ALLOW;
    }
    case "edit": {
      const thread = decideThread(actor, input);
      if (!thread.allowed) return thread;
      const comment = input.comment;
      if (!comment || !isAuthor(actor, comment) || comment.deleted || comment.hidden) return deny("proposals:comments.errors.notEditable");
      return ALLOW;
    }
    case "delete": {
      // One's own words go whatever the phase, but not while blocked, nor under what one may not see.
      const seen = decideSee(actor, input.target);
      if (!seen.allowed) return seen;
      if (!actor.user) return deny("proposals:comments.closed.login");
      if (input.project.actorBlocked) return deny("status.blocked");
      const comment = input.comment;
      if (!comment || !isAuthor(actor, comment) || comment.deleted) return deny("status.notFoundText");
      return ALLOW;
    }
  }
}
