// Tallies, one pure function per method, from counters (how many ballots chose each option, or
// gave it each grade). Shared by the results page, the live broadcaster, the open data and the
// verification command (which builds the same counters from the stored ballots). Client-safe.
import type {
  ApprovalTally,
  BudgetTally,
  ConsultationQuestion,
  GradeScale,
  MajorityOptionTally,
  MajorityTally,
  MethodSettings,
  QuestionChoice,
  QuestionCounts,
  SingleTally,
  TallyResult,
} from "./schema";

type Option = Pick<ConsultationQuestion["options"][number], "id" | "position" | "cost">;

/** The counter a ballot adds to, per option and grade (grade 0 for methods without grades). */
export function countersOf(choice: QuestionChoice): { optionId: number; grade: number }[] {
  switch (choice.method) {
    case "single":
      return [{ optionId: choice.optionId, grade: 0 }];
    case "approval":
    case "budget":
      return choice.optionIds.map((optionId) => ({ optionId, grade: 0 }));
    case "majority":
      return Object.entries(choice.grades).map(([optionId, grade]) => ({ optionId: Number(optionId), grade }));
  }
}

/** Adds ballots' counters into `counts` (the verification command's recount). */
export function addToCounts(counts: QuestionCounts, choice: QuestionChoice, sign: 1 | -1 = 1): void {
  counts.ballots += sign;
  for (const { optionId, grade } of countersOf(choice)) {
    let grades = counts.counts.get(optionId);
    if (!grades) counts.counts.set(optionId, (grades = new Map()));
    grades.set(grade, (grades.get(grade) ?? 0) + sign);
  }
}

export function emptyCounts(questionId: number): QuestionCounts {
  return { questionId, ballots: 0, counts: new Map() };
}

const votesOf = (counts: QuestionCounts, optionId: number) => {
  let sum = 0;
  for (const v of counts.counts.get(optionId)?.values() ?? []) sum += v;
  return sum;
};

function topOf(options: { optionId: number; votes: number }[]): number[] {
  const best = Math.max(0, ...options.map((o) => o.votes));
  return best === 0 ? [] : options.filter((o) => o.votes === best).map((o) => o.optionId);
}

export function tallySingle(options: Option[], counts: QuestionCounts): SingleTally {
  const rows = options.map((o) => ({ optionId: o.id, votes: votesOf(counts, o.id) }));
  return { method: "single", ballots: counts.ballots, options: rows, winners: topOf(rows) };
}

export function tallyApproval(options: Option[], counts: QuestionCounts): ApprovalTally {
  const rows = options.map((o) => ({ optionId: o.id, votes: votesOf(counts, o.id) }));
  return { method: "approval", ballots: counts.ballots, options: rows, winners: topOf(rows) };
}

// ——— Majority judgment ———

/** The lower median of a merit profile (counts per grade, worst first), or null when empty. */
export function majorityGrade(profile: readonly number[]): number | null {
  const n = profile.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  // The grade of the ballot at rank floor((n - 1) / 2), worst first: at least half the ballots
  // give that grade or better, and at least half give it or worse (Balinski–Laraki's lower median).
  const rank = Math.floor((n - 1) / 2);
  let seen = 0;
  for (let g = 0; g < profile.length; g++) {
    seen += profile[g]!;
    if (seen > rank) return g;
  }
  return null;
}

/**
 * Balinski and Laraki's majority value: the majority grade, then the majority grade once one
 * ballot at that grade is set aside, and so on. Options are ranked by comparing these sequences
 * lexicographically (the standard tie-breaking of majority judgment). Yields grades lazily: two
 * options usually differ within a few steps.
 */
export function* majorityValue(profile: readonly number[]): Generator<number> {
  const left = [...profile];
  for (;;) {
    const g = majorityGrade(left);
    if (g == null) return;
    yield g;
    left[g]! -= 1;
  }
}

/** Negative when `a` ranks before `b` (better), positive after, 0 for identical majority values. */
export function compareMajority(a: readonly number[], b: readonly number[]): number {
  const ia = majorityValue(a);
  const ib = majorityValue(b);
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done && y.done) return 0;
    // An option graded by fewer ballots (an ungraded option on older ballots cannot happen: every
    // ballot grades every option) ranks after once its grades run out.
    if (x.done) return 1;
    if (y.done) return -1;
    if (x.value !== y.value) return y.value - x.value;
  }
}

/**
 * Balinski and Laraki's majority gauge (α, p, q): the majority grade, and the shares of grades
 * strictly above and strictly below it. Shown to explain a tie-break: with equal α, the side
 * with the larger of p and q decides (above: better; below: worse).
 */
export function majorityGauge(profile: readonly number[]): { grade: number | null; above: number; below: number } {
  const n = profile.reduce((a, b) => a + b, 0);
  const grade = majorityGrade(profile);
  if (grade == null || n === 0) return { grade: null, above: 0, below: 0 };
  const above = profile.slice(grade + 1).reduce((a, b) => a + b, 0) / n;
  const below = profile.slice(0, grade).reduce((a, b) => a + b, 0) / n;
  return { grade, above, below };
}

export function tallyMajority(options: Option[], counts: QuestionCounts, scale: GradeScale): MajorityTally {
  const rows = options.map((o) => {
    const profile = Array.from({ length: scale }, (_, g) => counts.counts.get(o.id)?.get(g) ?? 0);
    return { optionId: o.id, position: o.position, profile, majorityGrade: majorityGrade(profile) };
  });
  const sorted = [...rows].sort((a, b) => compareMajority(a.profile, b.profile) || a.position - b.position || a.optionId - b.optionId);
  const ranks = new Map<number, number>();
  sorted.forEach((row, i) => {
    const prev = sorted[i - 1];
    ranks.set(row.optionId, prev && compareMajority(prev.profile, row.profile) === 0 ? ranks.get(prev.optionId)! : i + 1);
  });
  const tallied: MajorityOptionTally[] = rows.map((r) => ({ optionId: r.optionId, profile: r.profile, majorityGrade: r.majorityGrade, rank: ranks.get(r.optionId)! }));
  const ranking = sorted.map((r) => r.optionId);
  const winners = counts.ballots === 0 ? [] : sorted.filter((r) => ranks.get(r.optionId) === 1).map((r) => r.optionId);
  return { method: "majority", ballots: counts.ballots, scale, options: tallied, ranking, winners };
}

// ——— Participatory budget ———

/**
 * Projects funded by votes, most voted first (ties: the cheaper, then the first listed), each
 * while it fits in what remains; a project too dear for what is left is passed over and cheaper
 * ones after it may still be funded (the usual "greedy" rule of participatory budgets).
 */
export function tallyBudget(options: Option[], counts: QuestionCounts, total: number): BudgetTally {
  const rows = options.map((o) => ({ optionId: o.id, position: o.position, cost: o.cost ?? 0, votes: votesOf(counts, o.id) }));
  const order = [...rows].sort((a, b) => b.votes - a.votes || a.cost - b.cost || a.position - b.position || a.optionId - b.optionId);
  let remaining = total;
  const funded = new Set<number>();
  for (const row of order) {
    if (row.votes === 0) break;
    if (row.cost <= remaining) {
      funded.add(row.optionId);
      remaining -= row.cost;
    }
  }
  const fundedIds = order.filter((r) => funded.has(r.optionId)).map((r) => r.optionId);
  return {
    method: "budget",
    ballots: counts.ballots,
    total,
    options: rows.map((r) => ({ optionId: r.optionId, cost: r.cost, votes: r.votes, funded: funded.has(r.optionId) })),
    funded: fundedIds,
    spent: total - remaining,
    remaining,
    winners: fundedIds,
  };
}

/** The tally of one question from its counters. */
export function tallyQuestion(question: { settings: MethodSettings; options: Option[] }, counts: QuestionCounts): TallyResult {
  const s = question.settings;
  switch (s.method) {
    case "single":
      return tallySingle(question.options, counts);
    case "approval":
      return tallyApproval(question.options, counts);
    case "majority":
      return tallyMajority(question.options, counts, s.scale);
    case "budget":
      return tallyBudget(question.options, counts, s.total);
  }
}
