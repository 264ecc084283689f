// The debates' policy: officials open and close debates. Pure: the caller loads the project, the
// debate when there is one, and whether the actor is blocked.
import type { Actor } from "~/modules/auth/actor";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";
import { decide as decideProject, type ProjectTarget } from "~/modules/projects/policy";
import { decideSee } from "~/modules/targets/visibility";

export type DebateAct = "open" | "close";

export type DebateState = { authorId: number; hidden: boolean; closed: boolean };

export function decide(actor: Actor, act: DebateAct, target: { project: ProjectTarget; debate?: DebateState | null }): Decision {
  const seenProject = decideProject(actor, "see", target.project);
  if (!seenProject.allowed) return seenProject;
  const manage = decideProject(actor, "manage", target.project);
  if (!manage.allowed) return manage;
  if (act === "open") return ALLOW;
  const debate = target.debate;
  if (!debate) return deny("status.notFoundText");
  const seen = decideSee(actor, { ...debate, projectStatus: String(target.project.status) });
  if (!seen.allowed) return seen;
  return debate.closed ? deny("proposals:debates.errors.alreadyClosed") : ALLOW;
}
