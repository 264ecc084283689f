// Where the project's vote stands, for a scene page's "have your say" box: open now, coming (with
// its dates, in the page's language), or none planned / over.
import type { Phase } from "~/modules/projects/phases";
import { formatDayText } from "~/utils/dates";

export type VoteStanding = { state: "open" } | { state: "upcoming"; start: string; end: string } | { state: "none" };

export function voteStanding(phases: Phase[], today: string, locale: string): VoteStanding {
  const vote = phases.find((p) => p.kind === "vote");
  if (!vote) return { state: "none" };
  if (vote.startsOn <= today && (vote.endsOn === null || today <= vote.endsOn)) return { state: "open" };
  if (vote.startsOn > today) {
    return { state: "upcoming", start: formatDayText(vote.startsOn, locale), end: vote.endsOn ? formatDayText(vote.endsOn, locale) : "…" };
  }
  return { state: "none" };
}
