// /manage/participation.csv: the participation of every current project, week by week over the
// last year (participants, proposals, supports, comments), for the officials. Figures only: no
// name, no text but the projects' titles (their formulas defused for spreadsheets).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/guards.server";
import { loadParticipationRows } from "~/modules/dashboard/queries.server";
import { csvHeader, csvRow, type Column } from "~/modules/opendata/format";
import { sql } from "~/utils/db.server";

type Line = { projectId: number; slug: string; title: string; week: string; participants: number; proposals: number; supports: number; comments: number };

const COLUMNS: Column<Line>[] = [
  { name: "project_id", value: (r) => r.projectId },
  { name: "project_slug", value: (r) => r.slug },
  { name: "project_title", value: (r) => r.title, freeText: true },
  { name: "week_start", value: (r) => r.week },
  { name: "participants", value: (r) => r.participants },
  { name: "proposals", value: (r) => r.proposals },
  { name: "supports", value: (r) => r.supports },
  { name: "comments", value: (r) => r.comments },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "project.manage");
  const projects = await loadParticipationRows(sql, context.org.id);
  const lines = projects.flatMap(({ project, weeks }) =>
    weeks.map((w) => ({ projectId: project.id, slug: project.slug, title: project.title, ...w })),
  );
  const body = csvHeader(COLUMNS) + lines.map((l) => csvRow(COLUMNS, l)).join("");
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": 'attachment; filename="participation.csv"',
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
