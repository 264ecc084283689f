// Commands read "who did it, for whom" from the Actor in one way: the member acts in their own
// name; an aidant acting for someone writes in that person's name and is the audit log's actor.
import { describe, expect, it } from "vitest";
import { actsAs, auditedBy, memberActor, onBehalf } from "./member-actor";
import type { Actor } from "./actor";
import { createProposal } from "~/modules/proposals/commands.server";
import { openDebate } from "~/modules/debates/commands.server";
import { processRichText, richTextFromPlain } from "~/modules/richtext/richtext.server";
import { createTestProject } from "~/modules/proposals/testing.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";

/** An aidant's Actor acting for `person` (the acting-for mode sets `actingFor` the same way). */
function actingFor(aidant: Actor, person: { userId: number; name: string }): Actor {
  return { ...aidant, actingFor: person as unknown as Actor["actingFor"] };
}

describe("actsAs", () => {
  it("is the member themselves, with no helper", () => {
    const actor = memberActor(7, 42, { name: "Camille" });
    expect(actsAs(actor)).toEqual({ organizationId: 7, userId: 42, name: "Camille", helperId: null });
    expect(auditedBy(actor)).toEqual({ actorId: 42, forUserId: null });
    expect(onBehalf(actor)).toEqual({});
  });

  it("is the person helped when an aidant acts for them, and the aidant is the audit's actor", () => {
    const actor = actingFor(memberActor(7, 5, { name: "Aidant", role: "aidant" }), { userId: 42, name: "Camille" });
    expect(actsAs(actor)).toEqual({ organizationId: 7, userId: 42, name: "Camille", helperId: 5 });
    expect(auditedBy(actor)).toEqual({ actorId: 5, forUserId: 42 });
    expect(onBehalf(actor)).toEqual({ forUserId: 42 });
  });

  it("refuses an anonymous visitor: no command writes without a member", () => {
    expect(() => actsAs({ ...memberActor(7, 1), user: null })).toThrow(/anonymous/);
  });
});

describe("commands write in the name actsAs gives", () => {
  it("a proposal made by an aidant for someone is that person's; an audited act names both", async () => {
    const org = await createTestOrganization();
    const person = await createTestUser(org.id, { name: "Camille" });
    const aidant = await createTestUser(org.id, { name: "Aidant", role: "aidant" });
    const official = await createTestUser(org.id, { name: "Élue", role: "official" });
    const project = await createTestProject(org.id, official.id);
    const helped = actingFor(memberActor(org.id, aidant.id, { role: "aidant" }), { userId: person.id, name: person.name });
    const body = processRichText(richTextFromPlain("Des bancs à l'ombre."), "basic");
    const id = await createProposal(sql, helped, { projectId: project.id, title: "Des bancs", body, place: null });
    const [row] = await sql`select author_id, organization_id from proposals where id = ${id}`;
    expect(Number(row!.author_id)).toBe(person.id);
    expect(Number(row!.organization_id)).toBe(org.id);

    const debateId = await openDebate(sql, memberActor(org.id, official.id, { role: "official" }), { projectId: project.id, title: "Quels arbres ?", description: "On en parle." });
    const [entry] = await sql`select actor_id, data from audit_log where action = 'debate.open' and subject_id = ${String(debateId)}`;
    expect(Number(entry!.actor_id)).toBe(official.id);
    expect(entry!.data).not.toHaveProperty("forUserId");
  });
});
