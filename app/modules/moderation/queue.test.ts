// The queue that never loses an item (issue 10, item 1): what is hidden automatically waits for a
// decision and is counted; a moderator confirms the hiding (the author gets the reason) or restores
// it (the author is told, their earlier notice marked superseded); two moderators deciding at once
// end with one decision (the database's unique key); bulk decisions; the public log names no content.
import { beforeAll, describe, expect, it } from "vitest";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as logPage from "~/routes/_public+/journal-de-moderation";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, dataOf, type RouteFn, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { decideModeration } from "./decisions.server";
import { countWaiting } from "./queue.server";
import { reportContent } from "./reports.server";
import { createComment, createProject, createProposal } from "./testing.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

const ORIGIN = "http://localhost";
let org: Org;
let official: User;
let moderator: User;
let colleague: User;
let author: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville File" });
  official = await createTestUser(org.id, { role: "official" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane" });
  colleague = await createTestUser(org.id, { role: "moderator", name: "Colin" });
  author = await createTestUser(org.id, { name: "Aline Autrice" });
});

async function reportedBy(n: number, target: { type: string; id: number }, reason: "spam" | "offensive" = "offensive") {
  for (let i = 0; i < n; i++) {
    const reporter = await createTestUser(org.id, { name: `Rapporteur ${i}` });
    expect(await reportContent(sql, { organizationId: org.id, reporterId: reporter.id, target, reason, details: null, origin: ORIGIN })).toMatchObject({ ok: true });
  }
  const [row] = await sql`select id, round, state, auto_hidden, waiting from moderations where target_type = ${target.type} and target_id = ${target.id}`;
  return { id: Number(row!.id), round: Number(row!.round), state: String(row!.state), waiting: Boolean(row!.waiting) };
}

async function hiddenComment() {
  const project = await createProject(org.id, official.id);
  const comment = await createComment(project, author.id, { type: "project", id: project.id }, "Achetez mes montres");
  const moderation = await reportedBy(3, { type: "comment", id: comment.id }, "spam");
  return { project, comment, moderation };
}

function decideRoute(user: User, form: Record<string, string | string[]>) {
  return callRoute(moderationPage.action as RouteFn, { org, user, path: "/moderation?index", form });
}

describe("an item hidden automatically", () => {
  it("waits in the queue and is counted until a moderator confirms the hiding; the author gets the reason", async () => {
    const before = await countWaiting(sql, org.id);
    const { comment, moderation } = await hiddenComment();
    expect(moderation).toMatchObject({ state: "hidden", waiting: true, round: 1 });
    expect(await countWaiting(sql, org.id)).toBe(before + 1);
    const queue = (await callRoute(moderationPage.loader as RouteFn, { org, user: moderator, path: "/moderation" })) as Awaited<ReturnType<typeof moderationPage.loader>>;
    const item = queue.items.find((i) => i.id === moderation.id)!;
    expect(item).toMatchObject({ waiting: true, autoHidden: true, decisions: ["hide", "restore"], round: 1 });

    const confirmed = await decideRoute(moderator, { intent: "hide", moderationId: String(moderation.id), round: "1", reason: "Publicité commerciale répétée." });
    expect(statusOf(confirmed)).toBe(200);
    expect(await countWaiting(sql, org.id)).toBe(before);
    const [row] = await sql`select state, auto_hidden, waiting, decision_reason from moderations where id = ${moderation.id}`;
    expect(row).toMatchObject({ state: "hidden", auto_hidden: false, waiting: false, decision_reason: "Publicité commerciale répétée." });
    const [hidden] = await sql`select hidden_at from comments where id = ${comment.id}`;
    expect(hidden!.hidden_at).toBeInstanceOf(Date);
    const notes = await sql`select kind, data from notifications where user_id = ${author.id} and data->>'path' like ${`%comment-${comment.id}`} order by id`;
    expect(notes.map((n) => n.kind)).toEqual(["content_hidden", "content_hidden"]);
    expect((notes[1]!.data as { reason: string }).reason).toBe("Publicité commerciale répétée.");
    const decisions = await sql`select round, decision, decided_by from moderation_decisions where moderation_id = ${moderation.id}`;
    expect(decisions).toEqual([{ round: 1, decision: "hide", decided_by: String(moderator.id) }]);
    // The moderators' menus are told (their room), after commit.
    const events = await sql`select type from events where organization_id = ${org.id} and type = 'moderation.changed'`;
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it("restored: the author is told, and the notice that said it was hidden is marked superseded", async () => {
    const { project, comment, moderation } = await hiddenComment();
    const restored = await decideRoute(moderator, { intent: "restore", moderationId: String(moderation.id), round: "1", reason: "Message courtois, signalements abusifs." });
    expect(statusOf(restored)).toBe(200);
    const notes = await sql`
      select kind, data, superseded_at from notifications where user_id = ${author.id} and data->>'path' like ${`/projects/${project.slug}%comment-${comment.id}`} order by id`;
    expect(notes.map((n) => [n.kind, n.superseded_at != null])).toEqual([
      ["content_hidden", true],
      ["content_restored", false],
    ]);
    const [mail] = await sql`select subject, text_body from mail_outbox where to_address = ${author.email} and subject like ${"%de nouveau visible%"}`;
    expect(mail!.text_body).toContain("Message courtois, signalements abusifs.");
  });
});

describe("two moderators deciding the same item at once", () => {
  it("end with one decision: the second is told another moderator decided, nothing is written twice", async () => {
    const { moderation } = await hiddenComment();
    const input = { organizationId: org.id, moderationId: moderation.id, round: moderation.round, origin: ORIGIN };
    const outcomes = await Promise.all([
      decideModeration(sql, { ...input, moderatorId: moderator.id, decision: "hide", reason: "Spam" }),
      decideModeration(sql, { ...input, moderatorId: colleague.id, decision: "restore", reason: "Pas du spam" }),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, error: "decided" }]);
    expect(await sql`select 1 from moderation_decisions where moderation_id = ${moderation.id}`).toHaveLength(1);
    const audits = await sql`
      select action from audit_log where organization_id = ${org.id} and action in ('moderation.hide', 'moderation.restore')
        and data->>'moderationId' = ${String(moderation.id)}`;
    expect(audits).toHaveLength(1);

    // The page of the second moderator, sent later with the round it showed: a clear 409.
    const late = await decideRoute(colleague, { intent: "restore", moderationId: String(moderation.id), round: String(moderation.round), reason: "Pas du spam" });
    expect(statusOf(late)).toBe(409);
    expect(JSON.stringify(dataOf(late))).toContain("moderation:decision.errors.decided");

    // The database refuses a second decision of the same round, whatever the code.
    await expect(
      sql`insert into moderation_decisions (organization_id, moderation_id, round, decision, decided_by)
          values (${org.id}, ${moderation.id}, ${moderation.round}, 'dismiss', ${colleague.id})`,
    ).rejects.toThrow(/moderation_decisions_moderation_id_round_key/);
  });
});

describe("bulk decisions", () => {
  it("hide every ticked waiting item with one reason, and say which were decided by someone else first", async () => {
    const project = await createProject(org.id, official.id);
    const items = [];
    for (let i = 0; i < 3; i++) {
      const proposal = await createProposal(project, author.id, { title: `Spam ${i}` });
      items.push(await reportedBy(1, { type: "proposal", id: proposal.id }, "spam"));
    }
    // One of them decided meanwhile by a colleague.
    expect(await decideModeration(sql, { organizationId: org.id, moderatorId: colleague.id, moderationId: items[2]!.id, round: 1, decision: "dismiss", reason: "Non", origin: ORIGIN })).toMatchObject({ ok: true });
    const result = await decideRoute(moderator, { intent: "bulk-hide", items: items.map((i) => `${i.id}:${i.round}`), reason: "Vague de spam" });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<{ notice: string; warning: string }>(result)).toMatchObject({ notice: "2 contenus décidés.", warning: expect.stringContaining("1 contenu n'a pas été décidé") });
    const states = await sql`select state from moderations where id in ${sql(items.map((i) => i.id))} order by id`;
    expect(states.map((s) => s.state)).toEqual(["hidden", "hidden", "dismissed"]);

    const none = await decideRoute(moderator, { intent: "bulk-dismiss", reason: "Rien" });
    expect(statusOf(none)).toBe(400);
    expect(JSON.stringify(dataOf(none))).toContain("moderation:bulk.errors.none");
  });
});

describe("the public moderation log", () => {
  it("lists what was hidden or restored, when and why, without the content, its author or the moderator's words", async () => {
    const o = await createTestOrganization({ name: "Ville Transparente" });
    const mod = await createTestUser(o.id, { role: "moderator" });
    const writer = await createTestUser(o.id, { name: "Zoé Secrète" });
    const project = await createProject(o.id, mod.id, { title: "Parc des Oiseaux" });
    const proposal = await createProposal(project, writer.id, { title: "Texte injurieux caché" });
    const reporter = await createTestUser(o.id);
    await reportContent(sql, { organizationId: o.id, reporterId: reporter.id, target: { type: "proposal", id: proposal.id }, reason: "offensive", details: "détail privé", origin: ORIGIN });
    const [m] = await sql`select id from moderations where target_id = ${proposal.id} and target_type = 'proposal'`;
    await decideModeration(sql, { organizationId: o.id, moderatorId: mod.id, moderationId: Number(m!.id), round: 1, decision: "hide", reason: "Insulte envers Zoé", origin: ORIGIN });
    const page = (await callRoute(logPage.loader as RouteFn, { org: o, user: null, path: "/journal-de-moderation" })) as Awaited<ReturnType<typeof logPage.loader>>;
    expect(page.entries).toEqual([
      expect.objectContaining({ decision: "hide", targetType: "proposal", project: { title: "Parc des Oiseaux", slug: project.slug }, reasons: ["offensive"] }),
    ]);
    const text = JSON.stringify(page);
    for (const secret of ["Texte injurieux", "Zoé", "détail privé", "Insulte envers"]) expect(text).not.toContain(secret);
    // Another organization's log is its own.
    const elsewhere = (await callRoute(logPage.loader as RouteFn, { org, user: null, path: "/journal-de-moderation" })) as typeof page;
    expect(elsewhere.entries.some((e) => e.project?.slug === project.slug)).toBe(false);
  });
});
