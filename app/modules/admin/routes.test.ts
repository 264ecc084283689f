// The admin, moderation and system pages, through their loaders and actions.
import { beforeAll, describe, expect, it } from "vitest";
import { findOrganizationByHost } from "~/modules/organizations/queries.server";
import type { Role } from "~/modules/permissions/permissions";
import * as adminIndex from "~/routes/_admin+/admin._index";
import * as adminAudit from "~/routes/_admin+/admin.audit";
import * as adminMembers from "~/routes/_admin+/admin.members";
import * as adminSettings from "~/routes/_admin+/admin.settings";
import * as moderation from "~/routes/_moderation+/moderation._index";
import * as system from "~/routes/_admin+/system._index";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, contextFor, dataOf, makeRequest, type RouteFn, run, statusOf } from "~/test/remix";
import { parseSplitToken, sha256 } from "~/utils/crypto.server";
import { sql } from "~/utils/db.server";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { changeMemberRole } from "./members.server";
import { createComment, createProject, createProposal } from "~/modules/moderation/testing.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let orgA: Org;
let orgB: Org;
let adminA: User;
let adminB: User;
let userB: User;

beforeAll(async () => {
  orgA = await createTestOrganization({ name: "Ville A" });
  orgB = await createTestOrganization({ name: "Ville B" });
  adminA = await createTestUser(orgA.id, { role: "admin", name: "Adrien Admin" });
  // A second admin, so that adminA is never the last one.
  await createTestUser(orgA.id, { role: "admin", name: "Alice Admin" });
  adminB = await createTestUser(orgB.id, { role: "admin", name: "Bruno Admin" });
  userB = await createTestUser(orgB.id, { name: "Bérénice Citoyenne" });
});

async function roleOf(userId: number): Promise<string> {
  const [row] = await sql`select role from users where id = ${userId}`;
  return String(row!.role);
}

async function auditFor(organizationId: number, action: string) {
  return sql`select actor_id, subject_type, subject_id, data from audit_log where organization_id = ${organizationId} and action = ${action} order by id`;
}

const PAGES: [string, RouteFn, string][] = [
  ["/admin", adminIndex.loader as RouteFn, "admin.access"],
  ["/admin/members", adminMembers.loader as RouteFn, "admin.members.view"],
  ["/admin/audit", adminAudit.loader as RouteFn, "admin.audit.view"],
  ["/admin/settings", adminSettings.loader as RouteFn, "admin.organization.edit"],
];

describe("admin pages: who may enter", () => {
  it.each(["citizen", "aidant", "moderator", "official"] as Role[])("answers 403 to a %s, on every page and action", async (role) => {
    const user = await createTestUser(orgA.id, { role });
    for (const [path, loader] of PAGES) {
      const result = await callRoute(loader, { org: orgA, user, path });
      expect(statusOf(result), path).toBe(403);
    }
    const target = await createTestUser(orgA.id);
    expect(statusOf(await callRoute(adminMembers.action as RouteFn, { org: orgA, user, path: "/admin/members", form: { userId: String(target.id), role: "admin" } }))).toBe(403);
    expect(await roleOf(target.id)).toBe("citizen");
    expect(await roleOf(user.id)).toBe(role);
    expect(
      statusOf(await callRoute(adminSettings.action as RouteFn, { org: orgA, user, path: "/admin/settings", form: { name: "Piratée", defaultLocale: "fr", primaryColor: "#000091" } })),
    ).toBe(403);
    const [org] = await sql`select name from organizations where id = ${orgA.id}`;
    expect(org!.name).toBe("Ville A");
  });

  it("sends an anonymous visitor to the login page", async () => {
    for (const [path, loader] of PAGES) {
      const result = (await callRoute(loader, { org: orgA, user: null, path })) as Response;
      expect(result.status).toBe(302);
      expect(result.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("does not let the admin of another organization in", async () => {
    // Same person, other host: their session is not valid here, so they are anonymous.
    const result = (await callRoute(adminIndex.loader as RouteFn, { org: orgA, user: adminB, path: "/admin" })) as Response;
    expect(result.status).toBe(302);
  });

  it("opens every page to an admin", async () => {
    for (const [path, loader] of PAGES) expect(statusOf(await callRoute(loader, { org: orgA, user: adminA, path })), path).toBe(200);
    const overview = (await callRoute(adminIndex.loader as RouteFn, { org: orgA, user: adminA, path: "/admin" })) as { counts: { admins: number } };
    expect(overview.counts.admins).toBeGreaterThanOrEqual(2);
  });
});

describe("/admin/members", () => {
  it("lists the organization's members only, with search, role filter and pages", async () => {
    const org = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin", name: "Zoé Admin" });
    await createTestUser(org.id, { name: "Camille Citoyen", email: `camille-${org.id}@example.org`, confirmed: false });
    await createTestUser(org.id, { name: "Morgane Modératrice", role: "moderator" });
    for (let i = 0; i < 26; i++) await createTestUser(org.id, { name: `Habitant ${String(i).padStart(2, "0")}` });
    await createTestUser(orgB.id, { name: "Camille Ailleurs" });

    type Page = Awaited<ReturnType<typeof adminMembers.loader>>;
    const first = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: "/admin/members" })) as Page;
    expect(first.total).toBe(29);
    expect(first.pageCount).toBe(2);
    expect(first.members).toHaveLength(25);
    expect(first.currentUserId).toBe(admin.id);
    const second = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: "/admin/members?page=2" })) as Page;
    expect(second.members).toHaveLength(4);
    expect(second.members.at(-1)!.name).toBe("Zoé Admin");

    const search = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: "/admin/members?q=camille" })) as Page;
    expect(search.members.map((m) => m.name)).toEqual(["Camille Citoyen"]);
    expect(search.members[0]).toMatchObject({ role: "citizen", confirmed: false, email: `camille-${org.id}@example.org` });
    const byEmail = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: `/admin/members?q=${encodeURIComponent(`camille-${org.id}@`)}` })) as Page;
    expect(byEmail.total).toBe(1);
    const wildcard = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: "/admin/members?q=%25" })) as Page;
    expect(wildcard.total).toBe(0);
    const moderators = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: "/admin/members?role=moderator" })) as Page;
    expect(moderators.members.map((m) => m.name)).toEqual(["Morgane Modératrice"]);
    const junk = (await callRoute(adminMembers.loader as RouteFn, { org, user: admin, path: "/admin/members?role=king&page=-3" })) as Page;
    expect(junk.total).toBe(29);
    expect(junk.page).toBe(1);
  });

  it("changes a member's role and records it in the audit log", async () => {
    const target = await createTestUser(orgA.id, { name: "Camille Citoyen" });
    const result = await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: String(target.id), role: "moderator" } });
    expect(statusOf(result)).toBe(200);
    expect(dataOf(result)).toEqual({ ok: true, message: "Le rôle de Camille Citoyen est désormais : Modérateur." });
    expect(await roleOf(target.id)).toBe("moderator");
    const entries = (await auditFor(orgA.id, "member.role_change")).filter((e) => e.subject_id === String(target.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ subject_type: "user", data: { from: "citizen", to: "moderator" } });
    expect(Number(entries[0]!.actor_id)).toBe(adminA.id);
    expect((await verifyAuditChain(sql)).ok).toBe(true);

    // The audit page shows it, newest first, translated on the page.
    type AuditPage = Awaited<ReturnType<typeof adminAudit.loader>>;
    const page = (await callRoute(adminAudit.loader as RouteFn, { org: orgA, user: adminA, path: "/admin/audit" })) as AuditPage;
    expect(page.entries[0]).toMatchObject({ action: "member.role_change", actorName: "Adrien Admin", details: "Camille Citoyen : de Citoyen à Modérateur" });
    // Plain text only: the entry's raw data stays on the server.
    expect(page.entries[0]).not.toHaveProperty("data");

    // Same role again: said so, nothing written.
    const again = await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: String(target.id), role: "moderator" }, locale: "en" });
    expect(dataOf(again)).toEqual({ ok: true, message: "Camille Citoyen already has the role Moderator: nothing changed." });
    expect((await auditFor(orgA.id, "member.role_change")).filter((e) => e.subject_id === String(target.id))).toHaveLength(1);
  });

  it("refuses a member of another organization with 404, changing nothing", async () => {
    const before = (await auditFor(orgB.id, "member.role_change")).length;
    const result = await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: String(userB.id), role: "admin" } });
    expect(statusOf(result)).toBe(404);
    expect(dataOf(result)).toEqual({ ok: false, message: "Ce membre n'existe pas dans votre organisation." });
    expect(await roleOf(userB.id)).toBe("citizen");
    expect((await auditFor(orgB.id, "member.role_change")).length).toBe(before);
    expect((await auditFor(orgA.id, "member.role_change")).filter((e) => e.subject_id === String(userB.id))).toHaveLength(0);
    // Nor an id that exists nowhere.
    expect(statusOf(await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: "999999999", role: "admin" } }))).toBe(404);
  });

  it("refuses one's own role, an unknown role and a malformed or out-of-range id", async () => {
    const self = await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: String(adminA.id), role: "citizen" } });
    expect(statusOf(self)).toBe(400);
    expect(dataOf<{ message: string }>(self).message).toMatch(/propre rôle/);
    expect(await roleOf(adminA.id)).toBe("admin");
    const target = await createTestUser(orgA.id);
    expect(statusOf(await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: String(target.id), role: "system" } }))).toBe(400);
    expect(statusOf(await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId: "abc", role: "admin" } }))).toBe(400);
    // Too large for a bigint (it used to reach PostgreSQL and answer 500).
    for (const userId of ["99999999999999999999", "9007199254740993", "1e400"]) {
      expect(statusOf(await callRoute(adminMembers.action as RouteFn, { org: orgA, user: adminA, path: "/admin/members", form: { userId, role: "admin" } })), userId).toBe(400);
    }
    expect(await roleOf(target.id)).toBe("citizen");
  });

  it("keeps the last admin: two admins demoting each other at once leave one admin", async () => {
    const org = await createTestOrganization();
    const a = await createTestUser(org.id, { role: "admin", name: "Anne" });
    const b = await createTestUser(org.id, { role: "admin", name: "Benoît" });
    const [ctxA, ctxB] = await Promise.all([contextFor(org, a), contextFor(org, b)]);
    const results = await Promise.all([
      run(() => adminMembers.action({ request: makeRequest("/admin/members", { form: { userId: String(b.id), role: "citizen" } }), context: ctxA, params: {} })),
      run(() => adminMembers.action({ request: makeRequest("/admin/members", { form: { userId: String(a.id), role: "citizen" } }), context: ctxB, params: {} })),
    ]);
    expect(results.map(statusOf).sort()).toEqual([200, 403]);
    const [{ admins }] = (await sql`select count(*)::int as admins from users where organization_id = ${org.id} and role = 'admin'`) as unknown as [
      { admins: number },
    ];
    expect(admins).toBe(1);
    expect(await auditFor(org.id, "member.role_change")).toHaveLength(1);
  });

  it("refuses, inside the transaction, an admin whose role was taken away since the request began", async () => {
    const org = await createTestOrganization();
    const a = await createTestUser(org.id, { role: "admin" });
    const b = await createTestUser(org.id, { role: "admin" });
    await sql`update users set role = 'citizen' where id = ${a.id}`;
    // `a` as the session saw it a moment ago: still an admin.
    const stale = { id: a.id, organizationId: org.id, role: "admin" as const, isSystemAdmin: false };
    expect(await changeMemberRole(sql, { actor: stale, organizationId: org.id, userId: b.id, role: "citizen" })).toEqual({ ok: false, error: "forbidden" });
    expect(await roleOf(b.id)).toBe("admin");
  });

  it("refuses to demote the only admin left, whatever the caller says", async () => {
    const org = await createTestOrganization();
    const only = await createTestUser(org.id, { role: "admin" });
    const self = { id: only.id, organizationId: org.id, role: "admin" as const, isSystemAdmin: false };
    expect(await changeMemberRole(sql, { actor: self, organizationId: org.id, userId: only.id, role: "citizen" })).toEqual({ ok: false, error: "self" });
    expect(await roleOf(only.id)).toBe("admin");
  });
});

describe("/admin/settings", () => {
  const settingsPost = (user: User, form: Record<string, string>) => callRoute(adminSettings.action as RouteFn, { org: orgA, user, path: "/admin/settings", form });

  it("refuses a colour without AA contrast for white or near-black text, writing nothing", async () => {
    const audits = (await auditFor(orgA.id, "organization.update")).length;
    // Mid-grey: 4.2:1 with white, 4.3:1 with #161616.
    const grey = await settingsPost(adminA, { name: "Ville A renommée", defaultLocale: "en", primaryColor: "#7b7b7b", reportThreshold: "3" });
    expect(statusOf(grey)).toBe(400);
    expect(dataOf<{ reply: { error: Record<string, string[]> } }>(grey).reply.error.primaryColor).toEqual(["admin:settings.errors.colorContrast"]);
    const named = await settingsPost(adminA, { name: "Ville A renommée", defaultLocale: "en", primaryColor: "red", reportThreshold: "3" });
    expect(dataOf<{ reply: { error: Record<string, string[]> } }>(named).reply.error.primaryColor).toEqual(["admin:settings.errors.colorFormat"]);
    const badLocale = await settingsPost(adminA, { name: "", defaultLocale: "de", primaryColor: "#000091", reportThreshold: "3" });
    expect(Object.keys(dataOf<{ reply: { error: Record<string, string[]> } }>(badLocale).reply.error).sort()).toEqual(["defaultLocale", "name"]);
    const [org] = await sql`select name, default_locale, primary_color from organizations where id = ${orgA.id}`;
    expect(org).toEqual({ name: "Ville A", default_locale: "fr", primary_color: "#000091" });
    expect((await auditFor(orgA.id, "organization.update")).length).toBe(audits);
  });

  it("saves name, language and colour, audits the change and refreshes the cached organization", async () => {
    const org = await createTestOrganization({ name: "Avant" });
    const admin = await createTestUser(org.id, { role: "admin" });
    expect((await findOrganizationByHost(org.host))?.name).toBe("Avant"); // cached
    const result = await callRoute(adminSettings.action as RouteFn, {
      org, user: admin, path: "/admin/settings",
      form: {
        name: "  Après  ",
        defaultLocale: "en",
        primaryColor: "#FFD700", // gold: black text reads well on it; stored in lower case
        reportThreshold: "3",
      },
    });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ notice: string }>(result).notice).toBe("Paramètres enregistrés.");
    const [row] = await sql`select name, default_locale, primary_color from organizations where id = ${org.id}`;
    expect(row).toEqual({ name: "Après", default_locale: "en", primary_color: "#ffd700" });
    const [entry] = await auditFor(org.id, "organization.update");
    expect(entry!.data).toEqual({
      name: { from: "Avant", to: "Après" },
      defaultLocale: { from: "fr", to: "en" },
      primaryColor: { from: "#000091", to: "#ffd700" },
    });
    expect(await findOrganizationByHost(org.host)).toMatchObject({ name: "Après", defaultLocale: "en", primaryColor: "#ffd700" });

    const same = await callRoute(adminSettings.action as RouteFn, {
      org, user: admin, path: "/admin/settings",
      form: {
        name: "Après",
        defaultLocale: "en",
        primaryColor: "#ffd700",
        reportThreshold: "3",
      },
    });
    expect(dataOf<{ notice: string }>(same).notice).toBe("Aucune modification : rien n'a été enregistré.");
    expect(await auditFor(org.id, "organization.update")).toHaveLength(1);
  });

  it("refuses a map style that is not an https URL and a centre or zoom out of range, keeping the values, writing nothing", async () => {
    const audits = (await auditFor(orgA.id, "organization.update")).length;
    type Reply = { reply: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    const base = { intent: "map", mapStyleUrl: "", mapCenterLng: "2,3522", mapCenterLat: "48,8566", mapZoom: "12" };
    for (const [field, value] of [
      ["mapStyleUrl", "http://tiles.example.org/style.json"],
      ["mapStyleUrl", "/map/style.json"],
      ["mapStyleUrl", "javascript:alert(1)"],
      ["mapStyleUrl", "https://user:secret@tiles.example.org/style.json"],
      ["mapStyleUrl", `https://tiles.example.org/${"a".repeat(2048)}`],
      // Issue 7: a host the CSP cannot carry (`;` ends a directive, `,` a policy) bricked the organization.
      ["mapStyleUrl", "https://tiles;example.org/style.json"],
      ["mapStyleUrl", "https://a,b.example/s.json"],
      ["mapStyleUrl", "http://x.example/s.json"],
      ["mapStyleUrl", "javascript:alert(document.domain)//https://x.example/s.json"],
      ["mapStyleUrl", "https://user:pw@x.example/s"],
      ["mapStyleUrl", "https://@x.example/s"],
      ["mapStyleUrl", "https:x.example/s.json"],
      ["mapStyleUrl", "https://tiles.example.org/a b.json"],
      ["mapStyleUrl", "https://tiles\texample.org/s.json"],
      ["mapStyleUrl", "https://localhost/style.json"],
      ["mapStyleUrl", "https://192.168.1.10/style.json"],
      ["mapStyleUrl", "https://[::1]/style.json"],
      ["mapStyleUrl", "https://tiles.example.org:99999/style.json"],
      ["mapStyleUrl", "https://tiles_1.example.org/style.json"],
      ["mapStyleUrl", "https://-tiles.example.org/style.json"],
      ["mapCenterLng", "180,5"],
      ["mapCenterLng", "est"],
      ["mapCenterLat", "-90.01"],
      ["mapZoom", "23"],
      ["mapZoom", "-1"],
    ] as const) {
      const result = await settingsPost(adminA, { ...base, [field]: value });
      expect(statusOf(result), `${field}=${value}`).toBe(400);
      expect(dataOf<{ form: string }>(result).form).toBe("map");
      const reply = dataOf<Reply>(result).reply;
      expect(reply.error[field]).toEqual([`admin:settings.errors.${field}`]);
      expect(Object.keys(reply.error)).toEqual([field]);
      expect(reply.initialValue[field]).toBe(value);
    }
    const empty = await settingsPost(adminA, { ...base, mapCenterLng: "", mapCenterLat: "", mapZoom: "" });
    expect(Object.keys(dataOf<Reply>(empty).reply.error).sort()).toEqual(["mapCenterLat", "mapCenterLng", "mapZoom"]);
    const [org] = await sql`select map_style_url, map_center_lng, map_center_lat, map_zoom from organizations where id = ${orgA.id}`;
    expect(org).toEqual({ map_style_url: null, map_center_lng: 2.3522, map_center_lat: 48.8566, map_zoom: 12 });
    expect((await auditFor(orgA.id, "organization.update")).length).toBe(audits);
  });

  it("saves the map style (https) and view, audits them, refreshes the cached organization, and goes back to the built-in style", async () => {
    const org = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin" });
    expect((await findOrganizationByHost(org.host))?.mapStyleUrl).toBeNull(); // cached
    const style = "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json";
    const base = { intent: "map" };
    const result = await callRoute(adminSettings.action as RouteFn, {
      org, user: admin, path: "/admin/settings",
      form: {
        ...base,
        mapStyleUrl: `  ${style}  `,
        mapCenterLng: "5,7245",
        mapCenterLat: "45.1885",
        mapZoom: "13,5",
      },
    });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ form: string; notice: string }>(result)).toMatchObject({ form: "map", notice: "Paramètres enregistrés." });
    const [row] = await sql`select map_style_url, map_center_lng, map_center_lat, map_zoom from organizations where id = ${org.id}`;
    expect(row).toEqual({ map_style_url: style, map_center_lng: 5.7245, map_center_lat: 45.1885, map_zoom: 13.5 });
    const [entry] = await auditFor(org.id, "organization.update");
    expect(entry!.data).toEqual({
      mapStyleUrl: { from: null, to: style },
      mapCenterLng: { from: 2.3522, to: 5.7245 },
      mapCenterLat: { from: 48.8566, to: 45.1885 },
      mapZoom: { from: 12, to: 13.5 },
    });
    expect((await findOrganizationByHost(org.host))?.mapStyleUrl).toBe(style);
    type SettingsPage = Awaited<ReturnType<typeof adminSettings.loader>>;
    const page = (await callRoute(adminSettings.loader as RouteFn, { org, user: admin, path: "/admin/settings" })) as SettingsPage;
    expect(page.settings).toMatchObject({ mapStyleUrl: style, mapCenterLng: 5.7245, mapCenterLat: 45.1885, mapZoom: 13.5 });

    // Emptied: the built-in style again.
    await callRoute(adminSettings.action as RouteFn, {
      org, user: admin, path: "/admin/settings",
      form: {
        ...base,
        mapStyleUrl: "",
        mapCenterLng: "5.7245",
        mapCenterLat: "45.1885",
        mapZoom: "13.5",
      },
    });
    const [after] = await sql`select map_style_url from organizations where id = ${org.id}`;
    expect(after!.map_style_url).toBeNull();
    expect((await findOrganizationByHost(org.host))?.mapStyleUrl).toBeNull();
    expect(await auditFor(org.id, "organization.update")).toHaveLength(2);
  });
});

describe("/admin/audit", () => {
  it("pages the organization's entries by id, newest first, and names system and deleted actors", async () => {
    const org = await createTestOrganization();
    const admin = await createTestUser(org.id, { role: "admin", name: "Agathe" });
    const leaving = await createTestUser(org.id, { role: "admin", name: "Léon" });
    const targets = await Promise.all(Array.from({ length: 33 }, (_, i) => createTestUser(org.id, { name: `Membre ${i}` })));
    for (const t of targets) {
      const r = await callRoute(adminMembers.action as RouteFn, { org, user: admin, path: "/admin/members", form: { userId: String(t.id), role: "aidant" } });
      expect(statusOf(r)).toBe(200);
    }
    await callRoute(adminMembers.action as RouteFn, { org, user: leaving, path: "/admin/members", form: { userId: String(targets[0]!.id), role: "citizen" } });
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${leaving.id}`;
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${targets[0]!.id}`;

    type AuditPage = Awaited<ReturnType<typeof adminAudit.loader>>;
    const first = (await callRoute(adminAudit.loader as RouteFn, { org, user: admin, path: "/admin/audit" })) as AuditPage;
    expect(first.entries).toHaveLength(30);
    expect(first.newerCursor).toBeNull();
    expect(first.olderCursor).toBe(first.entries.at(-1)!.id);
    // Newest: by the deleted admin, about the deleted member.
    expect(first.entries[0]).toMatchObject({ actorName: null, details: "Participant supprimé : de Aidant à Citoyen" });
    expect(first.entries[0]!.actorId).toBe(leaving.id);
    const ids = first.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));

    const second = (await callRoute(adminAudit.loader as RouteFn, { org, user: admin, path: `/admin/audit?before=${first.olderCursor}` })) as AuditPage;
    expect(second.entries).toHaveLength(4);
    expect(second.olderCursor).toBeNull();
    expect(second.newerCursor).toBe(second.entries[0]!.id);
    expect(second.paged).toBe(true);
    const back = (await callRoute(adminAudit.loader as RouteFn, { org, user: admin, path: `/admin/audit?after=${second.newerCursor}` })) as AuditPage;
    expect(back.entries.map((e) => e.id)).toEqual(ids);
    // Nothing of another organization.
    const other = (await callRoute(adminAudit.loader as RouteFn, { org: orgB, user: adminB, path: "/admin/audit" })) as AuditPage;
    expect(other.entries.some((e) => ids.includes(e.id))).toBe(false);
  });
});

describe("/moderation", () => {
  it("is open to moderators and admins, closed to the other roles", async () => {
    for (const role of ["moderator", "admin"] as Role[]) {
      const user = await createTestUser(orgA.id, { role });
      const result = await callRoute(moderation.loader as RouteFn, { org: orgA, user, path: "/moderation" });
      expect(statusOf(result)).toBe(200);
      expect(result).toMatchObject({ title: "Modération", canReadAudit: role === "admin" });
    }
    for (const role of ["citizen", "aidant", "official"] as Role[]) {
      const user = await createTestUser(orgA.id, { role });
      expect(statusOf(await callRoute(moderation.loader as RouteFn, { org: orgA, user, path: "/moderation" }))).toBe(403);
    }
    expect(statusOf(await callRoute(moderation.loader as RouteFn, { org: orgA, user: null, path: "/moderation" }))).toBe(302);
  });

  it("counts the organization's pending items of the moderation queue, and only those", async () => {
    const org = await createTestOrganization();
    const moderator = await createTestUser(org.id, { role: "moderator" });
    type Page = Awaited<ReturnType<typeof moderation.loader>>;
    expect(((await callRoute(moderation.loader as RouteFn, { org, user: moderator, path: "/moderation" })) as Page).pending).toBe(0);
    const project = await createProject(org.id, moderator.id);
    const proposal = await createProposal(project, moderator.id);
    const [c1, c2] = [await createComment(project, moderator.id, { type: "proposal", id: proposal.id }), await createComment(project, moderator.id, { type: "project", id: project.id })];
    const authorB = await createTestUser(orgB.id);
    const projectB = await createProject(orgB.id, authorB.id);
    const cB = await createComment(projectB, authorB.id, { type: "project", id: projectB.id });
    await sql`
      insert into moderations (organization_id, target_type, target_id, project_id, report_count, state) values
        (${org.id}, 'comment', ${c1.id}, ${project.id}, 2, 'pending'),
        (${org.id}, 'proposal', ${proposal.id}, ${project.id}, 3, 'pending'),
        (${org.id}, 'comment', ${c2.id}, ${project.id}, 1, 'dismissed'),
        (${orgB.id}, 'comment', ${cB.id}, ${projectB.id}, 5, 'pending')`;
    expect(((await callRoute(moderation.loader as RouteFn, { org, user: moderator, path: "/moderation" })) as Page).pending).toBe(2);
  });
});

describe("/system", () => {
  let root: User;
  beforeAll(async () => {
    root = await createTestUser(orgA.id, { role: "citizen", systemAdmin: true, name: "Sacha Système" });
  });

  it("answers 403 to an organization admin who is not a system admin", async () => {
    expect(statusOf(await callRoute(system.loader as RouteFn, { org: orgA, user: adminA, path: "/system" }))).toBe(403);
    const result = await callRoute(system.action as RouteFn, { org: orgA, user: adminA, path: "/system", form: { host: "pirate.example", name: "Pirate", defaultLocale: "fr" } });
    expect(statusOf(result)).toBe(403);
    expect(await sql`select 1 from organizations where host = 'pirate.example'`).toHaveLength(0);
  });

  it("lists every organization with its members count", async () => {
    type Page = Awaited<ReturnType<typeof system.loader>>;
    const page = (await callRoute(system.loader as RouteFn, { org: orgA, user: root, path: "/system" })) as Page;
    const a = page.organizations.find((o) => o.id === orgA.id)!;
    const b = page.organizations.find((o) => o.id === orgB.id)!;
    const [{ n }] = (await sql`select count(*)::int as n from users where organization_id = ${orgA.id} and deleted_at is null`) as unknown as [{ n: number }];
    expect(a).toMatchObject({ host: orgA.host, name: "Ville A", members: n });
    expect(b.members).toBeGreaterThanOrEqual(2);
  });

  it("creates an organization, audited with the system admin as actor, and refuses the same host again", async () => {
    const host = `nouvelle-${Date.now().toString(36)}.example`;
    const result = await callRoute(system.action as RouteFn, { org: orgA, user: root, path: "/system", form: { host: `  ${host.toUpperCase()} `, name: "Nouvelle Ville", defaultLocale: "en" } });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ created: { notice: string; admin: null } }>(result).created).toEqual({
      notice: `L'organisation « Nouvelle Ville » a été créée : elle répond sur ${host}.`,
      admin: null,
    });
    const [org] = await sql`select id, name, default_locale from organizations where host = ${host}`;
    expect(org).toMatchObject({ name: "Nouvelle Ville", default_locale: "en" });
    const [entry] = await auditFor(Number(org!.id), "organization.create");
    expect(Number(entry!.actor_id)).toBe(root.id);
    expect((await findOrganizationByHost(host))?.name).toBe("Nouvelle Ville");

    const duplicate = await callRoute(system.action as RouteFn, { org: orgA, user: root, path: "/system", form: { host, name: "Doublon", defaultLocale: "fr" } });
    expect(statusOf(duplicate)).toBe(409);
    expect(dataOf<{ reply: { error: Record<string, string[]> } }>(duplicate).reply.error.host).toEqual(["admin:system.errors.hostTaken"]);
    expect(await sql`select 1 from organizations where host = ${host}`).toHaveLength(1);
  });

  it("validates the host like the database does", async () => {
    // A port is refused too: organizations are found by host name with the port stripped.
    for (const host of ["ville exemple", "https://ville.example", "ville_exemple.fr", "ville.example/path", "", "ville.example:8080", "-ville.example", "ville..example"]) {
      const result = await callRoute(system.action as RouteFn, { org: orgA, user: root, path: "/system", form: { host, name: "X", defaultLocale: "fr" } });
      expect(statusOf(result), host).toBe(400);
      expect(dataOf<{ reply: { error: Record<string, string[]> } }>(result).reply.error.host, host).toBeDefined();
    }
    const plain = `sans-port-${Date.now().toString(36)}.example`;
    expect(statusOf(await callRoute(system.action as RouteFn, { org: orgA, user: root, path: "/system", form: { host: plain, name: "Port", defaultLocale: "fr" } }))).toBe(200);
  });

  it("stores the site's origin when given (the base of its mail links and of the admin's link), refusing one for another host", async () => {
    const host = `origine-${Date.now().toString(36)}.example`;
    type Reply = { reply: { error: Record<string, string[]> } };
    for (const origin of ["http://" + host, `https://${host}/app`, "https://evil.example", `https://${host}:99999`, "javascript:alert(1)"]) {
      const refused = await callRoute(system.action as RouteFn, { org: orgA, user: root, path: "/system", form: { host, name: "Origine", defaultLocale: "fr", origin } });
      expect(statusOf(refused), origin).toBe(400);
      expect(dataOf<Reply>(refused).reply.error.origin, origin).toEqual(["admin:system.errors.originFormat"]);
    }
    expect(await sql`select 1 from organizations where host = ${host}`).toHaveLength(0);

    const result = await callRoute(system.action as RouteFn, {
      org: orgA, user: root, path: "/system",
      form: {
        host,
        name: "Origine",
        defaultLocale: "fr",
        origin: ` HTTPS://${host.toUpperCase()}:8443/ `,
        adminEmail: "dgs@example.org",
        adminName: "Dominique",
      },
    });
    expect(statusOf(result)).toBe(200);
    const link = dataOf<{ created: { admin: { link: string } } }>(result).created.admin.link;
    expect(link.startsWith(`https://${host}:8443/reset-password?token=`)).toBe(true);
    const [row] = await sql`select canonical_origin from organizations where host = ${host}`;
    expect(row!.canonical_origin).toBe(`https://${host}:8443`);
    expect((await findOrganizationByHost(host))?.origin).toBe(`https://${host}:8443`);
    type Page = Awaited<ReturnType<typeof system.loader>>;
    const page = (await callRoute(system.loader as RouteFn, { org: orgA, user: root, path: "/system" })) as Page;
    expect(page.organizations.find((o) => o.host === host)?.origin).toBe(`https://${host}:8443`);
    expect(page.organizations.find((o) => o.id === orgA.id)?.origin).toBe(`https://${orgA.host}`);
  });

  it("creates a first admin on request and shows the one-time link once", async () => {
    const host = `avec-admin-${Date.now().toString(36)}.example`;
    const missingName = await callRoute(system.action as RouteFn, { org: orgA, user: root, path: "/system", form: { host, name: "Avec admin", defaultLocale: "fr", adminEmail: "maire@example.org" } });
    expect(statusOf(missingName)).toBe(400);
    expect(dataOf<{ reply: { error: Record<string, string[]> } }>(missingName).reply.error.adminName).toEqual(["errors.required"]);

    const result = await callRoute(system.action as RouteFn, {
      org: orgA, user: root, path: "/system",
      form: {
        host,
        name: "Avec admin",
        defaultLocale: "fr",
        adminEmail: "Maire@Example.org",
        adminName: "Camille Maire",
      },
    });
    expect(statusOf(result)).toBe(200);
    const created = dataOf<{ created: { admin: { email: string; link: string } } }>(result).created;
    expect(created.admin.email).toBe("maire@example.org");
    const token = new URL(created.admin.link).searchParams.get("token");
    expect(created.admin.link.startsWith(`https://${host}/reset-password?token=`)).toBe(true);
    const parsed = parseSplitToken(token)!;
    const [row] = await sql`
      select t.purpose, t.secret_hash, u.role, u.email from verification_tokens t join users u on u.id = t.user_id
      where t.id = ${parsed.id}`;
    expect(row).toMatchObject({ purpose: "reset_password", role: "admin", email: "maire@example.org" });
    expect(Buffer.compare(row!.secret_hash as Buffer, sha256(parsed.secret))).toBe(0);
  });
});
