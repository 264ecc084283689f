// A comment its author deletes while it has replies stays as "Commentaire supprimé" with its
// text erased: no page (the thread of a project, proposal or debate, the moderation queue) can
// send it any more. And the project's own comment counter, kept by a trigger (migration 00007),
// follows posts and deletions exactly once.
import { beforeAll, describe, expect, it } from "vitest";
import { reportContent } from "~/modules/moderation/reports.server";
import { createDebate } from "~/modules/moderation/testing.server";
import { createTestProject, createTestProposal, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import * as commentsRoute from "~/routes/_public+/comments";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as debatePage from "~/routes/_public+/projects.$slug.debates.$id";
import * as projectPage from "~/routes/_public+/projects.$slug._index";
import * as proposalPage from "~/routes/_public+/projects.$slug.proposals.$id";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import type { CommentTarget } from "./schema";
import { callAction, callLoader, type RouteFn, statusOf } from "~/test/remix";

let org: TestOrg;
let alice: TestUser;
let bob: TestUser;
let official: TestUser;
let moderator: TestUser;

beforeAll(async () => {
  org = (await createTestOrganization()) as TestOrg;
  alice = await createTestUser(org.id, { name: "Alice" });
  bob = await createTestUser(org.id, { name: "Bob" });
  official = await createTestUser(org.id, { name: "Élise", role: "official" });
  moderator = await createTestUser(org.id, { name: "Morgane", role: "moderator" });
});

async function post(user: TestUser, target: CommentTarget, body: string, parentId?: number): Promise<number> {
  const result = await callAction(commentsRoute.action as RouteFn, org, user, "/comments", {
    intent: "create",
    targetType: target.type,
    targetId: String(target.id),
    body,
    alignment: "neutral",
    ...(parentId ? { parentId: String(parentId) } : {}),
  });
  const location = (result as Response).headers.get("Location") ?? "";
  const match = location.match(/#comment-(\d+)$/);
  expect(match, location).not.toBeNull();
  return Number(match![1]);
}

async function remove(user: TestUser, commentId: number) {
  const result = await callAction(commentsRoute.action as RouteFn, org, user, "/comments", { intent: "delete", commentId: String(commentId) });
  expect(statusOf(result)).toBe(302);
}

async function projectCounter(projectId: number): Promise<number> {
  const [row] = await sql`select comments_count from projects where id = ${projectId}`;
  return Number(row!.comments_count);
}

describe("a comment deleted by its author", () => {
  it("keeps the row for its replies with its text erased, and no page sends the old text", async () => {
    const project = await createTestProject(org.id, official.id);
    const proposal = await createTestProposal(org.id, project.id, official.id);
    const debate = await createDebate({ id: project.id, organizationId: org.id }, official.id);
    const pages: { target: CommentTarget; loader: unknown; path: string; params: Record<string, string> }[] = [
      { target: { type: "project", id: project.id }, loader: projectPage.loader, path: `/projects/${project.slug}`, params: { slug: project.slug } },
      {
        target: { type: "proposal", id: proposal.id },
        loader: proposalPage.loader,
        path: `/projects/${project.slug}/proposals/${proposal.id}`,
        params: { slug: project.slug, id: String(proposal.id) },
      },
      {
        target: { type: "debate", id: debate.id },
        loader: debatePage.loader,
        path: `/projects/${project.slug}/debates/${debate.id}`,
        params: { slug: project.slug, id: String(debate.id) },
      },
    ];
    const queue = async () => JSON.stringify(await callLoader(moderationPage.loader as RouteFn, org, moderator, "/moderation"));
    for (const [i, page] of pages.entries()) {
      const load = async (viewer: TestUser) => JSON.stringify(await callLoader(page.loader as RouteFn, org, viewer, page.path, page.params));
      const old = `Ancien texte à effacer n° ${i}`;
      const root = await post(alice, page.target, old);
      const reply = await post(bob, page.target, "Une réponse qui reste", root);
      // Reported before its deletion: it sits in the moderators' queue.
      expect(await reportContent(sql, { organizationId: org.id, reporterId: bob.id, target: { type: "comment", id: root }, reason: "spam", details: null, origin: "http://localhost" })).toMatchObject({ ok: true });
      expect(await load(bob)).toContain(old);
      expect(await queue()).toContain(old);

      await remove(alice, root);
      const [row] = await sql`select body, deleted_at from comments where id = ${root}`;
      expect(row!.body).toBe("");
      expect(row!.deleted_at).toBeInstanceOf(Date);

      for (const viewer of [bob, alice, moderator]) {
        const json = await load(viewer);
        expect(json).not.toContain(old);
        expect(json).toContain("Une réponse qui reste");
        expect(json).toContain(`"id":${reply}`);
      }
      expect(await queue()).not.toContain(old);
    }
  });
});

describe("the project's comment counter", () => {
  it("follows posts and deletions of the project's own comments once, and not its proposals' comments", async () => {
    const project = await createTestProject(org.id, official.id);
    const proposal = await createTestProposal(org.id, project.id, official.id);
    const target = { type: "project" as const, id: project.id };
    type ProjectData = Awaited<ReturnType<typeof projectPage.loader>>;
    const shown = async () =>
      ((await callLoader(projectPage.loader as RouteFn, org, bob, `/projects/${project.slug}`, { slug: project.slug })) as ProjectData).comments.thread.total;

    const first = await post(alice, target, "Premier");
    const reply = await post(bob, target, "Réponse", first);
    const second = await post(bob, target, "Second");
    await post(alice, { type: "proposal", id: proposal.id }, "Sur la proposition");
    expect(await projectCounter(project.id)).toBe(3);
    expect(await shown()).toBe(3);

    await remove(alice, first); // kept for its reply, no longer counted
    expect(await projectCounter(project.id)).toBe(2);
    await remove(bob, reply); // goes, and takes the deleted parent with it
    expect(await projectCounter(project.id)).toBe(1);
    const [gone] = await sql`select count(*)::int as n from comments where id = any(${[first, reply]}::bigint[])`;
    expect(gone!.n).toBe(0);
    await remove(bob, second);
    expect(await projectCounter(project.id)).toBe(0);
    expect(await shown()).toBe(0);

    const [p] = await sql`select comments_count from proposals where id = ${proposal.id}`;
    expect(p!.comments_count).toBe(1);
  });
});
