import { describe, expect, it } from "vitest";
import { isOpenForParticipation, openFirst } from "./card-order";

describe("openFirst", () => {
  it("puts co-construction and vote first, then information, results and no phase, keeping the date order in each group", () => {
    const cards = [
      { id: 1, phase: "results" as const },
      { id: 2, phase: null },
      { id: 3, phase: "information" as const },
      { id: 4, phase: "vote" as const },
      { id: 5, phase: "co_construction" as const },
      { id: 6, phase: "information" as const },
    ];
    expect(openFirst(cards).map((c) => c.id)).toEqual([4, 5, 3, 6, 1, 2]);
    expect(cards.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("says which phases are open for participation", () => {
    expect(isOpenForParticipation("co_construction")).toBe(true);
    expect(isOpenForParticipation("vote")).toBe(true);
    expect(isOpenForParticipation("information")).toBe(false);
    expect(isOpenForParticipation(null)).toBe(false);
  });
});
