// The audit log page's details: one line of plain text per entry, written on the server in the
// page's language from what each command records; titles and names read inside the organization.
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/modules/audit/audit.server";
import { closeDebate } from "~/modules/debates/commands.server";
import { blockMember, decideModeration, unblockMember } from "~/modules/moderation/decisions.server";
import { reportContent } from "~/modules/moderation/reports.server";
import { createComment, createDebate, createProject, createProposal } from "~/modules/moderation/testing.server";
import { answerProposal } from "~/modules/proposals/commands.server";
import * as adminAudit from "~/routes/_admin+/admin.audit";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { contextFor, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { memberActor } from "~/modules/auth/member-actor";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;
type AuditPage = Awaited<ReturnType<typeof adminAudit.loader>>;

let org: Org;
let admin: User;

beforeAll(async () => {
  org = await createTestOrganization();
  admin = await createTestUser(org.id, { role: "admin", name: "Agathe" });
});

async function auditPage(o: Org, user: User, locale: "fr" | "en") {
  const context = await contextFor(o, user, { locale });
  return (await run(() => adminAudit.loader({ request: makeRequest("/admin/audit"), context, params: {} }))) as AuditPage;
}

describe("audit log details", () => {
  it("details moderation, project, proposal and debate entries in plain text, in both languages", async () => {
    const official = await createTestUser(org.id, { role: "official", name: "Élise" });
    const moderator = await createTestUser(org.id, { role: "moderator", name: "Modeste" });
    const writer = await createTestUser(org.id, { name: "Bob" });
    const reporter = await createTestUser(org.id, { name: "Rita" });
    await sql`update organizations set report_threshold = 1 where id = ${org.id}`;
    const project = await createProject(org.id, official.id, { title: "Square Dupleix" });
    const proposal = await createProposal(project, writer.id, { title: "Plus d'arbres" });
    const debate = await createDebate(project, official.id, "Faut-il piétonniser la place ?");
    const comment = await createComment(project, writer.id, { type: "proposal", id: proposal.id }, "Texte signalé");
    const origin = "http://localhost";

    // One report hides the comment (threshold 1); a moderator restores it, then hides the proposal.
    expect(await reportContent(sql, { organizationId: org.id, reporterId: reporter.id, target: { type: "comment", id: comment.id }, reason: "spam", details: null, origin })).toMatchObject({ autoHidden: true });
    const [commentModeration] = await sql`select id from moderations where target_type = 'comment' and target_id = ${comment.id}`;
    await decideModeration(sql, { organizationId: org.id, moderatorId: moderator.id, moderationId: Number(commentModeration!.id), decision: "restore", reason: "Propos acceptables", origin });
    await reportContent(sql, { organizationId: org.id, reporterId: reporter.id, target: { type: "proposal", id: proposal.id }, reason: "off_topic", details: null, origin });
    const [proposalModeration] = await sql`select id from moderations where target_type = 'proposal' and target_id = ${proposal.id}`;
    await sql`update moderations set state = 'pending', auto_hidden = false where id = ${proposalModeration!.id}`;
    await decideModeration(sql, { organizationId: org.id, moderatorId: moderator.id, moderationId: Number(proposalModeration!.id), decision: "hide", reason: "Hors sujet", origin });
    await blockMember(sql, { organizationId: org.id, moderatorId: moderator.id, userId: writer.id, reason: "Spam répété" });
    await answerProposal(sql, memberActor(org.id, official.id), { projectId: project.id, proposalId: proposal.id, status: "accepted", answer: "Oui.", path: "/", origin });
    await closeDebate(sql, memberActor(org.id, official.id), { projectId: project.id, debateId: debate.id, conclusion: "Oui." });
    // As saveProject records it (see modules/projects/commands.server.ts).
    await recordAudit(sql, {
      organizationId: org.id,
      actorId: official.id,
      action: "project.update",
      subjectType: "project",
      subjectId: project.id,
      data: { slug: project.slug, title: "Square Dupleix", changed: ["title", "body", "phases"] },
    });

    const details = async (locale: "fr" | "en") =>
      Object.fromEntries((await auditPage(org, admin, locale)).entries.map((e) => [e.action, e.details]));
    expect(await details("fr")).toEqual({
      "moderation.auto_hide": `Commentaire n° ${comment.id} : 1 signalement (seuil : 1)`,
      "moderation.restore": `Commentaire n° ${comment.id}. Motif : Propos acceptables`,
      "moderation.hide": `Proposition « Plus d'arbres » (n° ${proposal.id}). Motif : Hors sujet`,
      "moderation.block": "Bob. Motif : Spam répété",
      "proposal.answer": `Proposition « Plus d'arbres » (n° ${proposal.id}). Nouveau statut : Acceptée`,
      "debate.close": `Débat « Faut-il piétonniser la place ? » (n° ${debate.id})`,
      "project.update": "« Square Dupleix ». Modifié : titre, présentation et calendrier",
    });
    expect(await details("en")).toMatchObject({
      "moderation.auto_hide": `Comment #${comment.id}: 1 report (threshold: 1)`,
      "moderation.hide": `Proposal “Plus d'arbres” (#${proposal.id}). Reason: Hors sujet`,
      "proposal.answer": `Proposal “Plus d'arbres” (#${proposal.id}). New status: Accepted`,
      "project.update": "“Square Dupleix”. Changed: title, description and schedule",
    });
  });

  it("details project entries, unblocking, deleted subjects and unknown actions, and reads no other organization's titles", async () => {
    const o = await createTestOrganization();
    const boss = await createTestUser(o.id, { role: "admin", name: "Anne" });
    const other = await createTestOrganization();
    const foreign = await createTestUser(other.id, { role: "official" });
    const foreignProject = await createProject(other.id, foreign.id, { title: "Projet de B" });
    const project = await createProject(o.id, boss.id, { title: "Parc des Lilas" });
    const member = await createTestUser(o.id, { name: "Chloé" });
    const base = { organizationId: o.id, actorId: boss.id };
    await recordAudit(sql, { ...base, action: "project.create", subjectType: "project", subjectId: project.id, data: { slug: project.slug, title: "Parc des Lilas", kind: "leisure" } });
    await recordAudit(sql, { ...base, action: "project.update", subjectType: "project", subjectId: project.id, data: { slug: project.slug, title: "Parc des Lilas", changed: [] } });
    await recordAudit(sql, { ...base, action: "project.publish", subjectType: "project", subjectId: project.id, data: { slug: project.slug, title: "Parc des Lilas", from: "draft" } });
    await recordAudit(sql, { ...base, action: "debate.open", subjectType: "debate", subjectId: 999_999, data: { projectId: project.id, title: "Un débat supprimé depuis" } });
    // An entry naming B's project (it cannot happen through the app): its title is not read.
    await recordAudit(sql, { ...base, action: "project.archive", subjectType: "project", subjectId: foreignProject.id, data: {} });
    await blockMember(sql, { organizationId: o.id, moderatorId: boss.id, userId: member.id, reason: "Insultes" });
    await unblockMember(sql, { organizationId: o.id, moderatorId: boss.id, userId: member.id, reason: null });
    await recordAudit(sql, { ...base, action: "something.unknown", data: { secret: "jamais affiché" } });

    const page = await auditPage(o, boss, "fr");
    expect(page.entries.map((e) => [e.action, e.details])).toEqual([
      ["something.unknown", ""],
      ["moderation.unblock", "Chloé"],
      ["moderation.block", "Chloé. Motif : Insultes"],
      ["project.archive", `Projet n° ${foreignProject.id}`],
      ["debate.open", "Débat « Un débat supprimé depuis » (n° 999999)"],
      ["project.publish", "« Parc des Lilas »"],
      ["project.update", "« Parc des Lilas », enregistré sans modification"],
      ["project.create", "« Parc des Lilas » (Loisirs)"],
    ]);
    expect(JSON.stringify(page)).not.toContain("Projet de B");
    expect(JSON.stringify(page)).not.toContain("jamais affiché");

    // A deleted member's entries no longer name them.
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${member.id}`;
    const after = await auditPage(o, boss, "en");
    expect(after.entries.find((e) => e.action === "moderation.block")!.details).toBe("Deleted participant. Reason: Insultes");
    expect(after.entries.find((e) => e.action === "project.create")!.details).toBe("“Parc des Lilas” (Leisure)");
  });
});
