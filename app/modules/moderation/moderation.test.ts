// Reporting, automatic hiding, the moderators' decisions and blocking, through the /report,
// /moderation and /moderation/blocked loaders and actions.
import { beforeAll, describe, expect, it } from "vitest";
import * as adminSettings from "~/routes/_admin+/admin.settings";
import * as account from "~/routes/_account+/account";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as blockedPage from "~/routes/_moderation+/moderation.blocked";
import * as reportRoute from "~/routes/_public+/report";
import { requireContributor } from "~/modules/projects/queries.server";
import { createTestOrganization, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { callRoute, contextFor, dataOf, makeRequest, type RouteFn, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { moderationReasonFor } from "./decisions.server";
import { loadReportedByViewer } from "./reports.server";
import { createComment, createDebate, createProject, createProposal } from "./testing.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let org: Org;
let other: Org;
let official: User;
let moderator: User;
let author: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Modérée" });
  other = await createTestOrganization({ name: "Autre Ville" });
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane Modératrice" });
  author = await createTestUser(org.id, { name: "Aline Autrice" });
});

type ReportReply = { status: string; result: { error?: Record<string, string[]> } | null; notice: string | null };

function report(user: User, target: { type: string; id: number }, reason = "offensive", o: Org = org, details?: string) {
  const form: Record<string, string> = { targetType: target.type, targetId: String(target.id), reason };
  if (details) form.details = details;
  return callRoute(reportRoute.action as RouteFn, { org: o, user, path: `/report?type=${target.type}&id=${target.id}`, form });
}

async function moderationRow(type: string, id: number) {
  const [row] = await sql`
    select state, report_count, auto_hidden, decided_by, decision_reason, project_id from moderations
    where target_type = ${type} and target_id = ${id}`;
  return row;
}

async function hiddenAt(table: "proposals" | "comments" | "debates", id: number) {
  const [row] = await sql`select hidden_at from ${sql(table)} where id = ${id}`;
  return row?.hidden_at as Date | null;
}

/** Audit entries with their personal data (reasons are kept beside the chain, see audit.server.ts). */
async function audits(action: string, subjectId: number) {
  return sql`
    select a.actor_id, a.subject_type, a.data || coalesce(p.data, '{}') as data
    from audit_log a left join audit_personal_data p on p.audit_id = a.id
    where a.organization_id = ${org.id} and a.action = ${action} and a.subject_id = ${String(subjectId)} order by a.id`;
}

/** The round a decision on this queue item takes now (as the queue's form carries it). */
async function roundOf(moderationId: string | number): Promise<string> {
  const [row] = await sql`select round + case when waiting then 0 else 1 end as round from moderations where id = ${String(moderationId)}`;
  return String(row?.round ?? 1);
}

async function reporters(n: number, o: Org = org) {
  return Promise.all(Array.from({ length: n }, (_, i) => createTestUser(o.id, { name: `Rapporteur ${i}` })));
}

describe("POST /report", () => {
  it("counts reports, hides the item automatically at the threshold (not before), audits it and tells the author", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id, { title: "Des bancs partout" });
    await sql`update users set locale = 'en' where id = ${author.id}`;
    const [a, b, c] = await reporters(3);

    const first = await report(a!, { type: "proposal", id: proposal.id }, "spam", org, "Publicité pour un magasin");
    expect(statusOf(first)).toBe(200);
    expect(dataOf<ReportReply>(first)).toMatchObject({ status: "reported", notice: "Merci, la modération va examiner ce contenu." });
    await report(b!, { type: "proposal", id: proposal.id });
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({ state: "pending", report_count: 2, auto_hidden: false, project_id: String(project.id) });
    expect(await hiddenAt("proposals", proposal.id)).toBeNull();
    expect(await audits("moderation.auto_hide", proposal.id)).toHaveLength(0);

    // The organization's threshold is 3 by default: the third report hides it.
    expect(statusOf(await report(c!, { type: "proposal", id: proposal.id }))).toBe(200);
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({ state: "hidden", report_count: 3, auto_hidden: true, decided_by: null });
    expect(await hiddenAt("proposals", proposal.id)).toBeInstanceOf(Date);
    const [entry] = await audits("moderation.auto_hide", proposal.id);
    expect(entry).toMatchObject({ actor_id: null, subject_type: "proposal", data: { reportCount: 3, threshold: 3, authorId: author.id } });

    // The author is told, in their own language, in the bell and by mail.
    const [notification] = await sql`select kind, data from notifications where user_id = ${author.id} and organization_id = ${org.id}`;
    expect(notification).toMatchObject({
      kind: "content_hidden",
      data: { path: `/projects/${project.slug}/proposals/${proposal.id}`, contentTitle: "Des bancs partout", reason: "hidden automatically after 3 reports" },
    });
    const [mail] = await sql`select subject, text_body from mail_outbox where to_address = ${author.email}`;
    expect(mail!.subject).toBe("Your contribution was hidden");
    expect(mail!.text_body).toContain("hidden automatically after 3 reports");
    expect(mail!.text_body).toContain(`${org.origin}/projects/${project.slug}/proposals/${proposal.id}`);
    await sql`update users set locale = null where id = ${author.id}`;

    // The author sees why on their item.
    expect(await moderationReasonFor(sql, org.id, { type: "proposal", id: proposal.id })).toMatchObject({ automatic: true, reportCount: 3 });
    expect(await moderationReasonFor(sql, other.id, { type: "proposal", id: proposal.id })).toBeNull();
  });

  it("refuses a second report of the same item by the same member", async () => {
    const project = await createProject(org.id, official.id);
    const comment = await createComment(project, author.id, { type: "project", id: project.id });
    const [a] = await reporters(1);
    expect(statusOf(await report(a!, { type: "comment", id: comment.id }))).toBe(200);
    const again = await report(a!, { type: "comment", id: comment.id }, "spam");
    expect(statusOf(again)).toBe(409);
    expect(dataOf<ReportReply>(again).result?.error?.[""]).toEqual(["moderation:report.errors.duplicate"]);
    expect(await moderationRow("comment", comment.id)).toMatchObject({ report_count: 1 });
    const [{ n }] = (await sql`select count(*)::int as n from reports where target_type = 'comment' and target_id = ${comment.id}`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(1);
  });

  it("refuses to report one's own content", async () => {
    const project = await createProject(org.id, official.id);
    const debate = await createDebate(project, official.id);
    const result = await report(official, { type: "debate", id: debate.id });
    expect(statusOf(result)).toBe(403);
    expect(dataOf<ReportReply>(result).result?.error?.[""]).toEqual(["moderation:report.errors.own"]);
    expect(await moderationRow("debate", debate.id)).toBeUndefined();
  });

  it("answers 404 for an item of another organization, a draft's or an unknown one, writing nothing", async () => {
    const foreignAuthor = await createTestUser(other.id);
    const foreignProject = await createProject(other.id, foreignAuthor.id);
    const foreign = await createProposal(foreignProject, foreignAuthor.id);
    const draft = await createProject(org.id, official.id, { status: "draft" });
    const inDraft = await createProposal(draft, author.id);
    const [a] = await reporters(1);
    for (const id of [foreign.id, inDraft.id, 999_999_999]) {
      const result = await report(a!, { type: "proposal", id });
      expect(statusOf(result)).toBe(404);
      expect(await moderationRow("proposal", id)).toBeUndefined();
    }
    expect(await sql`select 1 from reports where reporter_id = ${a!.id}`).toHaveLength(0);
    expect(statusOf(await callRoute(reportRoute.loader as RouteFn, { org, user: a!, path: `/report?type=proposal&id=${foreign.id}` }))).toBe(404);
  });

  it("refuses bad input with translated field errors, keeps the values, writes nothing", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id);
    const [a] = await reporters(1);
    const result = await callRoute(reportRoute.action as RouteFn, {
      org, user: a!, path: "/report",
      form: {
        targetType: "proposal",
        targetId: String(proposal.id),
        reason: "because",
        details: "x".repeat(1001),
      },
    });
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(result).result;
    expect(reply.error.reason).toEqual(["moderation:report.errors.reason"]);
    expect(reply.error.details).toEqual(["moderation:report.errors.detailsLength"]);
    expect(reply.initialValue.details).toHaveLength(1001);
    expect(await moderationRow("proposal", proposal.id)).toBeUndefined();
  });

  it("sends visitors to the login page, and refuses blocked members (who need no confirmed e-mail otherwise)", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id);
    const anonymous = await callRoute(reportRoute.action as RouteFn, { org, user: null, path: "/report", form: { targetType: "proposal", targetId: String(proposal.id), reason: "spam" } });
    expect(statusOf(anonymous)).toBe(302);
    const unconfirmed = await createTestUser(org.id, { confirmed: false });
    expect(statusOf(await report(unconfirmed, { type: "proposal", id: proposal.id }))).toBe(200);
    const blocked = await createTestUser(org.id);
    await sql`update users set blocked_at = now() where id = ${blocked.id}`;
    const refused = await report(blocked, { type: "proposal", id: proposal.id });
    expect(statusOf(refused)).toBe(403);
    expect(dataOf<ReportReply>(refused).result?.error?.[""]).toEqual(["status.blocked"]);
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({ report_count: 1 });
  });

  it("after a moderator restored an item, new reports bring it back to the queue but never hide it again", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id);
    for (const r of await reporters(3)) await report(r, { type: "proposal", id: proposal.id });
    const row = await moderationRow("proposal", proposal.id);
    expect(row).toMatchObject({ state: "hidden", auto_hidden: true });
    const [{ id }] = (await sql`select id from moderations where target_type = 'proposal' and target_id = ${proposal.id}`) as unknown as [{ id: string }];
    const restored = await callRoute(moderationPage.action as RouteFn, { org, user: moderator, path: "/moderation?index", form: { intent: "restore", moderationId: id, round: await roundOf(id), reason: "Propos acceptables" } });
    expect(statusOf(restored)).toBe(200);
    expect(await hiddenAt("proposals", proposal.id)).toBeNull();
    for (const r of await reporters(4)) expect(statusOf(await report(r, { type: "proposal", id: proposal.id }))).toBe(200);
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({ state: "pending", report_count: 7, auto_hidden: false });
    expect(await hiddenAt("proposals", proposal.id)).toBeNull();
    expect(await audits("moderation.auto_hide", proposal.id)).toHaveLength(1);
  });

  it("follows the organization's threshold setting", async () => {
    const o = await createTestOrganization();
    const admin = await createTestUser(o.id, { role: "admin" });
    const saved = await callRoute(adminSettings.action as RouteFn, {
      org: o, user: admin, path: "/admin/settings",
      form: {
        name: o.name,
        defaultLocale: "fr",
        primaryColor: "#000091",
        reportThreshold: "1",
      },
    });
    expect(statusOf(saved)).toBe(200);
    const project = await createProject(o.id, admin.id);
    const writer = await createTestUser(o.id);
    const proposal = await createProposal(project, writer.id);
    const [a] = await reporters(1, o);
    await report(a!, { type: "proposal", id: proposal.id }, "spam", o);
    expect(await hiddenAt("proposals", proposal.id)).toBeInstanceOf(Date);
  });

  it("tells list pages which items the viewer already reported, in one query", async () => {
    const project = await createProject(org.id, official.id);
    const p1 = await createProposal(project, author.id);
    const p2 = await createProposal(project, author.id);
    const c1 = await createComment(project, author.id, { type: "proposal", id: p1.id });
    const [a] = await reporters(1);
    await report(a!, { type: "proposal", id: p2.id });
    await report(a!, { type: "comment", id: c1.id });
    const set = await loadReportedByViewer(sql, a!.id, [
      { type: "proposal", id: p1.id },
      { type: "proposal", id: p2.id },
      { type: "comment", id: c1.id },
      { type: "comment", id: p2.id },
    ]);
    expect([...set].sort()).toEqual([`comment:${c1.id}`, `proposal:${p2.id}`].sort());
    expect((await loadReportedByViewer(sql, null, [{ type: "proposal", id: p2.id }])).size).toBe(0);
    expect((await loadReportedByViewer(sql, a!.id, [])).size).toBe(0);
  });

  it("shows the report page for a visible item, and the confirmation after a report without JavaScript", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id, { title: "Une fontaine" });
    const [a] = await reporters(1);
    const page = await callRoute(reportRoute.loader as RouteFn, { org, user: a!, path: `/report?type=proposal&id=${proposal.id}` });
    expect(page).toMatchObject({ title: "Signaler un contenu", reported: false, refusal: null, target: { title: "Une fontaine" } });
    expect(statusOf(await callRoute(reportRoute.loader as RouteFn, { org, user: a!, path: "/report?type=project&id=1" }))).toBe(404);
    await report(a!, { type: "proposal", id: proposal.id });
    expect(await callRoute(reportRoute.loader as RouteFn, { org, user: a!, path: `/report?type=proposal&id=${proposal.id}` })).toMatchObject({ reported: true });
  });
});

describe("/moderation decisions", () => {
  async function reportedProposal(count = 1) {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id, { title: "Texte douteux" });
    for (const r of await reporters(count)) await report(r, { type: "proposal", id: proposal.id }, "offensive");
    const [row] = await sql`select id from moderations where target_type = 'proposal' and target_id = ${proposal.id}`;
    return { project, proposal, moderationId: String(row!.id) };
  }

  /** The form as the queue sends it: with the round the page showed (the item's current one when not given). */
  async function decide(user: User, form: Record<string, string>, o: Org = org) {
    return callRoute(moderationPage.action as RouteFn, { org: o, user, path: "/moderation?index", form: { round: await roundOf(form.moderationId!), ...form } });
  }

  it("lists pending items first, with excerpt, author, project, link and reports; never another organization's", async () => {
    // One item already decided, so that the order "pending first" is tested against something.
    const decided = await reportedProposal(1);
    expect(statusOf(await decide(moderator, { intent: "dismiss", moderationId: decided.moderationId, reason: "Rien à redire" }))).toBeLessThan(400);
    const { project, proposal } = await reportedProposal(2);
    const foreignMod = await createTestUser(other.id, { role: "moderator" });
    const page = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: `/moderation?project=${project.id}` })) as Awaited<ReturnType<typeof moderationPage.loader>>;
    const item = page.items.find((i) => i.targetType === "proposal" && i.targetId === proposal.id);
    expect(item).toMatchObject({
      state: "pending",
      reportCount: 2,
      content: { title: "Texte douteux", text: "Plus d'arbres et de bancs.", path: `/projects/${project.slug}/proposals/${proposal.id}` },
      project: { title: project.title },
      author: { id: author.id, name: "Aline Autrice", blocked: false },
      reasons: [{ reason: "offensive", count: 2 }],
      decisions: ["hide", "dismiss"],
    });
    // Everything: the waiting items first, the oldest first; then the decided ones.
    const all = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: "/moderation?state=all" })) as typeof page;
    const waiting = all.items.map((i) => i.waiting);
    expect(waiting[0]).toBe(true);
    const since = all.items.filter((i) => i.waiting).map((i) => i.waitingSince!.iso);
    expect(since).toEqual([...since].sort());
    const decidedAll = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: "/moderation?state=all&page=99" })) as typeof page;
    expect(decidedAll.items.some((i) => !i.waiting)).toBe(true);
    expect(decidedAll.items.slice(decidedAll.items.findIndex((i) => !i.waiting)).every((i) => !i.waiting)).toBe(true);
    const foreign = (await callRoute(moderationPage.loader as RouteFn, { org: other, user: foreignMod, path: "/moderation?state=all" })) as typeof page;
    expect(foreign.items.some((i) => i.targetId === proposal.id)).toBe(false);
    const decidedOnly = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: "/moderation?state=decided" })) as typeof page;
    expect(decidedOnly.items.length).toBeGreaterThan(0);
    expect(decidedOnly.items.every((i) => !i.waiting)).toBe(true);
    const byKind = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: "/moderation?state=all&kind=comment" })) as typeof page;
    expect(byKind.items.every((i) => i.targetType === "comment")).toBe(true);
  });

  it("hides with a reason: target hidden, audited, author told with the moderator's reason", async () => {
    const { proposal, moderationId } = await reportedProposal();
    const result = await decide(moderator, { intent: "hide", moderationId, reason: "Propos injurieux envers un riverain." });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ notice: string }>(result).notice).toBe("Le contenu (proposition) est masqué. Son auteur a été prévenu.");
    expect(await hiddenAt("proposals", proposal.id)).toBeInstanceOf(Date);
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({
      state: "hidden",
      auto_hidden: false,
      decided_by: String(moderator.id),
      decision_reason: "Propos injurieux envers un riverain.",
    });
    const [entry] = await audits("moderation.hide", proposal.id);
    expect(entry).toMatchObject({ actor_id: String(moderator.id), subject_type: "proposal", data: { reason: "Propos injurieux envers un riverain.", from: "pending" } });
    const rows = await sql`select data from notifications where user_id = ${author.id} and kind = 'content_hidden' and data->>'contentTitle' = 'Texte douteux'`;
    expect(rows.map((r) => (r.data as { reason: string }).reason)).toContain("Propos injurieux envers un riverain.");
    expect(await moderationReasonFor(sql, org.id, { type: "proposal", id: proposal.id })).toMatchObject({
      automatic: false,
      reason: "Propos injurieux envers un riverain.",
    });
  });

  it("requires a reason, and refuses a decision that no longer fits the item's state", async () => {
    const { proposal, moderationId } = await reportedProposal();
    const empty = await decide(moderator, { intent: "hide", moderationId, reason: "   " });
    expect(statusOf(empty)).toBe(400);
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(empty).result.error.reason).toEqual(["moderation:errors.reasonRequired"]);
    expect(await hiddenAt("proposals", proposal.id)).toBeNull();
    // Pending and visible: nothing to restore.
    const stale = await decide(moderator, { intent: "restore", moderationId, reason: "Rien à redire" });
    expect(statusOf(stale)).toBe(409);
    expect(await audits("moderation.restore", proposal.id)).toHaveLength(0);
  });

  it("dismisses the reports: the item stays visible, the decision is audited", async () => {
    const { proposal, moderationId } = await reportedProposal();
    expect(statusOf(await decide(moderator, { intent: "dismiss", moderationId, reason: "Signalement abusif" }))).toBe(200);
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({ state: "dismissed" });
    expect(await hiddenAt("proposals", proposal.id)).toBeNull();
    expect(await audits("moderation.dismiss", proposal.id)).toHaveLength(1);
  });

  it("works on comments and debates too", async () => {
    const project = await createProject(org.id, official.id);
    const debate = await createDebate(project, author.id, "Un débat");
    const comment = await createComment(project, author.id, { type: "debate", id: debate.id }, "Commentaire injurieux");
    const [a] = await reporters(1);
    await report(a!, { type: "comment", id: comment.id });
    await report(a!, { type: "debate", id: debate.id });
    const page = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: `/moderation?project=${project.id}` })) as Awaited<ReturnType<typeof moderationPage.loader>>;
    const item = page.items.find((i) => i.targetType === "comment" && i.targetId === comment.id)!;
    expect(item.content).toMatchObject({
      title: null,
      text: "Commentaire injurieux",
      path: `/projects/${project.slug}/debates/${debate.id}?comments=f.${comment.id}#comment-${comment.id}`,
    });
    expect(statusOf(await decide(moderator, { intent: "hide", moderationId: String(item.id), reason: "Insulte" }))).toBe(200);
    expect(await hiddenAt("comments", comment.id)).toBeInstanceOf(Date);
    const debateItem = page.items.find((i) => i.targetType === "debate" && i.targetId === debate.id)!;
    expect(statusOf(await decide(moderator, { intent: "hide", moderationId: String(debateItem.id), reason: "Hors sujet" }))).toBe(200);
    expect(await hiddenAt("debates", debate.id)).toBeInstanceOf(Date);
  });

  it("answers 403 to citizens and officials, 404 for another organization's item, and changes nothing", async () => {
    const { proposal, moderationId } = await reportedProposal();
    for (const user of [author, official]) {
      expect(statusOf(await callRoute(moderationPage.loader as RouteFn, { org, user, path: "/moderation" }))).toBe(403);
      expect(statusOf(await decide(user, { intent: "hide", moderationId, reason: "Je décide" }))).toBe(403);
      expect(statusOf(await callRoute(blockedPage.loader as RouteFn, { org, user, path: "/moderation/blocked" }))).toBe(403);
    }
    const foreignMod = await createTestUser(other.id, { role: "moderator" });
    expect(statusOf(await decide(foreignMod, { intent: "hide", moderationId, reason: "Ailleurs" }, other))).toBe(404);
    expect(await hiddenAt("proposals", proposal.id)).toBeNull();
    expect(await moderationRow("proposal", proposal.id)).toMatchObject({ state: "pending" });
  });
});

describe("blocking members", () => {
  function block(by: User, userId: number, reason = "Insultes répétées", o: Org = org) {
    return callRoute(moderationPage.action as RouteFn, { org: o, user: by, path: "/moderation?index", form: { intent: "block", userId: String(userId), itemId: "1", reason } });
  }

  it("blocks with a reason (audited): the member can no longer contribute nor report, still reads and may delete their account", async () => {
    const troll = await createTestUser(org.id, { name: "Troll" });
    const result = await block(moderator, troll.id);
    expect(statusOf(result)).toBe(200);
    const [row] = await sql`select blocked_at, blocked_reason from users where id = ${troll.id}`;
    expect(row!.blocked_at).toBeInstanceOf(Date);
    expect(row!.blocked_reason).toBe("Insultes répétées");
    const [entry] = await sql`
      select a.actor_id, a.data || coalesce(p.data, '{}') as data from audit_log a left join audit_personal_data p on p.audit_id = a.id
      where a.action = 'moderation.block' and a.subject_id = ${String(troll.id)}`;
    expect(entry).toMatchObject({ actor_id: String(moderator.id), data: { reason: "Insultes répétées" } });

    const context = await contextFor(org, troll);
    const refused = await run(() => requireContributor(context, makeRequest("/projects/x/proposals/new", { form: {} })));
    expect(statusOf(refused)).toBe(403);
    expect(dataOf<{ reason: string }>(refused).reason).toBe("status.blocked");

    // Still logged in and reading: the pages that need only a session open.
    expect(statusOf(await callRoute(account.loader as RouteFn, { org, user: troll, path: "/account" }))).toBe(200);
    const deleted = await callRoute(account.action as RouteFn, { org, user: troll, path: "/account", form: { intent: "delete", currentPassword: TEST_PASSWORD, confirm: "on" } });
    expect(statusOf(deleted)).toBe(302);
    const [gone] = await sql`select deleted_at from users where id = ${troll.id}`;
    expect(gone!.deleted_at).toBeInstanceOf(Date);
  });

  it("refuses to block an admin, oneself, an already blocked member or another organization's", async () => {
    const admin = await createTestUser(org.id, { role: "admin" });
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(await block(moderator, admin.id)).result.error[""]).toEqual([
      "moderation:block.errors.admin",
    ]);
    expect(statusOf(await block(moderator, moderator.id))).toBe(403);
    expect(statusOf(await block(admin, admin.id))).toBe(403);
    const foreign = await createTestUser(other.id);
    expect(statusOf(await block(moderator, foreign.id))).toBe(404);
    const twice = await createTestUser(org.id);
    await block(moderator, twice.id);
    expect(statusOf(await block(moderator, twice.id))).toBe(409);
    const [a] = await sql`select blocked_at from users where id = ${admin.id}`;
    const [f] = await sql`select blocked_at from users where id = ${foreign.id}`;
    expect([a!.blocked_at, f!.blocked_at]).toEqual([null, null]);
    const citizen = await createTestUser(org.id);
    const target = await createTestUser(org.id);
    expect(statusOf(await block(citizen, target.id))).toBe(403);
  });

  it("lists the blocked members and unblocks them (audited)", async () => {
    const o = await createTestOrganization();
    const mod = await createTestUser(o.id, { role: "moderator" });
    const someone = await createTestUser(o.id, { name: "Sam Bloqué" });
    await block(mod, someone.id, "Spam", o);
    const list = (await callRoute(blockedPage.loader as RouteFn, { org: o, user: mod, path: "/moderation/blocked" })) as Awaited<ReturnType<typeof blockedPage.loader>>;
    expect(list.members).toMatchObject([{ id: someone.id, name: "Sam Bloqué", reason: "Spam" }]);
    const unblocked = await callRoute(blockedPage.action as RouteFn, { org: o, user: mod, path: "/moderation/blocked", form: { intent: "unblock", userId: String(someone.id), reason: "Excuses reçues" } });
    expect(dataOf<{ notice: string }>(unblocked).notice).toBe("Sam Bloqué est débloqué : ce compte peut de nouveau contribuer.");
    const [row] = await sql`select blocked_at from users where id = ${someone.id}`;
    expect(row!.blocked_at).toBeNull();
    const [entry] = await sql`
      select a.actor_id, a.data || coalesce(p.data, '{}') as data from audit_log a left join audit_personal_data p on p.audit_id = a.id
      where a.action = 'moderation.unblock' and a.subject_id = ${String(someone.id)}`;
    expect(entry).toMatchObject({ actor_id: String(mod.id), data: { reason: "Excuses reçues", blockedReason: "Spam" } });
    const again = await callRoute(blockedPage.action as RouteFn, { org: o, user: mod, path: "/moderation/blocked", form: { intent: "unblock", userId: String(someone.id) } });
    expect(statusOf(again)).toBe(409);
    // Another organization's moderator cannot unblock here.
    await block(mod, someone.id, "Encore", o);
    const foreignMod = await createTestUser(other.id, { role: "moderator" });
    expect(statusOf(await callRoute(blockedPage.action as RouteFn, { org: other, user: foreignMod, path: "/moderation/blocked", form: { intent: "unblock", userId: String(someone.id) } }))).toBe(404);
  });
});

describe("report threshold setting", () => {
  it("accepts 1 to 100 only, with a translated error, and audits a change", async () => {
    const o = await createTestOrganization();
    const admin = await createTestUser(o.id, { role: "admin" });
    const base = { name: o.name, defaultLocale: "fr", primaryColor: "#000091" };
    for (const bad of ["0", "101", "2.5", "trois", ""]) {
      const result = await callRoute(adminSettings.action as RouteFn, { org: o, user: admin, path: "/admin/settings", form: { ...base, reportThreshold: bad } });
      expect(statusOf(result), bad).toBe(400);
      const error = dataOf<{ reply: { error: Record<string, string[]> } }>(result).reply.error.reportThreshold;
      expect(error, bad).toEqual([bad === "" ? "errors.required" : "admin:settings.errors.reportThreshold"]);
    }
    const [before] = await sql`select report_threshold from organizations where id = ${o.id}`;
    expect(before!.report_threshold).toBe(3);
    expect(statusOf(await callRoute(adminSettings.action as RouteFn, { org: o, user: admin, path: "/admin/settings", form: { ...base, reportThreshold: "10" } }))).toBe(200);
    const [after] = await sql`select report_threshold from organizations where id = ${o.id}`;
    expect(after!.report_threshold).toBe(10);
    const [entry] = await sql`select data from audit_log where organization_id = ${o.id} and action = 'organization.update'`;
    expect(entry!.data).toEqual({ reportThreshold: { from: 3, to: 10 } });
    const page = (await callRoute(adminSettings.loader as RouteFn, { org: o, user: admin, path: "/admin/settings" })) as { settings: { reportThreshold: number } };
    expect(page.settings.reportThreshold).toBe(10);
  });
});
