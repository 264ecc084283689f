// Test data written straight into the e2e database, for the specs whose subject is not the making
// of it (a map needs projects; a phase check needs a project in the right phase). What a spec is
// about goes through the pages instead.
import type postgres from "postgres";

export type PhaseKind = "information" | "co_construction" | "vote" | "results";

/** today + n days on the Paris calendar (the app's), YYYY-MM-DD. */
export async function parisDay(db: postgres.Sql, n = 0): Promise<string> {
  const [row] = await db`select to_char((now() at time zone 'Europe/Paris')::date + ${n}::int, 'YYYY-MM-DD') as day`;
  return String(row!.day);
}

let counter = 0;

function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A project of the organization, published unless said otherwise, with phases given as day offsets
 * from today (Paris): `{ information: [-10, -1], co_construction: [0, null] }`.
 */
export async function insertProject(
  db: postgres.Sql,
  input: {
    organizationId: number;
    createdBy: number;
    title: string;
    summary?: string;
    text?: string;
    kind?: "urban" | "cultural" | "leisure";
    status?: "draft" | "published" | "archived";
    /** [longitude, latitude] */
    center?: [number, number] | null;
    phases?: Partial<Record<PhaseKind, [number, number | null]>>;
  },
): Promise<{ id: number; slug: string; title: string }> {
  counter++;
  const slug = `e2e-${Date.now().toString(36)}-${process.pid.toString(36)}-${counter}`;
  const text = input.text ?? "Une présentation du projet.";
  const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
  const status = input.status ?? "published";
  const center = input.center ?? null;
  const [row] = await db`
    insert into projects (organization_id, slug, title, summary, body, body_html, body_text, kind, status,
                          center_lng, center_lat, location, created_by, published_at)
    values (${input.organizationId}, ${slug}, ${input.title}, ${input.summary ?? ""}, ${db.json(body)}, ${`<p>${escapeHtml(text)}</p>`},
            ${text}, ${input.kind ?? "urban"}, ${status}, ${center?.[0] ?? null}, ${center?.[1] ?? null},
            ${center ? db.json({ type: "Point", coordinates: center }) : null}, ${input.createdBy},
            ${status === "draft" ? null : new Date()})
    returning id`;
  const id = Number(row!.id);
  for (const [kind, [start, end]] of Object.entries(input.phases ?? {}) as [PhaseKind, [number, number | null]][]) {
    await db`
      insert into project_phases (organization_id, project_id, kind, starts_on, ends_on)
      values (${input.organizationId}, ${id}, ${kind},
              (now() at time zone 'Europe/Paris')::date + ${start}::int,
              ${end === null ? null : db`(now() at time zone 'Europe/Paris')::date + ${end}::int`})`;
  }
  return { id, slug, title: input.title };
}
