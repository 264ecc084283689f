import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase, runCli, type FreshDatabase } from "~/modules/admin/testing";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { parseSplitToken, sha256 } from "~/utils/crypto.server";
import { sql, type Db } from "~/utils/db.server";
import { ADMIN_LINK_HOURS, adminPasswordLink, createOrganization } from "./commands.server";
import { findOrganizationByHost } from "./queries.server";

let n = 0;
const host = () => `ville-${Date.now().toString(36)}-${n++}.example`;

async function auditCount(db: Db, action: string): Promise<number> {
  const [{ c }] = (await db`select count(*)::int as c from audit_log where action = ${action}`) as unknown as [{ c: number }];
  return c;
}

describe("createOrganization", () => {
  it("creates the organization and records organization.create", async () => {
    const h = host();
    const result = await createOrganization(sql, { host: h, name: "Ville d'Exemple", defaultLocale: "en" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.organization).toMatchObject({ host: h, name: "Ville d'Exemple", defaultLocale: "en", admin: null });
    const [row] = await sql`select host, name, default_locale from organizations where id = ${result.organization.id}`;
    expect(row).toEqual({ host: h, name: "Ville d'Exemple", default_locale: "en" });
    const [entry] = await sql`
      select action, actor_id, subject_type, subject_id, data from audit_log
      where organization_id = ${result.organization.id}`;
    expect(entry).toEqual({
      action: "organization.create",
      actor_id: null,
      subject_type: "organization",
      subject_id: String(result.organization.id),
      data: { host: h, name: "Ville d'Exemple", defaultLocale: "en" },
    });
    expect((await verifyAuditChain(sql)).ok).toBe(true);
  });

  it("refuses a host that is taken, writing nothing", async () => {
    const h = host();
    expect((await createOrganization(sql, { host: h, name: "Première" })).ok).toBe(true);
    const audits = await auditCount(sql, "organization.create");
    const again = await createOrganization(sql, { host: h.toUpperCase(), name: "Seconde" });
    expect(again).toEqual({ ok: false, error: "host_taken" });
    expect(await auditCount(sql, "organization.create")).toBe(audits);
    const rows = await sql`select name from organizations where host = ${h}`;
    expect(rows.map((r) => r.name)).toEqual(["Première"]);
  });

  it("creates a first admin without password, with a one-time reset link valid 72 h", async () => {
    const h = host();
    const result = await createOrganization(sql, { host: h, name: "Ville", admin: { email: "Maire@Ville.Example", name: "Camille Maire" } });
    if (!result.ok) throw new Error("not created");
    const admin = result.organization.admin!;
    const [user] = await sql`select organization_id, email, name, role, password_hash, email_confirmed_at from users where id = ${admin.userId}`;
    expect(user).toMatchObject({ email: "maire@ville.example", name: "Camille Maire", role: "admin", password_hash: null });
    expect(Number(user!.organization_id)).toBe(result.organization.id);
    const parsed = parseSplitToken(admin.token)!;
    const [token] = await sql`select user_id, purpose, email, secret_hash, expires_at, used_at from verification_tokens where id = ${parsed.id}`;
    expect(token).toMatchObject({ purpose: "reset_password", email: "maire@ville.example", used_at: null });
    expect(Number(token!.user_id)).toBe(admin.userId);
    expect(Buffer.compare(token!.secret_hash as Buffer, sha256(parsed.secret))).toBe(0);
    const hours = ((token!.expires_at as Date).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(ADMIN_LINK_HOURS - 0.1);
    expect(hours).toBeLessThanOrEqual(ADMIN_LINK_HOURS);
    expect(result.organization.origin).toBe(`https://${h}`);
    expect(adminPasswordLink(result.organization.origin, admin.token)).toBe(`https://${h}/reset-password?token=${admin.token}`);
    const actions = await sql`select action from audit_log where organization_id = ${result.organization.id} order by id`;
    expect(actions.map((a) => a.action)).toEqual(["organization.create", "member.create"]);
  });

  it("forgets the organization cache, so that the new host answers at once", async () => {
    const h = host();
    expect(await findOrganizationByHost(h)).toBeNull(); // now cached as unknown
    const result = await createOrganization(sql, { host: h, name: "Nouvelle" });
    expect(result.ok).toBe(true);
    expect((await findOrganizationByHost(h))?.name).toBe("Nouvelle");
  });
});

describe("npm run org:create", () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase({ migrated: true });
  });
  afterAll(async () => {
    await db.drop();
  });
  const run = (...args: string[]) => runCli("db/cli/org-create.ts", args, { DATABASE_URL: db.url });

  it("creates an organization, then refuses the same host with one line and exit 1", async () => {
    const created = await run("--host", "ville.example", "--name", "Ville d'Exemple", "--locale", "en");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      /^created organization #\d+ "Ville d'Exemple" on ville\.example \(default language en, links in mails start with https:\/\/ville\.example\)$/,
    );
    const [row] = await db.sql`select id, name, default_locale from organizations where host = 'ville.example'`;
    expect(row).toMatchObject({ name: "Ville d'Exemple", default_locale: "en" });
    const [entry] = await db.sql`select action from audit_log where organization_id = ${row!.id}`;
    expect(entry!.action).toBe("organization.create");

    const duplicate = await run("--host", "VILLE.example", "--name", "Autre");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe("org:create: an organization already answers on ville.example");
    expect(duplicate.stdout).toBe("");
  }, 60_000);

  it("creates the first admin and prints a working one-time link", async () => {
    const result = await run("--host", "mairie.example", "--name", "Mairie", "--admin-email", "maire@mairie.example", "--admin-name", "Camille Maire");
    expect(result.code).toBe(0);
    const match = /https:\/\/mairie\.example\/reset-password\?token=([a-z0-9]{20})\.([a-z0-9]{32})/.exec(result.stdout);
    expect(match).not.toBeNull();
    const [token] = await db.sql`
      select t.purpose, t.secret_hash, t.expires_at, u.role, u.name, u.password_hash
      from verification_tokens t join users u on u.id = t.user_id and u.organization_id = t.organization_id
      where t.id = ${match![1]!}`;
    expect(token).toMatchObject({ purpose: "reset_password", role: "admin", name: "Camille Maire", password_hash: null });
    expect(Buffer.compare(token!.secret_hash as Buffer, sha256(match![2]!))).toBe(0);
    expect((token!.expires_at as Date).getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
  }, 30_000);

  it("stores --origin, prints the admin link on it, and refuses an origin for another host", async () => {
    const refused = await run("--host", "port.example", "--name", "Port", "--origin", "https://evil.example");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toBe(
      'org:create: invalid --origin "https://evil.example": use https:// followed by the same host name, with an optional :port and no path (e.g. https://ville.example:8443)',
    );
    const created = await run("--host", "port.example", "--name", "Port", "--origin", "https://port.example:8443", "--admin-email", "dgs@port.example");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/links in mails start with https:\/\/port\.example:8443\)\n/);
    expect(created.stdout).toMatch(/^ {2}https:\/\/port\.example:8443\/reset-password\?token=[a-z0-9]{20}\.[a-z0-9]{32}$/m);
    const [row] = await db.sql`select canonical_origin from organizations where host = 'port.example'`;
    expect(row!.canonical_origin).toBe("https://port.example:8443");
  }, 60_000);

  it("explains a missing or invalid host, a bad locale or e-mail, in one line, exit non-zero, nothing written", async () => {
    const [{ before }] = (await db.sql`select count(*)::int as before from organizations`) as unknown as [{ before: number }];
    const missing = await run("--name", "Sans hôte");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^org:create: --host is required\. usage: /);
    const invalid = await run("--host", "ville exemple!", "--name", "X");
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toBe(
      'org:create: invalid --host "ville exemple!": use lower-case letters, digits, dots and hyphens, with an optional :port (e.g. ville.example)',
    );
    const locale = await run("--host", "a.example", "--name", "X", "--locale", "de");
    expect(locale.code).not.toBe(0);
    expect(locale.stderr).toBe('org:create: invalid --locale "de": use fr or en');
    const email = await run("--host", "b.example", "--name", "X", "--admin-email", "not-an-email");
    expect(email.code).not.toBe(0);
    expect(email.stderr).toBe('org:create: invalid --admin-email "not-an-email": it is not a valid e-mail address');
    for (const r of [missing, invalid, locale, email]) {
      expect(r.stderr.split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    }
    const [{ after }] = (await db.sql`select count(*)::int as after from organizations`) as unknown as [{ after: number }];
    expect(after).toBe(before);
  }, 60_000);
});
