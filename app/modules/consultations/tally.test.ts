// The tallies, per method, on worked examples (each computed by hand in the comments).
import { describe, expect, it } from "vitest";
import { checkAnswer, type ConsultationQuestion, type MethodSettings, type QuestionCounts } from "./schema";
import { addToCounts, compareMajority, emptyCounts, majorityGauge, majorityGrade, majorityValue, tallyBudget, tallyMajority, tallyQuestion } from "./tally";

const options = (n: number, costs: number[] = []) => Array.from({ length: n }, (_, i) => ({ id: i + 1, position: i, cost: costs[i] ?? null }));

/** Counts from a list of per-option grade counts (majority) or votes (others). */
function profileCounts(profiles: Record<number, number[]>, ballots: number): QuestionCounts {
  const counts = emptyCounts(1);
  counts.ballots = ballots;
  for (const [optionId, profile] of Object.entries(profiles)) counts.counts.set(Number(optionId), new Map(profile.map((c, g) => [g, c])));
  return counts;
}

describe("single choice and approval", () => {
  it("counts votes and names the winners, several on a tie, none without ballots", () => {
    const q = { settings: { method: "single" } as MethodSettings, options: options(3) };
    const counts = emptyCounts(1);
    for (const optionId of [1, 2, 2, 3, 1]) addToCounts(counts, { method: "single", optionId });
    const t = tallyQuestion(q, counts);
    expect(t).toMatchObject({ method: "single", ballots: 5, options: [{ optionId: 1, votes: 2 }, { optionId: 2, votes: 2 }, { optionId: 3, votes: 1 }], winners: [1, 2] });
    expect(tallyQuestion(q, emptyCounts(1)).winners).toEqual([]);
  });

  it("approval: each approved option counts once per ballot", () => {
    const q = { settings: { method: "approval", minChoices: 1, maxChoices: 2 } as MethodSettings, options: options(3) };
    const counts = emptyCounts(1);
    for (const optionIds of [[1, 2], [2], [2, 3], [3]]) addToCounts(counts, { method: "approval", optionIds });
    const t = tallyQuestion(q, counts);
    expect(t).toMatchObject({ ballots: 4, options: [{ optionId: 1, votes: 1 }, { optionId: 2, votes: 3 }, { optionId: 3, votes: 2 }], winners: [2] });
  });
});

describe("majority judgment (Balinski and Laraki)", () => {
  it("the majority grade is the lower median", () => {
    // Grades 0..6, worst first. [0,0,1,0,1,0,1]: ballots graded 2, 4, 6 → median 4.
    expect(majorityGrade([0, 0, 1, 0, 1, 0, 1])).toBe(4);
    // Four ballots 1, 2, 3, 4: the lower median (rank 1 of 0..3) is 2.
    expect(majorityGrade([0, 1, 1, 1, 1, 0, 0])).toBe(2);
    expect(majorityGrade([0, 0, 0, 0, 0, 0, 0])).toBeNull();
  });

  it("the Tennessee capital example: Nashville, Chattanooga, Knoxville, Memphis", () => {
    // The setting of the voting literature's classic example (100 voters: 42 near Memphis, 26
    // near Nashville, 15 near Chattanooga, 17 near Knoxville). The grades are ours, by distance,
    // on a six-grade scale (5 best): own city 5, the nearer ones 4 or 3, the far ones 2 or 1.
    //             Memphis voters  Nashville  Chattanooga  Knoxville
    // Memphis          5              1          1            1
    // Nashville        3              5          4            4
    // Chattanooga      2              4          5            4
    // Knoxville        1              3          4            5
    const profile = (byGroup: [number, number, number, number]) => {
      const p = [0, 0, 0, 0, 0, 0];
      [42, 26, 15, 17].forEach((n, i) => (p[byGroup[i]!]! += n));
      return p;
    };
    const memphis = profile([5, 1, 1, 1]); // 58 × 1, 42 × 5 → median 1
    const nashville = profile([3, 5, 4, 4]); // 42 × 3, 32 × 4, 26 × 5 → median (rank 49) 4
    const chattanooga = profile([2, 4, 5, 4]); // 42 × 2, 43 × 4, 15 × 5 → median 4
    const knoxville = profile([1, 3, 4, 5]); // 42 × 1, 26 × 3, 15 × 4, 17 × 5 → rank 49 is a 3
    expect([memphis, nashville, chattanooga, knoxville].map(majorityGrade)).toEqual([1, 4, 4, 3]);
    // Nashville and Chattanooga tie at 4. Gauges: Nashville 26 above, 42 below → (4, −, 0.42);
    // Chattanooga 15 above, 42 below → (4, −, 0.42): still equal, so the majority values decide.
    expect(majorityGauge(nashville)).toEqual({ grade: 4, above: 0.26, below: 0.42 });
    expect(majorityGauge(chattanooga)).toEqual({ grade: 4, above: 0.15, below: 0.42 });
    // Setting 4s aside one by one, both keep the median 4 for 16 steps (42 ballots below it);
    // after 16 removals Nashville has 42×3, 16×4, 26×5 (84 ballots, rank 41 → 3);
    // after 16 removals Chattanooga has 42×2, 27×4, 15×5 (84, rank 41 → 2). So Nashville first.
    const nv = [...take(majorityValue(nashville), 18)];
    const cv = [...take(majorityValue(chattanooga), 18)];
    expect(nv.slice(0, 16)).toEqual(Array(16).fill(4));
    expect(cv.slice(0, 16)).toEqual(Array(16).fill(4));
    expect(nv[16]).toBe(3);
    expect(cv[16]).toBe(2);
    const t = tallyMajority(options(4), profileCounts({ 1: memphis, 2: nashville, 3: chattanooga, 4: knoxville }, 100), 6);
    expect(t.ranking).toEqual([2, 3, 4, 1]);
    expect(t.winners).toEqual([2]);
    expect(t.options.map((o) => o.rank)).toEqual([4, 1, 2, 3]);
  });

  it("breaks a tie at the majority grade by the grades around it", () => {
    // A: 2, 3, 3, 4, 5 and B: 1, 3, 3, 3, 5 (grades of five ballots). Both have majority grade 3.
    // Majority values: A 3, 3, 4, … (after two 3s removed: 2, 4, 5 → 4); B 3, 3, 3, … → A first.
    const a = [0, 0, 1, 2, 1, 1, 0];
    const b = [0, 1, 0, 3, 0, 1, 0];
    expect([...majorityValue(a)]).toEqual([3, 3, 4, 2, 5]);
    expect([...majorityValue(b)]).toEqual([3, 3, 3, 1, 5]);
    expect(compareMajority(a, b)).toBeLessThan(0);
    // The gauge agrees: A has 2/5 above and 1/5 below (+); B 1/5 above and 1/5 below (−).
    expect(majorityGauge(a)).toMatchObject({ above: 0.4, below: 0.2 });
  });

  it("an option whose grades lean down loses the tie to one that leans up", () => {
    // Ten ballots each, both with majority grade 2 (sorted, the ballot at rank 4 gives a 2).
    // Up: 5×2, 5×3 (half above, none below). Down: 4×1, 6×2 (none above, 40 % below).
    // Majority values: up 2, 3, … ; down 2, 2, … → up first.
    const up = [0, 0, 5, 5, 0, 0, 0];
    const down = [0, 4, 6, 0, 0, 0, 0];
    expect(majorityGrade(up)).toBe(2);
    expect(majorityGrade(down)).toBe(2);
    expect(compareMajority(up, down)).toBeLessThan(0);
    const t = tallyMajority(options(2), profileCounts({ 1: down, 2: up }, 10), 7);
    expect(t.ranking).toEqual([2, 1]);
  });

  it("identical merit profiles share a rank, and both win", () => {
    const p = [1, 2, 3, 4, 0, 0, 0];
    const t = tallyMajority(options(3), profileCounts({ 1: p, 2: [...p], 3: [10, 0, 0, 0, 0, 0, 0] }, 10), 7);
    expect(t.options.map((o) => o.rank)).toEqual([1, 1, 3]);
    expect(t.winners).toEqual([1, 2]);
  });

  it("builds profiles from ballots", () => {
    const counts = emptyCounts(1);
    addToCounts(counts, { method: "majority", grades: { 1: 6, 2: 0 } });
    addToCounts(counts, { method: "majority", grades: { 1: 5, 2: 1 } });
    addToCounts(counts, { method: "majority", grades: { 1: 4, 2: 6 } });
    const t = tallyMajority(options(2), counts, 7);
    expect(t.options[0]).toMatchObject({ optionId: 1, profile: [0, 0, 0, 0, 1, 1, 1], majorityGrade: 5, rank: 1 });
    expect(t.options[1]).toMatchObject({ optionId: 2, profile: [1, 1, 0, 0, 0, 0, 1], majorityGrade: 1, rank: 2 });
  });
});

describe("participatory budget", () => {
  it("funds by votes while projects fit, passing over one too dear for cheaper ones after it", () => {
    // Budget 100 000 €. Votes: A 50 (60 000 €), B 40 (50 000 €), C 30 (30 000 €), D 0 (1 000 €).
    // A funded (40 000 left); B too dear, passed over; C funded (10 000 left); D has no vote.
    const opts = options(4, [60_000, 50_000, 30_000, 1_000]);
    const t = tallyBudget(opts, profileCounts({ 1: [50], 2: [40], 3: [30], 4: [0] }, 80), 100_000);
    expect(t.funded).toEqual([1, 3]);
    expect(t.spent).toBe(90_000);
    expect(t.remaining).toBe(10_000);
    expect(t.options.map((o) => o.funded)).toEqual([true, false, true, false]);
  });

  it("on equal votes the cheaper project comes first", () => {
    const opts = options(2, [70_000, 40_000]);
    const t = tallyBudget(opts, profileCounts({ 1: [10], 2: [10] }, 12), 100_000);
    expect(t.funded).toEqual([2]);
    expect(t.remaining).toBe(60_000);
  });

  it("a ballot must fit in the budget and reach the minimum spend", () => {
    const q: Pick<ConsultationQuestion, "settings" | "options"> = {
      settings: { method: "budget", total: 100_000, minSpend: 50_000 },
      options: options(3, [60_000, 50_000, 30_000]).map((o) => ({ ...o, questionId: 1, label: "x", description: "", proposalId: null })),
    };
    expect(checkAnswer(q, { method: "budget", optionIds: [1, 3] })).toBeNull(); // 90 000
    expect(checkAnswer(q, { method: "budget", optionIds: [1, 2] })).toEqual({ key: "consultations:ballot.overBudget", values: { total: 100_000, spent: 110_000 } });
    expect(checkAnswer(q, { method: "budget", optionIds: [3] })).toEqual({ key: "consultations:ballot.underMinSpend", values: { minSpend: 50_000, spent: 30_000 } });
    expect(checkAnswer(q, { method: "budget", optionIds: [3, 3] })?.key).toBe("consultations:ballot.repeatedOption");
    expect(checkAnswer(q, { method: "budget", optionIds: [9] })?.key).toBe("consultations:ballot.unknownOption");
    expect(checkAnswer(q, { method: "budget", optionIds: [] })?.key).toBe("consultations:ballot.tooFew");
  });
});

describe("ballot rules per method", () => {
  const opts = options(4).map((o) => ({ ...o, questionId: 1, label: "x", description: "", proposalId: null }));
  it("single: one known option", () => {
    const q = { settings: { method: "single" } as MethodSettings, options: opts };
    expect(checkAnswer(q, { method: "single", optionId: 2 })).toBeNull();
    expect(checkAnswer(q, { method: "single", optionId: 99 })?.key).toBe("consultations:ballot.unknownOption");
    expect(checkAnswer(q, { method: "approval", optionIds: [1] })?.key).toBe("consultations:ballot.wrongMethod");
  });
  it("approval: between min and max", () => {
    const q = { settings: { method: "approval", minChoices: 1, maxChoices: 2 } as MethodSettings, options: opts };
    expect(checkAnswer(q, { method: "approval", optionIds: [1, 2] })).toBeNull();
    expect(checkAnswer(q, { method: "approval", optionIds: [1, 2, 3] })).toEqual({ key: "consultations:ballot.tooMany", values: { max: 2 } });
    expect(checkAnswer(q, { method: "approval", optionIds: [] })).toEqual({ key: "consultations:ballot.tooFew", values: { min: 1 } });
  });
  it("majority: every option graded, inside the scale", () => {
    const q = { settings: { method: "majority", scale: 6 } as MethodSettings, options: opts.slice(0, 2) };
    expect(checkAnswer(q, { method: "majority", grades: { 1: 0, 2: 5 } })).toBeNull();
    expect(checkAnswer(q, { method: "majority", grades: { 1: 0, 2: 6 } })?.key).toBe("consultations:ballot.gradeOutOfScale");
    expect(checkAnswer(q, { method: "majority", grades: { 1: -1, 2: 1 } })?.key).toBe("consultations:ballot.gradeOutOfScale");
    expect(checkAnswer(q, { method: "majority", grades: { 1: 3 } })?.key).toBe("consultations:ballot.ungraded");
    expect(checkAnswer(q, { method: "majority", grades: { 1: 3, 2: 3, 7: 1 } })?.key).toBe("consultations:ballot.unknownOption");
  });
});

function* take<T>(it: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const r = it.next();
    if (r.done) return;
    yield r.value;
  }
}
