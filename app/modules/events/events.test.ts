// The events outbox: commands record what changed in their own transaction; the dispatcher
// delivers each event once, after commit, even across a crash; the page cache drops by scope.
import { afterEach, describe, expect, it } from "vitest";
import { createComment, findCommentTarget } from "~/modules/comments/commands.server";
import { notify } from "~/modules/notifications/notify.server";
import { setSupport } from "~/modules/proposals/commands.server";
import { createTestProject, createTestProposal } from "~/modules/proposals/testing.server";
import { PageCache, scopeOfPath, type CachedPage } from "~/server/page-cache.server";
import { startEventsDispatcher } from "~/server/events-dispatcher.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { cacheDropOf, EVENT_SCHEMAS, messageOf, roomsOf, touches, type StoredEvent } from "./events";
import { deliverPendingEvents, recordEvent } from "./outbox.server";
import { memberActor } from "~/modules/auth/member-actor";

const dispatchers: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
});

async function eventsOf(organizationId: number) {
  return sql`select type, project_id, project_slug, user_ids, payload, delivered_at from events where organization_id = ${organizationId} order by id`;
}

async function setting() {
  const org = await createTestOrganization();
  const official = await createTestUser(org.id, { role: "official" });
  const author = await createTestUser(org.id, { name: "Autrice" });
  const citizen = await createTestUser(org.id, { name: "Citoyen" });
  const a = await createTestProject(org.id, official.id);
  const b = await createTestProject(org.id, official.id);
  const proposal = await createTestProposal(org.id, a.id, author.id, { title: "Des bancs à l'ombre" });
  return { org, official, author, citizen, a, b, proposal };
}

describe("recording events", () => {
  it("writes the event in the command's transaction: ids and counts only, scoped to the project", async () => {
    const { org, citizen, a, proposal } = await setting();
    const result = await setSupport(sql, memberActor(org.id, citizen.id), { projectId: a.id, proposalId: proposal.id, on: true });
    expect(result).toMatchObject({ ok: true, count: 1 });
    // The same support again changes nothing, so it tells nothing.
    await setSupport(sql, memberActor(org.id, citizen.id), { projectId: a.id, proposalId: proposal.id, on: true });
    const rows = await eventsOf(org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: "proposal.supported",
      project_id: String(a.id),
      project_slug: a.slug,
      payload: { proposalId: proposal.id, supportsCount: 1 },
      delivered_at: null,
    });
  });

  it("a comment and the notification of its reply: the bell's event goes to the recipient alone, with no text", async () => {
    const { org, author, citizen, proposal } = await setting();
    const target = (await findCommentTarget(sql, org.id, { type: "proposal", id: proposal.id }))!;
    const first = await createComment(sql, memberActor(target.organizationId, author.id, { name: "Autrice" }), { target, parentId: null, body: "Oui, vers l'école", alignment: "neutral", origin: org.origin });
    if (!first.ok) throw new Error("comment refused");
    await createComment(sql, memberActor(target.organizationId, citizen.id, { name: "Citoyen" }), { target, parentId: first.id, body: "D'accord", alignment: "neutral", origin: org.origin });
    const rows = await eventsOf(org.id);
    expect(rows.map((r) => r.type)).toEqual(["comment.posted", "comment.posted", "notification.created"]);
    const notification = rows[2]!;
    expect(notification.user_ids.map(Number)).toEqual([author.id]);
    expect(notification.project_id).toBeNull();
    expect(roomsOf({ type: "notification.created", organizationId: org.id, projectId: null, userIds: [author.id], payload: {} })).toEqual([`user:${author.id}`]);
    const all = JSON.stringify(rows.map((r) => r.payload));
    expect(all).not.toMatch(/école|accord|Autrice|Citoyen/);
  });

  it("nothing is recorded when the write rolls back, and a payload outside the catalogue is refused", async () => {
    const { org, a, proposal } = await setting();
    await expect(
      sql.begin(async (tx) => {
        await recordEvent(tx, { type: "proposal.answered", organizationId: org.id, projectId: a.id, payload: { proposalId: proposal.id } });
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    await expect(
      recordEvent(sql, { type: "proposal.answered", organizationId: org.id, projectId: a.id, payload: { proposalId: proposal.id, title: "x" } as never }),
    ).rejects.toThrow();
    expect(await eventsOf(org.id)).toHaveLength(0);
  });

  it("every catalogued type refuses texts in its payload", () => {
    for (const [type, schema] of Object.entries(EVENT_SCHEMAS)) {
      expect(schema.safeParse({ body: "texte" }).success, type).toBe(false);
    }
  });
});

describe("the dispatcher", () => {
  it("delivers an event committed while no dispatcher ran, once it starts, and marks it delivered", async () => {
    const { org, citizen, a, proposal } = await setting();
    await setSupport(sql, memberActor(org.id, citizen.id), { projectId: a.id, proposalId: proposal.id, on: true });
    const delivered: StoredEvent[] = [];
    const dispatcher = startEventsDispatcher(sql, { deliver: (e) => void delivered.push(e), pollMs: 50 });
    dispatchers.push(dispatcher);
    await expect.poll(() => delivered.filter((e) => e.organizationId === org.id).length).toBe(1);
    expect(delivered.find((e) => e.organizationId === org.id)).toMatchObject({ type: "proposal.supported", projectId: a.id, projectSlug: a.slug });
    await expect.poll(async () => (await eventsOf(org.id))[0]!.delivered_at).not.toBeNull();
  });

  it("a dispatcher that dies between commit and delivery loses nothing: the next one delivers the event", async () => {
    const { org, citizen, a, proposal } = await setting();
    // The first dispatcher dies while delivering (its transaction never marks the event).
    let attempts = 0;
    const told: string[] = [];
    const dying = startEventsDispatcher(sql, {
      pollMs: 50,
      log: (line, error) => told.push(`${line} ${String(error)}`),
      deliver: (e) => {
        if (e.organizationId !== org.id) return;
        attempts++;
        throw new Error("process killed");
      },
    });
    dispatchers.push(dying);
    await dying.listening;
    await setSupport(sql, memberActor(org.id, citizen.id), { projectId: a.id, proposalId: proposal.id, on: true });
    await expect.poll(() => attempts).toBeGreaterThan(0);
    await dying.stop();
    expect((await eventsOf(org.id))[0]!.delivered_at).toBeNull();
    expect(told[0]).toMatch(/delivery failed.*process killed/);

    // After the restart it is delivered, exactly once.
    const delivered: StoredEvent[] = [];
    const restarted = startEventsDispatcher(sql, { deliver: (e) => void delivered.push(e), pollMs: 50 });
    dispatchers.push(restarted);
    await expect.poll(() => delivered.filter((e) => e.organizationId === org.id).length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(delivered.filter((e) => e.organizationId === org.id)).toHaveLength(1);
    expect((await eventsOf(org.id))[0]!.delivered_at).not.toBeNull();
  });

  it("is woken by the commit (NOTIFY), not only by its polling", async () => {
    const { org, citizen, a, proposal } = await setting();
    const delivered: StoredEvent[] = [];
    const dispatcher = startEventsDispatcher(sql, { deliver: (e) => void delivered.push(e), pollMs: 60_000 });
    dispatchers.push(dispatcher);
    await dispatcher.listening;
    await setSupport(sql, memberActor(org.id, citizen.id), { projectId: a.id, proposalId: proposal.id, on: true });
    await expect.poll(() => delivered.filter((e) => e.organizationId === org.id).length, { timeout: 3000 }).toBe(1);
  });

  it("two dispatchers claiming together deliver each event once", async () => {
    const { org, a, proposal } = await setting();
    for (let i = 0; i < 30; i++) {
      await recordEvent(sql, { type: "proposal.answered", organizationId: org.id, projectId: a.id, payload: { proposalId: proposal.id } });
    }
    const delivered: number[] = [];
    const deliver = async (e: StoredEvent) => {
      if (e.organizationId !== org.id) return;
      delivered.push(e.id);
      await new Promise((r) => setTimeout(r, 2));
    };
    await Promise.all([deliverPendingEvents(sql, deliver, 7), deliverPendingEvents(sql, deliver, 7), deliverPendingEvents(sql, deliver, 100)]);
    await deliverPendingEvents(sql, deliver, 100);
    expect(delivered).toHaveLength(30);
    expect(new Set(delivered).size).toBe(30);
  });
});

describe("delivery to the page cache, by scope", () => {
  const page = (cache: PageCache, organizationId: number, path: string): CachedPage => {
    const scope = scopeOfPath(path);
    return { status: 200, headers: [], parts: [path], bytes: path.length, scope, generation: cache.stamp(organizationId, scope) };
  };

  it("a write in project A drops A's pages and the listings, and leaves project B's pages in place", async () => {
    const { org, citizen, a, b, proposal } = await setting();
    const cache = new PageCache({ ttlMs: 60_000 });
    const paths = [`/projects/${a.slug}/proposals/${proposal.id}`, `/projects/${a.slug}`, `/projects/${b.slug}`, `/projects/${b.slug}/proposals`, "/", "/search?q=banc"];
    for (const path of paths) expect(cache.store(path, org.id, page(cache, org.id, path))).toBe(true);

    const dispatcher = startEventsDispatcher(sql, {
      pollMs: 50,
      deliver: (event) => {
        const drop = cacheDropOf(event);
        if (drop) cache.drop(drop);
      },
    });
    dispatchers.push(dispatcher);
    await dispatcher.listening;
    await setSupport(sql, memberActor(org.id, citizen.id), { projectId: a.id, proposalId: proposal.id, on: true });
    await expect.poll(() => cache.lookup(`/projects/${a.slug}`, org.id)).toBeUndefined();
    expect(cache.lookup(`/projects/${a.slug}/proposals/${proposal.id}`, org.id)).toBeUndefined();
    expect(cache.lookup("/", org.id)).toBeUndefined();
    expect(cache.lookup("/search?q=banc", org.id)).toBeUndefined();
    expect(cache.lookup(`/projects/${b.slug}`, org.id)).toBeDefined();
    expect(cache.lookup(`/projects/${b.slug}/proposals`, org.id)).toBeDefined();
  });

  it("what each kind of event drops: nothing for the bell, the organization for a project's own change", () => {
    const base = { id: 1, organizationId: 3, projectId: 5, projectSlug: "parc" };
    expect(cacheDropOf({ ...base, type: "notification.created", projectId: null, projectSlug: null, userIds: [9], payload: {} })).toBeNull();
    expect(cacheDropOf({ ...base, type: "project.updated", payload: { change: "published" } })).toEqual({ organizationId: 3, projectSlug: null });
    expect(cacheDropOf({ ...base, type: "debate.opened", payload: { debateId: 2 } })).toEqual({ organizationId: 3, projectSlug: "parc" });
    // Ballots never empty the page cache, and go to no room (the tally broadcaster sends numbers).
    expect(cacheDropOf({ ...base, type: "consultation.ballot_cast", payload: { consultationId: 4 } })).toBeNull();
    expect(roomsOf({ type: "consultation.ballot_cast", organizationId: 3, projectId: 5, payload: { consultationId: 4 } })).toEqual([]);
  });

  it("socket messages carry the type, the scope and ids; pages match the ones about them", () => {
    const event = { type: "comment.posted" as const, organizationId: 3, projectId: 5, payload: { targetType: "proposal" as const, targetId: 7, commentId: 11, parentId: null } };
    const message = messageOf(event);
    expect(message).toEqual({ type: "comment.posted", scope: { organizationId: 3, projectId: 5 }, targetType: "proposal", targetId: 7, commentId: 11, parentId: null });
    expect(roomsOf(event)).toEqual(["project:5"]);
    expect(touches(message, { type: "proposal", id: 7 })).toBe(true);
    expect(touches(message, { type: "proposal", id: 8 })).toBe(false);
    expect(touches(messageOf({ type: "proposal.supported", organizationId: 3, projectId: 5, payload: { proposalId: 8, supportsCount: 2 } }), { type: "proposal", id: 8 })).toBe(true);
  });
});

describe("notify", () => {
  it("records no bell event when the member switched the bell off", async () => {
    const org = await createTestOrganization();
    const user = await createTestUser(org.id);
    await sql`update users set notification_settings = ${sql.json({ comment_reply: { inApp: false, email: false } })} where id = ${user.id}`;
    await notify(sql, { organizationId: org.id, userId: user.id, kind: "comment_reply", data: { path: "/", targetTitle: "x" }, origin: org.origin });
    expect(await eventsOf(org.id)).toHaveLength(0);
  });
});
