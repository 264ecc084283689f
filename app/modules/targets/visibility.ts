// The one rule for what may be seen, whatever the kind of item and the page showing it:
// - an item hidden by moderation is seen by its author, the moderators and the admins, nobody else;
// - a draft project, and everything in it, is seen by those who manage projects only;
// - a comment its author deleted shows to nobody (only its place in the thread stays).
// Every page, list, search, notification and act goes through these functions (refusals answer
// 404 without naming the item: see README decision 27). Pure and client-safe.
import type { Actor } from "~/modules/auth/actor";
import { can } from "~/modules/permissions/permissions";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";

/** What the rule reads of an item: the registry's TargetState has all of it. */
export type Seeable = { authorId: number | null; hidden: boolean; deleted?: boolean; projectStatus: string };

/** Moderators and admins see what moderation hid (their work is to look at it). */
export function seesHidden(actor: Actor): boolean {
  return can(actor.user, "moderation.access", { organizationId: actor.organizationId });
}

/** Those who manage projects see drafts. */
export function seesDrafts(actor: Actor): boolean {
  return can(actor.user, "project.manage", { organizationId: actor.organizationId });
}

export function isAuthor(actor: Actor, item: { authorId: number | null }): boolean {
  return actor.user != null && item.authorId != null && item.authorId === actor.user.id;
}

/** Whether the actor may see the item; a refusal is "not found" (it names nothing). */
export function decideSee(actor: Actor, item: Seeable): Decision {
  if (item.projectStatus === "draft" && !seesDrafts(actor)) return deny("status.notFoundText");
  if (item.deleted) return deny("status.notFoundText");
  if (item.hidden && !isAuthor(actor, item) && !seesHidden(actor)) return deny("status.notFoundText");
  return ALLOW;
}

/**
 * For lists read in SQL: which hidden items the actor's list may hold. "all" for moderators and
 * admins, else only the actor's own (authorId), or none for an anonymous visitor.
 */
export function hiddenItemsFor(actor: Actor): { all: true } | { all: false; authorId: number | null } {
  return seesHidden(actor) ? { all: true } : { all: false, authorId: actor.user?.id ?? null };
}
