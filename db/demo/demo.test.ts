// The demo town seeds once through the app's own commands: a second run adds nothing, every phase
// and kind is there, the demo citizen's bell is waiting, and every stored rich text is one the
// editor's validation accepts as it is.
import { beforeAll, describe, expect, it } from "vitest";
import { loadTownIdentity } from "~/modules/organizations/identity.server";
import { PHASE_KINDS, currentPhase, type Phase } from "~/modules/projects/phases";
import { ANSWER_STATUSES } from "~/modules/proposals/schema";
import { actorOfMember, listScenes, loadScene } from "~/modules/scenes/queries.server";
import { processRichText } from "~/modules/richtext/richtext.server";
import { sql } from "~/utils/db.server";
import { ensureDemoOrganization, seedDemoAccounts, seedDemoContent } from "../seed";
import { townBounds } from "./geography";

const TABLES = ["users", "projects", "project_phases", "proposals", "supports", "comments", "debates", "reports", "moderations", "notifications", "uploads", "follows", "audit_log"] as const;

async function counts(organizationId: number) {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await sql`select count(*)::int as n from ${sql(table)} where organization_id = ${organizationId}`;
    out[table] = Number(row!.n);
  }
  return out;
}

let organizationId: number;
let firstRunMs = 0;

beforeAll(async () => {
  organizationId = (await ensureDemoOrganization(sql))!;
  await seedDemoAccounts(sql, organizationId);
  const outcome = await seedDemoContent(sql, organizationId);
  expect(outcome.seeded).toBe(true);
  firstRunMs = outcome.ms;
}, 120_000);

describe("the demo town", () => {
  it("seeds once: a second run finds it and writes nothing", async () => {
    console.log(`demo town seeded in ${firstRunMs} ms`);
    const before = await counts(organizationId);
    expect(before.projects).toBeGreaterThanOrEqual(6);
    expect(before.proposals).toBeGreaterThanOrEqual(30);
    const again = await seedDemoContent(sql, organizationId);
    expect(again.seeded).toBe(false);
    await seedDemoAccounts(sql, organizationId);
    expect(await counts(organizationId)).toEqual(before);
  });

  it("shows the square in 3D: three variants, each with its optimised model, poster and five captioned stills", async () => {
    const [project] = await sql`select id from projects where organization_id = ${organizationId} and slug = 'place-de-la-fontaine'`;
    const actor = await actorOfMember(sql, organizationId, Number((await sql`select id from users where organization_id = ${organizationId} and email = 'citoyen@maquette.example'`)[0]!.id));
    const [card] = await listScenes(sql, organizationId, Number(project!.id), actor!);
    expect(card).toMatchObject({ title: "La place en 3D", variantsCount: 3 });
    const scene = await loadScene(sql, organizationId, card!.id, { actor: actor! });
    expect(scene!.variants.map((v) => v.title)).toEqual(["État actuel", "Variante A : la place plantée", "Variante B : le kiosque et les jardins"]);
    for (const variant of scene!.variants) {
      expect(variant.model?.report.drawCalls).toBeLessThanOrEqual(100);
      expect(variant.model?.bytes).toBeLessThanOrEqual(3 * 1024 * 1024);
      expect(variant.model?.report.validator.errors).toBe(0);
      expect(variant.poster?.alt).toMatch(/^Vue d'ensemble/);
      expect(variant.viewpoints).toHaveLength(5);
      expect(variant.viewpoints.every((v) => v.still !== null && v.caption.length > 20)).toBe(true);
    }
  });

  it("has its identity on the home page: a banner picture with its alt text, a welcome text, the footer's links", async () => {
    const identity = await loadTownIdentity(sql, organizationId);
    expect(identity.banner?.alt).toMatch(/place de la Fontaine/);
    expect(identity.banner?.srcSet).toMatch(/\.webp 1600w/);
    expect(identity.welcomeText).toMatch(/avec vous/);
    expect(identity.footerLinks.map((l) => l.href)).toEqual(["https://www.ville-de-demo.example", "https://www.ville-de-demo.example/contact"]);
  });

  it("has every kind, every current phase, an archived project, covers and places", async () => {
    const projects = await sql`
      select id, kind, status, cover_upload_id, center_lng, center_lat, location, body_text from projects
      where organization_id = ${organizationId} order by id`;
    const today = String((await sql`select to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as d`)[0]!.d);
    const running = new Set<string>();
    for (const project of projects) {
      const phases = (
        await sql`select kind, to_char(starts_on, 'YYYY-MM-DD') as s, to_char(ends_on, 'YYYY-MM-DD') as e from project_phases where project_id = ${project.id}`
      ).map((r) => ({ kind: r.kind, startsOn: r.s, endsOn: r.e }) as Phase);
      if (project.status === "published") running.add(currentPhase(phases, today)!.kind);
      expect(project.cover_upload_id, "a cover").not.toBeNull();
      expect(project.location, "a place").not.toBeNull();
      const [west, south, east, north] = townBounds();
      expect(Number(project.center_lng)).toBeGreaterThan(west);
      expect(Number(project.center_lng)).toBeLessThan(east);
      expect(Number(project.center_lat)).toBeGreaterThan(south);
      expect(Number(project.center_lat)).toBeLessThan(north);
      expect(String(project.body_text)).not.toMatch(/lorem/i);
    }
    expect([...running].sort()).toEqual([...PHASE_KINDS].sort());
    expect(new Set(projects.map((p) => p.kind))).toEqual(new Set(["urban", "cultural", "leisure"]));
    expect(projects.filter((p) => p.status === "archived")).toHaveLength(1);
  });

  it("has answers in every status, a closed debate with its conclusion, a comment hidden with its reason", async () => {
    const statuses = await sql`select distinct status from proposals where organization_id = ${organizationId} and answered_at is not null`;
    expect(statuses.map((s) => s.status).sort()).toEqual([...ANSWER_STATUSES].sort());
    const [closed] = await sql`select conclusion from debates where organization_id = ${organizationId} and closed_at is not null`;
    expect(String(closed!.conclusion).length).toBeGreaterThan(20);
    const hidden = await sql`
      select c.id, m.decision_reason from comments c
      join moderations m on m.target_type = 'comment' and m.target_id = c.id
      where c.organization_id = ${organizationId} and c.hidden_at is not null and m.state = 'hidden'`;
    expect(hidden).toHaveLength(1);
    expect(String(hidden[0]!.decision_reason)).toMatch(/charte/);
    // The moderators' queue has a reported comment waiting; the public log a decision.
    const waiting = await sql`select target_type from moderations where organization_id = ${organizationId} and waiting`;
    expect(waiting.map((w) => w.target_type)).toEqual(["comment"]);
    const [logged] = await sql`select count(*)::int as n from moderation_decisions where organization_id = ${organizationId} and decision = 'hide'`;
    expect(Number(logged!.n)).toBeGreaterThanOrEqual(1);
    const [replies] = await sql`select count(*)::int as n from comments where organization_id = ${organizationId} and parent_id is not null`;
    expect(Number(replies!.n)).toBeGreaterThan(5);
    const authors = await sql`select count(distinct author_id)::int as n from proposals where organization_id = ${organizationId}`;
    expect(Number(authors[0]!.n)).toBeGreaterThanOrEqual(12);
  });

  it("leaves unread notifications in the demo citizen's bell", async () => {
    const rows = await sql`
      select n.kind from notifications n join users u on u.id = n.user_id
      where u.email = 'citoyen@maquette.example' and n.organization_id = ${organizationId} and n.read_at is null`;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    // The school yard's consultation published its results: the citizen follows that project.
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["project_phase", "proposal_answered", "comment_reply", "consultation_results"]));
  });

  it("has an open consultation of each method with ballots, and a closed one with its results published", async () => {
    const rows = await sql`
      select c.closed_at is not null as closed, c.results_published_at is not null as published, q.method, n.voters
      from consultations c join consultation_questions q on q.consultation_id = c.id
      left join consultation_counts n on n.consultation_id = c.id
      where c.organization_id = ${organizationId}`;
    const open = rows.filter((r) => !r.closed);
    expect(new Set(open.map((r) => r.method))).toEqual(new Set(["single", "approval", "majority", "budget"]));
    expect(open.every((r) => Number(r.voters) >= 5)).toBe(true);
    expect(rows.filter((r) => r.closed && r.published)).toHaveLength(1);
  });

  it("mails nothing about the demo's invented past (a short first start), while the bell keeps it", async () => {
    const [pending] = await sql`select count(*)::int as n from mail_outbox where organization_id = ${organizationId} and sent_at is null`;
    expect(pending!.n).toBe(0);
  });

  it("stores only rich text the validator accepts unchanged", async () => {
    const projects = await sql`select body, body_html, body_text from projects where organization_id = ${organizationId}`;
    const proposals = await sql`select body, body_html, body_text from proposals where organization_id = ${organizationId}`;
    for (const [rows, profile] of [
      [projects, "full"],
      [proposals, "basic"],
    ] as const) {
      for (const row of rows) {
        const again = processRichText(row.body, profile);
        expect(again.json).toEqual(row.body);
        expect(again.html).toBe(row.body_html);
        expect(again.text).toBe(row.body_text);
      }
    }
    // Every project body shows a picture, and it is one of the organization's uploads.
    for (const row of projects) expect(String(row.body_html)).toMatch(new RegExp(`<img src="/uploads/${organizationId}/`));
  });
});
