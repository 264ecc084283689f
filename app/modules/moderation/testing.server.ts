// Test data for the moderation, notification and open-data tests (vitest only): projects and
// contributions written straight into the database, as the factories do for accounts.
import { sql } from "~/utils/db.server";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createProject(
  organizationId: number,
  createdBy: number,
  input: { status?: "draft" | "published" | "archived"; title?: string; center?: [number, number] } = {},
) {
  const status = input.status ?? "published";
  const slug = `projet-${unique()}`;
  const title = input.title ?? `Projet ${slug}`;
  const [row] = await sql`
    insert into projects (organization_id, slug, title, body, body_html, body_text, kind, status, created_by, published_at,
                          center_lng, center_lat)
    values (${organizationId}, ${slug}, ${title}, ${sql.json({ type: "doc", content: [] })}, '', '', 'urban', ${status},
            ${createdBy}, ${status === "draft" ? null : new Date()}, ${input.center?.[0] ?? null}, ${input.center?.[1] ?? null})
    returning id`;
  await sql`
    insert into project_phases (organization_id, project_id, kind, starts_on)
    values (${organizationId}, ${row!.id}, 'co_construction', current_date - 1)`;
  return { id: Number(row!.id), slug, title, organizationId };
}

export async function createProposal(
  project: { id: number; organizationId: number },
  authorId: number,
  input: { title?: string; body?: string; hidden?: boolean; lngLat?: [number, number] } = {},
) {
  const title = input.title ?? `Proposition ${unique()}`;
  const body = input.body ?? "Plus d'arbres et de bancs.";
  const [row] = await sql`
    insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, lng, lat, hidden_at)
    values (${project.organizationId}, ${project.id}, ${authorId}, ${title}, ${sql.json({ type: "doc", content: [] })},
            ${`<p>${body}</p>`}, ${body}, ${input.lngLat?.[0] ?? null}, ${input.lngLat?.[1] ?? null},
            ${input.hidden ? new Date() : null})
    returning id`;
  return { id: Number(row!.id), title };
}

export async function createComment(
  project: { id: number; organizationId: number },
  authorId: number,
  target: { type: "project" | "proposal" | "debate"; id: number },
  body = "Un commentaire.",
) {
  const [row] = await sql`
    insert into comments (organization_id, project_id, target_type, target_id, author_id, body)
    values (${project.organizationId}, ${project.id}, ${target.type}, ${target.id}, ${authorId}, ${body})
    returning id`;
  return { id: Number(row!.id) };
}

export async function createDebate(project: { id: number; organizationId: number }, authorId: number, title = "Faut-il piétonniser la place ?") {
  const [row] = await sql`
    insert into debates (organization_id, project_id, author_id, title, description)
    values (${project.organizationId}, ${project.id}, ${authorId}, ${title}, 'Votre avis compte.')
    returning id`;
  return { id: Number(row!.id), title };
}
