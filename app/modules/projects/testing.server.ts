// Test data for the projects module (Vitest only): projects, phases and proposals written directly
// in the database, days relative to today in Paris.
import { processRichText, richTextFromPlain } from "~/modules/richtext/richtext.server";
import { sql } from "~/utils/db.server";
import type { Phase, ProjectKind, ProjectStatus } from "./phases";
import { todayInParis } from "./queries.server";

/** today + n days, YYYY-MM-DD, on the Paris calendar. */
export async function dayFromToday(n: number): Promise<string> {
  const today = await todayInParis(sql);
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

let counter = 0;

export async function createTestProject(
  organizationId: number,
  createdBy: number,
  input: {
    title?: string;
    slug?: string;
    summary?: string;
    body?: string;
    kind?: ProjectKind;
    status?: ProjectStatus;
    phases?: Phase[];
    center?: [number, number];
    publishedAt?: Date;
  } = {},
) {
  counter++;
  const title = input.title ?? `Projet de test ${counter}`;
  const slug = input.slug ?? `projet-test-${Date.now().toString(36)}-${counter}`;
  const body = processRichText(richTextFromPlain(input.body ?? "Une présentation du projet."), "full");
  const status = input.status ?? "published";
  const [row] = await sql`
    insert into projects (organization_id, slug, title, summary, body, body_html, body_text, kind, status,
                          center_lng, center_lat, location, created_by, published_at, archived_at)
    values (${organizationId}, ${slug}, ${title}, ${input.summary ?? ""}, ${sql.json(body.json as never)}, ${body.html}, ${body.text},
            ${input.kind ?? "urban"}, ${status}, ${input.center?.[0] ?? null}, ${input.center?.[1] ?? null},
            ${input.center ? sql.json({ type: "Point", coordinates: input.center } as never) : null},
            ${createdBy}, ${status === "draft" ? null : (input.publishedAt ?? new Date())}, ${status === "archived" ? new Date() : null})
    returning id`;
  const id = Number(row!.id);
  for (const phase of input.phases ?? []) {
    await sql`
      insert into project_phases (organization_id, project_id, kind, starts_on, ends_on)
      values (${organizationId}, ${id}, ${phase.kind}, ${phase.startsOn}, ${phase.endsOn})`;
  }
  return { id, slug, title, organizationId };
}

export async function createTestProposal(
  organizationId: number,
  projectId: number,
  authorId: number,
  input: { title?: string; body?: string; hidden?: boolean } = {},
) {
  const body = processRichText(richTextFromPlain(input.body ?? "Une idée."), "basic");
  const [row] = await sql`
    insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, hidden_at)
    values (${organizationId}, ${projectId}, ${authorId}, ${input.title ?? "Une proposition"}, ${sql.json(body.json as never)},
            ${body.html}, ${body.text}, ${input.hidden ? new Date() : null})
    returning id`;
  return { id: Number(row!.id) };
}
