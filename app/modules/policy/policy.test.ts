// The policies as tables: role × state × act → allowed or the reason's i18n key, for every domain,
// and the one rule for hidden content and drafts. Pure functions: no database.
import { describe, expect, it } from "vitest";
import { actorOf, type Actor } from "~/modules/auth/actor";
import type { SessionUser } from "~/modules/auth/session.server";
import { decide as decideComment, type CommentAct } from "~/modules/comments/policy";
import { decide as decideDebate } from "~/modules/debates/policy";
import { decide as decideModeration } from "~/modules/moderation/policy";
import { ROLES, type Role } from "~/modules/permissions/permissions";
import type { Phase } from "~/modules/projects/phases";
import { decide as decideProject, type ProjectTarget } from "~/modules/projects/policy";
import { decide as decideProposal, type ProposalState } from "~/modules/proposals/policy";
import { decideSee, hiddenItemsFor } from "~/modules/targets/visibility";

const ORG = 7;
const ME = 100;
const SOMEONE = 200;

function actor(role: Role | null, options: { id?: number; confirmed?: boolean; org?: number } = {}): Actor {
  if (role == null) return actorOf(ORG, null);
  const user: SessionUser = {
    id: options.id ?? ME,
    organizationId: options.org ?? ORG,
    email: "x@example.org",
    name: "X",
    role,
    isSystemAdmin: false,
    locale: null,
    emailConfirmed: options.confirmed ?? true,
  };
  return actorOf(ORG, user);
}

const phase = (kind: Phase["kind"]): Phase => ({ kind, startsOn: "2026-01-01", endsOn: null });
const project = (over: Partial<ProjectTarget> = {}): ProjectTarget => ({ status: "published", currentPhase: phase("co_construction"), actorBlocked: false, ...over });
const reason = (d: { allowed: boolean; reason?: string }) => (d.allowed ? "allowed" : d.reason);

describe("the one rule for hidden content and drafts", () => {
  // role (or author) × state → may see
  const cases: [string, Actor, { hidden: boolean; projectStatus: string; deleted?: boolean; authorId: number | null }, string][] = [];
  const viewers: [string, Actor][] = [
    ["anonymous", actor(null)],
    ["citizen", actor("citizen", { id: 300 })],
    ["author", actor("citizen")],
    ["aidant", actor("aidant", { id: 300 })],
    ["moderator", actor("moderator", { id: 300 })],
    ["official", actor("official", { id: 300 })],
    ["admin", actor("admin", { id: 300 })],
    ["member of another organization", actor("admin", { id: 300, org: 8 })],
  ];
  const expected: Record<string, { visible: string; hidden: string; draft: string; deleted: string }> = {
    anonymous: { visible: "allowed", hidden: "status.notFoundText", draft: "status.notFoundText", deleted: "status.notFoundText" },
    citizen: { visible: "allowed", hidden: "status.notFoundText", draft: "status.notFoundText", deleted: "status.notFoundText" },
    author: { visible: "allowed", hidden: "allowed", draft: "status.notFoundText", deleted: "status.notFoundText" },
    aidant: { visible: "allowed", hidden: "status.notFoundText", draft: "status.notFoundText", deleted: "status.notFoundText" },
    moderator: { visible: "allowed", hidden: "allowed", draft: "status.notFoundText", deleted: "status.notFoundText" },
    official: { visible: "allowed", hidden: "status.notFoundText", draft: "allowed", deleted: "status.notFoundText" },
    admin: { visible: "allowed", hidden: "allowed", draft: "allowed", deleted: "status.notFoundText" },
    "member of another organization": { visible: "allowed", hidden: "status.notFoundText", draft: "status.notFoundText", deleted: "status.notFoundText" },
  };
  for (const [name, who] of viewers) {
    const exp = expected[name]!;
    cases.push([name, who, { hidden: false, projectStatus: "published", authorId: ME }, exp.visible]);
    cases.push([name, who, { hidden: true, projectStatus: "published", authorId: ME }, exp.hidden]);
    cases.push([name, who, { hidden: false, projectStatus: "draft", authorId: ME }, exp.draft]);
    cases.push([name, who, { hidden: false, deleted: true, projectStatus: "published", authorId: ME }, exp.deleted]);
  }
  it.each(cases)("%s × %j → %s", (_name, who, item, outcome) => {
    expect(reason(decideSee(who, item))).toBe(outcome);
  });

  it("lists hold every hidden item for moderators and admins, else the viewer's own only", () => {
    expect(hiddenItemsFor(actor("moderator"))).toEqual({ all: true });
    expect(hiddenItemsFor(actor("admin"))).toEqual({ all: true });
    expect(hiddenItemsFor(actor("official"))).toEqual({ all: false, authorId: ME });
    expect(hiddenItemsFor(actor(null))).toEqual({ all: false, authorId: null });
  });
});

describe("projects", () => {
  it.each([
    ...ROLES.map((role) => [role, "manage", project(), role === "official" || role === "admin" ? "allowed" : "status.forbiddenText"] as const),
    ["official", "manage", project({ actorBlocked: true }), "status.blocked"],
    [null, "follow", project(), "status.forbiddenText"],
    ["citizen", "follow", project(), "allowed"],
    ["citizen", "follow", project({ actorBlocked: true }), "status.blocked"],
    ["citizen", "follow", project({ status: "draft" }), "status.notFoundText"],
    ["citizen", "see", project({ status: "draft" }), "status.notFoundText"],
    ["official", "see", project({ status: "draft" }), "allowed"],
    ["citizen", "propose", project(), "allowed"],
    ["citizen", "propose", project({ currentPhase: phase("information") }), "proposals:closed.propose"],
    ["citizen", "support", project({ currentPhase: phase("information") }), "proposals:closed.support"],
    ["citizen", "debate", project({ currentPhase: null }), "projects:closed.phase"],
    ["citizen", "propose", project({ status: "archived" }), "projects:closed.archived"],
    ["citizen", "propose", project({ actorBlocked: true }), "status.blocked"],
    [null, "propose", project(), "status.forbiddenText"],
  ] as const)("%s × %s × %j → %s", (role, act, target, outcome) => {
    expect(reason(decideProject(actor(role), act, target))).toBe(outcome);
  });

  it("an unconfirmed e-mail may follow but not contribute", () => {
    const unconfirmed = actor("citizen", { confirmed: false });
    expect(reason(decideProject(unconfirmed, "follow", project()))).toBe("allowed");
    expect(reason(decideProject(unconfirmed, "comment", project()))).toBe("status.confirmEmailFirst");
  });
});

describe("proposals", () => {
  const mine: ProposalState = { authorId: ME, hidden: false, status: "submitted", editable: true };
  const theirs: ProposalState = { ...mine, authorId: SOMEONE };
  it.each([
    ["citizen", "support", theirs, project(), "allowed"],
    ["citizen", "support", mine, project(), "proposals:page.ownProposal"],
    [null, "support", theirs, project(), "proposals:page.supportLogin"],
    ["citizen", "support", { ...theirs, status: "withdrawn" }, project(), "proposals:errors.notSupportable"],
    ["citizen", "support", { ...theirs, hidden: true }, project(), "status.notFoundText"],
    ["moderator", "support", { ...theirs, hidden: true }, project(), "proposals:errors.notSupportable"],
    ["citizen", "support", theirs, project({ currentPhase: phase("information") }), "proposals:closed.support"],
    ["citizen", "support", theirs, project({ actorBlocked: true }), "status.blocked"],
    ["citizen", "edit", mine, project(), "allowed"],
    ["citizen", "edit", { ...mine, editable: false }, project(), "proposals:errors.editClosed"],
    ["citizen", "edit", theirs, project(), "status.notFoundText"],
    ["citizen", "edit", mine, project({ currentPhase: phase("vote") }), "proposals:closed.propose"],
    ["citizen", "withdraw", mine, project({ currentPhase: phase("results") }), "allowed"],
    ["citizen", "withdraw", { ...mine, status: "accepted" }, project(), "proposals:errors.withdrawAnswered"],
    ["citizen", "withdraw", { ...mine, status: "withdrawn" }, project(), "proposals:errors.alreadyWithdrawn"],
    ["citizen", "withdraw", mine, project({ actorBlocked: true }), "status.blocked"],
    ["citizen", "withdraw", theirs, project(), "status.forbiddenText"],
    ["citizen", "withdraw", { ...mine, hidden: true }, project(), "allowed"],
    ["official", "answer", theirs, project(), "allowed"],
    ["admin", "answer", theirs, project(), "allowed"],
    ["moderator", "answer", theirs, project(), "status.forbiddenText"],
    ["official", "answer", { ...theirs, status: "withdrawn" }, project(), "proposals:errors.answerWithdrawn"],
    ["official", "answer", theirs, project({ actorBlocked: true }), "status.blocked"],
    ["official", "answer", { ...theirs, hidden: true }, project(), "status.notFoundText"],
  ] as const)("%s × %s × %j × %j → %s", (role, act, proposal, p, outcome) => {
    expect(reason(decideProposal(actor(role), act, { project: p, proposal }))).toBe(outcome);
  });
});

describe("comments", () => {
  const target = { authorId: SOMEONE, hidden: false, closed: false, projectStatus: "published" };
  const comment = { authorId: ME, hidden: false, deleted: false, depth: 0 };
  it.each([
    ["citizen", "comment", target, null, project(), "allowed"],
    [null, "comment", target, null, project(), "proposals:comments.closed.login"],
    ["citizen", "comment", { ...target, closed: true }, null, project(), "proposals:comments.closed.debate"],
    ["citizen", "comment", target, null, project({ currentPhase: phase("results") }), "proposals:comments.closed.phase"],
    ["citizen", "comment", { ...target, hidden: true }, null, project(), "status.notFoundText"],
    ["moderator", "comment", { ...target, hidden: true }, null, project(), "proposals:comments.closed.hidden"],
    ["citizen", "comment", { ...target, authorId: ME, hidden: true }, null, project(), "proposals:comments.closed.hidden"],
    ["citizen", "comment", { ...target, projectStatus: "draft" }, null, project({ status: "draft" }), "status.notFoundText"],
    ["citizen", "comment", target, null, project({ actorBlocked: true }), "status.blocked"],
    ["citizen", "reply", target, { ...comment, authorId: SOMEONE }, project(), "allowed"],
    ["citizen", "reply", target, { ...comment, depth: 2 }, project(), "proposals:comments.errors.tooDeep"],
    ["citizen", "reply", target, { ...comment, hidden: true }, project(), "proposals:comments.errors.parentGone"],
    ["citizen", "edit", target, comment, project(), "allowed"],
    ["citizen", "edit", target, { ...comment, authorId: SOMEONE }, project(), "proposals:comments.errors.notEditable"],
    ["citizen", "edit", target, { ...comment, hidden: true }, project(), "proposals:comments.errors.notEditable"],
    ["citizen", "delete", target, comment, project({ currentPhase: phase("results") }), "allowed"],
    ["citizen", "delete", target, comment, project({ actorBlocked: true }), "status.blocked"],
    ["citizen", "delete", target, { ...comment, authorId: SOMEONE }, project(), "status.notFoundText"],
    ["citizen", "delete", { ...target, hidden: true }, comment, project(), "status.notFoundText"],
  ] as const)("%s × %s × %j × %j × %j → %s", (role, act, t, c, p, outcome) => {
    expect(reason(decideComment(actor(role), act as CommentAct, { project: p, target: t, comment: c }))).toBe(outcome);
  });
});

describe("debates", () => {
  const debate = { authorId: SOMEONE, hidden: false, closed: false };
  it.each([
    ...ROLES.map((role) => [role, "open", project(), null, role === "official" || role === "admin" ? "allowed" : "status.forbiddenText"] as const),
    ["official", "open", project({ actorBlocked: true }), null, "status.blocked"],
    ["official", "close", project(), debate, "allowed"],
    ["official", "close", project(), { ...debate, closed: true }, "proposals:debates.errors.alreadyClosed"],
    ["official", "close", project(), { ...debate, hidden: true }, "status.notFoundText"],
    ["admin", "close", project(), { ...debate, hidden: true }, "allowed"],
    ["official", "close", project({ status: "draft" }), debate, "allowed"],
    ["citizen", "close", project(), debate, "status.forbiddenText"],
  ] as const)("%s × %s × %j × %j → %s", (role, act, p, d, outcome) => {
    expect(reason(decideDebate(actor(role), act, { project: p, debate: d }))).toBe(outcome);
  });
});

describe("moderation", () => {
  const item = { authorId: SOMEONE, hidden: false, projectStatus: "published" };
  const member = (role: Role, id = SOMEONE) => ({ id, organizationId: ORG, role, isSystemAdmin: false });
  it.each([
    ["citizen", "report", { actorBlocked: false, item }, "allowed"],
    ["citizen", "report", { actorBlocked: false, item: { ...item, authorId: ME } }, "moderation:report.errors.own"],
    ["citizen", "report", { actorBlocked: false, item: { ...item, hidden: true } }, "moderation:report.errors.notFound"],
    ["moderator", "report", { actorBlocked: false, item: { ...item, hidden: true } }, "moderation:report.errors.notFound"],
    ["citizen", "report", { actorBlocked: false, item: { ...item, projectStatus: "draft" } }, "moderation:report.errors.notFound"],
    ["citizen", "report", { actorBlocked: false, item: { ...item, deleted: true } }, "moderation:report.errors.notFound"],
    ["citizen", "report", { actorBlocked: true, item }, "status.blocked"],
    ["moderator", "decide", { actorBlocked: false, item }, "allowed"],
    ["admin", "decide", { actorBlocked: false, item }, "allowed"],
    ["official", "decide", { actorBlocked: false, item }, "status.forbiddenText"],
    ["moderator", "decide", { actorBlocked: false, item: { ...item, authorId: ME } }, "moderation:decision.errors.own"],
    ["moderator", "decide", { actorBlocked: true, item }, "status.blocked"],
    ["moderator", "block", { actorBlocked: false, member: member("citizen") }, "allowed"],
    ["moderator", "block", { actorBlocked: false, member: member("official") }, "allowed"],
    ["moderator", "block", { actorBlocked: false, member: member("admin") }, "moderation:block.errors.admin"],
    ["moderator", "block", { actorBlocked: false, member: member("moderator", ME) }, "moderation:block.errors.self"],
    ["moderator", "block", { actorBlocked: false, member: null }, "moderation:block.errors.notFound"],
    ["moderator", "block", { actorBlocked: false, member: { ...member("citizen"), blocked: true } }, "moderation:block.errors.already"],
    ["moderator", "block", { actorBlocked: true, member: member("citizen") }, "status.blocked"],
    ["citizen", "block", { actorBlocked: false, member: member("citizen") }, "status.forbiddenText"],
  ] as const)("%s × %s × %j → %s", (role, act, target, outcome) => {
    expect(reason(decideModeration(actor(role), act, target))).toBe(outcome);
  });
});
