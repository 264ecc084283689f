// The consultations' policy: who sees a consultation, manages it, votes, and sees its results.
// Pure: the caller loads the project (status, phase), the consultation's state and whether the
// actor is blocked. Eligibility (verified identity, minimum age) lives here, read from the actor,
// so that FranceConnect and the aidants' acting-for extend the Actor without touching the ballots.
import type { Actor } from "~/modules/auth/actor";
import { isVerifiedResident } from "~/modules/identity/eligibility";
import { ALLOW, deny, type Decision } from "~/modules/policy/decision";
import { decide as decideProject, decideContributor, type ProjectTarget } from "~/modules/projects/policy";
import type { ConsultationState, Eligibility, ResultsVisibility } from "./schema";

export type ConsultationAct = "see" | "manage" | "vote" | "seeResults";

export type ConsultationTarget = {
  project: ProjectTarget;
  consultation: {
    state: ConsultationState;
    eligibility: Eligibility;
    minAge: number | null;
    resultsVisibility: ResultsVisibility;
    resultsPublishedAt: Date | null;
  } | null;
  /** Today on the database clock (Europe/Paris), YYYY-MM-DD: ages are counted on it. */
  today: string;
};

/**
 * What eligibility reads of the actor. The fields are optional so that the identity work
 * (FranceConnect, verified residents, aidants) can add them to `Actor` later: until then a
 * password login is not a verified identity and a member has no known birth date.
 */
export type EligibilityFacts = {
  /** Identity verified (FranceConnect or a verified resident). */
  identityVerified?: boolean;
  /** YYYY-MM-DD, when known. */
  birthDate?: string | null;
};

/**
 * Whether the actor counts as a verified resident: a FranceConnect identity found in the census,
 * or an in-person check, until the verification ends (identity/eligibility.ts). A FranceConnect
 * login alone proves who someone is, not that they live here.
 */
export function identityVerified(actor: Actor): boolean {
  const facts = actor as Actor & EligibilityFacts;
  return facts.identityVerified === true || isVerifiedResident(actor);
}

/** Full years between a YYYY-MM-DD birth date and `today` (YYYY-MM-DD), or null if unreadable. */
export function ageOn(birthDate: string, today: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !t) return null;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** Eligibility alone (after membership): verified identity, then age. */
export function decideEligibility(actor: Actor, rules: { eligibility: Eligibility; minAge: number | null }, today: string): Decision {
  if (rules.eligibility === "verified" && !identityVerified(actor)) return deny("consultations:ballot.verifiedOnly");
  if (rules.minAge != null) {
    const birthDate = (actor as Actor & EligibilityFacts).birthDate;
    if (!birthDate) return deny("consultations:ballot.ageUnknown");
    const age = ageOn(birthDate, today);
    if (age == null || age < rules.minAge) return deny("consultations:ballot.tooYoung");
  }
  return ALLOW;
}

export function decide(actor: Actor, act: ConsultationAct, target: ConsultationTarget): Decision {
  const seen = decideProject(actor, "see", target.project);
  if (!seen.allowed) return seen;
  const manage = decideProject(actor, "manage", target.project);
  if (act === "manage") return manage;
  const c = target.consultation;
  if (!c) return deny("status.notFoundText");
  // A draft is seen by those who manage projects only.
  if (c.state === "draft" && !manage.allowed) return deny("status.notFoundText");
  switch (act) {
    case "see":
      return ALLOW;
    case "seeResults":
      // Live results: to everyone who sees the consultation. After the close: nobody before the
      // close, not even officials (so no page or socket can leak them).
      if (c.resultsVisibility === "live") return ALLOW;
      return c.state === "closed" ? ALLOW : deny("consultations:ballot.resultsAfterClose");
    case "vote": {
      if (c.state === "draft" || c.state === "scheduled") return deny("consultations:ballot.notOpen");
      if (c.state === "closed") return deny("consultations:ballot.closed");
      if (!actor.user) return deny("consultations:ballot.login");
      const member = decideContributor(actor, target.project.actorBlocked);
      if (!member.allowed) return member;
      return decideEligibility(actor, c, target.today);
    }
  }
}
