// What the officials' dashboard shows (types shared by its queries and its components). Client-safe.

export type WaitingProposal = { id: number; title: string; createdAt: Date; daysWaiting: number; supportsCount: number; path: string };
export type OpenDebate = { id: number; title: string; createdAt: Date; daysOpen: number; commentsCount: number; path: string };
export type UpcomingPhase = { kind: string; event: "starts" | "ends"; on: string; inDays: number };
/** One week's participation in a project; `week` is its Monday ("2026-11-30"). */
export type WeekFigures = { week: string; participants: number; proposals: number; supports: number; comments: number };

export type ProjectDashboard = {
  id: number;
  slug: string;
  title: string;
  status: string;
  waiting: WaitingProposal[];
  waitingCount: number;
  debates: OpenDebate[];
  debatesCount: number;
  phases: UpcomingPhase[];
  weeks: WeekFigures[];
};

/** The weeks the dashboard's chart shows, and the CSV's (client-safe: the page prints the number). */
export const DASHBOARD_WEEKS = 8;
export const CSV_WEEKS = 52;
