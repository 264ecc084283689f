// /projects/:slug/consultations/:id/export/csv and /json: a consultation's tally as a file, one
// row per option of each question (votes; cost and funding for a budget; rank, majority grade and
// the count of each grade for majority judgment). Only when its results may be seen: results
// hidden until the close are a 404 before it, like every page that would show them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser, notFound } from "~/modules/auth/guards.server";
import { decide } from "~/modules/consultations/policy";
import { getConsultation, getTally } from "~/modules/consultations/queries.server";
import { GRADE_KEYS, type ConsultationQuestion, type QuestionTally } from "~/modules/consultations/schema";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { CONTENT_TYPES } from "~/modules/opendata/export.server";
import { csvHeader, csvRow, type Column } from "~/modules/opendata/format";
import { idParam, requireVisibleProject } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";

type Row = { question: ConsultationQuestion; tally: QuestionTally; optionId: number; label: string };

function optionFigures(row: Row) {
  const t = row.tally;
  switch (t.method) {
    case "single":
    case "approval": {
      const o = t.options.find((x) => x.optionId === row.optionId);
      return { votes: o?.votes ?? 0, cost: null, funded: null, rank: null, majority: null, grades: null, winner: t.winners.includes(row.optionId) };
    }
    case "budget": {
      const o = t.options.find((x) => x.optionId === row.optionId);
      return { votes: o?.votes ?? 0, cost: o?.cost ?? null, funded: o?.funded ?? false, rank: null, majority: null, grades: null, winner: o?.funded ?? false };
    }
    case "majority": {
      const o = t.options.find((x) => x.optionId === row.optionId);
      const grades = o ? Object.fromEntries(o.profile.map((count, g) => [GRADE_KEYS[g]!, count])) : null;
      return {
        votes: o ? o.profile.reduce((a, b) => a + b, 0) : 0,
        cost: null,
        funded: null,
        rank: o?.rank ?? null,
        majority: o?.majorityGrade == null ? null : GRADE_KEYS[o.majorityGrade]!,
        grades,
        winner: t.winners.includes(row.optionId),
      };
    }
  }
}

const COLUMNS: Column<Row>[] = [
  { name: "question_id", value: (r) => r.question.id },
  { name: "question", value: (r) => r.question.title, freeText: true },
  { name: "method", value: (r) => r.question.settings.method },
  { name: "ballots", value: (r) => r.tally.ballots },
  { name: "option_id", value: (r) => r.optionId },
  { name: "option", value: (r) => r.label, freeText: true },
  { name: "votes", value: (r) => optionFigures(r).votes },
  { name: "winner", value: (r) => optionFigures(r).winner },
  { name: "cost_eur", value: (r) => optionFigures(r).cost },
  { name: "funded", value: (r) => optionFigures(r).funded },
  { name: "rank", value: (r) => optionFigures(r).rank },
  { name: "majority_grade", value: (r) => optionFigures(r).majority },
  ...GRADE_KEYS.map((key) => ({ name: `grade_${key}`, value: (r: Row) => optionFigures(r).grades?.[key] ?? null })),
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const format = params.format;
  if (format !== "csv" && format !== "json") notFound();
  const project = await requireVisibleProject(context, request, params.slug);
  const consultation = await getConsultation(sql, context.org.id, idParam(params.id));
  if (!consultation || consultation.projectId !== project.id) notFound();
  const viewer = getUser(context);
  const actorBlocked = viewer ? await isBlocked(sql, context.org.id, viewer.id) : false;
  const target = { project: { status: project.status, currentPhase: project.currentPhase, actorBlocked }, consultation, today: project.today };
  if (!decide(context.actor, "see", target).allowed || !decide(context.actor, "seeResults", target).allowed) notFound();
  const tally = await getTally(sql, context.org.id, consultation.id);
  if (!tally) notFound();
  const rows: Row[] = [];
  for (const question of consultation.questions) {
    const qt = tally.questions.find((x) => x.questionId === question.id);
    if (!qt) continue;
    for (const option of question.options) rows.push({ question, tally: qt, optionId: option.id, label: option.label });
  }
  const body =
    format === "csv"
      ? csvHeader(COLUMNS) + rows.map((r) => csvRow(COLUMNS, r)).join("")
      : JSON.stringify({
          consultation: { id: consultation.id, title: consultation.title, state: consultation.state, closesAt: consultation.closesAt.toISOString(), final: tally.final },
          voters: tally.voters,
          rows: rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c.name, c.value(r)]))),
        });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="consultation-${consultation.id}-results.${format}"`,
      // Live results change with every ballot: never kept by a shared cache.
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
