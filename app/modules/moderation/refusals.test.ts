// Refusals leak nothing: whatever intent is refused (comment, reply, edit, delete, report, support,
// debate close, official answer) on something the actor may not see (hidden by moderation, in a
// draft project, of another organization), the whole answer (data, body, redirect target) holds
// none of its titles or texts. Every secret here carries "CANARY".
import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import * as commentsRoute from "~/routes/_public+/comments";
import * as debatePage from "~/routes/_public+/projects.$slug.debates.$id";
import * as proposalPage from "~/routes/_public+/projects.$slug.proposals.$id";
import * as reportRoute from "~/routes/_public+/report";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { createComment, createDebate, createProject, createProposal } from "./testing.server";
import { callAction, callLoader, type RouteFn, statusOf } from "~/test/remix";

type Ref = { type: "project" | "proposal" | "debate" | "comment"; id: number; slug: string };

let org: TestOrg;
let other: TestOrg;
let actor: TestUser;
let official: TestUser;
let author: TestUser;
/** What the actor may not see, by name. */
const secret: Record<string, Ref> = {};
/** What the actor sees but may not act on (archived project), and visible places for replies. */
const open: Record<string, Ref> = {};
/** The actor's own comments, written under targets that were hidden or unpublished since. */
const own: Record<string, number> = {};

async function hide(table: "proposals" | "debates" | "comments", id: number) {
  await sql`update ${sql(table)} set hidden_at = now() where id = ${id}`;
}

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Discrète" });
  other = await createTestOrganization({ name: "CANARY-ORG-7f3a" });
  official = await createTestUser(org.id, { role: "official" });
  author = await createTestUser(org.id, { name: "Autrice" });
  actor = await createTestUser(org.id, { name: "Curieux" });

  const published = await createProject(org.id, official.id, { title: "Place du marché" });
  open.project = { type: "project", id: published.id, slug: published.slug };
  const hiddenProposal = await createProposal(published, author.id, { title: "CANARY-HIDDEN-PROPOSAL-7f3a", body: "CANARY-HIDDEN-PROPOSAL-BODY-7f3a" });
  own.onHiddenProposal = (await createComment(published, actor.id, { type: "proposal", id: hiddenProposal.id }, "Mon avis")).id;
  await hide("proposals", hiddenProposal.id);
  secret.hiddenProposal = { type: "proposal", id: hiddenProposal.id, slug: published.slug };
  const hiddenDebate = await createDebate(published, official.id, "CANARY-HIDDEN-DEBATE-7f3a");
  own.onHiddenDebate = (await createComment(published, actor.id, { type: "debate", id: hiddenDebate.id }, "Mon avis")).id;
  await hide("debates", hiddenDebate.id);
  secret.hiddenDebate = { type: "debate", id: hiddenDebate.id, slug: published.slug };
  const hiddenComment = await createComment(published, author.id, { type: "project", id: published.id }, "CANARY-HIDDEN-COMMENT-7f3a");
  await hide("comments", hiddenComment.id);
  secret.hiddenComment = { type: "comment", id: hiddenComment.id, slug: published.slug };

  const draft = await createProject(org.id, official.id, { title: "CANARY-DRAFT-PROJECT-7f3a", status: "draft" });
  secret.draftProject = { type: "project", id: draft.id, slug: draft.slug };
  const draftProposal = await createProposal(draft, author.id, { title: "CANARY-DRAFT-PROPOSAL-7f3a" });
  secret.draftProposal = { type: "proposal", id: draftProposal.id, slug: draft.slug };
  const draftDebate = await createDebate(draft, official.id, "CANARY-DRAFT-DEBATE-7f3a");
  secret.draftDebate = { type: "debate", id: draftDebate.id, slug: draft.slug };
  const draftComment = await createComment(draft, author.id, { type: "project", id: draft.id }, "CANARY-DRAFT-COMMENT-7f3a");
  secret.draftComment = { type: "comment", id: draftComment.id, slug: draft.slug };
  own.onDraft = (await createComment(draft, actor.id, { type: "proposal", id: draftProposal.id }, "Mon avis")).id;

  const foreignOfficial = await createTestUser(other.id, { role: "official" });
  const foreignAuthor = await createTestUser(other.id);
  const foreign = await createProject(other.id, foreignOfficial.id, { title: "CANARY-FOREIGN-PROJECT-7f3a" });
  secret.foreignProject = { type: "project", id: foreign.id, slug: foreign.slug };
  const foreignProposal = await createProposal(foreign, foreignAuthor.id, { title: "CANARY-FOREIGN-PROPOSAL-7f3a" });
  secret.foreignProposal = { type: "proposal", id: foreignProposal.id, slug: foreign.slug };
  const foreignDebate = await createDebate(foreign, foreignOfficial.id, "CANARY-FOREIGN-DEBATE-7f3a");
  secret.foreignDebate = { type: "debate", id: foreignDebate.id, slug: foreign.slug };
  const foreignComment = await createComment(foreign, foreignAuthor.id, { type: "project", id: foreign.id }, "CANARY-FOREIGN-COMMENT-7f3a");
  secret.foreignComment = { type: "comment", id: foreignComment.id, slug: foreign.slug };

  const archived = await createProject(org.id, official.id, { title: "Ancien projet", status: "archived" });
  open.archivedProject = { type: "project", id: archived.id, slug: archived.slug };
  const archivedProposal = await createProposal(archived, author.id, { title: "Ancienne idée" });
  open.archivedProposal = { type: "proposal", id: archivedProposal.id, slug: archived.slug };
  open.archivedDebate = { type: "debate", id: (await createDebate(archived, official.id, "Ancien débat")).id, slug: archived.slug };
  own.onArchived = (await createComment(archived, actor.id, { type: "project", id: archived.id }, "Mon avis")).id;
});

/** The whole answer as text: status, headers (a redirect's target), body or data. */
async function serialize(result: unknown): Promise<string> {
  if (result instanceof Response) {
    return `${result.status} ${JSON.stringify([...result.headers.entries()])} ${await result.text()}`;
  }
  return JSON.stringify(result);
}

type Case = { name: string; fn: RouteFn; path: string; form?: Record<string, string>; params?: Record<string, string>; as?: () => TestUser };

const comment = (name: string, form: Record<string, string>): Case => ({ name, fn: commentsRoute.action as RouteFn, path: "/comments", form });
const report = (name: string, ref: Ref, reason = "spam"): Case => ({
  name,
  fn: reportRoute.action as RouteFn,
  path: `/report?type=${ref.type}&id=${ref.id}`,
  form: reason ? { targetType: ref.type, targetId: String(ref.id), reason } : { targetType: ref.type, targetId: String(ref.id) },
});

function cases(): Case[] {
  const list: Case[] = [];
  const commentTargets = ["hiddenProposal", "hiddenDebate", "draftProject", "draftProposal", "draftDebate", "foreignProject", "foreignProposal", "foreignDebate"];
  for (const key of [...commentTargets, "archivedProject", "archivedProposal", "archivedDebate"]) {
    const ref = (secret[key] ?? open[key])!;
    for (const body of ["Un avis", ""]) {
      list.push(comment(`comment on ${key}${body ? "" : " (empty)"}`, { intent: "create", targetType: ref.type, targetId: String(ref.id), body }));
    }
  }
  for (const key of ["hiddenComment", "draftComment", "foreignComment"]) {
    const parent = secret[key]!;
    const target = key === "hiddenComment" ? open.project! : key === "draftComment" ? secret.draftProject! : secret.foreignProject!;
    for (const body of ["Une réponse", ""]) {
      list.push(
        comment(`reply to ${key}${body ? "" : " (empty)"}`, {
          intent: "create",
          targetType: target.type,
          targetId: String(target.id),
          parentId: String(parent.id),
          body,
        }),
      );
      list.push(comment(`edit ${key}${body ? "" : " (empty)"}`, { intent: "edit", commentId: String(parent.id), body }));
    }
    list.push(comment(`delete ${key}`, { intent: "delete", commentId: String(parent.id) }));
  }
  for (const key of ["onHiddenProposal", "onHiddenDebate", "onDraft", "onArchived"]) {
    for (const body of ["Changé", ""]) {
      list.push(comment(`edit own comment ${key}${body ? "" : " (empty)"}`, { intent: "edit", commentId: String(own[key]), body }));
    }
    if (key !== "onArchived") list.push(comment(`delete own comment ${key}`, { intent: "delete", commentId: String(own[key]) }));
  }
  for (const key of Object.keys(secret).filter((k) => !k.endsWith("Project"))) {
    list.push(report(`report ${key}`, secret[key]!));
    list.push(report(`report ${key} (no reason)`, secret[key]!, ""));
    list.push({ name: `report page of ${key}`, fn: reportRoute.loader as RouteFn, path: `/report?type=${secret[key]!.type}&id=${secret[key]!.id}` });
  }
  list.push(report("report archivedProposal (no reason)", open.archivedProposal!, ""));

  for (const key of ["hiddenProposal", "draftProposal", "foreignProposal"]) {
    const ref = secret[key]!;
    // Through the proposal's own project, and through a visible project's address.
    for (const slug of [ref.slug, open.project!.slug]) {
      const at = { path: `/projects/${slug}/proposals/${ref.id}`, params: { slug, id: String(ref.id) } };
      list.push({ name: `support ${key} via ${slug === ref.slug ? "its project" : "another"}`, fn: proposalPage.action as RouteFn, ...at, form: { intent: "support", support: "on" } });
      list.push({ name: `answer ${key} as citizen via ${slug === ref.slug ? "its project" : "another"}`, fn: proposalPage.action as RouteFn, ...at, form: { intent: "answer", status: "accepted", answer: "Oui" } });
    }
  }
  for (const key of ["hiddenDebate", "draftDebate", "foreignDebate"]) {
    const ref = secret[key]!;
    const at = { path: `/projects/${ref.slug}/debates/${ref.id}`, params: { slug: ref.slug, id: String(ref.id) } };
    list.push({ name: `close ${key} as citizen`, fn: debatePage.action as RouteFn, ...at, form: { intent: "close", conclusion: "Fin" } });
  }
  for (const key of ["foreignProposal", "foreignDebate"]) {
    const ref = secret[key]!;
    const via = open.project!.slug;
    const at = { path: `/projects/${via}/${ref.type}s/${ref.id}`, params: { slug: via, id: String(ref.id) } };
    const form: Record<string, string> = ref.type === "proposal" ? { intent: "answer", status: "accepted", answer: "Oui" } : { intent: "close", conclusion: "Fin" };
    list.push({ name: `${ref.type === "proposal" ? "answer" : "close"} ${key} as official`, fn: (ref.type === "proposal" ? proposalPage.action : debatePage.action) as RouteFn, ...at, form, as: () => official });
  }
  return list;
}

describe("refusals leak nothing", () => {
  it("no refused intent names anything the actor may not see", async () => {
    const leaks: string[] = [];
    const notRefused: string[] = [];
    for (const c of cases()) {
      const user = c.as?.() ?? actor;
      const result = c.form
        ? await callAction(c.fn, org, user, c.path, c.form, c.params ?? {})
        : await callLoader(c.fn, org, user, c.path, c.params ?? {});
      const status = statusOf(result);
      if (status < 400) notRefused.push(`${c.name}: ${status}`);
      const text = await serialize(result);
      const found = text.match(/CANARY[\w-]*/gi);
      if (found) leaks.push(`${c.name} (${status}): ${[...new Set(found)].join(", ")}`);
    }
    expect(leaks).toEqual([]);
    expect(notRefused).toEqual([]);
  });

  it("a refused form on a visible target still links back to it by name", async () => {
    const ref = open.archivedProposal!;
    const result = await callAction(commentsRoute.action as RouteFn, org, actor, "/comments", { intent: "create", targetType: ref.type, targetId: String(ref.id), body: "" });
    expect(statusOf(result)).toBe(400);
    expect(await serialize(result)).toContain("Ancienne idée");
  });
});
