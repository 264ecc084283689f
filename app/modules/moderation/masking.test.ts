// Notifications written before an item was hidden (or deleted, or its project unpublished) show
// "contenu masqué" in place of its title, to everyone but those who may still see it (moderators
// and admins for hidden items, project managers for drafts); restoring brings the title back.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestOrg, TestUser } from "~/modules/proposals/testing.server";
import { notify } from "~/modules/notifications/notify.server";
import * as commentsRoute from "~/routes/_public+/comments";
import * as notificationsPage from "~/routes/_account+/notifications._index";
import * as proposalPage from "~/routes/_public+/projects.$slug.proposals.$id";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callAction, contextFor, makeRequest, type RouteFn, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { decideModeration } from "./decisions.server";
import { refsOfPath } from "./masking.server";
import { createComment, createProject, createProposal } from "./testing.server";

type Listed = { items: { kind: string; data: Record<string, string> }[] };

let org: TestOrg;
let official: TestUser;
let author: TestUser;
let replier: TestUser;
let moderator: TestUser;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Masquée" });
  official = await createTestUser(org.id, { role: "official" });
  author = await createTestUser(org.id, { name: "Aline" });
  replier = await createTestUser(org.id, { name: "Rémi" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane" });
});

/** The member's notifications page, as its loader hands it to the browser. */
async function inbox(user: TestUser, locale: "fr" | "en" = "fr") {
  const context = await contextFor(org, user, { locale });
  const result = await run(() => notificationsPage.loader({ request: makeRequest("/notifications"), context, params: {} }));
  expect(statusOf(result)).toBe(200);
  return result as Listed;
}

/** Each kind's named title, in the member's inbox. */
async function titles(user: TestUser): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const n of (await inbox(user)).items) {
    const value = n.data.proposalTitle ?? n.data.targetTitle ?? n.data.projectTitle ?? n.data.contentTitle ?? "";
    (out[n.kind] ??= []).push(value);
  }
  return out;
}

async function setHidden(table: "proposals" | "comments", id: number, hidden: boolean) {
  await sql`update ${sql(table)} set hidden_at = ${hidden ? new Date() : null} where id = ${id}`;
}

describe("notifications about what is hidden since", () => {
  it("mask the title for another member, not for its author nor a moderator (the one visibility rule); restoring shows it again", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id, { title: "CANARY-JARDIN-7f3a" });
    const at = { path: `/projects/${project.slug}/proposals/${proposal.id}`, params: { slug: project.slug, id: String(proposal.id) } };
    // The official answers: the author is told, with the proposal's title.
    expect(statusOf(await callAction(proposalPage.action as RouteFn, org, official, at.path, { intent: "answer", status: "under_study", answer: "À l'étude" }, at.params))).toBe(302);
    // The author and a moderator each commented; a reply to each tells them, naming the proposal.
    const authorComment = await createComment(project, author.id, { type: "proposal", id: proposal.id }, "Bonne idée");
    const moderatorComment = await createComment(project, moderator.id, { type: "proposal", id: proposal.id }, "D'accord");
    for (const parent of [authorComment, moderatorComment]) {
      const reply = await callAction(commentsRoute.action as RouteFn, org, replier, "/comments", {
        intent: "create",
        targetType: "proposal",
        targetId: String(proposal.id),
        parentId: String(parent.id),
        body: "Je réponds",
      });
      expect(statusOf(reply)).toBe(302);
    }
    expect(await titles(author)).toEqual({ comment_reply: ["CANARY-JARDIN-7f3a"], proposal_answered: ["CANARY-JARDIN-7f3a"] });
    // Another member commented too, and a moderator answered them.
    const replierComment = await createComment(project, replier.id, { type: "proposal", id: proposal.id }, "Et les bancs ?");
    const answer = await callAction(commentsRoute.action as RouteFn, org, moderator, "/comments", {
      intent: "create",
      targetType: "proposal",
      targetId: String(proposal.id),
      parentId: String(replierComment.id),
      body: "Prévus",
    });
    expect(statusOf(answer)).toBe(302);
    expect(await titles(replier)).toEqual({ comment_reply: ["CANARY-JARDIN-7f3a"] });

    // Hidden by moderation: the other member's inbox names it no more, anywhere in the page's data.
    await setHidden("proposals", proposal.id, true);
    expect(await titles(replier)).toEqual({ comment_reply: ["contenu masqué"] });
    expect(JSON.stringify(await inbox(replier))).not.toContain("CANARY");
    // Its author still reads it, as on its page (with the notice saying why it is hidden).
    expect(await titles(author)).toEqual({ comment_reply: ["CANARY-JARDIN-7f3a"], proposal_answered: ["CANARY-JARDIN-7f3a"] });
    // A moderator still reads it.
    expect(await titles(moderator)).toEqual({ comment_reply: ["CANARY-JARDIN-7f3a"] });

    // Restored: the title is back.
    await setHidden("proposals", proposal.id, false);
    expect(await titles(replier)).toEqual({ comment_reply: ["CANARY-JARDIN-7f3a"] });

    // Only the reply hidden: the notification announcing it is masked, the answer is not.
    const [reply] = await sql`select id from comments where parent_id = ${authorComment.id}`;
    await setHidden("comments", Number(reply!.id), true);
    expect(await titles(author)).toEqual({ comment_reply: ["contenu masqué"], proposal_answered: ["CANARY-JARDIN-7f3a"] });
    await setHidden("comments", Number(reply!.id), false);
    expect(await titles(author)).toEqual({ comment_reply: ["CANARY-JARDIN-7f3a"], proposal_answered: ["CANARY-JARDIN-7f3a"] });
  });

  it("in English too", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, replier.id, { title: "CANARY-EN-7f3a" });
    // Told to another member than its author (its author still sees it: the one visibility rule).
    await notify(sql, {
      organizationId: org.id,
      userId: author.id,
      kind: "proposal_answered",
      data: { path: `/projects/${project.slug}/proposals/${proposal.id}`, proposalTitle: proposal.title, status: "accepted" },
      origin: "http://localhost",
    });
    await setHidden("proposals", proposal.id, true);
    const page = await inbox(author, "en");
    expect(page.items.find((n) => n.kind === "proposal_answered")?.data.proposalTitle).toBe("hidden content");
  });

  it("a hidden contribution's own notice keeps its title while hidden, and loses it once the comment is deleted", async () => {
    const project = await createProject(org.id, official.id);
    const comment = await createComment(project, author.id, { type: "project", id: project.id }, "CANARY-MON-TEXTE-7f3a");
    const [row] = await sql`
      insert into moderations (organization_id, target_type, target_id, project_id, report_count, state)
      values (${org.id}, 'comment', ${comment.id}, ${project.id}, 1, 'pending') returning id`;
    const decided = await decideModeration(sql, { organizationId: org.id, moderatorId: moderator.id, moderationId: Number(row!.id), decision: "hide", reason: "Hors sujet", origin: "http://localhost" });
    expect(decided.ok).toBe(true);
    const notice = async () => (await inbox(author)).items.find((n) => n.kind === "content_hidden" && n.data.path?.includes(`comment-${comment.id}`))?.data.contentTitle;
    expect(await notice()).toBe("CANARY-MON-TEXTE-7f3a");
    // The author deletes it (its text is erased everywhere): the notice names it no more.
    const deleted = await callAction(commentsRoute.action as RouteFn, org, author, "/comments", { intent: "delete", commentId: String(comment.id) });
    expect(statusOf(deleted)).toBe(302);
    expect(await notice()).toBe("contenu masqué");
  });

  it("a project back to draft is masked for its followers, not for officials", async () => {
    const project = await createProject(org.id, official.id, { title: "CANARY-PROJET-7f3a" });
    for (const user of [author, official]) {
      await notify(sql, {
        organizationId: org.id,
        userId: user.id,
        kind: "project_phase",
        data: { path: `/projects/${project.slug}`, projectTitle: project.title, phase: "Co-construction", phaseKind: "co_construction" },
        origin: "http://localhost",
      });
    }
    await sql`update projects set status = 'draft' where id = ${project.id}`;
    const phaseTitle = async (user: TestUser) =>
      (await inbox(user)).items.find((n) => n.kind === "project_phase" && n.data.path === `/projects/${project.slug}`)?.data.projectTitle;
    expect(await phaseTitle(author)).toBe("contenu masqué");
    expect(await phaseTitle(official)).toBe("CANARY-PROJET-7f3a");
  });
});

describe("refsOfPath", () => {
  it("reads the paths notifications are written with, and nothing else", () => {
    expect(refsOfPath("/projects/place-verte")).toEqual({ slug: "place-verte", page: null, anchored: null });
    expect(refsOfPath("/projects/place-verte/proposals/12")).toEqual({ slug: "place-verte", page: { type: "proposal", id: 12 }, anchored: null });
    expect(refsOfPath("/projects/p/debates/3?comments=f.7#comment-9")).toEqual({ slug: "p", page: { type: "debate", id: 3 }, anchored: { type: "comment", id: 9 } });
    expect(refsOfPath("/projects/p#comment-4")).toEqual({ slug: "p", page: null, anchored: { type: "comment", id: 4 } });
    for (const path of ["", "/admin", "//evil.example/projects/p", "/projects/p/proposals/0", "/projects/p/other/1", "/projects/%E0%A4%A"]) {
      expect(refsOfPath(path)).toBeNull();
    }
  });
});
