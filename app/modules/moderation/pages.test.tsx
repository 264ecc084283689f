// Renders the moderation, report, notification and open-data pages (and the report button) to
// HTML with their real loader data, in both languages, and checks what RGAA asks of them.
import type { AppLoadContext } from "@remix-run/node";
import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { HiddenNotice } from "~/modules/moderation/ui/HiddenNotice";
import { ReportButton } from "~/modules/moderation/ui/ReportButton";
import { NotificationBell } from "~/components/notifications/NotificationBell";
import { renderingI18n } from "~/i18n/i18n.server";
import { notify } from "~/modules/notifications/notify.server";
import * as settingsPage from "~/routes/_account+/account_.notifications";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as blockedPage from "~/routes/_moderation+/moderation.blocked";
import * as notificationsPage from "~/routes/_account+/notifications._index";
import * as openDataPage from "~/routes/_public+/open-data._index";
import * as reportPage from "~/routes/_public+/report";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { makeContext, makeRequest } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { reportContent } from "./reports.server";
import { createComment, createProject, createProposal } from "./testing.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;
type Fn = (args: { request: Request; context: AppLoadContext; params: object }) => unknown;
type Page = { loader?: Fn; action?: Fn; default: ComponentType };

let org: Org;
let moderator: User;
let citizen: User;
let proposalId: number;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville de Rendu" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane Modératrice" });
  citizen = await createTestUser(org.id, { name: "Camille Citoyen" });
  const official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  const project = await createProject(org.id, official.id, { title: "Place du marché" });
  const proposal = await createProposal(project, citizen.id, { title: "Un marché couvert", body: "<script>alert(1)</script> Texte brut" });
  proposalId = (await createProposal(project, citizen.id, { title: "Une proposition à signaler" })).id;
  await sql`update organizations set report_threshold = 2 where id = ${org.id}`;
  const comment = await createComment(project, citizen.id, { type: "proposal", id: proposal.id }, "Un commentaire signalé");
  for (let i = 0; i < 3; i++) {
    const reporter = await createTestUser(org.id, { name: `Témoin ${i}` });
    await reportContent(sql, {
      organizationId: org.id,
      reporterId: reporter.id,
      target: { type: i === 2 ? "comment" : "proposal", id: i === 2 ? comment.id : proposal.id },
      reason: i === 0 ? "spam" : "offensive",
      details: i === 0 ? "Publicité déguisée" : null,
      origin: "http://localhost",
    });
  }
  await sql`update users set blocked_at = now(), blocked_reason = 'Spam répété' where id = ${official.id}`;
  await notify(sql, {
    organizationId: org.id,
    userId: moderator.id,
    kind: "proposal_answered",
    data: { path: "/projects/place/proposals/1", proposalTitle: "Un marché <b>couvert</b>", status: "acceptée" },
    origin: "http://localhost",
  });
});

async function render(page: Page, path: string, options: { locale?: "fr" | "en"; user?: User; form?: Record<string, string> } = {}) {
  const locale = options.locale ?? "fr";
  const { token } = await createTestSession(options.user ?? moderator);
  const context = await makeContext(org, { token, locale });
  const handler = createStaticHandler([
    {
      id: "page",
      path: new URL(path, "http://x").pathname,
      loader: page.loader ? ({ request }) => page.loader!({ request, context, params: {} }) as Promise<object> : undefined,
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

/** One h1, headings without skipped levels, labelled controls, described tables, no raw keys. */
function expectAccessibleStructure(html: string) {
  expect(html.match(/<h1[\s>]/g) ?? []).toHaveLength(1);
  let level = 1;
  for (const [, h] of html.matchAll(/<h([1-6])[\s>]/g)) {
    expect(Number(h), "heading levels").toBeLessThanOrEqual(level + 1);
    level = Number(h);
  }
  for (const [, id] of html.matchAll(/<(?:select|input|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)) {
    expect(html, `label for #${id}`).toContain(`for="${id}"`);
  }
  expect(html).not.toMatch(/<(?:select|input|textarea)\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/);
  expect((html.match(/<caption[\s>]/g) ?? []).length).toBe((html.match(/<table[\s>]/g) ?? []).length);
  for (const th of html.match(/<th\b[^>]*>/g) ?? []) expect(th).toMatch(/scope="(col|row)"/);
  for (const button of html.match(/<button\b[^>]*>[\s\S]*?<\/button>/g) ?? []) {
    expect(button.replace(/<[^>]+>/g, "").trim().length, button).toBeGreaterThan(0);
  }
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size, "unique ids").toBe(ids.length);
  expect(html).not.toMatch(/\{\{|\b(?:moderation|notifications|admin|common):[a-z]/);
  expect(html).not.toMatch(/<script>alert/);
}

describe("page rendering", () => {
  for (const locale of ["fr", "en"] as const) {
    it(`renders the moderation queue with its reported items and actions (${locale})`, async () => {
      const html = await render(moderationPage as unknown as Page, "/moderation", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain("Un marché couvert");
      expect(html).toContain("Un commentaire signalé");
      expect(html).toContain(`href="/projects/`);
      expect(html).toContain(locale === "fr" ? "Publicité déguisée" : "Publicité déguisée");
      expect(html).toContain(locale === "fr" ? "Masqué automatiquement après 2 signalements" : "Hidden automatically after 2 reports");
      expect(html).toContain(locale === "fr" ? "Rejeter les signalements" : "Dismiss the reports");
      expect(html).toContain(locale === "fr" ? "Bloquer Camille Citoyen" : "Block Camille Citoyen");
      expect(html).toContain('role="status"');
      // Text, never the stored HTML.
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Texte brut");
    });

    it(`renders the blocked accounts (${locale})`, async () => {
      const html = await render(blockedPage as unknown as Page, "/moderation/blocked", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain("Élise Élue");
      expect(html).toContain("Spam répété");
    });

    it(`renders the report page and its refusal with the values kept (${locale})`, async () => {
      const reporter = await createTestUser(org.id);
      const html = await render(reportPage as unknown as Page, `/report?type=proposal&id=${proposalId}`, { locale, user: reporter });
      expectAccessibleStructure(html);
      expect(html).toMatch(/<fieldset[^>]*>\s*<legend>/);
      expect(html).toContain(locale === "fr" ? "Spam ou publicité" : "Spam or advertising");
      const refused = await render(reportPage as unknown as Page, `/report?type=proposal&id=${proposalId}`, {
        locale,
        user: reporter,
        form: { targetType: "proposal", targetId: String(proposalId), details: "Mes précisions" },
      });
      expectAccessibleStructure(refused);
      expect(refused).toContain(locale === "fr" ? "Choisissez le motif du signalement." : "Choose the reason for your report.");
      expect(refused).toContain("Mes précisions");
      expect(refused).toMatch(/aria-invalid="true"/);
      const done = await render(reportPage as unknown as Page, `/report?type=proposal&id=${proposalId}`, {
        locale,
        user: reporter,
        form: { targetType: "proposal", targetId: String(proposalId), reason: "other", redirectTo: "/projects/x/proposals/1" },
      });
      expect(done).toContain(locale === "fr" ? "Merci, la modération va examiner" : "Thank you, moderation will review");
      expect(done).toContain('href="/projects/x/proposals/1"');
    });

    it(`renders the notifications page and the settings page (${locale})`, async () => {
      const html = await render(notificationsPage as unknown as Page, "/notifications", { locale });
      expectAccessibleStructure(html);
      expect(html).toContain(locale === "fr" ? "Tout marquer comme lu" : "Mark all as read");
      expect(html).toContain("Un marché &lt;b&gt;couvert&lt;/b&gt;");
      const settings = await render(settingsPage as unknown as Page, "/account/notifications", { locale });
      expectAccessibleStructure(settings);
      expect(settings.match(/<fieldset/g)).toHaveLength(7);
      expect(settings.match(/type="checkbox"/g)).toHaveLength(14);
    });

    it(`renders the open-data page with the licence and the four files (${locale})`, async () => {
      const html = await render(openDataPage as unknown as Page, "/open-data", { locale });
      expectAccessibleStructure(html);
      for (const file of ["projects.csv", "projects.json", "proposals.csv", "proposals.json"]) expect(html).toContain(`href="/open-data/${file}"`);
      expect(html).toContain("Licence Ouverte 2.0");
      expect(html).toContain('href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"');
    });

    it(`renders the report button, closed, and as already reported (${locale})`, async () => {
      const Buttons = () => (
        <>
          <ReportButton target={{ type: "comment", id: 12 }} alreadyReported={false} />
          <ReportButton target={{ type: "proposal", id: 12 }} alreadyReported={false} />
          <ReportButton target={{ type: "debate", id: 3 }} alreadyReported />
        </>
      );
      const html = await render({ default: Buttons }, "/projects/x", { locale });
      expectAccessibleStructure(`<h1>x</h1>${html}`);
      expect(html).toContain('action="/report?type=comment&amp;id=12"');
      expect(html).toMatch(/<details class="report__disclosure"><summary>(Signaler|Report)<span class="visually-hidden">/);
      expect(html).toContain('name="redirectTo" value="/projects/x"');
      expect(html).toContain(locale === "fr" ? "Vous avez signalé ce contenu." : "You reported this content.");
      expect(html.match(/role="status"/g)).toHaveLength(3);
    });

    it(`renders why a contribution is hidden, to its author (${locale})`, async () => {
      const Notices = () => (
        <>
          <HiddenNotice notice={{ automatic: true, reason: null, reportCount: 4 }} forAuthor />
          <HiddenNotice notice={{ automatic: false, reason: "Propos injurieux", reportCount: 1 }} forAuthor />
          <HiddenNotice notice={null} forAuthor={false} />
        </>
      );
      const html = await render({ default: Notices }, "/", { locale });
      expect(html).toContain(locale === "fr" ? "signalée par 4 participants" : "4 participants reported it");
      expect(html).toContain(locale === "fr" ? "Motif : Propos injurieux" : "Reason: Propos injurieux");
      expect(html).toContain(locale === "fr" ? "seuls son auteur et les modérateurs" : "only its author and the moderators");
    });

    it(`renders the bell with its count in its name (${locale})`, async () => {
      const Bell = () => (
        <>
          <NotificationBell unread={3} />
          <NotificationBell unread={0} />
          <NotificationBell unread={100} />
        </>
      );
      const html = await render({ default: Bell }, "/", { locale });
      if (locale === "fr") {
        expect(html).toContain("Notifications (3 non lues)");
        expect(html).toContain("Notifications (aucune non lue)");
        expect(html).toContain("Notifications (99+ non lues)");
      } else {
        expect(html).toContain("Notifications (3 unread)");
        expect(html).toContain("Notifications (none unread)");
      }
      expect(html).toContain('href="/notifications"');
    });
  }
});
