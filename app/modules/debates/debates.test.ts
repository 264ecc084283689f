// Debates: opened and closed by officials (audited), commented while open, silent once closed.
import { beforeAll, describe, expect, it } from "vitest";
import * as commentsRoute from "~/routes/_public+/comments";
import * as pageRoute from "~/routes/_public+/projects.$slug.debates.$id";
import * as listRoute from "~/routes/_public+/projects.$slug.debates._index";
import * as newRoute from "~/routes/_public+/projects.$slug.debates.new";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { createTestProject, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import { callAction, callLoader, dataOf, type RouteFn, statusOf } from "~/test/remix";

let org: TestOrg;
let other: TestOrg;
let citizen: TestUser;
let official: TestUser;

beforeAll(async () => {
  org = (await createTestOrganization()) as TestOrg;
  other = (await createTestOrganization()) as TestOrg;
  citizen = await createTestUser(org.id, { name: "Camille" });
  official = await createTestUser(org.id, { name: "Élise", role: "official" });
});

async function open(user: TestUser, slug: string, form: Record<string, string>, o: TestOrg = org) {
  return callAction(newRoute.action as RouteFn, o, user, `/projects/${slug}/debates/new`, form, { slug });
}

function idFrom(result: unknown): number {
  expect(result).toBeInstanceOf(Response);
  const match = ((result as Response).headers.get("Location") ?? "").match(/\/debates\/(\d+)\?done=created$/);
  expect(match).not.toBeNull();
  return Number(match![1]);
}

async function comment(user: TestUser, debateId: number) {
  return callAction(commentsRoute.action as RouteFn, org, user, "/comments", {
    intent: "create",
    targetType: "debate",
    targetId: String(debateId),
    body: "Mon avis",
    alignment: "neutral",
  });
}

describe("debates", () => {
  it("are opened by officials only, audited", async () => {
    const project = await createTestProject(org.id, official.id);
    expect(statusOf(await open(citizen, project.slug, { title: "Quels arbres ?", description: "" }))).toBe(403);
    const moderator = await createTestUser(org.id, { role: "moderator" });
    expect(statusOf(await callLoader(newRoute.loader as RouteFn, org, moderator, `/projects/${project.slug}/debates/new`, { slug: project.slug }))).toBe(403);
    const bad = await open(official, project.slug, { title: "Q", description: "" });
    expect(statusOf(bad)).toBe(400);
    expect(dataOf<{ error: Record<string, string[]> }>(bad).error.title).toEqual(["proposals:debates.errors.titleLength"]);
    const id = idFrom(await open(official, project.slug, { title: "Quels arbres planter ?", description: "Chênes ou tilleuls." }));
    const [row] = await sql`select title, description, author_id, closed_at from debates where id = ${id}`;
    expect(row).toMatchObject({ title: "Quels arbres planter ?", description: "Chênes ou tilleuls.", closed_at: null });
    const [audit] = await sql`select actor_id, subject_type from audit_log where action = 'debate.open' and subject_id = ${String(id)}`;
    expect(audit).toMatchObject({ subject_type: "debate" });
    expect(Number(audit!.actor_id)).toBe(official.id);
    const list = dataOf<{ list: { debates: { id: number; closed: boolean }[] } }>(
      await callLoader(listRoute.loader as RouteFn, org, null, `/projects/${project.slug}/debates`, { slug: project.slug }),
    );
    expect(list.list.debates.map((d) => d.id)).toEqual([id]);
  });

  it("take comments while open, and none once closed with a conclusion (audited)", async () => {
    const project = await createTestProject(org.id, official.id);
    const id = idFrom(await open(official, project.slug, { title: "Faut-il des jeux d'eau ?", description: "" }));
    expect(statusOf(await comment(citizen, id))).toBe(302);
    const path = `/projects/${project.slug}/debates/${id}`;
    const params = { slug: project.slug, id: String(id) };

    expect(statusOf(await callAction(pageRoute.action as RouteFn, org, citizen, path, { intent: "close", conclusion: "Fin" }, params))).toBe(403);
    const empty = await callAction(pageRoute.action as RouteFn, org, official, path, { intent: "close", conclusion: " " }, params);
    expect(statusOf(empty)).toBe(400);
    const closed = await callAction(pageRoute.action as RouteFn, org, official, path, { intent: "close", conclusion: "Oui, près du kiosque." }, params);
    expect((closed as Response).headers.get("Location")).toBe(`${path}?done=closed`);
    const [row] = await sql`select conclusion, closed_at, closed_by, comments_count from debates where id = ${id}`;
    expect(row).toMatchObject({ conclusion: "Oui, près du kiosque.", comments_count: 1 });
    expect(Number(row!.closed_by)).toBe(official.id);
    const [audit] = await sql`select actor_id from audit_log where action = 'debate.close' and subject_id = ${String(id)}`;
    expect(Number(audit!.actor_id)).toBe(official.id);

    const refused = await comment(citizen, id);
    expect(statusOf(refused)).toBe(403);
    expect(dataOf<{ reason: string }>(refused).reason).toBe("proposals:comments.closed.debate");
    const [count] = await sql`select count(*)::int as n from comments where target_type = 'debate' and target_id = ${id}`;
    expect(count!.n).toBe(1);

    const page = dataOf<{ debate: { conclusion: string }; commenting: { canComment: boolean; closedReason: string }; canClose: boolean }>(
      await callLoader(pageRoute.loader as RouteFn, org, citizen, path, params),
    );
    expect(page.debate.conclusion).toBe("Oui, près du kiosque.");
    expect(page.commenting).toEqual({ canComment: false, closedReason: "proposals:comments.closed.debate" });
    expect(page.canClose).toBe(false);
    const twice = await callAction(pageRoute.action as RouteFn, org, official, path, { intent: "close", conclusion: "Encore" }, params);
    expect(statusOf(twice)).toBe(409);
  });

  it("stay inside their organization", async () => {
    const project = await createTestProject(org.id, official.id);
    const id = idFrom(await open(official, project.slug, { title: "Une question", description: "" }));
    const foreign = await createTestUser(other.id, { role: "official" });
    const path = `/projects/${project.slug}/debates/${id}`;
    const params = { slug: project.slug, id: String(id) };
    expect(statusOf(await callLoader(pageRoute.loader as RouteFn, other, foreign, path, params))).toBe(404);
    expect(statusOf(await callAction(pageRoute.action as RouteFn, other, foreign, path, { intent: "close", conclusion: "Non" }, params))).toBe(404);
    expect(statusOf(await open(foreign, project.slug, { title: "Intrusion", description: "" }, other))).toBe(404);
    const [row] = await sql`select closed_at from debates where id = ${id}`;
    expect(row!.closed_at).toBeNull();
  });
});
