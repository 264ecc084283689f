// Phase announcements: followers hear of a phase once when it starts, whatever the number of runs
// or instances; phases already started at publication are announced then, not again.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { publishProject, setFollow } from "./commands.server";
import { announceStartedPhases } from "./phase-notifier.server";
import { createTestProject, dayFromToday } from "./testing.server";
import { memberActor } from "~/modules/auth/member-actor";

let org: { id: number; host: string };
let official: { id: number };

beforeAll(async () => {
  org = await createTestOrganization({ host: "ville-phases.test" });
  official = await createTestUser(org.id, { role: "official" });
});

async function notificationsOf(userId: number) {
  return sql`select kind, data from notifications where user_id = ${userId} order by id`;
}

describe("announceStartedPhases", () => {
  it("notifies each follower once when a phase starts, in their language, with a link", async () => {
    const project = await createTestProject(org.id, official.id, {
      title: "Place Verte",
      phases: [
        { kind: "information", startsOn: await dayFromToday(-10), endsOn: await dayFromToday(-1) },
        { kind: "co_construction", startsOn: await dayFromToday(1), endsOn: null },
      ],
    });
    // Everything started so far is already announced (as at publication).
    await sql`insert into phase_announcements (phase_id) select id from project_phases where project_id = ${project.id} and kind = 'information'`;
    const alice = await createTestUser(org.id);
    const bob = await createTestUser(org.id);
    await sql`update users set locale = 'en' where id = ${bob.id}`;
    const stranger = await createTestUser(org.id);
    for (const user of [alice, bob]) await setFollow(sql, memberActor(org.id, user.id), { projectId: project.id, follow: true });

    await announceStartedPhases(sql);
    expect(await notificationsOf(alice.id)).toHaveLength(0);

    // The day comes.
    await sql`update project_phases set starts_on = ${await dayFromToday(0)} where project_id = ${project.id} and kind = 'co_construction'`;
    const runs = await Promise.all([announceStartedPhases(sql), announceStartedPhases(sql), announceStartedPhases(sql)]);
    expect(runs.reduce((n, r) => n + r.notified, 0)).toBe(2);
    await announceStartedPhases(sql);

    const forAlice = await notificationsOf(alice.id);
    expect(forAlice).toHaveLength(1);
    expect(forAlice[0]).toMatchObject({
      kind: "project_phase",
      data: { path: `/projects/${project.slug}`, projectTitle: "Place Verte", phase: "Co-construction", phaseKind: "co_construction" },
    });
    expect((await notificationsOf(bob.id))[0]!.data).toMatchObject({ phase: "Co-construction" });
    expect(await notificationsOf(stranger.id)).toHaveLength(0);
    const mails = await sql`select subject, text_body from mail_outbox where to_address = ${alice.email}`;
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(`https://ville-phases.test/projects/${project.slug}`);
  });

  it("leaves drafts and archived projects alone", async () => {
    const follower = await createTestUser(org.id);
    for (const status of ["draft", "archived"] as const) {
      const project = await createTestProject(org.id, official.id, {
        status,
        phases: [{ kind: "information", startsOn: await dayFromToday(0), endsOn: null }],
      });
      await setFollow(sql, memberActor(org.id, follower.id), { projectId: project.id, follow: true });
    }
    await announceStartedPhases(sql);
    expect(await notificationsOf(follower.id)).toHaveLength(0);
  });

  it("announces at publication the phase already running, and not again afterwards", async () => {
    const project = await createTestProject(org.id, official.id, {
      status: "draft",
      title: "Skatepark",
      phases: [
        { kind: "information", startsOn: await dayFromToday(-20), endsOn: await dayFromToday(-5) },
        { kind: "co_construction", startsOn: await dayFromToday(-4), endsOn: await dayFromToday(10) },
        { kind: "vote", startsOn: await dayFromToday(11), endsOn: null },
      ],
    });
    const follower = await createTestUser(org.id, { role: "official" });
    await setFollow(sql, memberActor(org.id, follower.id), { projectId: project.id, follow: true });
    const result = await publishProject(sql, memberActor(org.id, official.id), { projectId: project.id, origin: "https://ville.example" });
    expect(result).toEqual({ ok: true });
    const notes = await notificationsOf(follower.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.data).toMatchObject({ phaseKind: "co_construction" });
    const announced = await sql`
      select ph.kind from phase_announcements a join project_phases ph on ph.id = a.phase_id where ph.project_id = ${project.id} order by ph.starts_on`;
    expect(announced.map((r) => r.kind)).toEqual(["information", "co_construction"]);
    await announceStartedPhases(sql);
    expect(await notificationsOf(follower.id)).toHaveLength(1);
  });
});
