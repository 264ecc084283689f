import { describe, expect, it } from "vitest";
import { checkAct, currentPhase, validatePhases, type Phase } from "./phases";

const phases: Phase[] = [
  { kind: "information", startsOn: "2026-01-01", endsOn: "2026-01-31" },
  { kind: "co_construction", startsOn: "2026-02-01", endsOn: "2026-03-31" },
  { kind: "vote", startsOn: "2026-04-01", endsOn: "2026-04-15" },
  { kind: "results", startsOn: "2026-04-16", endsOn: null },
];

describe("phases", () => {
  it("finds the running phase", () => {
    expect(currentPhase(phases, "2025-12-31")).toBeNull();
    expect(currentPhase(phases, "2026-01-01")?.kind).toBe("information");
    expect(currentPhase(phases, "2026-02-15")?.kind).toBe("co_construction");
    expect(currentPhase(phases, "2026-03-31")?.kind).toBe("co_construction");
    expect(currentPhase(phases, "2026-04-20")?.kind).toBe("results");
    expect(currentPhase(phases.slice(0, 2), "2026-05-01")).toBeNull();
  });

  it("opens proposals only in co-construction, on published projects", () => {
    const co = phases[1]!;
    expect(checkAct({ status: "published" }, co, "propose")).toEqual({ allowed: true });
    expect(checkAct({ status: "published" }, phases[0]!, "propose")).toEqual({ allowed: false, reason: "projects:closed.phase" });
    expect(checkAct({ status: "published" }, phases[2]!, "propose").allowed).toBe(false);
    expect(checkAct({ status: "published" }, phases[2]!, "comment").allowed).toBe(true);
    expect(checkAct({ status: "draft" }, co, "propose")).toEqual({ allowed: false, reason: "projects:closed.notPublished" });
    expect(checkAct({ status: "archived" }, co, "comment")).toEqual({ allowed: false, reason: "projects:closed.archived" });
    expect(checkAct({ status: "published" }, null, "comment").allowed).toBe(false);
  });

  it("validates the order of phases", () => {
    expect(validatePhases(phases)).toBeNull();
    expect(validatePhases([{ kind: "information", startsOn: "2026-02-01", endsOn: "2026-01-01" }])).toBe("projects:errors.phaseEndsBeforeStart");
    expect(
      validatePhases([
        { kind: "information", startsOn: "2026-01-01", endsOn: "2026-02-10" },
        { kind: "co_construction", startsOn: "2026-02-01", endsOn: null },
      ]),
    ).toBe("projects:errors.phasesOverlap");
  });
});
