// Comments through the /comments action and the thread loader: depth, counts, deletion with and
// without replies, keyset pages, the reply notification, phases, and other organizations.
import { beforeAll, describe, expect, it } from "vitest";
import * as commentsRoute from "~/routes/_public+/comments";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { createTestProject, createTestProposal, setTestPhase, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import { loadCommentThread, parseCommentPage, REPLIES_SHOWN, ROOTS_PER_PAGE } from "./queries.server";
import type { CommentTarget, ThreadComment } from "./schema";
import { callAction, dataOf, type RouteFn, statusOf } from "~/test/remix";

let org: TestOrg;
let other: TestOrg;
let alice: TestUser;
let bob: TestUser;
let official: TestUser;

beforeAll(async () => {
  org = (await createTestOrganization()) as TestOrg;
  other = (await createTestOrganization()) as TestOrg;
  alice = await createTestUser(org.id, { name: "Alice" });
  bob = await createTestUser(org.id, { name: "Bob" });
  official = await createTestUser(org.id, { name: "Élise", role: "official" });
});

async function post(user: TestUser | null, target: CommentTarget, body: string, extra: Record<string, string> = {}, o: TestOrg = org) {
  return callAction(commentsRoute.action as RouteFn, o, user, "/comments", {
    intent: "create",
    targetType: target.type,
    targetId: String(target.id),
    body,
    alignment: "for",
    ...extra,
  });
}

function newId(result: unknown): number {
  expect(result).toBeInstanceOf(Response);
  const location = (result as Response).headers.get("Location") ?? "";
  const match = location.match(/#comment-(\d+)$/);
  expect(match, location).not.toBeNull();
  return Number(match![1]);
}

async function row(id: number) {
  const [r] = await sql`select depth, replies_count, deleted_at, body, alignment from comments where id = ${id}`;
  return r;
}

async function proposalComments(id: number) {
  const [r] = await sql`select comments_count from proposals where id = ${id}`;
  return Number(r!.comments_count);
}

describe("posting", () => {
  it("posts on a proposal, keeps the counts, and goes to the new comment", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, alice.id);
    const target = { type: "proposal" as const, id: p.id };
    const result = await post(bob, target, "  Très bonne idée !  ");
    expect((result as Response).headers.get("Location")).toMatch(new RegExp(`^/projects/${project.slug}/proposals/${p.id}#comment-\\d+$`));
    const id = newId(result);
    expect(await row(id)).toMatchObject({ depth: 0, body: "Très bonne idée !", alignment: 1 });
    expect(await proposalComments(p.id)).toBe(1);
  });

  it("threads replies down to depth 2 and refuses a fourth level", async () => {
    const project = await createTestProject(org.id, official.id);
    const target = { type: "project" as const, id: project.id };
    const root = newId(await post(alice, target, "Racine"));
    const r1 = await post(bob, target, "Réponse", { parentId: String(root) });
    expect((r1 as Response).headers.get("Location")).toMatch(new RegExp(`\\?comments=f\\.${root}#comment-\\d+$`));
    const l1 = newId(r1);
    const l2 = newId(await post(alice, target, "Réponse à la réponse", { parentId: String(l1) }));
    expect(await row(l1)).toMatchObject({ depth: 1, replies_count: 1, alignment: 0 });
    expect(await row(l2)).toMatchObject({ depth: 2, replies_count: 0 });
    const tooDeep = await post(bob, target, "Trop profond", { parentId: String(l2) });
    expect(statusOf(tooDeep)).toBe(400);
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(tooDeep).result.error[""]).toEqual(["proposals:comments.errors.tooDeep"]);
    expect(await row(root)).toMatchObject({ replies_count: 1 });
  });

  it("refuses an empty or too long comment with the text kept", async () => {
    const project = await createTestProject(org.id, official.id);
    const target = { type: "project" as const, id: project.id };
    const empty = await post(alice, target, "   ");
    expect(statusOf(empty)).toBe(400);
    const reply = dataOf<{ result: { error: Record<string, string[]> }; back: { path: string } }>(empty);
    expect(reply.result.error.body).toEqual(["proposals:comments.errors.bodyRequired"]);
    expect(reply.back.path).toBe(`/projects/${project.slug}`);
    const long = await post(alice, target, "x".repeat(5001));
    expect(dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(long).result.error.body).toEqual([
      "proposals:comments.errors.bodyTooLong",
    ]);
    const [n] = await sql`select count(*)::int as n from comments where target_type = 'project' and target_id = ${project.id}`;
    expect(n!.n).toBe(0);
  });

  it("follows the phase and the account's state", async () => {
    const project = await createTestProject(org.id, official.id, { phase: "information" });
    const target = { type: "project" as const, id: project.id };
    const closed = await post(alice, target, "Trop tôt");
    expect(statusOf(closed)).toBe(403);
    expect(dataOf<{ reason: string }>(closed).reason).toBe("proposals:comments.closed.phase");
    await setTestPhase(project.id, "vote");
    expect(statusOf(await post(alice, target, "Pendant le vote"))).toBe(302);
    const unconfirmed = await createTestUser(org.id, { confirmed: false });
    expect(dataOf<{ reason: string }>(await post(unconfirmed, target, "Non confirmé")).reason).toBe("status.confirmEmailFirst");
    const blocked = await createTestUser(org.id);
    await sql`update users set blocked_at = now() where id = ${blocked.id}`;
    expect(dataOf<{ reason: string }>(await post(blocked, target, "Bloqué")).reason).toBe("status.blocked");
    expect(statusOf(await post(null, target, "Anonyme"))).toBe(302);
  });

  it("refuses a target of another organization with a 404, nothing written", async () => {
    const foreignOfficial = await createTestUser(other.id, { role: "official" });
    const foreignProject = await createTestProject(other.id, foreignOfficial.id);
    const foreignProposal = await createTestProposal(other.id, foreignProject.id, foreignOfficial.id);
    expect(statusOf(await post(alice, { type: "project", id: foreignProject.id }, "Intrus"))).toBe(404);
    expect(statusOf(await post(alice, { type: "proposal", id: foreignProposal.id }, "Intrus"))).toBe(404);
    expect(statusOf(await post(alice, { type: "proposal", id: foreignProposal.id }, ""))).toBe(404);
    // A parent of another organization, under a target of ours.
    const mine = await createTestProject(org.id, official.id);
    const foreignRoot = newId(await post(foreignOfficial, { type: "project", id: foreignProject.id }, "Chez nous", {}, other));
    expect(statusOf(await post(alice, { type: "project", id: mine.id }, "Intrus", { parentId: String(foreignRoot) }))).toBe(404);
    // Editing or deleting a comment of another organization.
    expect(statusOf(await callAction(commentsRoute.action as RouteFn, org, alice, "/comments", { intent: "delete", commentId: String(foreignRoot) }))).toBe(404);
    expect(statusOf(await callAction(commentsRoute.action as RouteFn, org, alice, "/comments", { intent: "edit", commentId: String(foreignRoot), body: "x" }))).toBe(404);
    const [n] = await sql`select count(*)::int as n from comments where organization_id = ${org.id} and body = 'Intrus'`;
    expect(n!.n).toBe(0);
    const [f] = await sql`select body, deleted_at from comments where id = ${foreignRoot}`;
    expect(f).toMatchObject({ body: "Chez nous", deleted_at: null });
    const [fp] = await sql`select comments_count from proposals where id = ${foreignProposal.id}`;
    expect(fp!.comments_count).toBe(0);
  });

  it("notifies the parent's author of a reply, not oneself", async () => {
    const project = await createTestProject(org.id, official.id, { title: "Place du marché" });
    const target = { type: "project" as const, id: project.id };
    const author = await createTestUser(org.id, { name: "Rémi" });
    const root = newId(await post(author, target, "Ma question"));
    await post(author, target, "Je me réponds", { parentId: String(root) });
    expect(await sql`select 1 from notifications where user_id = ${author.id}`).toHaveLength(0);
    const reply = newId(await post(bob, target, "Voici une réponse", { parentId: String(root) }));
    const [n] = await sql`select kind, data from notifications where user_id = ${author.id}`;
    // The author by id, never by name: the name is read when the list is shown (gone with the account).
    expect(n).toMatchObject({ kind: "comment_reply", data: { authorId: String(bob.id), targetTitle: "Place du marché" } });
    expect(n!.data).not.toHaveProperty("authorName");
    expect(String((n!.data as { path: string }).path)).toContain(`#comment-${reply}`);
    const [mail] = await sql`select subject from mail_outbox where to_address = ${author.email}`;
    expect(mail!.subject).toBe("Nouvelle réponse à votre commentaire");
  });
});

describe("editing and deleting", () => {
  async function act(user: TestUser, form: Record<string, string>) {
    return callAction(commentsRoute.action as RouteFn, org, user, "/comments", form);
  }

  it("edits one's own comment only", async () => {
    const project = await createTestProject(org.id, official.id);
    const target = { type: "project" as const, id: project.id };
    const id = newId(await post(alice, target, "Premier jet"));
    expect(statusOf(await act(bob, { intent: "edit", commentId: String(id), body: "Pirate" }))).toBe(400);
    const ok = await act(alice, { intent: "edit", commentId: String(id), body: "Version corrigée", alignment: "against" });
    expect((ok as Response).headers.get("Location")).toBe(`/projects/${project.slug}?comments=f.${id}#comment-${id}`);
    const [r] = await sql`select body, alignment, edited_at from comments where id = ${id}`;
    expect(r).toMatchObject({ body: "Version corrigée", alignment: -1 });
    expect(r!.edited_at).toBeInstanceOf(Date);
  });

  it("removes a comment without replies; keeps one with replies as deleted; cleans up after", async () => {
    const project = await createTestProject(org.id, official.id);
    const p = await createTestProposal(org.id, project.id, official.id);
    const target = { type: "proposal" as const, id: p.id };
    const lonely = newId(await post(alice, target, "Seul"));
    const root = newId(await post(alice, target, "Avec réponses"));
    const reply = newId(await post(bob, target, "Une réponse", { parentId: String(root) }));
    expect(await proposalComments(p.id)).toBe(3);

    expect(statusOf(await act(bob, { intent: "delete", commentId: String(lonely) }))).toBe(404);
    await act(alice, { intent: "delete", commentId: String(lonely) });
    expect(await row(lonely)).toBeUndefined();
    expect(await proposalComments(p.id)).toBe(2);

    await act(alice, { intent: "delete", commentId: String(root) });
    const kept = await row(root);
    expect(kept!.deleted_at).toBeInstanceOf(Date);
    expect(await proposalComments(p.id)).toBe(1);
    const thread = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null });
    expect(thread.total).toBe(1);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0]).toMatchObject({ id: root, state: "deleted", body: null, authorName: null });
    expect(thread.comments[0]!.replies.map((c) => c.id)).toEqual([reply]);

    // The last reply goes: the deleted parent has nothing left to hold, it goes too.
    await act(bob, { intent: "delete", commentId: String(reply) });
    expect(await row(reply)).toBeUndefined();
    expect(await row(root)).toBeUndefined();
    expect(await proposalComments(p.id)).toBe(0);
    const empty = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null });
    expect(empty.comments).toHaveLength(0);
  });

  it("refuses to reply to a deleted comment", async () => {
    const project = await createTestProject(org.id, official.id);
    const target = { type: "project" as const, id: project.id };
    const root = newId(await post(alice, target, "Racine"));
    await post(bob, target, "Réponse", { parentId: String(root) });
    await act(alice, { intent: "delete", commentId: String(root) });
    const late = await post(bob, target, "Trop tard", { parentId: String(root) });
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(late).result.error[""]).toEqual(["proposals:comments.errors.parentGone"]);
  });
});

describe("the thread", () => {
  let target: CommentTarget;
  const roots: number[] = [];
  let busyRoot = 0;

  beforeAll(async () => {
    const project = await createTestProject(org.id, official.id);
    target = { type: "project", id: project.id };
    // 45 roots written straight into the table; the 10th has 7 replies, one of them with 2 replies.
    for (let i = 0; i < 45; i++) {
      const [r] = await sql`
        insert into comments (organization_id, project_id, target_type, target_id, author_id, body)
        values (${org.id}, ${project.id}, 'project', ${project.id}, ${i % 2 ? alice.id : bob.id}, ${`Commentaire ${i}`}) returning id`;
      roots.push(Number(r!.id));
    }
    busyRoot = roots[9]!;
    for (let i = 0; i < 7; i++) newId(await post(bob, target, `Réponse ${i}`, { parentId: String(busyRoot) }));
    const [first] = await sql`select id from comments where parent_id = ${busyRoot} order by id limit 1`;
    for (let i = 0; i < 2; i++) newId(await post(alice, target, `Sous-réponse ${i}`, { parentId: String(first!.id) }));
    await sql`update comments set hidden_at = now() where id = ${roots[44]!}`;
  });

  async function walk(order: "newest" | "oldest") {
    const seen: number[] = [];
    let page: string | null = order === "oldest" ? "o" : null;
    for (let i = 0; i < 10; i++) {
      const thread = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null, page });
      seen.push(...thread.comments.map((c) => c.id));
      if (!thread.nextPage) break;
      page = thread.nextPage;
    }
    return seen;
  }

  it("pages the top-level comments by keyset, both orders, without duplicates", async () => {
    const newest = await walk("newest");
    expect(newest).toEqual([...roots].reverse());
    const oldest = await walk("oldest");
    expect(oldest).toEqual(roots);
    const first = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null });
    expect(first.comments).toHaveLength(ROOTS_PER_PAGE);
    expect(first.total).toBe(45 + 9);
    expect(first.firstPage).toBeNull();
  });

  it("loads the page's replies with a 'more replies' mark, and the focused view of one comment", async () => {
    const page = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null, page: "o" });
    const busy = page.comments.find((c) => c.id === busyRoot)!;
    expect(busy.replies).toHaveLength(REPLIES_SHOWN);
    expect(busy.moreReplies).toBe(true);
    expect(busy.replies[0]!.replies).toHaveLength(2);
    expect(busy.replies[0]!.moreReplies).toBe(false);
    const focus = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null, page: `f.${busyRoot}` });
    expect(focus.mode).toBe("focus");
    expect(focus.focus!.replies).toHaveLength(7);
    expect(focus.focus!.replies[0]!.replies).toHaveLength(2);
    // A focus on a comment of another target falls back to the list.
    const elsewhere = await loadCommentThread(sql, { organizationId: org.id, target: { type: "project", id: target.id + 100000 }, viewer: null, page: `f.${busyRoot}` });
    expect(elsewhere.mode).toBe("list");
    expect(elsewhere.comments).toHaveLength(0);
  });

  it("shows hidden comments as such to others, in full to their author", async () => {
    const hidden = roots[44]!;
    const anonymous = await loadCommentThread(sql, { organizationId: org.id, target, viewer: null });
    const seen = anonymous.comments.find((c) => c.id === hidden) as ThreadComment;
    expect(seen).toMatchObject({ state: "hidden", body: null });
    const authorId = (await sql`select author_id from comments where id = ${hidden}`)[0]!.author_id;
    const author = Number(authorId) === alice.id ? alice : bob;
    const viewer = { ...author, role: "citizen" as const, isSystemAdmin: false, locale: null, emailConfirmed: true };
    const mine = await loadCommentThread(sql, { organizationId: org.id, target, viewer });
    expect(mine.comments.find((c) => c.id === hidden)).toMatchObject({ state: "hidden", body: "Commentaire 44", mine: true });
  });

  it("never reads another organization's comments", async () => {
    const thread = await loadCommentThread(sql, { organizationId: other.id, target, viewer: null });
    expect(thread.comments).toHaveLength(0);
    expect(thread.total).toBe(0);
  });

  it("reads the page parameter strictly", () => {
    expect(parseCommentPage(null)).toEqual({ mode: "list", order: "newest", cursor: null });
    expect(parseCommentPage("o.12")).toEqual({ mode: "list", order: "oldest", cursor: 12 });
    expect(parseCommentPage("f.3.9")).toEqual({ mode: "focus", commentId: 3, after: 9 });
    expect(parseCommentPage("f.x")).toEqual({ mode: "list", order: "newest", cursor: null });
    expect(parseCommentPage("n.1;drop")).toEqual({ mode: "list", order: "newest", cursor: null });
  });
});
