// Seeds a large organization for the page benchmark: 200 published projects, and one project
// with 10,000 proposals (real supports rows) and 50,000 comments, one proposal holding 500.
import type postgres from "postgres";

export type LargeOrganization = { host: string; organizationId: number; bigSlug: string; busyProposalId: number; projects: number; proposals: number; comments: number };

const BODY = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Un projet pour la commune." }] }] };

export async function seedLargeOrganization(sql: postgres.Sql, host = "bench.localhost"): Promise<LargeOrganization> {
  const [org] = await sql`insert into organizations (host, name) values (${host}, 'Ville de Banc d''Essai') returning id`;
  const orgId = Number(org!.id);
  // Authors: one hash for all, the benchmark never logs them in.
  await sql`
    insert into users (organization_id, email, name, password_hash, role, email_confirmed_at, terms_accepted_at)
    select ${orgId}, 'citoyen' || g || '@bench.example', 'Citoyen ' || g, 'x', 'citizen', now(), now()
    from generate_series(1, 2000) g`;
  const [official] = await sql`
    insert into users (organization_id, email, name, password_hash, role, email_confirmed_at, terms_accepted_at)
    values (${orgId}, 'elu@bench.example', 'Élu Banc', 'x', 'official', now(), now()) returning id`;
  const officialId = Number(official!.id);
  const bodyHtml = "<p>Un projet pour la commune.</p>";
  await sql`
    insert into projects (organization_id, slug, title, summary, body, body_html, body_text, kind, status, center_lng, center_lat,
                          location, created_by, published_at)
    select ${orgId}, case when g = 1 then 'grand-projet' else 'projet-' || g end,
           case when g = 1 then 'Le grand projet de la place' else 'Projet numéro ' || g || ' : école, parc et bibliothèque' end,
           'Résumé du projet ' || g || ' pour les habitants du quartier.', ${sql.json(BODY)}, ${bodyHtml}, 'Un projet pour la commune.',
           (array['urban', 'cultural', 'leisure'])[1 + g % 3], 'published',
           2.3522 + (g % 20 - 10) * 0.004, 48.8566 + (g / 20 - 5) * 0.003,
           jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(2.3522 + (g % 20 - 10) * 0.004, 48.8566 + (g / 20 - 5) * 0.003)),
           ${officialId}, now() - (g || ' hours')::interval
    from generate_series(1, 200) g`;
  await sql`
    insert into project_phases (organization_id, project_id, kind, starts_on, ends_on)
    select ${orgId}, p.id, ph.kind, current_date + ph.off, current_date + ph.off + ph.len
    from projects p
    cross join (values ('information', -60, 29), ('co_construction', -30, 59), ('vote', 30, 14), ('results', 45, null::int)) as ph(kind, off, len)
    where p.organization_id = ${orgId}`;
  const [big] = await sql`select id from projects where organization_id = ${orgId} and slug = 'grand-projet'`;
  const bigId = Number(big!.id);
  const [{ min_user, max_user }] = (await sql`
    select min(id)::int as min_user, max(id)::int as max_user from users where organization_id = ${orgId} and role = 'citizen'`) as unknown as [
    { min_user: number; max_user: number },
  ];
  await sql`
    insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, lng, lat, status, created_at)
    select ${orgId}, ${bigId}, ${min_user}::int + (g * 7919) % (${max_user}::int - ${min_user}::int + 1),
           'Proposition ' || g || ' : plus d''arbres et de bancs', ${sql.json(BODY)}, ${bodyHtml}, 'Un projet pour la commune.',
           case when g % 3 = 0 then 2.35 + (g % 100) * 0.0004 end, case when g % 3 = 0 then 48.85 + (g % 77) * 0.0004 end,
           (array['submitted', 'under_study', 'accepted', 'rejected', 'done'])[1 + g % 5], now() - (g || ' minutes')::interval
    from generate_series(1, 10000) g`;
  // Real supports: each proposal gets 0 to 59 distinct supporters.
  await sql`
    insert into supports (organization_id, proposal_id, user_id)
    select ${orgId}, p.id, ${min_user}::int + ((p.id * 31 + s * 97) % (${max_user}::int - ${min_user}::int + 1))
    from proposals p cross join lateral generate_series(1, (p.id * 13) % 60) s
    where p.project_id = ${bigId}
    on conflict do nothing`;
  await sql`
    update proposals p set supports_count = s.n
    from (select proposal_id, count(*)::int as n from supports where organization_id = ${orgId} group by proposal_id) s
    where s.proposal_id = p.id`;
  const [busy] = await sql`select id from proposals where project_id = ${bigId} order by id limit 1`;
  const busyId = Number(busy!.id);
  // 300 top-level comments and 200 replies on the busy proposal.
  await sql`
    insert into comments (organization_id, project_id, target_type, target_id, depth, author_id, body, alignment, created_at)
    select ${orgId}, ${bigId}, 'proposal', ${busyId}, 0, ${min_user}::int + g % 1500, 'Commentaire ' || g || ' sur la proposition.', (g % 3) - 1,
           now() - (g || ' seconds')::interval
    from generate_series(1, 300) g`;
  await sql`
    insert into comments (organization_id, project_id, target_type, target_id, parent_id, depth, author_id, body, alignment)
    select ${orgId}, ${bigId}, 'proposal', ${busyId}, c.id, 1, ${min_user}::int + (c.id + r) % 1500, 'Réponse ' || r, 0
    from (select id from comments where target_id = ${busyId} and target_type = 'proposal' and parent_id is null order by id limit 100) c
    cross join generate_series(1, 2) r`;
  // 49,500 more comments over the other proposals.
  await sql`
    insert into comments (organization_id, project_id, target_type, target_id, depth, author_id, body, alignment)
    select ${orgId}, ${bigId}, 'proposal', p.id, 0, ${min_user}::int + (p.id + g) % 1500, 'Avis ' || g, 0
    from (select id, row_number() over (order by id) as rn from proposals where project_id = ${bigId} and id <> ${busyId}) p
    cross join generate_series(1, 5) g
    where p.rn <= 9900`;
  await sql`
    update comments c set replies_count = r.n
    from (select parent_id, count(*)::int as n from comments where organization_id = ${orgId} and parent_id is not null group by parent_id) r
    where r.parent_id = c.id`;
  await sql`
    update proposals p set comments_count = c.n
    from (select target_id, count(*)::int as n from comments where organization_id = ${orgId} and target_type = 'proposal' group by target_id) c
    where c.target_id = p.id`;
  await sql`analyze`;
  const [counts] = await sql`
    select (select count(*)::int from projects where organization_id = ${orgId}) as projects,
           (select count(*)::int from proposals where organization_id = ${orgId}) as proposals,
           (select count(*)::int from comments where organization_id = ${orgId}) as comments`;
  return {
    host,
    organizationId: orgId,
    bigSlug: "grand-projet",
    busyProposalId: busyId,
    projects: Number(counts!.projects),
    proposals: Number(counts!.proposals),
    comments: Number(counts!.comments),
  };
}
