// The order of the home page's cards within a page: the projects people can act on now first
// (co-construction: propose; vote), then those being presented, then those with results, then the
// rest, each group keeping the query's order (most recently published first).
import type { PhaseKind } from "../phases";

const RANK: Record<PhaseKind, number> = { co_construction: 0, vote: 0, information: 1, results: 2 };

export function isOpenForParticipation(phase: PhaseKind | null): boolean {
  return phase === "co_construction" || phase === "vote";
}

export function openFirst<T extends { phase: PhaseKind | null }>(cards: readonly T[]): T[] {
  return cards
    .map((card, index) => ({ card, index, rank: card.phase ? RANK[card.phase] : 3 }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ card }) => card);
}
