// Report buttons and hidden notices on the contribution pages (proposal, debate, project
// presentation), through their real loaders and rendered to HTML: one query for "already
// reported", no button for authors, anonymous visitors or hidden items, the moderator's reason for
// the author of a hidden item, and a hidden comment's text never sent to other members.
import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { renderingI18n } from "~/i18n/i18n.server";
import type { SessionUser } from "~/modules/auth/session.server";
import { loadCommentThread } from "~/modules/comments/queries.server";
import * as debatePage from "~/routes/_public+/projects.$slug.debates.$id";
import * as debatesList from "~/routes/_public+/projects.$slug.debates._index";
import * as projectPage from "~/routes/_public+/projects.$slug._index";
import * as proposalPage from "~/routes/_public+/projects.$slug.proposals.$id";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { callLoader, dataOf, makeContext, makeRequest, type RouteFn, statusOf } from "~/test/remix";
import { sql, type Db } from "~/utils/db.server";
import { decideModeration } from "./decisions.server";
import { loadPageReports, reportableCommentIds } from "./page.server";
import { reportContent } from "./reports.server";
import { createComment, createDebate, createProject, createProposal } from "./testing.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;
type Page = { loader: RouteFn; default: ComponentType };
type Project = Awaited<ReturnType<typeof createProject>>;

const ORIGIN = "http://localhost";
let org: Org;
let other: Org;
let author: User;
let reader: User;
let moderator: User;
let official: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville des Signalements" });
  other = await createTestOrganization();
  author = await createTestUser(org.id, { name: "Alice Autrice" });
  reader = await createTestUser(org.id, { name: "Léo Lecteur" });
  moderator = await createTestUser(org.id, { role: "moderator", name: "Morgane Modératrice" });
  official = await createTestUser(org.id, { role: "official", name: "Élise Élue" });
  // Reports are counted one by one here: nothing hides itself behind the tests' back.
  await sql`update organizations set report_threshold = 100 where id = ${org.id}`;
});

function report(user: User, target: { type: "proposal" | "comment" | "debate"; id: number }) {
  return reportContent(sql, { organizationId: org.id, reporterId: user.id, target, reason: "offensive", details: null, origin: ORIGIN });
}

/** A moderator hides the item with a reason (it is reported first, so that it is in the queue). */
async function hide(target: { type: "proposal" | "comment" | "debate"; id: number }, reason: string) {
  const witness = await createTestUser(org.id);
  expect(await report(witness, target)).toMatchObject({ ok: true });
  const [row] = await sql`select id from moderations where organization_id = ${org.id} and target_type = ${target.type} and target_id = ${target.id}`;
  const outcome = await decideModeration(sql, { organizationId: org.id, moderatorId: moderator.id, moderationId: Number(row!.id), decision: "hide", reason, origin: ORIGIN });
  expect(outcome).toMatchObject({ ok: true });
}

async function render(page: Page, pattern: string, path: string, user: User | null, locale: "fr" | "en" = "fr") {
  const token = user ? (await createTestSession(user)).token : null;
  const context = await makeContext(org, { token, locale });
  const handler = createStaticHandler([
    {
      id: "page",
      path: pattern,
      loader: ({ request, params }) => page.loader({ request, context, params: params as Record<string, string> }) as Promise<object>,
      Component: page.default,
    },
  ]);
  const result = await handler.query(makeRequest(path));
  if (result instanceof Response) throw new Error(`unexpected response ${result.status}`);
  if (result.errors) throw new Error(`route error: ${JSON.stringify(result.errors)}`);
  const router = createStaticRouter(handler.dataRoutes, result);
  return renderToString(
    <I18nextProvider i18n={renderingI18n(locale)}>
      <StaticRouterProvider router={router} context={result} hydrate={false} />
    </I18nextProvider>,
  );
}

/** The report forms of a rendered page, by target ("proposal:12"). */
function reportForms(html: string): string[] {
  return [...html.matchAll(/action="\/report\?type=(\w+)&amp;id=(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
}

/** Headings in order, unique ids, every control labelled, no raw i18n key. */
function expectSoundStructure(html: string) {
  let level = 1;
  for (const [, h] of `<h1>page</h1>${html}`.matchAll(/<h([1-6])[\s>]/g)) {
    expect(Number(h), "heading levels").toBeLessThanOrEqual(level + 1);
    level = Number(h);
  }
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size, "unique ids").toBe(ids.length);
  for (const [, id] of html.matchAll(/<(?:select|input|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)) {
    expect(html, `label for #${id}`).toContain(`for="${id}"`);
  }
  expect(html).not.toMatch(/\{\{|\b(?:moderation|proposals|common|projects):[a-z]/);
}

type ProposalData = Exclude<Awaited<ReturnType<typeof proposalPage.loader>>, { child: true }>;
type DebateData = Awaited<ReturnType<typeof debatePage.loader>>;
type ProjectData = Awaited<ReturnType<typeof projectPage.loader>>;

const proposalPath = (project: Project, id: number) => `/projects/${project.slug}/proposals/${id}`;
const debatePath = (project: Project, id: number) => `/projects/${project.slug}/debates/${id}`;

async function loadProposal(user: User | null, project: Project, id: number) {
  return callLoader(proposalPage.loader as RouteFn, org, user, proposalPath(project, id), { slug: project.slug, id: String(id) });
}
async function loadDebate(user: User | null, project: Project, id: number) {
  return callLoader(debatePage.loader as RouteFn, org, user, debatePath(project, id), { slug: project.slug, id: String(id) });
}
async function loadProject(user: User | null, project: Project) {
  return callLoader(projectPage.loader as RouteFn, org, user, `/projects/${project.slug}`, { slug: project.slug });
}

describe("the proposal page", () => {
  it("marks what the viewer already reported, and offers no button to the author or to visitors", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id, { title: "Des bancs à l'ombre" });
    const byAuthor = await createComment(project, author.id, { type: "proposal", id: proposal.id }, "Mon propre avis");
    const byReader = await createComment(project, reader.id, { type: "proposal", id: proposal.id }, "L'avis du lecteur");

    const before = (await loadProposal(reader, project, proposal.id)) as ProposalData;
    expect(before.canReport).toBe(true);
    expect(before.reports).toEqual({ enabled: true, reported: [] });

    expect(await report(reader, { type: "proposal", id: proposal.id })).toMatchObject({ ok: true });
    expect(await report(reader, { type: "comment", id: byAuthor.id })).toMatchObject({ ok: true });
    const after = (await loadProposal(reader, project, proposal.id)) as ProposalData;
    expect(after.reports.reported.sort()).toEqual([`comment:${byAuthor.id}`, `proposal:${proposal.id}`].sort());
    const readerHtml = await render(proposalPage as unknown as Page, "/projects/:slug/proposals/:id", proposalPath(project, proposal.id), reader);
    expectSoundStructure(readerHtml);
    // Already reported: said so instead of a form; the reader's own comment has none.
    expect(reportForms(readerHtml)).toEqual([]);
    expect(readerHtml.match(/Vous avez signalé ce contenu\./g)).toHaveLength(2);

    const asAuthor = (await loadProposal(author, project, proposal.id)) as ProposalData;
    expect(asAuthor.canReport).toBe(false);
    expect(asAuthor.reports.reported).toEqual([]);
    const authorHtml = await render(proposalPage as unknown as Page, "/projects/:slug/proposals/:id", proposalPath(project, proposal.id), author);
    expectSoundStructure(authorHtml);
    expect(reportForms(authorHtml)).toEqual([`comment:${byReader.id}`]);

    const anonymous = (await loadProposal(null, project, proposal.id)) as ProposalData;
    expect(anonymous).toMatchObject({ canReport: false, reports: { enabled: false, reported: [] } });
    const anonymousHtml = await render(proposalPage as unknown as Page, "/projects/:slug/proposals/:id", proposalPath(project, proposal.id), null, "en");
    expect(reportForms(anonymousHtml)).toEqual([]);
    expect(anonymousHtml).not.toContain("report__");
  });

  it("shows the author of a hidden proposal the moderator's reason, moderators a notice, and nobody a report button", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, author.id, { title: "Un texte contesté" });
    await hide({ type: "proposal", id: proposal.id }, "Propos injurieux envers un voisin");

    const asAuthor = (await loadProposal(author, project, proposal.id)) as ProposalData;
    expect(asAuthor).toMatchObject({ canReport: false, hiddenNotice: { automatic: false, reason: "Propos injurieux envers un voisin", reportCount: 1 } });
    const html = await render(proposalPage as unknown as Page, "/projects/:slug/proposals/:id", proposalPath(project, proposal.id), author);
    expect(html).toContain("Votre contribution a été masquée par l&#x27;équipe de modération. Motif : Propos injurieux envers un voisin");
    expect(reportForms(html)).toEqual([]);

    const asModerator = (await loadProposal(moderator, project, proposal.id)) as ProposalData;
    expect(asModerator.canReport).toBe(false);
    const modHtml = await render(proposalPage as unknown as Page, "/projects/:slug/proposals/:id", proposalPath(project, proposal.id), moderator, "en");
    expect(modHtml).toContain("only its author and the moderators");
    expect(modHtml).not.toContain("Propos injurieux envers un voisin");

    expect(statusOf(await loadProposal(reader, project, proposal.id))).toBe(404);
    expect(statusOf(await loadProposal(null, project, proposal.id))).toBe(404);
  });
});

describe("hidden comments", () => {
  it("never sends a hidden comment's text to other members, on any of the three pages", async () => {
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, reader.id);
    const debate = await createDebate(project, official.id);
    const secret = "Texte masqué par la modération 7f3a";
    const targets = [
      { type: "project" as const, id: project.id },
      { type: "proposal" as const, id: proposal.id },
      { type: "debate" as const, id: debate.id },
    ];
    const hidden: number[] = [];
    for (const target of targets) {
      const root = await createComment(project, reader.id, target, "Un avis visible");
      const [reply] = await sql`
        insert into comments (organization_id, project_id, target_type, target_id, parent_id, depth, author_id, body)
        values (${org.id}, ${project.id}, ${target.type}, ${target.id}, ${root.id}, 1, ${author.id}, ${secret})
        returning id`;
      await sql`update comments set replies_count = 1 where id = ${root.id}`;
      await hide({ type: "comment", id: Number(reply!.id) }, "Hors sujet");
      hidden.push(Number(reply!.id));
    }
    const pages = (user: User | null) => [loadProject(user, project), loadProposal(user, project, proposal.id), loadDebate(user, project, debate.id)];

    for (const user of [reader, official, null]) {
      for (const [i, result] of (await Promise.all(pages(user))).entries()) {
        expect(statusOf(result)).toBe(200);
        const json = JSON.stringify(result);
        expect(json, `page ${i}`).toContain("Un avis visible");
        expect(json, `page ${i}`).not.toContain(secret);
        expect(json, `page ${i}`).not.toContain("Hors sujet");
      }
    }
    // Nor may they report it again: it has no report button.
    const readerPage = (await loadProject(reader, project)) as ProjectData;
    expect(readerPage.reports.reported).toEqual([]);
    const html = await render(projectPage as unknown as Page, "/projects/:slug", `/projects/${project.slug}`, reader);
    expect(html).toContain("Commentaire masqué par la modération");
    expect(html).not.toContain(secret);
    expect(reportForms(html)).not.toContain(`comment:${hidden[0]}`);

    // Its author and the moderators read it, with the notice.
    for (const user of [author, moderator]) {
      for (const result of await Promise.all(pages(user))) expect(JSON.stringify(result)).toContain(secret);
    }
    const authorHtml = await render(projectPage as unknown as Page, "/projects/:slug", `/projects/${project.slug}`, author);
    expect(authorHtml).toContain(secret);
    expect(authorHtml).toContain("Masqué par la modération : les autres participants ne le voient pas.");
  });
});

describe("the debate page and list", () => {
  it("offers the report button to members other than its author, and marks what they reported", async () => {
    const project = await createProject(org.id, official.id);
    const debate = await createDebate(project, official.id, "Faut-il une fontaine ?");
    const comment = await createComment(project, author.id, { type: "debate", id: debate.id }, "Oui, une fontaine");

    const asOfficial = (await loadDebate(official, project, debate.id)) as DebateData;
    expect(asOfficial).toMatchObject({ isAuthor: true, canReport: false });
    expect(asOfficial.reports.reported).toEqual([]);

    expect(await report(reader, { type: "debate", id: debate.id })).toMatchObject({ ok: true });
    const asReader = (await loadDebate(reader, project, debate.id)) as DebateData;
    expect(asReader.canReport).toBe(true);
    expect(asReader.reports.reported).toEqual([`debate:${debate.id}`]);
    const html = await render(debatePage as unknown as Page, "/projects/:slug/debates/:id", debatePath(project, debate.id), reader);
    expectSoundStructure(html);
    expect(reportForms(html)).toEqual([`comment:${comment.id}`]);
    expect(html).toContain("Vous avez signalé ce contenu.");

    const officialHtml = await render(debatePage as unknown as Page, "/projects/:slug/debates/:id", debatePath(project, debate.id), official);
    expect(reportForms(officialHtml)).toEqual([`comment:${comment.id}`]);
  });

  it("keeps a hidden debate out of citizens' list and page, marked for moderators and officials, with the reason for its author", async () => {
    const project = await createProject(org.id, official.id);
    const visible = await createDebate(project, official.id, "Un débat visible");
    const debate = await createDebate(project, official.id, "Un débat masqué");
    await hide({ type: "debate", id: debate.id }, "Question mal posée");
    type List = Awaited<ReturnType<typeof debatesList.loader>>;
    const list = async (user: User | null) =>
      dataOf<List>(await callLoader(debatesList.loader as RouteFn, org, user, `/projects/${project.slug}/debates`, { slug: project.slug })).list.debates;

    for (const user of [reader, null]) expect((await list(user)).map((d) => d.id)).toEqual([visible.id]);
    for (const user of [moderator, official]) {
      expect((await list(user)).map((d) => [d.id, d.hidden])).toEqual([
        [debate.id, true],
        [visible.id, false],
      ]);
    }
    const listHtml = await render(debatesList as unknown as Page, "/projects/:slug/debates", `/projects/${project.slug}/debates`, moderator);
    expect(listHtml.match(/Masqué par la modération/g)).toHaveLength(1);

    expect(statusOf(await loadDebate(reader, project, debate.id))).toBe(404);
    expect(statusOf(await loadDebate(null, project, debate.id))).toBe(404);
    const asAuthor = (await loadDebate(official, project, debate.id)) as DebateData;
    expect(asAuthor).toMatchObject({ canReport: false, hiddenNotice: { automatic: false, reason: "Question mal posée" } });
    const html = await render(debatePage as unknown as Page, "/projects/:slug/debates/:id", debatePath(project, debate.id), official);
    expect(html).toContain("Motif : Question mal posée");
    const asModerator = (await loadDebate(moderator, project, debate.id)) as DebateData;
    expect(asModerator.canReport).toBe(false);
    expect(statusOf(asModerator)).toBe(200);
  });
});

describe("the project presentation tab", () => {
  it("gives each comment of others a report button, marked once reported", async () => {
    const project = await createProject(org.id, official.id);
    const mine = await createComment(project, reader.id, { type: "project", id: project.id }, "Le mien");
    const theirs = await createComment(project, author.id, { type: "project", id: project.id }, "Le sien");
    const fresh = await createComment(project, official.id, { type: "project", id: project.id }, "Un autre");
    expect(await report(reader, { type: "comment", id: theirs.id })).toMatchObject({ ok: true });

    const page = (await loadProject(reader, project)) as ProjectData;
    expect(page.reports).toEqual({ enabled: true, reported: [`comment:${theirs.id}`] });
    const html = await render(projectPage as unknown as Page, "/projects/:slug", `/projects/${project.slug}`, reader);
    expect(reportForms(html)).toEqual([`comment:${fresh.id}`]);
    expect(html).toContain("Vous avez signalé ce contenu.");
    expect(reportForms(html)).not.toContain(`comment:${mine.id}`);

    // A member of another organization finds no such project on their own site.
    const foreign = await createTestUser(other.id);
    expect(statusOf(await callLoader(projectPage.loader as RouteFn, other, foreign, `/projects/${project.slug}`, { slug: project.slug }))).toBe(404);
  });
});

describe("loadPageReports", () => {
  it("asks the database once for a whole page, and not at all for a visitor", async () => {
    const project = await createProject(org.id, official.id);
    const target = { type: "project" as const, id: project.id };
    for (let i = 0; i < 5; i++) {
      const root = await createComment(project, author.id, target, `Racine ${i}`);
      for (let j = 0; j < 3; j++) {
        await sql`
          insert into comments (organization_id, project_id, target_type, target_id, parent_id, depth, author_id, body)
          values (${org.id}, ${project.id}, 'project', ${project.id}, ${root.id}, 1, ${official.id}, ${`Réponse ${i}.${j}`})`;
      }
      await sql`update comments set replies_count = 3 where id = ${root.id}`;
    }
    const viewer: SessionUser = {
      id: reader.id,
      organizationId: org.id,
      email: reader.email,
      name: reader.name,
      role: "citizen",
      isSystemAdmin: false,
      locale: null,
      emailConfirmed: true,
    };
    const thread = await loadCommentThread(sql, { organizationId: org.id, target, viewer });
    expect(reportableCommentIds(thread)).toHaveLength(20);
    let queries = 0;
    const counting = new Proxy(sql, {
      apply(target, self, args) {
        queries++;
        return Reflect.apply(target as unknown as (...a: unknown[]) => unknown, self, args);
      },
    }) as Db;
    const proposal = await createProposal(project, author.id);
    await report(reader, { type: "proposal", id: proposal.id });
    const result = await loadPageReports(counting, { viewer, projectStatus: "published", items: [{ type: "proposal", id: proposal.id }], thread });
    expect(result).toEqual({ enabled: true, reported: [`proposal:${proposal.id}`] });
    expect(queries).toBe(1);
    expect(await loadPageReports(counting, { viewer: null, projectStatus: "published", items: [], thread })).toEqual({ enabled: false, reported: [] });
    expect(await loadPageReports(counting, { viewer, projectStatus: "draft", items: [], thread })).toEqual({ enabled: false, reported: [] });
    expect(queries).toBe(1);
  });
});
