// A fingerprint of everything an organization owns: one md5 per table over its rows (every table
// with an organization_id column, found in the catalogue, so that a new table is covered at once),
// the organization's own row, the rows that hang off its rows without an organization_id, the
// mails and audit entries about its members, and its stored files. Equal fingerprints: nothing changed.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "~/utils/db.server";

/**
 * Tables without an organization_id column, and how their rows belong to an organization ($1).
 * A table in neither list fails the test: say here how its rows belong to one.
 */
const TIED_TABLES: Record<string, string> = {
  organizations: "from organizations t where t.id = $1",
  phase_announcements: "from phase_announcements t join project_phases ph on ph.id = t.phase_id where ph.organization_id = $1",
};
/** Bookkeeping of the schema itself: no organization's data (target_kinds: the kinds of participation targets). */
const UNTIED_TABLES = new Set(["schema_migrations", "target_kinds"]);

export async function tablesWithOrganization(): Promise<{ tied: string[]; untied: string[] }> {
  const rows = await sql`
    select t.table_name,
           exists (select 1 from information_schema.columns c
                   where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'organization_id') as has_org
    from information_schema.tables t
    where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by t.table_name`;
  const tied: string[] = [];
  const untied: string[] = [];
  for (const row of rows) {
    const name = String(row.table_name);
    if (row.has_org) tied.push(name);
    else if (!(name in TIED_TABLES) && !UNTIED_TABLES.has(name)) untied.push(name);
  }
  return { tied, untied };
}

async function hashFiles(dir: string): Promise<string> {
  const hash = crypto.createHash("md5");
  let names: string[] = [];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch {
    return "no folder";
  }
  for (const name of names) {
    hash.update(name);
    hash.update(await fs.readFile(path.join(dir, name)));
  }
  return hash.digest("hex");
}

export type Fingerprint = Record<string, string>;

const HASH = "md5(coalesce(string_agg(t::text, ',' order by t::text), ''))";
let statement: Promise<string> | undefined;

/** One statement for the whole fingerprint ($1 organization id, $2 its members' addresses, $3 its id as text). */
async function fingerprintStatement(): Promise<string> {
  const { tied } = await tablesWithOrganization();
  const parts = [
    ...tied.map((table) => `select '${table}' as part, ${HASH} as h from "${table}" t where t.organization_id = $1`),
    ...Object.entries(TIED_TABLES).map(([table, from]) => `select '${table}', ${HASH} ${from}`),
    // Mails sent outside any organization to its members. A mail of another organization to the
    // same address is that organization's own business (someone signing up there).
    `select 'mail_outbox (no organization)', ${HASH} from mail_outbox t where t.organization_id is null and t.to_address = any($2::text[])`,
    `select 'audit_log (its actors, itself as subject)', ${HASH} from audit_log t
       where t.actor_id in (select id from users where organization_id = $1) or (t.subject_type = 'organization' and t.subject_id = $3)`,
  ];
  return parts.join("\nunion all\n");
}

/** The organization's fingerprint: its rows, the rows about it, its stored files. */
export async function fingerprint(organizationId: number, emails: string[], storageRoot: string): Promise<Fingerprint> {
  statement ??= fingerprintStatement();
  const rows = await sql.unsafe(await statement, [organizationId, emails, String(organizationId)] as never[]);
  const result: Fingerprint = {};
  for (const row of rows) result[String(row.part)] = String(row.h);
  result.storage = await hashFiles(path.join(storageRoot, String(organizationId)));
  return result;
}

/** The names of the parts that differ. */
export function changedParts(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

/**
 * Rows of one organization that point at another's through a column no foreign key guards
 * (comment, report and moderation targets, audit subjects). Each line names the row.
 */
export async function crossOrganizationReferences(): Promise<string[]> {
  // Ids come from one sequence per table: a target id found in another organization is a leak.
  const rows = await sql`
    select 'comment ' || c.id || ' of organization ' || c.organization_id || ' targets ' || c.target_type || ' ' || c.target_id as problem
    from comments c
    where exists (select 1 from projects p where c.target_type = 'project' and p.id = c.target_id and p.organization_id <> c.organization_id)
       or exists (select 1 from proposals p where c.target_type = 'proposal' and p.id = c.target_id and p.organization_id <> c.organization_id)
       or exists (select 1 from debates d where c.target_type = 'debate' and d.id = c.target_id and d.organization_id <> c.organization_id)
    union all
    select 'report ' || r.id || ' of organization ' || r.organization_id || ' targets ' || r.target_type || ' ' || r.target_id
    from reports r
    where exists (select 1 from proposals p where r.target_type = 'proposal' and p.id = r.target_id and p.organization_id <> r.organization_id)
       or exists (select 1 from debates d where r.target_type = 'debate' and d.id = r.target_id and d.organization_id <> r.organization_id)
       or exists (select 1 from comments c where r.target_type = 'comment' and c.id = r.target_id and c.organization_id <> r.organization_id)
    union all
    select 'moderation ' || m.id || ' of organization ' || m.organization_id || ' targets ' || m.target_type || ' ' || m.target_id
           || ' in project ' || m.project_id
    from moderations m
    where exists (select 1 from projects p where p.id = m.project_id and p.organization_id <> m.organization_id)
       or exists (select 1 from proposals p where m.target_type = 'proposal' and p.id = m.target_id and p.organization_id <> m.organization_id)
       or exists (select 1 from debates d where m.target_type = 'debate' and d.id = m.target_id and d.organization_id <> m.organization_id)
       or exists (select 1 from comments c where m.target_type = 'comment' and c.id = m.target_id and c.organization_id <> m.organization_id)
    union all
    select 'audit entry ' || a.id || ' (' || a.action || ') of organization ' || a.organization_id || ' is about '
           || a.subject_type || ' ' || a.subject_id
    from audit_log a
    where a.organization_id is not null and a.subject_id ~ '^[0-9]{1,18}$' and (
      (a.subject_type = 'user' and exists (select 1 from users u where u.id = a.subject_id::bigint and u.organization_id <> a.organization_id))
      or (a.subject_type = 'project' and exists (select 1 from projects p where p.id = a.subject_id::bigint and p.organization_id <> a.organization_id))
      or (a.subject_type = 'proposal' and exists (select 1 from proposals p where p.id = a.subject_id::bigint and p.organization_id <> a.organization_id))
      or (a.subject_type = 'debate' and exists (select 1 from debates d where d.id = a.subject_id::bigint and d.organization_id <> a.organization_id))
      or (a.subject_type = 'comment' and exists (select 1 from comments c where c.id = a.subject_id::bigint and c.organization_id <> a.organization_id))
      or (a.subject_type = 'organization' and a.subject_id::bigint <> a.organization_id))
    union all
    select 'audit entry ' || a.id || ' (' || a.action || ') of organization ' || a.organization_id || ' has an actor of another organization'
    from audit_log a join users u on u.id = a.actor_id
    where a.organization_id is not null and u.organization_id <> a.organization_id and not u.is_system_admin`;
  return rows.map((r) => String(r.problem));
}
