// The registry of participation targets: a kind registered at run time, with only its table, its
// registration and its row of `target_kinds` (what a migration adding a kind writes), is
// commented on (posts and replies), reported until hidden automatically, restored and hidden by a
// moderator, listed in the moderation queue, named in masked notifications and titled in the
// audit log, with no other change anywhere. The database's guard knows kinds by their rows.
import { beforeAll, describe, expect, it } from "vitest";
import { loadAuditPage } from "~/modules/admin/audit-log.server";
import { listModerationQueue } from "~/modules/moderation/queue.server";
import { createTestProject, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import * as commentsRoute from "~/routes/_public+/comments";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as notificationsPage from "~/routes/_account+/notifications._index";
import * as reportRoute from "~/routes/_public+/report";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { BUILT_IN_TARGET_KINDS } from "./kinds.server";
import { loadTarget, refsOfPath, registerTargetKind, targetKinds } from "./registry.server";
import { callAction, callLoader, dataOf, statusOf } from "~/test/remix";

let org: TestOrg;
let other: TestOrg;
let author: TestUser;
let replier: TestUser;
let moderator: TestUser;
let reporters: TestUser[];
let project: { id: number; slug: string; title: string };

async function createWidget(organizationId: number, projectId: number, authorId: number, title: string) {
  const [row] = await sql`
    insert into test_widgets (organization_id, project_id, author_id, title)
    values (${organizationId}, ${projectId}, ${authorId}, ${title}) returning id`;
  return Number(row!.id);
}

beforeAll(async () => {
  // What a migration adding a kind would write: its table and its row of target_kinds.
  await sql`
    create table test_widgets (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations (id),
      project_id bigint not null,
      author_id bigint not null,
      title text not null,
      hidden_at timestamptz,
      comments_count integer not null default 0,
      unique (id, organization_id),
      foreign key (project_id, organization_id) references projects (id, organization_id) on delete cascade,
      foreign key (author_id, organization_id) references users (id, organization_id)
    )`;
  await sql`insert into target_kinds (kind, table_name, commentable, reportable) values ('widget', 'test_widgets', true, true)`;
  // ...and its one registration.
  registerTargetKind({
    kind: "widget",
    table: "test_widgets",
    projectColumn: "project_id",
    authorColumn: "author_id",
    titleColumn: "title",
    titled: true,
    hiddenColumn: "hidden_at",
    deletedColumn: null,
    page: { segment: "widgets" },
    commentable: true,
    reportable: true,
    commentsCount: { column: "comments_count", keptBy: "commands" },
  });

  org = (await createTestOrganization({ name: "Ville aux Widgets" })) as TestOrg;
  other = (await createTestOrganization({ name: "Autre Ville" })) as TestOrg;
  author = await createTestUser(org.id, { name: "Alice Autrice" });
  replier = await createTestUser(org.id, { name: "Rémi Répondeur" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane Modératrice" });
  reporters = await Promise.all([1, 2, 3].map((n) => createTestUser(org.id, { name: `Signaleur ${n}` })));
  project = await createTestProject(org.id, moderator.id);
});

describe("a kind registered at run time", () => {
  it("takes comments and replies, its counter kept, with links to its own page", async () => {
    const widget = await createWidget(org.id, project.id, author.id, "Widget du square");
    const posted = await callAction(commentsRoute.action as never, org, replier, "/comments", {
      intent: "create",
      targetType: "widget",
      targetId: String(widget),
      body: "Un premier avis sur le widget.",
    });
    expect(statusOf(posted)).toBe(302);
    const location = (posted as Response).headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/projects/${project.slug}/widgets/${widget}#comment-\\d+$`));
    const commentId = Number(location.split("#comment-")[1]);

    const replied = await callAction(commentsRoute.action as never, org, author, "/comments", {
      intent: "create",
      targetType: "widget",
      targetId: String(widget),
      parentId: String(commentId),
      body: "Merci pour la réponse.",
    });
    expect(statusOf(replied)).toBe(302);
    expect((replied as Response).headers.get("Location")).toContain(`/projects/${project.slug}/widgets/${widget}?comments=f.${commentId}#comment-`);

    const [row] = await sql`select comments_count from test_widgets where id = ${widget}`;
    expect(row!.comments_count).toBe(2);
    // The replier was told, with a link to the reply on the widget's page.
    const [note] = await sql`select data from notifications where user_id = ${replier.id} and kind = 'comment_reply'`;
    expect((note!.data as { path: string }).path).toContain(`/projects/${project.slug}/widgets/${widget}`);
    expect(refsOfPath((note!.data as { path: string }).path)?.page).toEqual({ type: "widget", id: widget });
  });

  it("is reported up to the threshold and hidden automatically, then restored and hidden by a moderator, through the queue and the audit log", async () => {
    const widget = await createWidget(org.id, project.id, author.id, "Widget contesté");
    for (const reporter of reporters) {
      const reported = await callAction(reportRoute.action as never, org, reporter, "/report", {
        targetType: "widget",
        targetId: String(widget),
        reason: "offensive",
      });
      expect(dataOf<{ status: string }>(reported).status).toBe("reported");
    }
    expect((await loadTarget(sql, org.id, { type: "widget", id: widget }))?.hidden).toBe(true);
    const [moderation] = await sql`select id, state, auto_hidden from moderations where target_type = 'widget' and target_id = ${widget}`;
    expect(moderation).toMatchObject({ state: "hidden", auto_hidden: true });
    // The author is told, with a link to the widget.
    const [told] = await sql`select data from notifications where user_id = ${author.id} and kind = 'content_hidden'`;
    expect(told!.data).toMatchObject({ path: `/projects/${project.slug}/widgets/${widget}`, contentTitle: "Widget contesté" });

    // The queue names it, its author and its page.
    const queue = await listModerationQueue(sql, org.id, { state: "all", page: 1 });
    const item = queue.items.find((i) => i.targetType === "widget" && i.targetId === widget)!;
    expect(item.content).toMatchObject({ title: "Widget contesté", path: `/projects/${project.slug}/widgets/${widget}`, deleted: false });
    expect(item.author).toMatchObject({ id: author.id, name: "Alice Autrice" });
    expect(item.project).toEqual({ title: project.title, slug: project.slug });

    // Each decision is made on the round the page showed: the first (waiting), then the next (a review).
    const decide = (intent: string, round: number, reason: string) =>
      callAction(moderationPage.action as never, org, moderator, "/moderation?index", { intent, moderationId: String(moderation!.id), round: String(round), reason });
    expect(statusOf(await decide("restore", 1, "Rien de grave"))).toBe(200);
    expect((await loadTarget(sql, org.id, { type: "widget", id: widget }))?.hidden).toBe(false);
    expect(statusOf(await decide("hide", 2, "Finalement injurieux"))).toBe(200);
    expect((await loadTarget(sql, org.id, { type: "widget", id: widget }))?.hidden).toBe(true);

    // The audit log titles the widget in each entry about it.
    const page = await loadAuditPage(sql, org.id, {});
    const entries = page.entries.filter((e) => e.subjectType === "widget" && e.subjectId === String(widget));
    expect(entries.map((e) => e.action).sort()).toEqual(["moderation.auto_hide", "moderation.hide", "moderation.restore"]);
    for (const entry of entries) expect(entry.subjectTitle).toBe("Widget contesté");

    // Its title is masked in the notifications of a member who may no longer see it.
    const inbox = dataOf<{ items: { kind: string; data: Record<string, string> }[] }>(
      await callLoader(notificationsPage.loader as never, org, author, "/notifications"),
    );
    expect(inbox.items.find((n) => n.kind === "content_hidden")?.data.contentTitle).toBe("Widget contesté");
  });

  it("stays inside its organization: another organization's members can neither comment on it nor report it", async () => {
    const widget = await createWidget(org.id, project.id, author.id, "Widget local");
    const stranger = await createTestUser(other.id, { name: "Sam Étranger" });
    const comment = await callAction(commentsRoute.action as never, other, stranger, "/comments", {
      intent: "create",
      targetType: "widget",
      targetId: String(widget),
      body: "Je ne devrais pas pouvoir.",
    });
    expect(statusOf(comment)).toBe(404);
    const report = await callAction(reportRoute.action as never, other, stranger, "/report", { targetType: "widget", targetId: String(widget), reason: "spam" });
    expect(statusOf(report)).toBe(404);
    const [count] = await sql`select count(*)::int as n from comments where target_type = 'widget' and target_id = ${widget}`;
    expect(count!.n).toBe(0);
  });
});

describe("the database's guard", () => {
  it("refuses a target of another organization, a kind without its row, and an act the kind does not take", async () => {
    const widget = await createWidget(org.id, project.id, author.id, "Widget gardé");
    const stranger = await createTestUser(other.id, { name: "Sam Étranger" });
    const otherProject = await createTestProject(other.id, stranger.id);
    const insertComment = (type: string, id: number, organizationId = other.id, projectId = otherProject.id, authorId = stranger.id) => sql`
      insert into comments (organization_id, project_id, target_type, target_id, author_id, body)
      values (${organizationId}, ${projectId}, ${type}, ${id}, ${authorId}, 'texte')`;
    await expect(insertComment("widget", widget)).rejects.toMatchObject({ code: "23503" });
    await expect(insertComment("gadget", widget)).rejects.toMatchObject({ code: "23514" });
    await expect(insertComment("comment", 1, org.id, project.id, author.id)).rejects.toMatchObject({ code: "23514" });
    await expect(sql`
      insert into reports (organization_id, target_type, target_id, reporter_id, reason)
      values (${org.id}, 'project', ${project.id}, ${author.id}, 'spam')`).rejects.toMatchObject({ code: "23514" });
  });

  it("knows the built-in kinds as the registry does", async () => {
    const rows = await sql`select kind, table_name::text as table_name, commentable, reportable from target_kinds where kind <> 'widget' order by kind`;
    const registered = targetKinds()
      .filter((kind) => BUILT_IN_TARGET_KINDS.some((b) => b.kind === kind.kind))
      .map((kind) => ({ kind: kind.kind, table_name: kind.table, commentable: kind.commentable, reportable: kind.reportable }))
      .sort((a, b) => a.kind.localeCompare(b.kind));
    expect(rows.map((r) => ({ ...r }))).toEqual(registered);
  });
});

describe("registerTargetKind", () => {
  it("refuses a second kind of the same name, a malformed name, and a reportable kind that cannot be hidden", () => {
    const base = BUILT_IN_TARGET_KINDS.find((k) => k.kind === "proposal")!;
    expect(() => registerTargetKind({ ...base })).toThrow(/already registered/);
    expect(() => registerTargetKind({ ...base, kind: "Bad Kind" })).toThrow(/not well-formed/);
    expect(() => registerTargetKind({ ...base, kind: "ghost", hiddenColumn: null })).toThrow(/hidden/);
  });
});
