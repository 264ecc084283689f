// Renders the admin, moderation and system pages to HTML with their real loader (and action)
// data, in both languages, and checks what RGAA asks of their structure.
import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { renderingI18n } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.server";
import * as adminIndex from "~/routes/_admin+/admin._index";
import * as adminAudit from "~/routes/_admin+/admin.audit";
import * as adminMembers from "~/routes/_admin+/admin.members";
import * as adminSettings from "~/routes/_admin+/admin.settings";
import * as moderation from "~/routes/_moderation+/moderation._index";
import * as system from "~/routes/_admin+/system._index";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { makeContext, makeRequest } from "~/test/remix";
import { sql } from "~/utils/db.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;
type Fn = (args: { request: Request; context: Awaited<ReturnType<typeof makeContext>>; params: object }) => unknown;
type Page = { loader: Fn; action?: Fn; default: ComponentType };

let org: Org;
let admin: User;
let camille: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville de Test" });
  admin = await createTestUser(org.id, { role: "admin", name: "Adrien Admin", systemAdmin: true });
  await createTestUser(org.id, { role: "admin", name: "Alice Admin" });
  camille = await createTestUser(org.id, { name: "Camille Citoyen" });
  for (let i = 0; i < 30; i++) await createTestUser(org.id, { name: `Habitant ${i}` });
  await recordAudit(sql, { organizationId: org.id, actorId: null, action: "organization.create", data: { host: org.host, name: org.name } });
  await recordAudit(sql, {
    organizationId: org.id,
    actorId: admin.id,
    action: "member.role_change",
    subjectType: "user",
    subjectId: camille.id,
    data: { from: "citizen", to: "moderator" },
  });
  await recordAudit(sql, {
    organizationId: org.id,
    actorId: admin.id,
    action: "organization.update",
    data: { name: { from: "A", to: "B" }, primaryColor: { from: "#000091", to: "#ffd700" } },
  });
  await recordAudit(sql, { organizationId: org.id, actorId: admin.id, action: "something.unknown" });
});

async function render(page: Page, path: string, options: { locale?: "fr" | "en"; form?: Record<string, string> } = {}) {
  const locale = options.locale ?? "fr";
  const { token } = await createTestSession(admin);
  const context = await makeContext(org, { token, locale });
  const handler = createStaticHandler([
    {
      id: "page",
      path: new URL(path, "http://x").pathname,
      loader: ({ request }) => page.loader({ request, context, params: {} }) as Promise<object>,
      action: page.action ? ({ request }) => page.action!({ request, context, params: {} }) as Promise<object> : undefined,
      Component: page.default,
    },
  ]);
  const result = await handler.query(makeRequest(path, { form: options.form }));
  if (result instanceof Response) throw new Error(`unexpected response ${result.status}`);
  if (result.errors) throw new Error(`route error: ${JSON.stringify(result.errors)}`);
  const router = createStaticRouter(handler.dataRoutes, result);
  return renderToString(
    <I18nextProvider i18n={renderingI18n(locale)}>
      <StaticRouterProvider router={router} context={result} hydrate={false} />
    </I18nextProvider>,
  );
}

/** What every page must have: one h1, labelled controls, described tables, no raw keys. */
function expectAccessibleStructure(html: string) {
  expect(html.match(/<h1[\s>]/g) ?? []).toHaveLength(1);
  for (const [, id] of html.matchAll(/<(?:select|input|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)) {
    expect(html, `label for #${id}`).toContain(`for="${id}"`);
  }
  expect(html).not.toMatch(/<(?:select|input)\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/);
  const tables = (html.match(/<table[\s>]/g) ?? []).length;
  expect((html.match(/<caption[\s>]/g) ?? []).length).toBe(tables);
  for (const th of html.match(/<th\b[^>]*>/g) ?? []) expect(th).toMatch(/scope="(col|row)"/);
  for (const button of html.match(/<button\b[^>]*>[\s\S]*?<\/button>/g) ?? []) {
    expect(button.replace(/<[^>]+>/g, "").trim().length, button).toBeGreaterThan(0);
  }
  // Untranslated keys or placeholders would show as such.
  expect(html).not.toMatch(/admin:|\{\{|\b(?:members|audit|settings|system|moderation|overview)\.[a-z]/);
}

describe("page rendering", () => {
  for (const locale of ["fr", "en"] as const) {
    it(`renders the admin overview (${locale})`, async () => {
      const html = await render(adminIndex as unknown as Page, "/admin", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain('href="/admin/members"');
      expect(html).toContain('href="/admin/audit"');
      expect(html).toContain('href="/admin/settings"');
      expect(html).toContain('href="/system"'); // the page's admin is also a system admin
      expect(html).toContain(locale === "fr" ? "33 membres, dont 2 administrateurs." : "33 members, including 2 administrators.");
    });

    it(`renders the members table with a labelled role select per row and pagination (${locale})`, async () => {
      const html = await render(adminMembers as unknown as Page, "/admin/members", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain(`<label for="role-${camille.id}" class="visually-hidden">${locale === "fr" ? "Rôle de Camille Citoyen" : "Role of Camille Citoyen"}</label>`);
      expect(html).toMatch(
        locale === "fr"
          ? /Changer le rôle<span class="visually-hidden"> de Camille Citoyen<\/span>/
          : /Change role<span class="visually-hidden"> of Camille Citoyen<\/span>/,
      );
      expect(html).toContain(locale === "fr" ? '<nav aria-label="Pagination des membres">' : '<nav aria-label="Members pages">');
      expect(html).toContain(locale === "fr" ? "Page 1 sur 2" : "Page 1 of 2");
      expect(html).toContain('href="/admin/members?page=2"');
      expect(html).toContain('role="status"');
      expect(html).toContain('role="search"');
      // No role select on one's own row.
      expect(html).not.toContain(`id="role-${admin.id}"`);
      expect(html).toMatch(/<time dateTime="\d{4}-\d\d-\d\dT/i);
    });

    it(`renders the audit log with translated actions, actors and details (${locale})`, async () => {
      const html = await render(adminAudit as unknown as Page, "/admin/audit", { locale });
      expectAccessibleStructure(html);
      if (locale === "fr") {
        expect(html).toContain("Changement de rôle");
        expect(html).toContain("Camille Citoyen : de Citoyen à Modérateur");
        expect(html).toContain("Modifié : nom et couleur principale");
        expect(html).toContain("Système");
      } else {
        expect(html).toContain("Role changed");
        expect(html).toContain("Camille Citoyen: from Citizen to Moderator");
        expect(html).toContain("Changed: name and primary colour");
        expect(html).toContain("System");
      }
      // An action without a label shows its code rather than nothing.
      expect(html).toContain("something.unknown");
    });

    it(`renders the settings form, and its errors after a refused colour (${locale})`, async () => {
      const html = await render(adminSettings as unknown as Page, "/admin/settings", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain('value="#000091"');
      const refused = await render(adminSettings as unknown as Page, "/admin/settings", {
        locale,
        form: { name: "Ville de Test", defaultLocale: "fr", primaryColor: "#7b7b7b", reportThreshold: "3" },
      });
      expectAccessibleStructure(refused);
      expect(refused).toContain('role="alert"');
      expect(refused).toContain(locale === "fr" ? "Ni le texte blanc ni le texte noir" : "Neither white nor black text");
      expect(refused).toMatch(/aria-invalid="true"/);
      // The map has its own form: an http style URL is refused there, the value kept.
      expect(html).toContain('value="2' + (locale === "fr" ? "," : ".") + '3522"');
      const map = await render(adminSettings as unknown as Page, "/admin/settings", {
        locale,
        form: { intent: "map", mapStyleUrl: "http://tiles.example.org/style.json", mapCenterLng: "2.3522", mapCenterLat: "48.8566", mapZoom: "12" },
      });
      expectAccessibleStructure(map);
      expect(map).toContain('value="http://tiles.example.org/style.json"');
      expect(map).toContain(locale === "fr" ? "qui commence par https:// suivi d&#x27;un nom de domaine" : "starting with https:// followed by a domain name");
      expect(map.match(/aria-invalid="true"/g)).toHaveLength(1);
    });

    it(`renders the moderation page with its empty queue (${locale})`, async () => {
      const html = await render(moderation as unknown as Page, "/moderation", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain(locale === "fr" ? "Aucun contenu n&#x27;attend de décision." : "Nothing awaits a decision.");
    });

    it(`renders the system page, and the notice with the one-time link after a creation (${locale})`, async () => {
      const html = await render(system as unknown as Page, "/system", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain(org.host);
      const host = `rendu-${locale}-${Date.now().toString(36)}.example`;
      const created = await render(system as unknown as Page, "/system", {
        locale,
        form: { host, name: "Rendu", defaultLocale: "fr", adminEmail: "a@example.org", adminName: "Anne" },
      });
      expectAccessibleStructure(created);
      expect(created).toMatch(new RegExp(`role="status"><div class="notice stack"><p>[^<]*${host.replace(/\./g, "\\.")}`));
      expect(created).toContain(`https://${host}/reset-password?token=`);
    });
  }

  it("changes a role through the rendered page's action and announces it", async () => {
    const target = await createTestUser(org.id, { name: "Zacharie Z" });
    const html = await render(adminMembers as unknown as Page, "/admin/members?q=Zacharie", {
      form: { userId: String(target.id), role: "official" },
    });
    expect(html).toContain('<div role="status"><p class="notice">Le rôle de Zacharie Z est désormais : Élu ou chef de projet.</p></div>');
    expect(html).toMatch(new RegExp(`<option value="official" selected="">`));
  });
});
