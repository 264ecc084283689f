import { describe, expect, it } from "vitest";
import { isRealDate, phasesFromRows, ProjectFormSchema } from "./schema";
import { freeSlug, SLUG_PATTERN, slugify } from "./slug";

describe("slugs", () => {
  it("makes an address from a French title", () => {
    expect(slugify("Place de l'Église : réaménagement")).toBe("place-de-l-eglise-reamenagement");
    expect(slugify("Œuvres & cœurs — Noël 2026 !")).toBe("oeuvres-coeurs-noel-2026");
    expect(slugify("   ")).toBe("");
    expect(slugify("x".repeat(200))).toHaveLength(80);
    expect(SLUG_PATTERN.test(slugify("Un titre -- avec   des  espaces-"))).toBe(true);
  });

  it("finds the first free variant", () => {
    expect(freeSlug("parc", new Set())).toBe("parc");
    expect(freeSlug("parc", new Set(["parc", "parc-2"]))).toBe("parc-3");
    const long = "a".repeat(80);
    expect(freeSlug(long, new Set([long]))).toHaveLength(80);
    expect(freeSlug(long, new Set([long])).endsWith("-2")).toBe(true);
  });
});

describe("the project form schema", () => {
  const base = { title: "Un projet", kind: "urban" };

  it("checks calendar dates", () => {
    expect(isRealDate("2026-02-28")).toBe(true);
    expect(isRealDate("2026-02-30")).toBe(false);
    expect(isRealDate("28/02/2026")).toBe(false);
  });

  it("keeps the phases with a start date, in order, and refuses overlaps and disorder", () => {
    const ok = ProjectFormSchema.safeParse({
      ...base,
      phases: { vote: { startsOn: "2026-04-01" }, information: { startsOn: "2026-01-01", endsOn: "2026-01-31" }, results: {} },
    });
    expect(ok.success).toBe(true);
    expect(phasesFromRows(ok.data!.phases)).toEqual([
      { kind: "information", startsOn: "2026-01-01", endsOn: "2026-01-31" },
      { kind: "vote", startsOn: "2026-04-01", endsOn: null },
    ]);
    const disorder = ProjectFormSchema.safeParse({ ...base, phases: { information: { startsOn: "2026-05-01" }, vote: { startsOn: "2026-04-01" } } });
    expect(disorder.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["phases", "projects:errors.phasesOverlap"]]);
    const ends = ProjectFormSchema.safeParse({ ...base, phases: { vote: { startsOn: "2026-04-01", endsOn: "2026-03-01" } } });
    expect(ends.error?.issues[0]?.message).toBe("projects:errors.phaseEndsBeforeStart");
  });
});
