// A blocked member does nothing, whatever their role: every participation act (citizens' and
// officials') and every moderation act is refused with the "blocked" reason, and nothing is
// written. Nobody decides about their own block or their own content.
import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import type { Role } from "~/modules/permissions/permissions";
import { requireContributor } from "~/modules/projects/queries.server";
import * as adminMembers from "~/routes/_admin+/admin.members";
import * as adminSettings from "~/routes/_admin+/admin.settings";
import * as commentsRoute from "~/routes/_public+/comments";
import * as manageEdit from "~/routes/_manage+/manage.projects.$id._index";
import * as manageNew from "~/routes/_manage+/manage.projects.new";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as blockedPage from "~/routes/_moderation+/moderation.blocked";
import * as projectLayout from "~/routes/_public+/projects.$slug";
import * as debatePage from "~/routes/_public+/projects.$slug.debates.$id";
import * as debatesList from "~/routes/_public+/projects.$slug.debates._index";
import * as debateNew from "~/routes/_public+/projects.$slug.debates.new";
import * as proposalPage from "~/routes/_public+/projects.$slug.proposals.$id";
import * as proposalEdit from "~/routes/_public+/projects.$slug.proposals.$id.edit";
import * as proposalNew from "~/routes/_public+/projects.$slug.proposals.new";
import * as reportRoute from "~/routes/_public+/report";
import * as uploadsRoute from "~/routes/_manage+/uploads";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callAction, callLoader, contextFor, dataOf, makeRequest, type RouteFn, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { decideModeration, unblockMember } from "./decisions.server";
import { createComment, createDebate, createProject, createProposal } from "./testing.server";

type Call = { fn: RouteFn; path: string; form: Record<string, string>; params: Record<string, string> };

let org: TestOrg;
let official: TestUser;
let citizen: TestUser;
let moderator: TestUser;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Bloquante" });
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  citizen = await createTestUser(org.id, { name: "Claire Citoyenne" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane Modératrice" });
});

async function blockedMember(role: Role): Promise<TestUser> {
  const user = await createTestUser(org.id, { role, name: `Bloqué ${role}` });
  await sql`update users set blocked_at = now(), blocked_reason = 'Insultes répétées' where id = ${user.id}`;
  return user;
}

/** Everything an act could write, in this organization: any change shows as a different digest. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = [
    "projects",
    "project_phases",
    "project_documents",
    "follows",
    "uploads",
    "proposals",
    "supports",
    "comments",
    "debates",
    "reports",
    "moderations",
    "notifications",
    "mail_outbox",
    "audit_log",
  ];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await sql`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql(table)} t where t.organization_id = ${org.id}`;
    out[table] = String(row!.digest);
  }
  const [users] = await sql`
    select md5(coalesce(string_agg(concat_ws(',', id, role, blocked_at, blocked_reason), '|' order by id), '')) as digest
    from users where organization_id = ${org.id}`;
  out.users = String(users!.digest);
  const [organization] = await sql`select md5(o::text) as digest from organizations o where o.id = ${org.id}`;
  out.organization = String(organization!.digest);
  return out;
}

/** The refusal's data as text: a thrown `data(...)`, or a JSON Response's body (POST /uploads). */
async function refusalText(result: unknown): Promise<string> {
  return result instanceof Response ? await result.clone().text() : JSON.stringify(dataOf(result));
}

/** An official's project in the organization, for the officials' area. */
const manageCall = (project: { id: number }, form: Record<string, string>): Call => ({
  fn: manageEdit.action as RouteFn,
  path: `/manage/projects/${project.id}`,
  form,
  params: { id: String(project.id) },
});

const proposalCall = (slug: string, id: number, form: Record<string, string>): Call => ({
  fn: proposalPage.action as RouteFn,
  path: `/projects/${slug}/proposals/${id}`,
  form,
  params: { slug, id: String(id) },
});

const ALL: Role[] = ["citizen", "aidant", "moderator", "official", "admin"];
const OFFICIALS: Role[] = ["official", "admin"];
const MODERATORS: Role[] = ["moderator", "admin"];

/** Each act, the roles that may do it when not blocked, and the call (its targets made fresh for the actor). */
const ACTS: { act: string; roles: Role[]; prepare: (actor: TestUser) => Promise<Call> }[] = [
  {
    act: "propose",
    roles: ALL,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      return {
        fn: proposalNew.action as RouteFn,
        path: `/projects/${project.slug}/proposals/new`,
        form: { title: "Une idée bloquée", body: "Du texte.", bodyFormat: "plain", location: "", "location-lat": "", "location-lng": "" },
        params: { slug: project.slug },
      };
    },
  },
  {
    act: "edit own proposal",
    roles: ALL,
    prepare: async (actor) => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, actor.id);
      return {
        fn: proposalEdit.action as RouteFn,
        path: `/projects/${project.slug}/proposals/${proposal.id}/edit`,
        form: { title: "Titre changé", body: "Texte changé.", bodyFormat: "plain", location: "", "location-lat": "", "location-lng": "" },
        params: { slug: project.slug, id: String(proposal.id) },
      };
    },
  },
  {
    act: "withdraw own proposal",
    roles: ALL,
    prepare: async (actor) => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, actor.id);
      return proposalCall(project.slug, proposal.id, { intent: "withdraw" });
    },
  },
  {
    act: "support",
    roles: ALL,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, citizen.id);
      return proposalCall(project.slug, proposal.id, { intent: "support", support: "on" });
    },
  },
  {
    act: "comment",
    roles: ALL,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, citizen.id);
      return { fn: commentsRoute.action as RouteFn, path: "/comments", form: { intent: "create", targetType: "proposal", targetId: String(proposal.id), body: "Bloqué ?" }, params: {} };
    },
  },
  {
    act: "reply",
    roles: ALL,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const parent = await createComment(project, citizen.id, { type: "project", id: project.id });
      return {
        fn: commentsRoute.action as RouteFn,
        path: "/comments",
        form: { intent: "create", targetType: "project", targetId: String(project.id), parentId: String(parent.id), body: "Bloqué ?" },
        params: {},
      };
    },
  },
  {
    act: "edit own comment",
    roles: ALL,
    prepare: async (actor) => {
      const project = await createProject(org.id, official.id);
      const comment = await createComment(project, actor.id, { type: "project", id: project.id });
      return { fn: commentsRoute.action as RouteFn, path: "/comments", form: { intent: "edit", commentId: String(comment.id), body: "Changé" }, params: {} };
    },
  },
  {
    act: "delete own comment",
    roles: ALL,
    prepare: async (actor) => {
      const project = await createProject(org.id, official.id);
      const comment = await createComment(project, actor.id, { type: "project", id: project.id });
      return { fn: commentsRoute.action as RouteFn, path: "/comments", form: { intent: "delete", commentId: String(comment.id) }, params: {} };
    },
  },
  {
    act: "report",
    roles: ALL,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, citizen.id);
      return {
        fn: reportRoute.action as RouteFn,
        path: `/report?type=proposal&id=${proposal.id}`,
        form: { targetType: "proposal", targetId: String(proposal.id), reason: "spam" },
        params: {},
      };
    },
  },
  {
    act: "open a debate",
    roles: OFFICIALS,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      return { fn: debateNew.action as RouteFn, path: `/projects/${project.slug}/debates/new`, form: { title: "Un débat bloqué", description: "" }, params: { slug: project.slug } };
    },
  },
  {
    act: "close a debate",
    roles: OFFICIALS,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const debate = await createDebate(project, official.id);
      return {
        fn: debatePage.action as RouteFn,
        path: `/projects/${project.slug}/debates/${debate.id}`,
        form: { intent: "close", conclusion: "Clos" },
        params: { slug: project.slug, id: String(debate.id) },
      };
    },
  },
  {
    act: "answer a proposal",
    roles: OFFICIALS,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, citizen.id);
      return proposalCall(project.slug, proposal.id, { intent: "answer", status: "accepted", answer: "Oui" });
    },
  },
  {
    act: "create a project",
    roles: OFFICIALS,
    prepare: async () => ({
      fn: manageNew.action as RouteFn,
      path: "/manage/projects/new",
      form: { title: "Un projet bloqué", slug: "projet-bloque", summary: "Résumé", kind: "urban" },
      params: {},
    }),
  },
  {
    act: "edit a project",
    roles: OFFICIALS,
    prepare: async () => manageCall(await createProject(org.id, official.id), { title: "Titre changé", slug: "titre-change", summary: "Résumé", kind: "urban" }),
  },
  {
    act: "publish a project",
    roles: OFFICIALS,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      await sql`update projects set status = 'draft', published_at = null where id = ${project.id}`;
      return manageCall(project, { intent: "publish" });
    },
  },
  {
    act: "archive a project",
    roles: OFFICIALS,
    prepare: async () => manageCall(await createProject(org.id, official.id), { intent: "archive" }),
  },
  {
    act: "upload an editor image",
    roles: OFFICIALS,
    prepare: async () => ({ fn: uploadsRoute.action as RouteFn, path: "/uploads", form: { alt: "Plan du square", file: "pas une image" }, params: {} }),
  },
  {
    act: "follow a project",
    roles: ALL,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      return { fn: projectLayout.action as RouteFn, path: `/projects/${project.slug}`, form: { intent: "follow" }, params: { slug: project.slug } };
    },
  },
  {
    act: "unfollow a project",
    roles: ALL,
    prepare: async (actor) => {
      const project = await createProject(org.id, official.id);
      await sql`insert into follows (organization_id, user_id, project_id) values (${org.id}, ${actor.id}, ${project.id})`;
      return { fn: projectLayout.action as RouteFn, path: `/projects/${project.slug}`, form: { intent: "unfollow" }, params: { slug: project.slug } };
    },
  },
  {
    act: "change a member's role",
    roles: ["admin"],
    prepare: async () => {
      const target = await createTestUser(org.id, { name: "Futur modérateur" });
      return { fn: adminMembers.action as RouteFn, path: "/admin/members", form: { userId: String(target.id), role: "moderator" }, params: {} };
    },
  },
  {
    act: "change the organization's settings",
    roles: ["admin"],
    prepare: async () => ({
      fn: adminSettings.action as RouteFn,
      path: "/admin/settings",
      form: { name: "Ville Renommée", defaultLocale: "fr", primaryColor: "#123456", reportThreshold: "5" },
      params: {},
    }),
  },
  {
    act: "change the organization's maps",
    roles: ["admin"],
    prepare: async () => ({
      fn: adminSettings.action as RouteFn,
      path: "/admin/settings",
      form: { intent: "map", mapStyleUrl: "", mapCenterLat: "48.85", mapCenterLng: "2.35", mapZoom: "12" },
      params: {},
    }),
  },
  {
    act: "decide on a reported item",
    roles: MODERATORS,
    prepare: async () => {
      const project = await createProject(org.id, official.id);
      const proposal = await createProposal(project, citizen.id);
      const [row] = await sql`
        insert into moderations (organization_id, target_type, target_id, project_id, report_count, state)
        values (${org.id}, 'proposal', ${proposal.id}, ${project.id}, 1, 'pending') returning id`;
      return { fn: moderationPage.action as RouteFn, path: "/moderation", form: { intent: "hide", moderationId: String(row!.id), round: "1", reason: "Spam" }, params: {} };
    },
  },
  {
    act: "block a member",
    roles: MODERATORS,
    prepare: async () => {
      const target = await createTestUser(org.id, { name: "Cible" });
      return { fn: moderationPage.action as RouteFn, path: "/moderation", form: { intent: "block", userId: String(target.id), itemId: "1", reason: "Spam" }, params: {} };
    },
  },
  {
    act: "unblock oneself",
    roles: MODERATORS,
    prepare: async (actor) => ({ fn: blockedPage.action as RouteFn, path: "/moderation/blocked", form: { intent: "unblock", userId: String(actor.id) }, params: {} }),
  },
  {
    act: "unblock another member",
    roles: MODERATORS,
    prepare: async () => {
      const other = await blockedMember("citizen");
      return { fn: blockedPage.action as RouteFn, path: "/moderation/blocked", form: { intent: "unblock", userId: String(other.id) }, params: {} };
    },
  },
];

const CASES = ACTS.flatMap(({ act, roles, prepare }) => roles.map((role) => ({ act, role, prepare })));

describe("a blocked member", () => {
  it.each(CASES)("cannot $act as $role: 403 blocked, nothing written", async ({ role, prepare }) => {
    const actor = await blockedMember(role);
    const call = await prepare(actor);
    const before = await snapshot();
    const result = await callAction(call.fn, org, actor, call.path, call.form, call.params);
    expect(statusOf(result)).toBe(403);
    expect(await refusalText(result)).toContain("status.blocked");
    expect(await snapshot()).toEqual(before);
  });

  it("reads the moderation pages without their forms, and is refused the debate form at once", async () => {
    const blockedModerator = await blockedMember("moderator");
    for (const [fn, path] of [
      [moderationPage.loader, "/moderation"],
      [blockedPage.loader, "/moderation/blocked"],
    ] as const) {
      const page = await callLoader(fn as RouteFn, org, blockedModerator, path);
      expect(statusOf(page)).toBe(200);
      expect(dataOf<{ viewerBlocked: boolean }>(page).viewerBlocked).toBe(true);
    }
    expect(dataOf<{ viewerBlocked: boolean }>(await callLoader(moderationPage.loader as RouteFn, org, moderator, "/moderation")).viewerBlocked).toBe(false);
    const project = await createProject(org.id, official.id);
    const form = await callLoader(debateNew.loader as RouteFn, org, await blockedMember("official"), `/projects/${project.slug}/debates/new`, { slug: project.slug });
    expect(statusOf(form)).toBe(403);
    expect(dataOf<{ reason: string }>(form).reason).toBe("status.blocked");
  });

  it("is shown no answer, close or open-debate form (the loaders read the block), and an official who is not blocked is", async () => {
    const blockedOfficial = await blockedMember("official");
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, citizen.id);
    const debate = await createDebate(project, official.id);
    const pages = async (viewer: TestUser) => ({
      canAnswer: dataOf<{ canAnswer: boolean }>(
        await callLoader(proposalPage.loader as RouteFn, org, viewer, `/projects/${project.slug}/proposals/${proposal.id}`, { slug: project.slug, id: String(proposal.id) }),
      ).canAnswer,
      canClose: dataOf<{ canClose: boolean }>(
        await callLoader(debatePage.loader as RouteFn, org, viewer, `/projects/${project.slug}/debates/${debate.id}`, { slug: project.slug, id: String(debate.id) }),
      ).canClose,
      canOpen: dataOf<{ canOpen: boolean }>(await callLoader(debatesList.loader as RouteFn, org, viewer, `/projects/${project.slug}/debates`, { slug: project.slug })).canOpen,
    });
    expect(await pages(blockedOfficial)).toEqual({ canAnswer: false, canClose: false, canOpen: false });
    expect(await pages(await blockedMember("admin"))).toEqual({ canAnswer: false, canClose: false, canOpen: false });
    expect(await pages(official)).toEqual({ canAnswer: true, canClose: true, canOpen: true });
    expect(await pages(citizen)).toEqual({ canAnswer: false, canClose: false, canOpen: false });
  });

  it("is refused by requireContributor through the one block check (an account deleted mid-request counts as blocked too)", async () => {
    const blocked = await blockedMember("citizen");
    const citizenContext = await contextFor(org, citizen);
    expect(await run(() => requireContributor(citizenContext, makeRequest("/projects/x/proposals/new", { form: {} })))).toMatchObject({ id: citizen.id });
    const blockedContext = await contextFor(org, blocked);
    const blockedRefusal = await run(() => requireContributor(blockedContext, makeRequest("/projects/x/proposals/new", { form: {} })));
    expect(statusOf(blockedRefusal)).toBe(403);
    expect(dataOf<{ reason: string }>(blockedRefusal).reason).toBe("status.blocked");
    // The session was read before the account went: isBlocked finds no live account and refuses.
    const leaving = await createTestUser(org.id, { name: "Sur le départ" });
    const leavingContext = await contextFor(org, leaving);
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${leaving.id}`;
    const gone = await run(() => requireContributor(leavingContext, makeRequest("/projects/x/proposals/new", { form: {} })));
    expect(statusOf(gone)).toBe(403);
    expect(dataOf<{ reason: string }>(gone).reason).toBe("status.blocked");
  });

  it("is allowed again once unblocked (the check reads the block now, not the session)", async () => {
    const actor = await blockedMember("official");
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, citizen.id);
    const call = proposalCall(project.slug, proposal.id, { intent: "answer", status: "accepted", answer: "Oui" });
    expect(statusOf(await callAction(call.fn, org, actor, call.path, call.form, call.params))).toBe(403);
    await sql`update users set blocked_at = null, blocked_reason = null where id = ${actor.id}`;
    expect(statusOf(await callAction(call.fn, org, actor, call.path, call.form, call.params))).toBe(302);
  });
});

describe("nobody decides about themself", () => {
  it("a moderator cannot decide on their own contribution (route and module), nor unblock themself (module)", async () => {
    const project = await createProject(org.id, official.id);
    const own = await createProposal(project, moderator.id, { title: "Ma propre idée" });
    const [row] = await sql`
      insert into moderations (organization_id, target_type, target_id, project_id, report_count, state)
      values (${org.id}, 'proposal', ${own.id}, ${project.id}, 1, 'pending') returning id`;
    const moderationId = Number(row!.id);
    for (const intent of ["hide", "dismiss"]) {
      const before = await snapshot();
      const result = await callAction(moderationPage.action as RouteFn, org, moderator, "/moderation", { intent, moderationId: String(moderationId), round: "1", reason: "Non" });
      expect(statusOf(result)).toBe(403);
      expect(JSON.stringify(dataOf(result))).toContain("moderation:decision.errors.own");
      expect(await snapshot()).toEqual(before);
    }
    const direct = await decideModeration(sql, { organizationId: org.id, moderatorId: moderator.id, moderationId, decision: "dismiss", reason: "Non", origin: "http://localhost" });
    expect(direct).toEqual({ ok: false, error: "own" });

    // Another moderator decides.
    const colleague = await createTestUser(org.id, { role: "moderator" });
    const decided = await callAction(moderationPage.action as RouteFn, org, colleague, "/moderation", { intent: "dismiss", moderationId: String(moderationId), round: "1", reason: "Rien à redire" });
    expect(statusOf(decided)).toBe(200);

    // The decision module refuses a self-unblock even if a route forgot the block check.
    await sql`update users set blocked_at = now() where id = ${moderator.id}`;
    expect(await unblockMember(sql, { organizationId: org.id, moderatorId: moderator.id, userId: moderator.id, reason: null })).toEqual({ ok: false, error: "self" });
    const [still] = await sql`select blocked_at from users where id = ${moderator.id}`;
    expect(still!.blocked_at).toBeInstanceOf(Date);
    await sql`update users set blocked_at = null where id = ${moderator.id}`;
  });
});

describe("an admin and their own block", () => {
  it("cannot block themself, nor lift their block or change their own role through any route: nothing written", async () => {
    const admin = await createTestUser(org.id, { role: "admin", name: "Adèle Admin" });
    const tries = (actor: TestUser): Call[] => [
      { fn: moderationPage.action as RouteFn, path: "/moderation", form: { intent: "block", userId: String(actor.id), itemId: "1", reason: "Moi-même" }, params: {} },
      { fn: blockedPage.action as RouteFn, path: "/moderation/blocked", form: { intent: "unblock", userId: String(actor.id) }, params: {} },
      { fn: adminMembers.action as RouteFn, path: "/admin/members", form: { userId: String(actor.id), role: "citizen" }, params: {} },
    ];
    for (const call of tries(admin)) {
      const before = await snapshot();
      const result = await callAction(call.fn, org, admin, call.path, call.form, call.params);
      expect(statusOf(result)).toBeGreaterThanOrEqual(400);
      expect(statusOf(result)).toBeLessThan(500);
      expect(await snapshot()).toEqual(before);
    }
    // Blocked (an admin once blocked as a member and promoted later): every route refuses, the block stays.
    await sql`update users set blocked_at = now(), blocked_reason = 'Avant promotion' where id = ${admin.id}`;
    for (const call of tries(admin)) {
      const before = await snapshot();
      const result = await callAction(call.fn, org, admin, call.path, call.form, call.params);
      expect(statusOf(result)).toBe(403);
      expect(await refusalText(result)).toContain("status.blocked");
      expect(await snapshot()).toEqual(before);
    }
    const [row] = await sql`select role, blocked_at from users where id = ${admin.id}`;
    expect(row!.role).toBe("admin");
    expect(row!.blocked_at).toBeInstanceOf(Date);
  });
});
