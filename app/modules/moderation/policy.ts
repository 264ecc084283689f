// The moderation policy: report an item, decide on a reported item, block a member. Pure: the
// caller loads the item (the registry's state), the member, and whether the actor is blocked.
import type { Actor } from "~/modules/auth/actor";
import { can, type Role } from "~/modules/permissions/permissions";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";
import { decideSee, isAuthor, type Seeable } from "~/modules/targets/visibility";

export type ModerationAct = "report" | "decide" | "block" | "unblock";

export type ModerationTarget = {
  /** Whether moderation blocked the actor (isBlocked, read at the moment of the act). */
  actorBlocked: boolean;
  /** report, decide: the item. */
  item?: Seeable | null;
  /** block: the member. */
  member?: { id: number; organizationId: number; role: Role; isSystemAdmin: boolean; blocked?: boolean } | null;
};

/** Moderators and admins moderate (the role table says who). */
export function moderates(actor: Actor): boolean {
  return can(actor.user, "moderation.access", { organizationId: actor.organizationId });
}

export function decide(actor: Actor, act: ModerationAct, target: ModerationTarget): Decision {
  switch (act) {
    case "report": {
      // Only what members can see, as everyone sees it, may be reported: not drafts, nor what
      // is already hidden or deleted (its author still sees it, but has nothing to report).
      const item = target.item;
      if (!actor.user) return deny("status.forbiddenText");
      if (target.actorBlocked) return deny("status.blocked");
      if (!item || !decideSee(actor, item).allowed || item.hidden || item.deleted) return deny("moderation:report.errors.notFound");
      return isAuthor(actor, item) ? deny("moderation:report.errors.own") : ALLOW;
    }
    case "decide": {
      if (!moderates(actor)) return deny("status.forbiddenText");
      if (target.actorBlocked) return deny("status.blocked");
      // Nobody judges their own words, not even to dismiss the reports.
      return target.item && isAuthor(actor, target.item) ? deny("moderation:decision.errors.own") : ALLOW;
    }
    case "block": {
      if (!moderates(actor)) return deny("status.forbiddenText");
      if (target.actorBlocked) return deny("status.blocked");
      const member = target.member;
      if (!member || member.organizationId !== actor.organizationId) return deny("moderation:block.errors.notFound");
      if (actor.user && member.id === actor.user.id) return deny("moderation:block.errors.self");
      // Admins run the platform: another admin changes their role first.
      if (can(member, "admin.access", { organizationId: member.organizationId })) return deny("moderation:block.errors.admin");
      return member.blocked ? deny("moderation:block.errors.already") : ALLOW;
    }
    case "unblock": {
      if (!moderates(actor)) return deny("status.forbiddenText");
      const member = target.member;
      // Nobody lifts their own block: said as such, before the block itself.
      if (actor.user && member && member.id === actor.user.id) return deny("moderation:blocked.unblockSelf");
      if (target.actorBlocked) return deny("status.blocked");
      if (!member || member.organizationId !== actor.organizationId) return deny("moderation:block.errors.notFound");
      return member.blocked ? ALLOW : deny("moderation:block.errors.notBlocked");
    }
  }
}
