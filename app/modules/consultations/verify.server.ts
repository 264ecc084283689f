// The verification of a consultation (npm run verify:consultation): a full recount from the stored
// ballots, compared with the counters the tallies are computed from, and with who voted (one
// participation per ballot, the turnout). Reads the ballots through a cursor, a thousand at a time.
import type { Sql } from "~/utils/db.server";
import { choiceOfStored, loadCounts, loadQuestions, settingsOfRow } from "./queries.server";
import type { QuestionCounts } from "./schema";
import { addToCounts, emptyCounts, tallyQuestion } from "./tally";

export type Verification = {
  consultationId: number;
  ballots: number;
  voters: number;
  /** What differs, in words (empty: the published tally is the recount). */
  differences: string[];
};

export async function verifyConsultation(sql: Sql, consultationId: number): Promise<Verification | null> {
  const [c] = await sql`select id, organization_id from consultations where id = ${consultationId}`;
  if (!c) return null;
  const organizationId = Number(c.organization_id);
  const questions = await loadQuestions(sql, organizationId, [consultationId]);
  const recount = new Map<number, QuestionCounts>(questions.map((q) => [q.id, emptyCounts(q.id)]));
  const differences: string[] = [];
  let ballots = 0;
  await sql`
    select b.question_id, b.choice, q.method, q.min_choices, q.max_choices, q.grade_scale, q.budget_total, q.budget_min_spend
    from consultation_ballots b join consultation_questions q on q.id = b.question_id
    where b.consultation_id = ${consultationId}`.cursor(1000, (rows) => {
    for (const r of rows) {
      ballots++;
      const counts = recount.get(Number(r.question_id));
      if (!counts) {
        differences.push(`a ballot names question ${String(r.question_id)}, not of this consultation`);
        continue;
      }
      addToCounts(counts, choiceOfStored(settingsOfRow(r), r.choice));
    }
  });
  const stored = await loadCounts(sql, organizationId, consultationId);
  for (const q of questions) {
    const mine = recount.get(q.id)!;
    const theirs = stored.counts.get(q.id) ?? emptyCounts(q.id);
    if (mine.ballots !== theirs.ballots) differences.push(`question ${q.id}: ${mine.ballots} ballots stored, the counter says ${theirs.ballots}`);
    const keys = new Set<string>();
    for (const [o, grades] of [...mine.counts, ...theirs.counts]) for (const g of grades.keys()) keys.add(`${o}:${g}`);
    for (const key of [...keys].sort()) {
      const [o, g] = key.split(":").map(Number) as [number, number];
      const a = mine.counts.get(o)?.get(g) ?? 0;
      const b = theirs.counts.get(o)?.get(g) ?? 0;
      if (a !== b) differences.push(`question ${q.id}, option ${o}${q.settings.method === "majority" ? `, grade ${g}` : ""}: recount ${a}, counter ${b}`);
    }
    const recounted = JSON.stringify(tallyQuestion(q, mine));
    const published = JSON.stringify(tallyQuestion(q, theirs));
    if (recounted !== published && mine.ballots === theirs.ballots) differences.push(`question ${q.id}: the tally differs`);
  }
  const [who] = await sql`
    select (select count(*) from consultation_participations where consultation_id = ${consultationId}) as participations,
           (select count(*) from consultation_voters where consultation_id = ${consultationId}) as voters`;
  if (Number(who!.participations) !== ballots) differences.push(`${String(who!.participations)} participations for ${ballots} ballots`);
  if (Number(who!.voters) !== stored.voters) differences.push(`${String(who!.voters)} voters, the turnout counter says ${stored.voters}`);
  return { consultationId, ballots, voters: Number(who!.voters), differences };
}
