// Test data for proposals, debates and comments (vitest only): projects with a running phase and
// proposals written straight into the database.
import type { PhaseKind } from "~/modules/projects/phases";
import { sql } from "~/utils/db.server";

let counter = 0;

export type TestOrg = { id: number; host: string; name: string; defaultLocale: "fr"; primaryColor: string; logoPath: null; mapStyleUrl: null; origin: string; accessibilityState: "non" };
export type TestUser = { id: number; organizationId: number; email: string; name: string };

/** A published project whose `phase` started yesterday (Paris time) and is still running. */
export async function createTestProject(
  organizationId: number,
  createdBy: number,
  input: { phase?: PhaseKind | null; status?: "draft" | "published" | "archived"; title?: string } = {},
) {
  const slug = `projet-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const title = input.title ?? `Projet ${slug}`;
  const [row] = await sql`
    insert into projects (organization_id, slug, title, body, body_html, kind, status, created_by, published_at)
    values (${organizationId}, ${slug}, ${title}, ${sql.json({ type: "doc", content: [] })}, '', 'urban',
            ${input.status ?? "published"}, ${createdBy}, now())
    returning id`;
  const id = Number(row!.id);
  const phase = input.phase === undefined ? "co_construction" : input.phase;
  if (phase) {
    await sql`
      insert into project_phases (organization_id, project_id, kind, starts_on)
      values (${organizationId}, ${id}, ${phase}, (now() at time zone 'Europe/Paris')::date - 1)`;
  }
  return { id, slug, title };
}

/** Moves a project to another phase, running since yesterday. */
export async function setTestPhase(projectId: number, phase: PhaseKind) {
  await sql`delete from project_phases where project_id = ${projectId}`;
  const [p] = await sql`select organization_id from projects where id = ${projectId}`;
  await sql`
    insert into project_phases (organization_id, project_id, kind, starts_on)
    values (${p!.organization_id}, ${projectId}, ${phase}, (now() at time zone 'Europe/Paris')::date - 1)`;
}

export async function createTestProposal(
  organizationId: number,
  projectId: number,
  authorId: number,
  input: { title?: string; supports?: number; lng?: number; lat?: number } = {},
) {
  const title = input.title ?? `Proposition ${(counter++).toString(36)}`;
  const [row] = await sql`
    insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, supports_count, lng, lat)
    values (${organizationId}, ${projectId}, ${authorId}, ${title}, ${sql.json({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Texte" }] }] })},
            '<p>Texte</p>', 'Texte', ${input.supports ?? 0}, ${input.lng ?? null}, ${input.lat ?? null})
    returning id`;
  return { id: Number(row!.id), title };
}
