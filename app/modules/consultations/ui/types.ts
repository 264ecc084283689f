// What the consultation pages show, as plain data the loaders build from the module's types
// (formatted on the server in the request's language). The components below read only these, so
// that they render on the server without JavaScript and in the render tests without a database.
export type MethodView = "single" | "approval" | "majority" | "budget";

export type OptionView = {
  id: number;
  label: string;
  description: string | null;
  /** Participatory budget: what the project costs, in euros. */
  cost: number | null;
  /** An option linked to a proposal of the project: its page. */
  href: string | null;
};

export type QuestionView = {
  id: number;
  title: string;
  description: string | null;
  method: MethodView;
  options: OptionView[];
  /** Approval: how many options a voter chooses (at least, at most). */
  minChoices: number;
  maxChoices: number;
  /** Majority judgment: the mentions, best first (6 or 7); `value` is the grade the form sends. */
  grades: { value: number; label: string }[];
  /** Participatory budget: the amount to share, and the least a ballot must spend (euros, or null). */
  budget: number | null;
  minSpend: number | null;
};

/** One option's count (single choice, approval, budget): ballots that chose it. */
export type CountRow = { id: number; label: string; votes: number; cost: number | null; winner: boolean };

/** Majority judgment: per option, how many gave each mention (best first), its majority mention, its rank. */
export type MeritRow = { id: number; label: string; counts: number[]; majorityGrade: number | null; rank: number };

export type TallyView =
  | { method: "single" | "approval"; ballots: number; rows: CountRow[] }
  | { method: "majority"; ballots: number; grades: string[]; rows: MeritRow[] }
  | { method: "budget"; ballots: number; budget: number; spent: number; rows: CountRow[] };
