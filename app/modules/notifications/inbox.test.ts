// The bell's count (root loader), /notifications (list, open, mark all read) and
// /account/notifications (settings, respected by notify()).
import { beforeAll, describe, expect, it } from "vitest";
import * as root from "~/root";
import * as settingsPage from "~/routes/_account+/account_.notifications";
import * as notificationsPage from "~/routes/_account+/notifications._index";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, type RouteFn, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { countUnread } from "./inbox.server";
import { NOTIFICATION_KINDS, UNREAD_CAP } from "./kinds";
import { notify } from "./notify.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization();
  other = await createTestOrganization();
});

async function send(o: Org, user: User, path = "/projects/p/proposals/1", title = "Des arbres") {
  await notify(sql, {
    organizationId: o.id,
    userId: user.id,
    kind: "proposal_answered",
    data: { path, proposalTitle: title, status: "acceptée" },
    origin: "http://localhost",
  });
  const [row] = await sql`select id from notifications where user_id = ${user.id} order by id desc limit 1`;
  return Number(row!.id);
}

type RootData = { user: { unreadNotifications: number } | null };
type ListData = Awaited<ReturnType<typeof notificationsPage.loader>>;

describe("the bell", () => {
  it("counts the member's unread notifications in the root loader, and no one else's", async () => {
    const user = await createTestUser(org.id);
    const neighbour = await createTestUser(org.id);
    const bell = async () => ((await callRoute(root.loader as RouteFn, { org, user, path: "/" })) as RootData).user!.unreadNotifications;
    expect(await bell()).toBe(0);
    await send(org, user);
    const read = await send(org, user);
    await send(org, neighbour);
    await sql`update notifications set read_at = now() where id = ${read}`;
    expect(await bell()).toBe(1);
    expect(((await callRoute(root.loader as RouteFn, { org, user: null, path: "/" })) as RootData).user).toBeNull();
  });

  it("stops counting past the cap", async () => {
    const user = await createTestUser(org.id);
    await sql`
      insert into notifications (organization_id, user_id, kind, data)
      select ${org.id}, ${user.id}, 'project_phase', '{"path": "/"}'::jsonb from generate_series(1, ${UNREAD_CAP + 20})`;
    expect(await countUnread(sql, org.id, user.id)).toBe(UNREAD_CAP + 1);
    expect(await countUnread(sql, other.id, user.id)).toBe(0);
  });
});

describe("/notifications", () => {
  it("lists the member's notifications, newest first, with their text, and pages them", async () => {
    const user = await createTestUser(org.id);
    const someoneElse = await createTestUser(org.id);
    await send(org, someoneElse, "/x", "Pas pour vous");
    for (let i = 0; i < 22; i++) await send(org, user, `/projects/p/proposals/${i}`, `Idée ${i}`);
    const first = (await callRoute(notificationsPage.loader as RouteFn, { org, user, path: "/notifications" })) as ListData;
    expect(first).toMatchObject({ title: "Notifications", total: 22, page: 1, pageCount: 2 });
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toMatchObject({ kind: "proposal_answered", read: false, data: { proposalTitle: "Idée 21" } });
    const second = (await callRoute(notificationsPage.loader as RouteFn, { org, user, path: "/notifications?page=2" })) as ListData;
    expect(second.items.map((n) => n.data.proposalTitle)).toEqual(["Idée 1", "Idée 0"]);
    expect([...first.items, ...second.items].some((n) => n.data.proposalTitle === "Pas pour vous")).toBe(false);
    expect(statusOf(await callRoute(notificationsPage.loader as RouteFn, { org, user: null, path: "/notifications" }))).toBe(302);
  });

  it("opening one marks it read and goes to its page; another member's stays untouched (404)", async () => {
    const user = await createTestUser(org.id);
    const neighbour = await createTestUser(org.id);
    const mine = await send(org, user, "/projects/place/proposals/7?comments=f.3#comment-3");
    const theirs = await send(org, neighbour);
    const opened = await callRoute(notificationsPage.action as RouteFn, { org, user, path: "/notifications", form: { intent: "open", id: String(mine) } });
    expect(statusOf(opened)).toBe(302);
    expect((opened as Response).headers.get("Location")).toBe("/projects/place/proposals/7?comments=f.3#comment-3");
    const refused = await callRoute(notificationsPage.action as RouteFn, { org, user, path: "/notifications", form: { intent: "open", id: String(theirs) } });
    expect(statusOf(refused)).toBe(404);
    const rows = await sql`select id, read_at from notifications where id in ${sql([mine, theirs])} order by id`;
    expect(rows.map((r) => r.read_at != null)).toEqual([true, false]);
    // A member of another organization cannot open it either, even with the id.
    const foreign = await createTestUser(other.id);
    expect(statusOf(await callRoute(notificationsPage.action as RouteFn, { org: other, user: foreign, path: "/notifications", form: { intent: "open", id: String(theirs) } }))).toBe(404);
  });

  it("never redirects outside the site", async () => {
    const user = await createTestUser(org.id);
    const id = await send(org, user, "//evil.example/phish");
    const opened = (await callRoute(notificationsPage.action as RouteFn, { org, user, path: "/notifications", form: { intent: "open", id: String(id) } })) as Response;
    expect(opened.headers.get("Location")).toBe("/notifications");
  });

  it("marks all of the member's notifications read, and only theirs", async () => {
    const user = await createTestUser(org.id);
    const neighbour = await createTestUser(org.id);
    await send(org, user);
    await send(org, user);
    await send(org, neighbour);
    const result = await callRoute(notificationsPage.action as RouteFn, { org, user, path: "/notifications", form: { intent: "readAll" } });
    expect(result).toEqual({ notice: "2 notifications marquées comme lues." });
    expect(await countUnread(sql, org.id, user.id)).toBe(0);
    expect(await countUnread(sql, org.id, neighbour.id)).toBe(1);
    expect(statusOf(await callRoute(notificationsPage.action as RouteFn, { org, user, path: "/notifications", form: { intent: "nonsense" } }))).toBe(400);
  });
});

describe("/account/notifications", () => {
  it("shows every kind on by default, saves the boxes ticked, and notify() follows them", async () => {
    const user = await createTestUser(org.id);
    const page = (await callRoute(settingsPage.loader as RouteFn, { org, user, path: "/account/notifications" })) as { settings: Record<string, unknown> };
    expect(Object.keys(page.settings)).toEqual([...NOTIFICATION_KINDS]);
    expect(Object.values(page.settings).every((s) => JSON.stringify(s) === '{"inApp":true,"email":true}')).toBe(true);

    // Everything ticked except content_hidden in the bell and project_phase by mail.
    const form: Record<string, string> = { intent: "save" };
    for (const kind of NOTIFICATION_KINDS) {
      if (kind !== "content_hidden") form[`${kind}.inApp`] = "on";
      if (kind !== "project_phase") form[`${kind}.email`] = "on";
    }
    const saved = (await callRoute(settingsPage.action as RouteFn, { org, user, path: "/account/notifications", form })) as { notice: string };
    expect(saved.notice).toBe("Vos préférences de notification sont enregistrées.");
    const [row] = await sql`select notification_settings from users where id = ${user.id}`;
    expect(row!.notification_settings).toMatchObject({
      content_hidden: { inApp: false, email: true },
      project_phase: { inApp: true, email: false },
      comment_reply: { inApp: true, email: true },
    });

    const hidden = await notify(sql, {
      organizationId: org.id,
      userId: user.id,
      kind: "content_hidden",
      data: { path: "/x", contentTitle: "T", reason: "R" },
      origin: "http://localhost",
    });
    expect(hidden).toEqual({ inApp: false, email: true });
    const phase = await notify(sql, {
      organizationId: org.id,
      userId: user.id,
      kind: "project_phase",
      data: { path: "/x", projectTitle: "P", phase: "vote" },
      origin: "http://localhost",
    });
    expect(phase).toEqual({ inApp: true, email: false });
    const kinds = await sql`select kind from notifications where user_id = ${user.id}`;
    expect(kinds.map((k) => k.kind)).toEqual(["project_phase"]);
  });

  it("changes only the member's own settings", async () => {
    const user = await createTestUser(org.id);
    const neighbour = await createTestUser(org.id);
    await callRoute(settingsPage.action as RouteFn, { org, user, path: "/account/notifications", form: { intent: "save", userId: String(neighbour.id) } });
    const rows = await sql`select id, notification_settings from users where id in ${sql([user.id, neighbour.id])} order by id`;
    expect(rows[0]!.notification_settings).toMatchObject({ comment_reply: { inApp: false, email: false } });
    expect(rows[1]!.notification_settings).toEqual({});
    expect(statusOf(await callRoute(settingsPage.action as RouteFn, { org, user: null, path: "/account/notifications", form: { intent: "save" } }))).toBe(302);
  });
});
