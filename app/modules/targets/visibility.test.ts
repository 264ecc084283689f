// The one visibility rule, walked through every page that shows content: a hidden proposal, a
// hidden debate and a hidden comment are seen by their author and by a moderator, and by no other
// member (a citizen, an official who did not write it), on the project's presentation tab, the
// proposal page and list, the debate page and list, search, notifications and the moderation queue.
import { beforeAll, describe, expect, it } from "vitest";
import { notify } from "~/modules/notifications/notify.server";
import { createTestProject, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";
import * as moderationPage from "~/routes/_moderation+/moderation._index";
import * as notificationsPage from "~/routes/_account+/notifications._index";
import * as projectTab from "~/routes/_public+/projects.$slug._index";
import * as debatePage from "~/routes/_public+/projects.$slug.debates.$id";
import * as debateList from "~/routes/_public+/projects.$slug.debates._index";
import * as proposalPage from "~/routes/_public+/projects.$slug.proposals.$id";
import * as proposalList from "~/routes/_public+/projects.$slug.proposals._index";
import * as searchPage from "~/routes/_public+/search";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { createComment, createDebate, createProposal } from "~/modules/moderation/testing.server";
import { callLoader, dataOf, type RouteFn, statusOf } from "~/test/remix";

let org: TestOrg;
let author: TestUser;
let moderator: TestUser;
let citizen: TestUser;
let debateAuthor: TestUser;
let otherOfficial: TestUser;
let project: { id: number; slug: string; title: string };
let proposal: { id: number; title: string };
let debate: { id: number; title: string };
let comment: { id: number };

const PROPOSAL_TITLE = "Zorglub fontaine masquée";
const DEBATE_TITLE = "Débat masqué sur la fontaine";
const COMMENT_BODY = "Commentaire masqué sur la place";

beforeAll(async () => {
  org = (await createTestOrganization({ name: "Ville Visible" })) as TestOrg;
  author = await createTestUser(org.id, { name: "Aline Autrice" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane" });
  citizen = await createTestUser(org.id, { name: "Cyril Citoyen" });
  debateAuthor = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  otherOfficial = await createTestUser(org.id, { role: "official", name: "Olivier Élu" });
  project = await createTestProject(org.id, debateAuthor.id);
  const at = { id: project.id, organizationId: org.id };
  proposal = await createProposal(at, author.id, { title: PROPOSAL_TITLE, hidden: true });
  debate = await createDebate(at, debateAuthor.id, DEBATE_TITLE);
  comment = await createComment(at, author.id, { type: "project", id: project.id }, COMMENT_BODY);
  await sql`update debates set hidden_at = now() where id = ${debate.id}`;
  await sql`update comments set hidden_at = now() where id = ${comment.id}`;
  await sql`
    insert into moderations (organization_id, target_type, target_id, project_id, report_count, state)
    values (${org.id}, 'proposal', ${proposal.id}, ${project.id}, 3, 'hidden')`;
  // Everyone was told about the proposal before it was hidden.
  for (const user of [author, moderator, citizen]) {
    await notify(sql, {
      organizationId: org.id,
      userId: user.id,
      kind: "proposal_answered",
      data: { path: `/projects/${project.slug}/proposals/${proposal.id}`, proposalTitle: PROPOSAL_TITLE, status: "à l'étude" },
      origin: "http://localhost",
    });
  }
});

const load = (fn: unknown, user: TestUser, path: string, params: Record<string, string> = {}) => callLoader(fn as RouteFn, org, user, path, params);

/** Whether the page's data, as it reaches the browser, holds `text`. */
async function shows(fn: unknown, user: TestUser, path: string, text: string, params: Record<string, string> = {}): Promise<boolean | number> {
  const result = await load(fn, user, path, params);
  const status = statusOf(result);
  if (status !== 200) return status;
  return JSON.stringify(dataOf(result)).includes(text);
}

describe("a hidden proposal", () => {
  const params = () => ({ slug: project.slug, id: String(proposal.id) });
  it("its page: its author and a moderator, not another citizen nor an official", async () => {
    const path = `/projects/${project.slug}/proposals/${proposal.id}`;
    expect(await shows(proposalPage.loader, author, path, PROPOSAL_TITLE, params())).toBe(true);
    expect(await shows(proposalPage.loader, moderator, path, PROPOSAL_TITLE, params())).toBe(true);
    expect(await shows(proposalPage.loader, citizen, path, PROPOSAL_TITLE, params())).toBe(404);
    expect(await shows(proposalPage.loader, otherOfficial, path, PROPOSAL_TITLE, params())).toBe(404);
  });

  it("the project's proposal list", async () => {
    const path = `/projects/${project.slug}/proposals`;
    const p = { slug: project.slug };
    expect(await shows(proposalList.loader, author, path, PROPOSAL_TITLE, p)).toBe(true);
    expect(await shows(proposalList.loader, moderator, path, PROPOSAL_TITLE, p)).toBe(true);
    expect(await shows(proposalList.loader, citizen, path, PROPOSAL_TITLE, p)).toBe(false);
    expect(await shows(proposalList.loader, otherOfficial, path, PROPOSAL_TITLE, p)).toBe(false);
  });

  it("search", async () => {
    const path = "/search?q=zorglub";
    expect(await shows(searchPage.loader, author, path, "fontaine")).toBe(true);
    expect(await shows(searchPage.loader, moderator, path, "fontaine")).toBe(true);
    expect(await shows(searchPage.loader, citizen, path, "fontaine")).toBe(false);
  });

  it("notifications that name it", async () => {
    expect(await shows(notificationsPage.loader, author, "/notifications", PROPOSAL_TITLE)).toBe(true);
    expect(await shows(notificationsPage.loader, moderator, "/notifications", PROPOSAL_TITLE)).toBe(true);
    expect(await shows(notificationsPage.loader, citizen, "/notifications", PROPOSAL_TITLE)).toBe(false);
  });

  it("the moderation queue: moderators only", async () => {
    expect(await shows(moderationPage.loader, moderator, "/moderation?state=all", PROPOSAL_TITLE)).toBe(true);
    expect(await shows(moderationPage.loader, author, "/moderation", PROPOSAL_TITLE)).toBe(403);
    expect(await shows(moderationPage.loader, citizen, "/moderation", PROPOSAL_TITLE)).toBe(403);
  });
});

describe("a hidden debate", () => {
  it("its page and the project's debate list: the official who opened it and a moderator, not another citizen nor another official", async () => {
    const pagePath = `/projects/${project.slug}/debates/${debate.id}`;
    const listPath = `/projects/${project.slug}/debates`;
    for (const [user, seen] of [
      [debateAuthor, true],
      [moderator, true],
      [citizen, false],
      [otherOfficial, false],
    ] as const) {
      expect(await shows(debatePage.loader, user, pagePath, DEBATE_TITLE, { slug: project.slug, id: String(debate.id) })).toBe(seen ? true : 404);
      expect(await shows(debateList.loader, user, listPath, DEBATE_TITLE, { slug: project.slug })).toBe(seen);
    }
  });
});

describe("a hidden comment", () => {
  it("the project's presentation tab shows its words to its author and a moderator only", async () => {
    const path = `/projects/${project.slug}`;
    for (const [user, seen] of [
      [author, true],
      [moderator, true],
      [citizen, false],
      [otherOfficial, false],
    ] as const) {
      expect(await shows(projectTab.loader, user, path, COMMENT_BODY, { slug: project.slug })).toBe(seen);
    }
  });
});
