// Consultation results in the open data (/open-data/consultation_results.csv|json): one row per
// option of every consultation whose results are public now (shown live, or after its close), in
// published or archived projects. Numbers only, from the same counters and tally as the results
// page; never a voter.
import type { Column } from "~/modules/opendata/format";
import type { Db } from "~/utils/db.server";
import { getTally, loadQuestions, STATE_SQL } from "./queries.server";
import type { QuestionTally } from "./schema";
import { GRADE_KEYS } from "./schema";

type Row = Record<string, unknown>;

const VISIBLE = `c.opened_at is not null and p.status in ('published', 'archived')
  and (c.results_visibility = 'live' or c.closed_at is not null or clock_timestamp() >= c.closes_at)`;

export async function publicResultsCount(db: Db, organizationId: number): Promise<number> {
  const [row] = await db.unsafe(
    `select count(*)::int as n from consultations c join projects p on p.id = c.project_id and p.organization_id = c.organization_id
     where c.organization_id = $1 and ${VISIBLE}`,
    [organizationId],
  );
  return Number(row?.n ?? 0);
}

function optionFacts(tally: QuestionTally, optionId: number): Row {
  switch (tally.method) {
    case "single":
    case "approval": {
      const o = tally.options.find((x) => x.optionId === optionId);
      return { votes: o?.votes ?? 0, winner: tally.winners.includes(optionId) };
    }
    case "budget": {
      const o = tally.options.find((x) => x.optionId === optionId);
      return { votes: o?.votes ?? 0, funded: o?.funded ?? false, winner: tally.winners.includes(optionId) };
    }
    case "majority": {
      const o = tally.options.find((x) => x.optionId === optionId);
      return {
        grade_profile: o ? o.profile.join(";") : null,
        majority_grade: o?.majorityGrade == null ? null : GRADE_KEYS[o.majorityGrade],
        rank: o?.rank ?? null,
        winner: tally.winners.includes(optionId),
      };
    }
  }
}

/** The rows, one batch per consultation (a consultation's options are few). */
export async function* consultationResultRows(db: Db, organizationId: number): AsyncGenerator<Row[]> {
  const consultations = await db.unsafe(
    `select c.id, c.project_id, c.title, ${STATE_SQL} as state, c.closes_at, c.results_published_at
     from consultations c join projects p on p.id = c.project_id and p.organization_id = c.organization_id
     where c.organization_id = $1 and ${VISIBLE} order by c.id`,
    [organizationId],
  );
  for (const c of consultations) {
    const consultationId = Number(c.id);
    const questions = await loadQuestions(db, organizationId, [consultationId]);
    const tally = await getTally(db, organizationId, consultationId, questions);
    if (!tally) continue;
    const rows: Row[] = [];
    for (const q of questions) {
      const qt = tally.questions.find((t) => t.questionId === q.id)!;
      for (const o of q.options) {
        rows.push({
          consultation_id: consultationId,
          project_id: Number(c.project_id),
          consultation_title: c.title,
          state: c.state,
          closes_at: c.closes_at,
          results_published_at: c.results_published_at,
          voters: tally.voters,
          question_id: q.id,
          question_title: q.title,
          method: q.settings.method,
          ballots: qt.ballots,
          option_id: o.id,
          option_label: o.label,
          proposal_id: o.proposalId,
          cost: o.cost,
          ...optionFacts(qt, o.id),
        });
      }
    }
    if (rows.length > 0) yield rows;
  }
}

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const str = (v: unknown): string | null => (v == null ? null : String(v));
const iso = (v: unknown): string | null => (v == null ? null : (v as Date).toISOString());
const bool = (v: unknown): boolean | null => (v == null ? null : Boolean(v));

export const CONSULTATION_RESULT_COLUMNS: (Column<Row> & {
  name:
    | "consultation_id"
    | "project_id"
    | "consultation_title"
    | "state"
    | "closes_at"
    | "results_published_at"
    | "voters"
    | "question_id"
    | "question_title"
    | "method"
    | "ballots"
    | "option_id"
    | "option_label"
    | "proposal_id"
    | "cost"
    | "votes"
    | "grade_profile"
    | "majority_grade"
    | "rank"
    | "funded"
    | "winner";
})[] = [
  { name: "consultation_id", value: (r) => num(r.consultation_id) },
  { name: "project_id", value: (r) => num(r.project_id) },
  { name: "consultation_title", value: (r) => str(r.consultation_title), freeText: true },
  { name: "state", value: (r) => str(r.state) },
  { name: "closes_at", value: (r) => iso(r.closes_at) },
  { name: "results_published_at", value: (r) => iso(r.results_published_at) },
  { name: "voters", value: (r) => num(r.voters) },
  { name: "question_id", value: (r) => num(r.question_id) },
  { name: "question_title", value: (r) => str(r.question_title), freeText: true },
  { name: "method", value: (r) => str(r.method) },
  { name: "ballots", value: (r) => num(r.ballots) },
  { name: "option_id", value: (r) => num(r.option_id) },
  { name: "option_label", value: (r) => str(r.option_label), freeText: true },
  { name: "proposal_id", value: (r) => num(r.proposal_id) },
  { name: "cost", value: (r) => num(r.cost) },
  { name: "votes", value: (r) => num(r.votes) },
  { name: "grade_profile", value: (r) => str(r.grade_profile) },
  { name: "majority_grade", value: (r) => str(r.majority_grade) },
  { name: "rank", value: (r) => num(r.rank) },
  { name: "funded", value: (r) => bool(r.funded) },
  { name: "winner", value: (r) => bool(r.winner) },
];
