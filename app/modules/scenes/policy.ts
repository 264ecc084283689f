// The scenes' policy: everyone who sees the project sees its scenes and their variants (a variant
// hidden by moderation only by its author, moderators and admins: the one visibility rule); those
// who manage projects create scenes and variants, upload models, posters and stills, and author
// viewpoints. Pure: the caller loads the project's state, the variant's, and the actor's block.
import type { Actor } from "~/modules/auth/actor";
import { ALLOW, type Decision } from "~/modules/policy/decision";
import { decide as decideProject, type ProjectTarget } from "~/modules/projects/policy";
import { decideSee } from "~/modules/targets/visibility";

export type SceneAct = "see" | "manage";

export type VariantState = { authorId: number; hidden: boolean };

export function decide(actor: Actor, act: SceneAct, target: { project: ProjectTarget; variant?: VariantState | null }): Decision {
  const seenProject = decideProject(actor, "see", target.project);
  if (!seenProject.allowed) return seenProject;
  if (target.variant) {
    const seen = decideSee(actor, { ...target.variant, projectStatus: String(target.project.status) });
    if (!seen.allowed) return seen;
  }
  if (act === "see") return ALLOW;
  return decideProject(actor, "manage", target.project);
}
