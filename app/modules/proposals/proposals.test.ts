// Proposals through their routes' loaders and actions: the phase guard on the server, the edit
// window, withdrawal, supports, list sorts and pages, official answers.
import { beforeAll, describe, expect, it } from "vitest";
import * as editRoute from "~/routes/_public+/projects.$slug.proposals.$id.edit";
import * as pageRoute from "~/routes/_public+/projects.$slug.proposals.$id";
import * as listRoute from "~/routes/_public+/projects.$slug.proposals._index";
import * as newRoute from "~/routes/_public+/projects.$slug.proposals.new";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { listProposals } from "./queries.server";
import { createTestProject, createTestProposal, setTestPhase, type TestOrg, type TestUser } from "./testing.server";
import { callAction, callLoader, dataOf, type RouteFn, statusOf } from "~/test/remix";

let org: TestOrg;
let other: TestOrg;
let citizen: TestUser;
let neighbour: TestUser;
let official: TestUser;

beforeAll(async () => {
  org = (await createTestOrganization()) as TestOrg;
  other = (await createTestOrganization()) as TestOrg;
  citizen = await createTestUser(org.id, { name: "Camille" });
  neighbour = await createTestUser(org.id, { name: "Dominique" });
  official = await createTestUser(org.id, { name: "Élise Élue", role: "official" });
});

const BODY = "Des arbres le long de la rue.\n\nEt des bancs.";

function proposalForm(extra: Record<string, string> = {}) {
  return { title: "Planter des arbres", body: BODY, bodyFormat: "plain", location: "", "location-lat": "", "location-lng": "", ...extra };
}

async function propose(user: TestUser | null, slug: string, form: Record<string, string> = proposalForm(), o: TestOrg = org) {
  return callAction(newRoute.action as RouteFn, o, user, `/projects/${slug}/proposals/new`, form, { slug });
}

async function proposalCount(projectId: number) {
  const [row] = await sql`select count(*)::int as n from proposals where project_id = ${projectId}`;
  return Number(row!.n);
}

function locationOf(result: unknown): string {
  expect(result).toBeInstanceOf(Response);
  return (result as Response).headers.get("Location") ?? "";
}

describe("creating a proposal", () => {
  it("creates it with the sanitized body and a place, and redirects to it", async () => {
    const project = await createTestProject(org.id, official.id);
    const result = await propose(citizen, project.slug, proposalForm({ "location-lat": "48,85", "location-lng": "2.35" }));
    expect(statusOf(result)).toBe(302);
    expect(locationOf(result)).toMatch(new RegExp(`^/projects/${project.slug}/proposals/\\d+\\?done=created$`));
    const [row] = await sql`select title, body_html, body_text, lng, lat, status, author_id from proposals where project_id = ${project.id}`;
    expect(row).toMatchObject({ title: "Planter des arbres", body_html: "<p>Des arbres le long de la rue.</p><p>Et des bancs.</p>", status: "submitted" });
    expect([row!.lng, row!.lat]).toEqual([2.35, 48.85]);
    expect(Number(row!.author_id)).toBe(citizen.id);
  });

  it("is refused BY THE SERVER outside co-construction, with the reason (403), nothing written", async () => {
    const project = await createTestProject(org.id, official.id, { phase: "information" });
    const result = await propose(citizen, project.slug);
    expect(statusOf(result)).toBe(403);
    expect(dataOf<{ reason: string }>(result).reason).toBe("proposals:closed.propose");
    expect(await proposalCount(project.id)).toBe(0);
    // The form page says it too.
    const page = await callLoader(newRoute.loader as RouteFn, org, citizen, `/projects/${project.slug}/proposals/new`, { slug: project.slug });
    expect(statusOf(page)).toBe(403);
    await setTestPhase(project.id, "vote");
    expect(statusOf(await propose(citizen, project.slug))).toBe(403);
  });

  it("is refused to unconfirmed and blocked accounts, and sends visitors to the login page", async () => {
    const project = await createTestProject(org.id, official.id);
    const unconfirmed = await createTestUser(org.id, { confirmed: false });
    const r1 = await propose(unconfirmed, project.slug);
    expect(statusOf(r1)).toBe(403);
    expect(dataOf<{ reason: string }>(r1).reason).toBe("status.confirmEmailFirst");
    const blocked = await createTestUser(org.id);
    await sql`update users set blocked_at = now() where id = ${blocked.id}`;
    const r2 = await propose(blocked, project.slug);
    expect(dataOf<{ reason: string }>(r2).reason).toBe("status.blocked");
    const r3 = await propose(null, project.slug);
    expect(statusOf(r3)).toBe(302);
    expect(locationOf(r3)).toMatch(/^\/login\?redirectTo=/);
    expect(await proposalCount(project.id)).toBe(0);
  });

  it("answers 400 with errors next to the fields and the values kept, nothing written", async () => {
    const project = await createTestProject(org.id, official.id);
    const result = await propose(citizen, project.slug, proposalForm({ title: "ab", body: "", "location-lat": "123", "location-lng": "2" }));
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<{ error: Record<string, string[]>; initialValue: Record<string, string> }>(result);
    expect(reply.error.title).toEqual(["proposals:errors.titleLength"]);
    expect(reply.error.body).toEqual(["richtext.empty"]);
    expect(reply.error.location).toEqual(["map:errors.latitudeRange"]);
    expect(reply.initialValue.title).toBe("ab");
    // Unsafe rich text from a forged editor is refused too.
    const forged = JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] });
    const r2 = await propose(citizen, project.slug, proposalForm({ body: forged, bodyFormat: "json" }));
    expect(dataOf<{ error: Record<string, string[]> }>(r2).error.body).toEqual(["richtext.unsafeLink"]);
    expect(await proposalCount(project.id)).toBe(0);
  });

  it("does not reach another organization's project (404)", async () => {
    const project = await createTestProject(org.id, official.id);
    const stranger = await createTestUser(other.id);
    expect(statusOf(await propose(stranger, project.slug, proposalForm(), other))).toBe(404);
    expect(await proposalCount(project.id)).toBe(0);
  });
});

describe("editing and withdrawing", () => {
  async function edit(user: TestUser, slug: string, id: number, title: string) {
    return callAction(editRoute.action as RouteFn, org, user, `/projects/${slug}/proposals/${id}/edit`, proposalForm({ title }), { slug, id: String(id) });
  }

  it("lets the author edit within 15 minutes, not after", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    expect(statusOf(await edit(citizen, project.slug, p.id, "Titre corrigé"))).toBe(302);
    const [row] = await sql`select title from proposals where id = ${p.id}`;
    expect(row!.title).toBe("Titre corrigé");
    await sql`update proposals set created_at = now() - interval '16 minutes' where id = ${p.id}`;
    const late = await edit(citizen, project.slug, p.id, "Trop tard");
    expect(statusOf(late)).toBe(403);
    expect(dataOf<{ error: Record<string, string[]> }>(late).error[""]).toEqual(["proposals:errors.editClosed"]);
    const [after] = await sql`select title from proposals where id = ${p.id}`;
    expect(after!.title).toBe("Titre corrigé");
    const page = await callLoader(editRoute.loader as RouteFn, org, citizen, `/projects/${project.slug}/proposals/${p.id}/edit`, { slug: project.slug, id: String(p.id) });
    expect(statusOf(page)).toBe(403);
  });

  it("closes the edit window at the first support, and to anyone but the author", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    expect(statusOf(await edit(neighbour, project.slug, p.id, "Pas à moi"))).toBe(404);
    const supported = await callAction(pageRoute.action as RouteFn, org, neighbour, `/projects/${project.slug}/proposals/${p.id}`, { intent: "support", support: "on" }, { slug: project.slug, id: String(p.id) });
    expect(statusOf(supported)).toBe(200);
    expect(statusOf(await edit(citizen, project.slug, p.id, "Après soutien"))).toBe(403);
    const [row] = await sql`select title from proposals where id = ${p.id}`;
    expect(row!.title).toBe(p.title);
  });

  it("withdraws: the proposal stays, marked, and takes no more supports", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    const path = `/projects/${project.slug}/proposals/${p.id}`;
    const params = { slug: project.slug, id: String(p.id) };
    expect(statusOf(await callAction(pageRoute.action as RouteFn, org, neighbour, path, { intent: "withdraw" }, params))).toBe(404);
    const result = await callAction(pageRoute.action as RouteFn, org, citizen, path, { intent: "withdraw" }, params);
    expect(locationOf(result)).toBe(`${path}?done=withdrawn`);
    const [row] = await sql`select status from proposals where id = ${p.id}`;
    expect(row!.status).toBe("withdrawn");
    const page = dataOf<{ proposal: { status: string }; support: { can: boolean } }>(await callLoader(pageRoute.loader as RouteFn, org, neighbour, path, params));
    expect(page.proposal.status).toBe("withdrawn");
    expect(page.support.can).toBe(false);
    const support = await callAction(pageRoute.action as RouteFn, org, neighbour, path, { intent: "support", support: "on" }, params);
    expect(statusOf(support)).toBe(403);
    const again = await callAction(pageRoute.action as RouteFn, org, citizen, path, { intent: "withdraw" }, params);
    expect(statusOf(again)).toBe(409);
  });
});

describe("supports", () => {
  async function support(user: TestUser, slug: string, id: number, on: boolean) {
    return callAction(pageRoute.action as RouteFn, org, user, `/projects/${slug}/proposals/${id}`, { intent: "support", support: on ? "on" : "off" }, { slug, id: String(id) });
  }
  async function counts(id: number) {
    const [row] = await sql`
      select supports_count, (select count(*)::int from supports where proposal_id = ${id}) as rows from proposals where id = ${id}`;
    return { column: Number(row!.supports_count), rows: Number(row!.rows) };
  }

  it("counts one support per citizen, idempotently, and toggles it off", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    const first = await support(neighbour, project.slug, p.id, true);
    expect(dataOf(first)).toMatchObject({ result: { supported: true, count: 1 } });
    await support(neighbour, project.slug, p.id, true);
    await Promise.all([support(neighbour, project.slug, p.id, true), support(neighbour, project.slug, p.id, true)]);
    expect(await counts(p.id)).toEqual({ column: 1, rows: 1 });
    await support(official, project.slug, p.id, true);
    expect(await counts(p.id)).toEqual({ column: 2, rows: 2 });
    const off = await support(neighbour, project.slug, p.id, false);
    expect(dataOf(off)).toMatchObject({ result: { supported: false, count: 1 } });
    await support(neighbour, project.slug, p.id, false);
    expect(await counts(p.id)).toEqual({ column: 1, rows: 1 });
  });

  it("offers no support button to a blocked member: the page says why, and the server refuses", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    const blocked = await createTestUser(org.id, { name: "Bloqué" });
    await sql`update users set blocked_at = now() where id = ${blocked.id}`;
    const page = dataOf<{ support: { can: boolean; reason: string | null } }>(
      await callLoader(pageRoute.loader as RouteFn, org, blocked, `/projects/${project.slug}/proposals/${p.id}`, { slug: project.slug, id: String(p.id) }),
    );
    expect(page.support).toEqual({ can: false, reason: "status.blocked" });
    expect(statusOf(await support(blocked, project.slug, p.id, true))).toBe(403);
    expect(await counts(p.id)).toEqual({ column: 0, rows: 0 });
    // The same member, unblocked, gets the button.
    await sql`update users set blocked_at = null where id = ${blocked.id}`;
    const again = dataOf<{ support: { can: boolean } }>(
      await callLoader(pageRoute.loader as RouteFn, org, blocked, `/projects/${project.slug}/proposals/${p.id}`, { slug: project.slug, id: String(p.id) }),
    );
    expect(again.support.can).toBe(true);
  });

  it("refuses supporting one's own proposal, and outside the phase", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    const own = await support(citizen, project.slug, p.id, true);
    expect(statusOf(own)).toBe(403);
    expect(dataOf<{ error: string }>(own).error).toBe("proposals:errors.ownProposal");
    await setTestPhase(project.id, "vote");
    const closed = await support(neighbour, project.slug, p.id, true);
    expect(statusOf(closed)).toBe(403);
    expect(dataOf<{ reason: string }>(closed).reason).toBe("proposals:closed.support");
    expect(await counts(p.id)).toEqual({ column: 0, rows: 0 });
  });

  it("refuses a hidden proposal, and hides it from citizens", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    await sql`update proposals set hidden_at = now() where id = ${p.id}`;
    expect(statusOf(await support(neighbour, project.slug, p.id, true))).toBe(403);
    const path = `/projects/${project.slug}/proposals/${p.id}`;
    const params = { slug: project.slug, id: String(p.id) };
    expect(statusOf(await callLoader(pageRoute.loader as RouteFn, org, neighbour, path, params))).toBe(404);
    const mine = dataOf<{ proposal: { hidden: boolean } }>(await callLoader(pageRoute.loader as RouteFn, org, citizen, path, params));
    expect(mine.proposal.hidden).toBe(true);
    const moderator = await createTestUser(org.id, { role: "moderator" });
    expect(statusOf(await callLoader(pageRoute.loader as RouteFn, org, moderator, path, params))).toBe(200);
  });
});

describe("the list", () => {
  let project: { id: number; slug: string };
  const ids: number[] = [];
  beforeAll(async () => {
    project = await createTestProject(org.id, official.id);
    for (let i = 0; i < 45; i++) {
      const p = await createTestProposal(org.id, project.id, citizen.id, { title: `Idée ${i}`, supports: (i * 7) % 11, lng: i % 3 === 0 ? 2.35 : undefined, lat: i % 3 === 0 ? 48.85 : undefined });
      ids.push(p.id);
    }
    await sql`update proposals set status = 'accepted' where id = any(${ids.slice(0, 5)})`;
    await sql`update proposals set hidden_at = now() where id = ${ids[44]!}`;
  });

  async function allPages(query: Partial<Parameters<typeof listProposals>[3]>) {
    const seen: { id: number; supportsCount: number }[] = [];
    let after: string | null = null;
    let page = 1;
    for (let i = 0; i < 10; i++) {
      const result = await listProposals(sql, org.id, project.id, { sort: "newest", status: null, seed: "abcdef12", ...query, after, page });
      seen.push(...result.proposals);
      if (!result.next) break;
      if (query.sort === "random") page = Number(result.next);
      else after = result.next;
    }
    return seen;
  }

  it("sorts by newest and most supported, across pages without duplicates, hidden ones left out", async () => {
    const newest = await allPages({ sort: "newest" });
    expect(newest.map((p) => p.id)).toEqual([...ids.slice(0, 44)].reverse());
    const supported = await allPages({ sort: "supported" });
    expect(supported).toHaveLength(44);
    expect(new Set(supported.map((p) => p.id)).size).toBe(44);
    for (let i = 1; i < supported.length; i++) {
      const [a, b] = [supported[i - 1]!, supported[i]!];
      expect(a.supportsCount > b.supportsCount || (a.supportsCount === b.supportsCount && a.id > b.id)).toBe(true);
    }
  });

  it("keeps a random order stable for a seed, across pages, and changes it with another seed", async () => {
    const a1 = (await allPages({ sort: "random", seed: "0123abcd" })).map((p) => p.id);
    const a2 = (await allPages({ sort: "random", seed: "0123abcd" })).map((p) => p.id);
    const b = (await allPages({ sort: "random", seed: "fedc9876" })).map((p) => p.id);
    expect(a1).toEqual(a2);
    expect(new Set(a1).size).toBe(44);
    expect(b).not.toEqual(a1);
    expect([...b].sort()).toEqual([...a1].sort());
  });

  it("filters by status; the loader keeps the visitor's seed in a cookie", async () => {
    expect((await allPages({ status: "accepted" })).map((p) => p.id)).toEqual(ids.slice(0, 5).reverse());
    const first = await callLoader(listRoute.loader as RouteFn, org, null, `/projects/${project.slug}/proposals?sort=random`, { slug: project.slug });
    const init = (first as { init: { headers: Headers } }).init;
    const cookie = init.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^maquette_seed=[a-f0-9]+; Path=\/; HttpOnly; SameSite=Lax/);
    const data = dataOf<{ list: { proposals: unknown[]; total: number }; query: { seed: string } }>(first);
    expect(cookie).toContain(data.query.seed);
    expect(data.list.proposals).toHaveLength(20);
    expect(data.list.total).toBe(44);
  });
});

describe("official answers", () => {
  async function answer(user: TestUser, slug: string, id: number, form: Record<string, string>) {
    return callAction(pageRoute.action as RouteFn, org, user, `/projects/${slug}/proposals/${id}`, { intent: "answer", ...form }, { slug, id: String(id) });
  }

  it("saves the answer, audits it and notifies the author (bell and mail, in the author's language)", async () => {
    const project = await createTestProject(org.id, official.id, { phase: "results" });
    const author = await createTestUser(org.id, { name: "Anna" });
    await sql`update users set locale = 'en' where id = ${author.id}`;
    const p = await createTestProposal(org.id, project.id, author.id, { title: "More trees" });
    const result = await answer(official, project.slug, p.id, { status: "accepted", answer: "Nous planterons vingt arbres." });
    expect(locationOf(result)).toBe(`/projects/${project.slug}/proposals/${p.id}?done=answered#answer`);
    const [row] = await sql`select status, answer_text, answered_at, answered_by from proposals where id = ${p.id}`;
    expect(row).toMatchObject({ status: "accepted", answer_text: "Nous planterons vingt arbres." });
    expect(row!.answered_at).toBeInstanceOf(Date);
    expect(Number(row!.answered_by)).toBe(official.id);
    const [audit] = await sql`select actor_id, subject_type, subject_id, data from audit_log where action = 'proposal.answer' and subject_id = ${String(p.id)}`;
    expect(audit).toMatchObject({ subject_type: "proposal", data: { status: "accepted", projectId: project.id } });
    expect(Number(audit!.actor_id)).toBe(official.id);
    const [n] = await sql`select kind, data from notifications where user_id = ${author.id}`;
    expect(n).toMatchObject({ kind: "proposal_answered", data: { proposalTitle: "More trees", path: `/projects/${project.slug}/proposals/${p.id}` } });
    const [mail] = await sql`select subject, text_body from mail_outbox where to_address = ${author.email}`;
    expect(mail!.subject).toBe('Answer to your proposal "More trees"');
    expect(mail!.text_body).toContain("The town answered your proposal \"More trees\": Accepted.");
  });

  it("is for officials only, checks the text, and refuses a withdrawn proposal", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, citizen.id);
    expect(statusOf(await answer(neighbour, project.slug, p.id, { status: "accepted", answer: "Oui" }))).toBe(403);
    const moderator = await createTestUser(org.id, { role: "moderator" });
    expect(statusOf(await answer(moderator, project.slug, p.id, { status: "accepted", answer: "Oui" }))).toBe(403);
    const empty = await answer(official, project.slug, p.id, { status: "maybe", answer: " " });
    expect(statusOf(empty)).toBe(400);
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(empty).result.error).toMatchObject({
      status: ["proposals:errors.answerStatus"],
      answer: ["proposals:errors.answerLength"],
    });
    await sql`update proposals set status = 'withdrawn' where id = ${p.id}`;
    expect(statusOf(await answer(official, project.slug, p.id, { status: "accepted", answer: "Oui" }))).toBe(409);
    const [row] = await sql`select answer_text from proposals where id = ${p.id}`;
    expect(row!.answer_text).toBeNull();
    // An official of another organization does not reach it.
    const foreign = await createTestUser(other.id, { role: "official" });
    const r = await callAction(pageRoute.action as RouteFn, other, foreign, `/projects/${project.slug}/proposals/${p.id}`, { intent: "answer", status: "accepted", answer: "Oui" }, { slug: project.slug, id: String(p.id) });
    expect(statusOf(r)).toBe(404);
  });
});
