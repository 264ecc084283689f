// The open-data files of one organization: its public projects and their visible proposals,
// streamed from a database cursor (500 rows at a time, read only as fast as the client takes
// them), never loaded whole. Authors appear only as a pseudonym: HMAC-SHA256 of their id keyed
// with the organization's secret salt, stable from one export to the next, never a name or an e-mail.
import crypto from "node:crypto";
import { currentPhaseJoin } from "~/modules/projects/queries.server";
import { consultationResultRows, CONSULTATION_RESULT_COLUMNS, publicResultsCount } from "~/modules/consultations/opendata.server";
import type { Db } from "~/utils/db.server";
import { FIELDS, type Dataset, type FieldName, type Format } from "./datasets";
import { csvHeader, csvRow, JsonArrayWriter, jsonRow, type Column } from "./format";

export const CURSOR_ROWS = 500;

export function authorPseudonym(salt: string, userId: number): string {
  return crypto.createHmac("sha256", salt).update(String(userId)).digest("hex");
}

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const str = (v: unknown): string | null => (v == null ? null : String(v));
const iso = (v: unknown): string | null => (v == null ? null : (v as Date).toISOString());

/** The columns in the documented order (FIELDS), whatever order they are defined in. */
function ordered<D extends Dataset>(dataset: D, columns: (Column<Row> & { name: FieldName<D> })[]): Column<Row>[] {
  return FIELDS[dataset].map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`open data: no column ${name} for ${dataset}`);
    return column;
  });
}

/** Projects that were published (archived ones included, drafts never). */
export const PROJECT_COLUMNS: (Column<Row> & { name: FieldName<"projects"> })[] = [
  { name: "id", value: (r) => num(r.id) },
  { name: "slug", value: (r) => str(r.slug) },
  { name: "title", value: (r) => str(r.title), freeText: true },
  { name: "kind", value: (r) => str(r.kind) },
  { name: "status", value: (r) => str(r.status) },
  { name: "current_phase", value: (r) => str(r.current_phase) },
  { name: "published_at", value: (r) => iso(r.published_at) },
  { name: "center_lng", value: (r) => num(r.center_lng) },
  { name: "center_lat", value: (r) => num(r.center_lat) },
  { name: "proposals_count", value: (r) => num(r.proposals_count) ?? 0 },
  { name: "comments_count", value: (r) => num(r.comments_count) ?? 0 },
];

export function proposalColumns(salt: string): (Column<Row> & { name: FieldName<"proposals"> })[] {
  return [
    { name: "id", value: (r) => num(r.id) },
    { name: "project_id", value: (r) => num(r.project_id) },
    { name: "title", value: (r) => str(r.title), freeText: true },
    { name: "body_text", value: (r) => str(r.body_text), freeText: true },
    { name: "status", value: (r) => str(r.status) },
    { name: "created_at", value: (r) => iso(r.created_at) },
    { name: "lng", value: (r) => num(r.lng) },
    { name: "lat", value: (r) => num(r.lat) },
    { name: "supports_count", value: (r) => num(r.supports_count) ?? 0 },
    { name: "comments_count", value: (r) => num(r.comments_count) ?? 0 },
    { name: "author_pseudonym", value: (r) => authorPseudonym(salt, Number(r.author_id)) },
  ];
}

function projectsQuery(db: Db, organizationId: number) {
  return db`
    select p.id, p.slug, p.title, p.kind, p.status, cur.kind as current_phase, p.published_at, p.center_lng, p.center_lat,
           coalesce(pc.n, 0)::int as proposals_count, coalesce(cc.n, 0)::int as comments_count
    from projects p
    ${currentPhaseJoin(db)}
    left join (
      select project_id, count(*) as n from proposals
      where organization_id = ${organizationId} and hidden_at is null group by project_id
    ) pc on pc.project_id = p.id
    left join (
      select project_id, count(*) as n from comments
      where organization_id = ${organizationId} and hidden_at is null and deleted_at is null group by project_id
    ) cc on cc.project_id = p.id
    where p.organization_id = ${organizationId} and p.status in ('published', 'archived')
    order by p.id`;
}

function proposalsQuery(db: Db, organizationId: number) {
  return db`
    select pr.id, pr.project_id, pr.title, pr.body_text, pr.status, pr.created_at, pr.lng, pr.lat,
           pr.supports_count, pr.comments_count, pr.author_id
    from proposals pr
    join projects p on p.id = pr.project_id and p.organization_id = pr.organization_id
    where pr.organization_id = ${organizationId} and pr.hidden_at is null and p.status in ('published', 'archived')
    order by pr.id`;
}

/**
 * The file as a stream of UTF-8 chunks: the header (or "["), then one chunk per batch of at most
 * CURSOR_ROWS rows, fetched only when the reader asks for more; a cancelled download closes the cursor.
 */
export async function openDataStream(db: Db, organizationId: number, dataset: Dataset, format: Format): Promise<ReadableStream<Uint8Array>> {
  let columns = ordered("projects", PROJECT_COLUMNS);
  if (dataset === "consultation_results") columns = ordered("consultation_results", CONSULTATION_RESULT_COLUMNS);
  if (dataset === "proposals") {
    const [org] = await db`select open_data_salt from organizations where id = ${organizationId}`;
    columns = ordered("proposals", proposalColumns(String(org!.open_data_salt)));
  }
  const batches =
    dataset === "consultation_results"
      ? consultationResultRows(db, organizationId)[Symbol.asyncIterator]()
      : ((dataset === "projects" ? projectsQuery(db, organizationId) : proposalsQuery(db, organizationId)).cursor(CURSOR_ROWS) as AsyncIterable<Row[]>)[
          Symbol.asyncIterator
        ]();
  const encoder = new TextEncoder();
  const json = new JsonArrayWriter();
  const encodeBatch = (rows: Row[]) =>
    format === "csv" ? rows.map((r) => csvRow(columns, r)).join("") : rows.map((r) => json.row(jsonRow(columns, r))).join("");
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(format === "csv" ? csvHeader(columns) : json.open()));
      },
      async pull(controller) {
        try {
          const next = await batches.next();
          if (next.done) {
            if (format === "json") controller.enqueue(encoder.encode(json.close()));
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(encodeBatch(next.value)));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await batches.return?.();
      },
    },
    // One batch at a time: nothing is read ahead of the client.
    { highWaterMark: 1 },
  );
}

export const CONTENT_TYPES: Record<Format, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
};

/** How many rows each file has, for the open-data page. */
export async function countOpenData(db: Db, organizationId: number): Promise<Record<Dataset, number>> {
  const [row] = await db`
    select
      (select count(*) from projects where organization_id = ${organizationId} and status in ('published', 'archived'))::int as projects,
      (select count(*) from proposals pr join projects p on p.id = pr.project_id and p.organization_id = pr.organization_id
        where pr.organization_id = ${organizationId} and pr.hidden_at is null and p.status in ('published', 'archived'))::int as proposals`;
  return { projects: Number(row?.projects ?? 0), proposals: Number(row?.proposals ?? 0), consultation_results: await publicResultsCount(db, organizationId) };
}

