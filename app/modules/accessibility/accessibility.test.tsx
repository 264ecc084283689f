// The RGAA accessibility statement: the state derived from the rate, every section of the DINUM's
// model on the rendered page (both languages), the footer's state, the admins' form (who may,
// validation, isolation, the block) and the contact form (errors, admins notified, rate limit).
import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { renderingI18n } from "~/i18n/i18n.server";
import { findOrganizationByHost, forgetOrganizationCache } from "~/modules/organizations/queries.server";
import type { Role } from "~/modules/permissions/permissions";
import * as root from "~/root";
import * as page from "~/routes/_public+/accessibilite";
import * as admin from "~/routes/_admin+/admin.accessibilite";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, contextFor, dataOf, makeContext, makeRequest, type RouteFn, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { CONTACT_PER_SENDER_PER_HOUR } from "./contact.server";
import { StatementSchema } from "./schema";
import { conformanceState, type ConformanceState } from "./statement";
import { saveAccessibilityStatement } from "./statement.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let orgA: Org;
let orgB: Org;
let adminA: User;
let adminA2: User;
let adminB: User;
let citizenA: User;

beforeAll(async () => {
  orgA = await createTestOrganization({ name: "Ville A" });
  orgB = await createTestOrganization({ name: "Ville B" });
  adminA = await createTestUser(orgA.id, { role: "admin", name: "Adrien Admin" });
  adminA2 = await createTestUser(orgA.id, { role: "admin", name: "Alice Admin" });
  adminB = await createTestUser(orgB.id, { role: "admin", name: "Bruno Admin" });
  citizenA = await createTestUser(orgA.id, { name: "Camille Citoyen" });
});

afterEach(() => vi.restoreAllMocks());

async function render(org: Org, user: User | null, options: { locale?: "fr" | "en"; form?: Record<string, string>; ip?: string } = {}) {
  const locale = options.locale ?? "fr";
  const context = await contextFor(org, user, { locale, ip: options.ip });
  const handler = createStaticHandler([
    {
      id: "page",
      path: "/accessibilite",
      loader: ({ request }) => page.loader({ request, context, params: {} }) as Promise<object>,
      action: ({ request }) => page.action({ request, context, params: {} }) as Promise<object>,
      Component: page.default as ComponentType,
    },
  ]);
  const result = await handler.query(makeRequest("/accessibilite", { form: options.form }));
  if (result instanceof Response) throw new Error(`unexpected response ${result.status}`);
  if (result.errors) throw new Error(`route error: ${JSON.stringify(result.errors)}`);
  const router = createStaticRouter(handler.dataRoutes, result);
  const html = renderToString(
    <I18nextProvider i18n={renderingI18n(locale)}>
      <StaticRouterProvider router={router} context={result} hydrate={false} />
    </I18nextProvider>,
  );
  // Apostrophes as the text has them, so that the expectations read as the page does.
  return html.replaceAll("&#x27;", "'");
}

const FULL_FORM = {
  complianceRate: "72,5",
  auditedOn: "2026-11-20",
  auditor: "Access42",
  statedOn: "2026-11-27",
  nonConformities: "Carte des projets : pas d'équivalent textuel du fond de carte. Alternative : la liste HTML des lieux.\nVues 3D : non restituées.",
  derogations: "Vidéos des conseils municipaux antérieures à 2020 : sous-titrage hors de portée.",
  exemptions: "Comptes rendus PDF publiés avant 2018.",
  technologies: "HTML5\nCSS\nJavaScript",
  testEnvironments: "NVDA 2024.4 et Firefox 133",
  tools: "axe-core 4.10",
  auditedPages: "Accueil : /\nDéclaration d'accessibilité : /accessibilite",
};

async function statementRow(organizationId: number) {
  const [row] = await sql`select compliance_rate, auditor, non_conformities from accessibility_statements where organization_id = ${organizationId}`;
  return row ?? null;
}

describe("the conformance state follows the rate of the last audit (RGAA model)", () => {
  it.each<[number | null, ConformanceState]>([
    [null, "non"],
    [0, "non"],
    [49.99, "non"],
    [50, "partial"],
    [72.5, "partial"],
    [99.99, "partial"],
    [100, "total"],
  ])("rate %s → %s", (rate, state) => {
    expect(conformanceState(rate)).toBe(state);
  });
});

describe("the statement page", () => {
  it("says 'non conforme' and that no audit exists before the admins write a statement", async () => {
    const org = await createTestOrganization({ name: "Ville sans audit" });
    const html = await render(org, null);
    expect(html).toContain("est non conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1");
    expect(html).toContain("Aucun audit de conformité en cours de validité");
    expect(html).toContain("Aucun audit n'a encore été réalisé.");
    // The contact form and the recourse are there all the same: they are the law's, not the audit's.
    expect(html).toContain('id="accessibility-contact"');
    expect(html).toContain("Libre réponse 71120");
  });

  it.each(["fr", "en"] as const)("has every section of the model, with the audit's results (%s)", async (locale) => {
    const org = await createTestOrganization({ name: "Ville auditée" });
    const orgAdmin = await createTestUser(org.id, { role: "admin" });
    await saveAccessibilityStatement(sql, { organizationId: org.id, actorId: orgAdmin.id, statement: StatementSchema.parse(FULL_FORM) });
    const html = await render(org, null, { locale });
    expect(html.match(/<h1[\s>]/g) ?? []).toHaveLength(1);
    const sections = [...html.matchAll(/data-rgaa-section="([^"]+)"/g)].map((m) => m[1]);
    expect(sections).toEqual([
      "conformance",
      "results",
      "content",
      "non-conformities",
      "derogations",
      "exemptions",
      "establishment",
      "technologies",
      "test-environments",
      "tools",
      "audited-pages",
      "contact",
      "recourse",
    ]);
    const fr = locale === "fr";
    // Commitment (article 47) and scope.
    expect(html).toContain(fr ? "article 47 de la loi n° 2005-102 du 11 février 2005" : "article 47 of French law no. 2005-102 of 11 February 2005");
    expect(html).toContain(org.origin);
    // State, rate, auditor, dates.
    expect(html).toContain(fr ? "est partiellement conforme avec le référentiel" : "is partially compliant with the French accessibility standard");
    expect(html).toContain(fr ? "révèle que 72,5 % des critères du RGAA version 4.1 sont respectés" : "shows that 72.5% of the criteria of RGAA version 4.1 are met");
    expect(html).toContain("Access42");
    expect(html).toContain(fr ? "20 novembre 2026" : "20 November 2026");
    expect(html).toContain(fr ? "Cette déclaration a été établie le 27 novembre 2026." : "This statement was prepared on 27 November 2026.");
    // The lists, item by item.
    expect(html).toContain("<li>Vues 3D : non restituées.</li>");
    expect(html).toContain("sous-titrage hors de portée");
    expect(html).toContain("Comptes rendus PDF publiés avant 2018.");
    expect(html).toContain("<li>JavaScript</li>");
    expect(html).toContain("NVDA 2024.4 et Firefox 133");
    expect(html).toContain("axe-core 4.10");
    expect(html).toContain("Déclaration d'accessibilité : /accessibilite");
    // Contact: the form with its four labelled fields.
    for (const name of ["name", "email", "page", "problem"]) expect(html).toContain(`for="accessibility-contact-${name}"`);
    // Recourse: the Défenseur des droits, online, by phone, its delegates, by free post.
    expect(html).toContain('href="https://formulaire.defenseurdesdroits.fr/"');
    expect(html).toContain('href="https://www.defenseurdesdroits.fr/carte-des-delegues"');
    expect(html).toContain('href="tel:+33969390000"');
    expect(html).toContain("09 69 39 00 00");
    expect(html).toMatch(/<address>.*Défenseur des droits.*<br\/>Libre réponse 71120.*<br\/>75342 Paris CEDEX 07.*<\/address>/);
    expect(html).not.toMatch(/accessibility:|\{\{/);
  });

  it("says 'totalement conforme' at 100 %, without the sentence about non-conformities", async () => {
    const org = await createTestOrganization({ name: "Ville exemplaire" });
    const orgAdmin = await createTestUser(org.id, { role: "admin" });
    await saveAccessibilityStatement(sql, {
      organizationId: org.id,
      actorId: orgAdmin.id,
      statement: StatementSchema.parse({ ...FULL_FORM, complianceRate: "100", nonConformities: "" }),
    });
    const html = await render(org, null);
    expect(html).toContain("est totalement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.");
    expect(html).not.toContain("en raison des non-conformités");
    expect(html).toContain("Aucune non-conformité n'a été relevée.");
  });

  it("the footer of every page says the stored state", async () => {
    const org = await createTestOrganization({ name: "Ville du pied de page" });
    const orgAdmin = await createTestUser(org.id, { role: "admin" });
    const footerState = async () => {
      const found = (await findOrganizationByHost(org.host))!;
      const context = await makeContext(found);
      const data = (await root.loader({ request: makeRequest("/"), context, params: {} })) as { org: { accessibilityState: string } };
      return data.org.accessibilityState;
    };
    forgetOrganizationCache();
    expect(await footerState()).toBe("non");
    for (const [rate, state] of [
      ["64", "partial"],
      ["100", "total"],
      ["12", "non"],
    ] as const) {
      const saved = await callRoute(admin.action as RouteFn, { org, user: orgAdmin, path: "/admin/accessibilite", form: { ...FULL_FORM, complianceRate: rate } });
      expect(statusOf(saved)).toBe(200);
      expect(await footerState()).toBe(state);
    }
  });
});

describe("the admins' form", () => {
  it.each(["citizen", "aidant", "moderator", "official"] as Role[])("answers 403 to a %s and writes nothing", async (role) => {
    const user = await createTestUser(orgA.id, { role });
    expect(statusOf(await callRoute(admin.loader as RouteFn, { org: orgA, user, path: "/admin/accessibilite" }))).toBe(403);
    const before = await statementRow(orgA.id);
    expect(statusOf(await callRoute(admin.action as RouteFn, { org: orgA, user, path: "/admin/accessibilite", form: { ...FULL_FORM, auditor: `Pirate ${role}` } }))).toBe(403);
    expect(await statementRow(orgA.id)).toEqual(before);
  });

  it("sends an anonymous visitor to the login page", async () => {
    const result = (await callRoute(admin.loader as RouteFn, { org: orgA, user: null, path: "/admin/accessibilite" })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Faccessibilite");
  });

  it("keeps each organization's statement its own", async () => {
    // B's admin on A's host is nobody there.
    const foreign = (await callRoute(admin.action as RouteFn, { org: orgA, user: adminB, path: "/admin/accessibilite", form: FULL_FORM })) as Response;
    expect(foreign.status).toBe(302);
    expect(await statementRow(orgA.id)).toBeNull();
    // A's admin saves A's statement only, whatever the form says.
    const saved = await callRoute(admin.action as RouteFn, { org: orgA, user: adminA, path: "/admin/accessibilite", form: { ...FULL_FORM, organizationId: String(orgB.id) } });
    expect(statusOf(saved)).toBe(200);
    expect(dataOf<{ notice: string }>(saved).notice).toBe("La déclaration d'accessibilité est enregistrée.");
    expect(Number((await statementRow(orgA.id))!.compliance_rate)).toBe(72.5);
    expect(await statementRow(orgB.id)).toBeNull();
    // Audited as a change of the organization, state and rate before and after.
    const [entry] = await sql`
      select actor_id, data from audit_log where organization_id = ${orgA.id} and action = 'organization.update' order by id desc limit 1`;
    expect(Number(entry!.actor_id)).toBe(adminA.id);
    expect(entry!.data).toEqual({ accessibilityStatement: { from: null, to: { state: "partial", rate: 72.5 } } });
    // The same statement again: nothing written.
    const again = await callRoute(admin.action as RouteFn, { org: orgA, user: adminA, path: "/admin/accessibilite", form: FULL_FORM });
    expect(dataOf<{ notice: string }>(again).notice).toBe("Rien n'a changé : la déclaration est déjà à jour.");
    // The loader shows it back as the form typed it.
    const loaded = dataOf<{ values: Record<string, string> }>(await callRoute(admin.loader as RouteFn, { org: orgA, user: adminA, path: "/admin/accessibilite" }));
    expect(loaded.values).toMatchObject({ complianceRate: "72,5", auditedOn: "2026-11-20", auditor: "Access42", technologies: "HTML5\nCSS\nJavaScript" });
  });

  it("refuses a blocked admin (403 'blocked'), nothing written", async () => {
    const blocked = await createTestUser(orgA.id, { role: "admin" });
    await sql`update users set blocked_at = now() where id = ${blocked.id}`;
    const before = await statementRow(orgA.id);
    const result = await callRoute(admin.action as RouteFn, { org: orgA, user: blocked, path: "/admin/accessibilite", form: { ...FULL_FORM, auditor: "Bloqué" } });
    expect(statusOf(result)).toBe(403);
    expect(dataOf<{ reason: string }>(result).reason).toBe("status.blocked");
    expect(await statementRow(orgA.id)).toEqual(before);
  });

  const long = "x".repeat(501);
  it.each<[string, Record<string, string>, Record<string, string>]>([
    ["a rate above 100", { complianceRate: "120" }, { complianceRate: "accessibility:admin.errors.rate" }],
    ["a rate that is not a number", { complianceRate: "beaucoup" }, { complianceRate: "accessibility:admin.errors.rate" }],
    ["a rate with three decimals", { complianceRate: "72,555" }, { complianceRate: "accessibility:admin.errors.rate" }],
    ["an audit without its date and author", { auditedOn: "", auditor: "" }, { auditedOn: "accessibility:admin.errors.auditIncomplete", auditor: "accessibility:admin.errors.auditIncomplete" }],
    ["a day that does not exist", { auditedOn: "2026-02-30" }, { auditedOn: "accessibility:admin.errors.date" }],
    ["no statement date", { statedOn: "" }, { statedOn: "errors.required" }],
    ["a statement before its audit", { statedOn: "2026-11-01" }, { statedOn: "accessibility:admin.errors.statedBeforeAudit" }],
    ["51 non-conformities", { nonConformities: Array.from({ length: 51 }, (_, i) => `Contenu ${i}`).join("\n") }, { nonConformities: "accessibility:admin.errors.listTooLong" }],
    ["a line of 501 characters", { tools: `axe\n${long}` }, { tools: "accessibility:admin.errors.itemTooLong" }],
    ["a NUL character", { technologies: "HTML\u0000" }, { technologies: "accessibility:admin.errors.badCharacter" }],
    ["a control character", { auditor: "Audit \u0007" }, { auditor: "accessibility:admin.errors.badCharacter" }],
  ])("refuses %s with a field error, nothing written", async (_label, change, errors) => {
    const org = await createTestOrganization();
    const orgAdmin = await createTestUser(org.id, { role: "admin" });
    const result = await callRoute(admin.action as RouteFn, { org, user: orgAdmin, path: "/admin/accessibilite", form: { ...FULL_FORM, ...change } });
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<{ result: { error: Record<string, string[]> } }>(result).result;
    for (const [field, message] of Object.entries(errors)) expect(reply.error[field], field).toContain(message);
    expect(await statementRow(org.id)).toBeNull();
  });

  it("accepts no audit at all (three empty fields): the statement says 'non conforme'", async () => {
    const org = await createTestOrganization();
    const orgAdmin = await createTestUser(org.id, { role: "admin" });
    const result = await callRoute(admin.action as RouteFn, { org, user: orgAdmin, path: "/admin/accessibilite", form: { ...FULL_FORM, complianceRate: "", auditedOn: "", auditor: "" } });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ state: string }>(result).state).toBe("non");
    const row = await statementRow(org.id);
    expect(row!.compliance_rate).toBeNull();
    expect(row!.non_conformities).toHaveLength(2);
  });
});

describe("the contact form", () => {
  const MESSAGE = {
    name: "Dominique Lecteur",
    email: "dominique@example.org",
    page: "Projet Place de la Fontaine, carte",
    problem: "Je n'arrive pas à atteindre les lieux de la carte avec mon lecteur d'écran.",
  };

  async function stored(organizationId: number) {
    const [row] = await sql`
      select
        (select count(*)::int from notifications where organization_id = ${organizationId} and kind = 'accessibility_report') as notifications,
        (select count(*)::int from mail_outbox where organization_id = ${organizationId} and subject like '%accessibilit%') as mails,
        (select count(*)::int from accessibility_contacts where organization_id = ${organizationId}) as contacts`;
    return row as { notifications: number; mails: number; contacts: number };
  }

  it("answers a missing field with the same page and its field errors, and stores nothing", async () => {
    const before = await stored(orgA.id);
    const result = await callRoute(page.action as RouteFn, { org: orgA, user: null, path: "/accessibilite", form: { name: "", email: "pas une adresse", page: "", problem: " " }, ip: "10.1.0.1" });
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<{ result: { error: Record<string, string[]> } }>(result).result;
    expect(reply.error).toMatchObject({ name: ["errors.required"], email: ["errors.email"], page: ["errors.required"], problem: ["errors.required"] });
    expect(await stored(orgA.id)).toEqual(before);
    // Rendered: the same page, each field invalid and described by its translated error.
    const html = await render(orgA, null, { form: { ...MESSAGE, problem: "" }, ip: "10.1.0.2" });
    expect(html).toContain("<h1>Déclaration d'accessibilité</h1>");
    expect(html).toMatch(/<textarea[^>]*id="accessibility-contact-problem"[^>]*aria-invalid="true"/);
    expect(html).toContain("Ce champ est obligatoire.");
    expect(html).toContain('value="Dominique Lecteur"');
    expect(await stored(orgA.id)).toEqual(before);
  });

  it("notifies each admin of the organization, with a mail through the outbox, and logs nothing personal", async () => {
    const logged: unknown[][] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args));
    }
    const result = await callRoute(page.action as RouteFn, { org: orgA, user: citizenA, path: "/accessibilite", form: { ...MESSAGE, organizationId: String(orgB.id) }, ip: "10.2.0.1" });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ sent: boolean }>(result).sent).toBe(true);
    for (const recipient of [adminA, adminA2]) {
      const notes = await sql`select data from notifications where user_id = ${recipient.id} and kind = 'accessibility_report'`;
      expect(notes).toHaveLength(1);
      // The bell keeps the page and the way to the statement, not the person's name, address or text.
      expect(notes[0]!.data).toEqual({ path: "/admin/accessibilite", page: MESSAGE.page });
      const mails = await sql`select subject, text_body, html_body, for_user_id, about_user_id from mail_outbox where to_address = ${recipient.email}`;
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Signalement d'accessibilité : ${MESSAGE.page}`);
      for (const value of Object.values(MESSAGE)) expect(mails[0]!.text_body).toContain(value);
      expect(mails[0]!.html_body).toContain("Je n&#39;arrive pas");
      expect(Number(mails[0]!.for_user_id)).toBe(recipient.id);
      // The sender was logged in: their pending mails go with their account.
      expect(Number(mails[0]!.about_user_id)).toBe(citizenA.id);
    }
    // Nobody else: not the citizen, not B's admin.
    expect(await sql`select 1 from notifications where kind = 'accessibility_report' and user_id in (${citizenA.id}, ${adminB.id})`).toHaveLength(0);
    expect(await sql`select 1 from mail_outbox where to_address = ${adminB.email}`).toHaveLength(0);
    const text = JSON.stringify(logged);
    for (const value of Object.values(MESSAGE)) expect(text).not.toContain(value);
  });

  it("is rate limited per sender: beyond the limit, a translated 429 and nothing stored", async () => {
    const org = await createTestOrganization();
    await createTestUser(org.id, { role: "admin" });
    for (let i = 0; i < CONTACT_PER_SENDER_PER_HOUR; i++) {
      expect(statusOf(await callRoute(page.action as RouteFn, { org, user: null, path: "/accessibilite", form: MESSAGE, ip: "10.3.0.1" }))).toBe(200);
    }
    const before = await stored(org.id);
    expect(before).toEqual({ notifications: CONTACT_PER_SENDER_PER_HOUR, mails: CONTACT_PER_SENDER_PER_HOUR, contacts: CONTACT_PER_SENDER_PER_HOUR });
    const refused = await callRoute(page.action as RouteFn, { org, user: null, path: "/accessibilite", form: MESSAGE, ip: "10.3.0.1", locale: "en" });
    expect(statusOf(refused)).toBe(429);
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(refused).result.error[""]![0]).toMatch(
      /^You have already sent several reports\. Try again in \d+ minutes?; nothing was sent\.$/,
    );
    expect(await stored(org.id)).toEqual(before);
    // The sender is kept as a digest of the address, never the address itself.
    const keys = await sql`select sender_key from accessibility_contacts where organization_id = ${org.id}`;
    for (const k of keys) expect(String(k.sender_key)).toMatch(/^[0-9a-f]{64}$/);
    // Someone else is not held back by it.
    expect(statusOf(await callRoute(page.action as RouteFn, { org, user: null, path: "/accessibilite", form: MESSAGE, ip: "10.3.0.2" }))).toBe(200);
  });
});
