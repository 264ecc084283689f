import { describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";

// The counters of migration 00007 follow every insert, update and delete.
describe("project counters", () => {
  it("count visible proposals and debates, followers and live project comments", async () => {
    const org = await createTestOrganization();
    const user = await createTestUser(org.id, { role: "official" });
    const [p] = await sql`
      insert into projects (organization_id, slug, title, body, body_html, kind, created_by)
      values (${org.id}, 'compteurs', 'Compteurs', '{}', '', 'urban', ${user.id}) returning id`;
    const projectId = Number(p!.id);
    const counts = async () =>
      (await sql`select proposals_count, debates_count, followers_count, comments_count from projects where id = ${projectId}`)[0];
    const [a] = await sql`
      insert into proposals (organization_id, project_id, author_id, title, body, body_html)
      values (${org.id}, ${projectId}, ${user.id}, 'Une', '{}', ''), (${org.id}, ${projectId}, ${user.id}, 'Deux', '{}', '') returning id`;
    await sql`insert into debates (organization_id, project_id, author_id, title) values (${org.id}, ${projectId}, ${user.id}, 'Débat')`;
    await sql`insert into follows (organization_id, user_id, project_id) values (${org.id}, ${user.id}, ${projectId})`;
    const [c] = await sql`
      insert into comments (organization_id, project_id, target_type, target_id, author_id, body)
      values (${org.id}, ${projectId}, 'project', ${projectId}, ${user.id}, 'Bonjour') returning id`;
    expect(await counts()).toEqual({ proposals_count: 2, debates_count: 1, followers_count: 1, comments_count: 1 });

    await sql`update proposals set hidden_at = now() where id = ${a!.id}`;
    await sql`update debates set hidden_at = now() where project_id = ${projectId}`;
    await sql`delete from follows where project_id = ${projectId}`;
    await sql`update comments set deleted_at = now() where id = ${c!.id}`;
    expect(await counts()).toEqual({ proposals_count: 1, debates_count: 0, followers_count: 0, comments_count: 0 });

    await sql`update proposals set hidden_at = null where id = ${a!.id}`;
    await sql`delete from proposals where id <> ${a!.id} and project_id = ${projectId}`;
    expect((await counts())!.proposals_count).toBe(1);
  });
});
