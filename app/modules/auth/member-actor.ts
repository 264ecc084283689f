// What commands need of the Actor, and an Actor for code that acts outside a request.
//
// Commands take the Actor (never bare user ids), so that "who did it, for whom" is read in one
// place: `actsAs(actor)` names the member in whose name the act is written (the author of a
// proposal, the voter) and, when an aidant acts for someone, the aidant who made it, which the
// audit log records beside the person (`auditedBy`).
import type { Role } from "~/modules/permissions/permissions";
import { actorOf, type Actor } from "./actor";

export type ActingMember = {
  organizationId: number;
  /** The member the act is written for: the author, the supporter. */
  userId: number;
  name: string;
  /** The aidant who made the act for them, or null when members act themselves. */
  helperId: number | null;
};

/** The member an act is written for. Commands are only reached once a policy allowed a member. */
export function actsAs(actor: Actor): ActingMember {
  if (!actor.user) throw new Error("a command needs a member: an anonymous visitor reached it");
  const helped = actor.actingFor as { userId: number; name: string } | null;
  if (helped) return { organizationId: actor.organizationId, userId: helped.userId, name: helped.name, helperId: actor.user.id };
  return { organizationId: actor.organizationId, userId: actor.user.id, name: actor.user.name, helperId: null };
}

/** The audit entry's actor (who did it) and, when an aidant acted, the person it was done for. */
export function auditedBy(actor: Actor): { actorId: number; forUserId: number | null } {
  const member = actsAs(actor);
  return member.helperId ? { actorId: member.helperId, forUserId: member.userId } : { actorId: member.userId, forUserId: null };
}

/** What an audit entry's data adds when an aidant acted: the person it was done for. */
export function onBehalf(actor: Actor): { forUserId?: number } {
  const { forUserId } = auditedBy(actor);
  return forUserId ? { forUserId } : {};
}

/**
 * The Actor of a member acting outside a request: the demo seed writing through the commands, and
 * tests. Requests build theirs from the session (`actorOf` in app/server/auth-middleware.server.ts).
 */
export function memberActor(organizationId: number, userId: number, options: { name?: string; role?: Role } = {}): Actor {
  return actorOf(organizationId, {
    id: userId,
    organizationId,
    email: "",
    name: options.name ?? "",
    role: options.role ?? "citizen",
    isSystemAdmin: false,
    locale: null,
    emailConfirmed: true,
  });
}
