// The consultations' policy as a table: who may see, manage, vote and see results, in each state.
import { describe, expect, it } from "vitest";
import type { Actor } from "~/modules/auth/actor";
import type { Role } from "~/modules/permissions/permissions";
import { ageOn, decide, type ConsultationAct, type ConsultationTarget } from "./policy";
import type { ConsultationState } from "./schema";

const ORG = 1;
function actor(role: Role | null, extra: Partial<Actor> & { identityVerified?: boolean; birthDate?: string } = {}): Actor {
  return {
    user: role ? { id: 7, organizationId: ORG, email: "a@b.c", name: "A", role, isSystemAdmin: false, locale: null, emailConfirmed: true } : null,
    organizationId: ORG,
    role,
    systemAdmin: false,
    loginMethod: role ? "password" : null,
    actingFor: null,
    ...extra,
  } as Actor;
}

function target(state: ConsultationState, over: Partial<NonNullable<ConsultationTarget["consultation"]>> = {}, project: Partial<ConsultationTarget["project"]> = {}): ConsultationTarget {
  return {
    project: { status: "published", currentPhase: null, actorBlocked: false, ...project },
    consultation: { state, eligibility: "members", minAge: null, resultsVisibility: "live", resultsPublishedAt: null, ...over },
    today: "2026-12-02",
  };
}

const reason = (a: Actor, act: ConsultationAct, t: ConsultationTarget) => {
  const d = decide(a, act, t);
  return d.allowed ? "ok" : d.reason;
};

describe("consultations policy", () => {
  const anonymous = actor(null);
  const citizen = actor("citizen");
  const official = actor("official");

  it.each([
    // actor, act, state, expected
    [anonymous, "see", "open", "ok"],
    [anonymous, "see", "draft", "status.notFoundText"],
    [official, "see", "draft", "ok"],
    [citizen, "manage", "open", "status.forbiddenText"],
    [official, "manage", "open", "ok"],
    [anonymous, "vote", "open", "consultations:ballot.login"],
    [citizen, "vote", "open", "ok"],
    [citizen, "vote", "scheduled", "consultations:ballot.notOpen"],
    [citizen, "vote", "closed", "consultations:ballot.closed"],
    [citizen, "vote", "draft", "status.notFoundText"],
    [official, "vote", "open", "ok"],
    [anonymous, "seeResults", "open", "ok"],
  ] as const)("%#: %s → %s while %s", (a, act, state, expected) => {
    expect(reason(a, act, target(state))).toBe(expected);
  });

  it("results after the close: nobody before it, not even officials; everyone after", () => {
    for (const a of [anonymous, citizen, official]) {
      expect(reason(a, "seeResults", target("open", { resultsVisibility: "after_close" }))).toBe("consultations:ballot.resultsAfterClose");
      expect(reason(a, "seeResults", target("closed", { resultsVisibility: "after_close" }))).toBe("ok");
    }
  });

  it("eligibility: blocked, unconfirmed, verified identity, minimum age", () => {
    expect(reason(citizen, "vote", target("open", {}, { actorBlocked: true }))).toBe("status.blocked");
    const unconfirmed = actor("citizen");
    unconfirmed.user!.emailConfirmed = false;
    expect(reason(unconfirmed, "vote", target("open"))).toBe("status.confirmEmailFirst");
    expect(reason(citizen, "vote", target("open", { eligibility: "verified" }))).toBe("consultations:ballot.verifiedOnly");
    expect(reason(actor("citizen", { identityVerified: true }), "vote", target("open", { eligibility: "verified" }))).toBe("ok");
    // A verified resident (census or in person) until the verification ends; a FranceConnect login alone is not residence.
    expect(reason(actor("citizen", { verifiedResidentUntil: "2999-01-01T00:00:00.000Z" }), "vote", target("open", { eligibility: "verified" }))).toBe("ok");
    expect(reason(actor("citizen", { verifiedResidentUntil: "2020-01-01T00:00:00.000Z" }), "vote", target("open", { eligibility: "verified" }))).toBe("consultations:ballot.verifiedOnly");
    expect(reason(actor("citizen", { loginMethod: "oidc", identityProvider: { id: 1, kind: "franceconnect" } }), "vote", target("open", { eligibility: "verified" }))).toBe(
      "consultations:ballot.verifiedOnly",
    );
    expect(reason(citizen, "vote", target("open", { minAge: 16 }))).toBe("consultations:ballot.ageUnknown");
    expect(reason(actor("citizen", { birthDate: "2010-12-03" }), "vote", target("open", { minAge: 16 }))).toBe("consultations:ballot.tooYoung");
    expect(reason(actor("citizen", { birthDate: "2010-12-02" }), "vote", target("open", { minAge: 16 }))).toBe("ok");
  });

  it("a draft project hides its consultations from those who do not manage projects", () => {
    expect(reason(citizen, "see", target("open", {}, { status: "draft" }))).toBe("status.notFoundText");
    expect(reason(official, "see", target("open", {}, { status: "draft" }))).toBe("ok");
  });

  it("counts ages in full years", () => {
    expect(ageOn("2000-02-29", "2018-02-28")).toBe(17);
    expect(ageOn("2000-02-29", "2018-03-01")).toBe(18);
    expect(ageOn("bad", "2018-03-01")).toBeNull();
  });
});
