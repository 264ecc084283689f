// What everyone reads: the home page's cards (filters, pagination, lean query), the project page
// (drafts hidden, tabs' counts, presentation), and following a project.
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { listPublicProjects, loadProjectHeader } from "~/modules/projects/queries.server";
import { createTestProject, createTestProposal, dayFromToday } from "~/modules/projects/testing.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, type RouteFn, statusOf } from "~/test/remix";
import { sql, type Db } from "~/utils/db.server";
import * as home from "./_index";
import * as layout from "./projects.$slug";
import * as presentation from "./projects.$slug._index";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let orgA: Org;
let orgB: Org;
let official: User;
let citizen: User;
let moderator: User;

beforeAll(async () => {
  orgA = await createTestOrganization({ name: "Ville A" });
  orgB = await createTestOrganization({ name: "Ville B" });
  official = await createTestUser(orgA.id, { role: "official" });
  citizen = await createTestUser(orgA.id, { role: "citizen" });
  moderator = await createTestUser(orgA.id, { role: "moderator" });
});

type HomeData = {
  total: number;
  page: number;
  pageCount: number;
  projects: { id: number; slug: string; phase: string | null; proposalsCount: number; cover: unknown }[];
  mapItems: { id: string; href: string }[];
  finished: { total: number; projects: { id: number; title: string }[] } | null;
};

async function homeFor(org: Org, query = "") {
  return (await callRoute(home.loader as RouteFn, { org, user: null, path: `/${query}` })) as HomeData;
}

describe("the home page", () => {
  let org: Org;
  let author: User;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    org = await createTestOrganization({ name: "Ville des cartes" });
    const creator = await createTestUser(org.id, { role: "official" });
    author = await createTestUser(org.id);
    const past = await dayFromToday(-20);
    const yesterday = await dayFromToday(-1);
    const later = await dayFromToday(30);
    // 13 published urban projects in information, one cultural in co-construction with proposals,
    // one archived, one draft: 16 in all.
    for (let i = 0; i < 13; i++) {
      const p = await createTestProject(org.id, creator.id, {
        title: `Projet urbain ${i}`,
        phases: [{ kind: "information", startsOn: past, endsOn: null }],
        publishedAt: new Date(Date.now() - (20 - i) * 60_000),
      });
      ids[`urban${i}`] = p.id;
    }
    const cultural = await createTestProject(org.id, creator.id, {
      title: "Festival d'été",
      kind: "cultural",
      center: [2.35, 48.85],
      phases: [
        { kind: "information", startsOn: past, endsOn: yesterday },
        { kind: "co_construction", startsOn: await dayFromToday(0), endsOn: later },
      ],
    });
    ids.cultural = cultural.id;
    await createTestProposal(org.id, cultural.id, author.id, { title: "Des concerts" });
    await createTestProposal(org.id, cultural.id, author.id, { title: "Du théâtre" });
    await createTestProposal(org.id, cultural.id, author.id, { title: "Masquée", hidden: true });
    ids.archived = (await createTestProject(org.id, creator.id, { title: "Ancien parc", kind: "leisure", status: "archived" })).id;
    ids.draft = (await createTestProject(org.id, creator.id, { title: "Brouillon", status: "draft" })).id;
  });

  it("lists published projects, newest first, 12 a page, drafts and other organizations left out", async () => {
    const first = await homeFor(org);
    expect(first.total).toBe(14);
    expect(first.pageCount).toBe(2);
    expect(first.projects).toHaveLength(12);
    expect(first.projects[0]!.id).toBe(ids.cultural);
    const second = await homeFor(org, "?page=2");
    expect(second.projects).toHaveLength(2);
    const all = [...first.projects, ...second.projects].map((p) => p.id);
    expect(new Set(all).size).toBe(14);
    expect(all).not.toContain(ids.draft);
    expect(all).not.toContain(ids.archived);
    // An old link past the last page: no cards, but the pagination still leads back.
    const beyond = await homeFor(org, "?page=9");
    expect(beyond.projects).toHaveLength(0);
    expect(beyond.total).toBe(14);
    const other = await homeFor(orgB);
    expect(other.projects.map((p) => p.id)).not.toContain(ids.cultural);
  });

  it("shows the finished projects under the current ones on the default view only", async () => {
    const home = await homeFor(org);
    expect(home.finished).toEqual({ total: 1, projects: [expect.objectContaining({ id: ids.archived, title: "Ancien parc" })] });
    for (const query of ["?kind=urban", "?phase=information", "?status=archived", "?page=2"]) {
      expect((await homeFor(org, query)).finished, query).toBeNull();
    }
    expect((await homeFor(orgB)).finished?.projects.map((p) => p.id) ?? []).not.toContain(ids.archived);
  });

  it("computes each card's phase and counts visible proposals only", async () => {
    const { projects } = await homeFor(org, "?kind=cultural");
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ id: ids.cultural, phase: "co_construction", proposalsCount: 2, cover: null });
  });

  it("filters by theme, current phase and status, and ignores unknown values", async () => {
    expect((await homeFor(org, "?phase=co_construction")).projects.map((p) => p.id)).toEqual([ids.cultural]);
    expect((await homeFor(org, "?phase=information")).total).toBe(13);
    expect((await homeFor(org, "?phase=vote")).total).toBe(0);
    expect((await homeFor(org, "?status=archived")).projects.map((p) => p.id)).toEqual([ids.archived]);
    expect((await homeFor(org, "?kind=leisure")).total).toBe(0);
    expect((await homeFor(org, "?kind=leisure&status=archived")).total).toBe(1);
    expect((await homeFor(org, "?kind=<script>&phase=nope&status=draft&page=-3")).total).toBe(14);
    // Without a phase filter the current phase is read for the page's cards only: still there.
    expect((await homeFor(org, "?kind=cultural")).projects.map((p) => [p.id, p.phase])).toEqual([[ids.cultural, "co_construction"]]);
    const all = await homeFor(org, "");
    expect(all.total).toBe(14);
    expect(all.projects.filter((p) => p.phase === "information")).toHaveLength(all.projects.length - (all.projects.some((p) => p.id === ids.cultural) ? 1 : 0));
  });

  it("puts the projects that have a place on the map", async () => {
    const { mapItems } = await homeFor(org, "?kind=cultural");
    expect(mapItems).toEqual([expect.objectContaining({ id: String(ids.cultural), href: expect.stringMatching(/^\/projects\//) })]);
  });

  it("reads the cards in one query, whatever their number", async () => {
    const statements: string[] = [];
    const counting = postgres(process.env.DATABASE_URL!, { max: 1, fetch_types: false, onnotice: () => {}, debug: (_connection, query) => statements.push(query) });
    try {
      const db = counting as unknown as Db;
      const page1 = await listPublicProjects(db, org.id, { status: "published", page: 1 });
      expect(page1.projects).toHaveLength(12);
      expect(statements).toHaveLength(1);
      const header = await loadProjectHeader(db, org.id, { id: ids.cultural! }, null);
      expect(header?.proposalsCount).toBe(2);
      expect(statements).toHaveLength(2);
    } finally {
      await counting.end();
    }
  });
});

describe("the project page", () => {
  it("shows a published project with its tabs' counts and presentation", async () => {
    const project = await createTestProject(orgA.id, official.id, {
      title: "Parc des Lilas",
      body: "Un parc pour tous.",
      phases: [
        { kind: "information", startsOn: await dayFromToday(-30), endsOn: await dayFromToday(-1) },
        { kind: "co_construction", startsOn: await dayFromToday(0), endsOn: await dayFromToday(20) },
        { kind: "vote", startsOn: await dayFromToday(21), endsOn: null },
      ],
    });
    await createTestProposal(orgA.id, project.id, citizen.id);
    const params = { slug: project.slug };
    const data = (await callRoute(layout.loader as RouteFn, { org: orgA, user: null, path: `/projects/${project.slug}`, params })) as {
      project: { title: string; status: string; currentPhase: string; proposalsCount: number; debatesCount: number; followersCount: number };
      canManage: boolean;
    };
    expect(data.project).toMatchObject({ title: "Parc des Lilas", status: "published", currentPhase: "co_construction", proposalsCount: 1, debatesCount: 0 });
    expect(data.canManage).toBe(false);
    const tab = (await callRoute(presentation.loader as RouteFn, { org: orgA, user: null, path: `/projects/${project.slug}`, params })) as {
      presentation: { bodyHtml: string; timeline: { kind: string; state: string }[]; documents: unknown[] };
      comments: { canComment: boolean; closedReason: string | null; thread: { total: number } };
    };
    expect(tab.presentation.bodyHtml).toBe("<p>Un parc pour tous.</p>");
    expect(tab.presentation.timeline.map((e) => [e.kind, e.state])).toEqual([
      ["information", "done"],
      ["co_construction", "current"],
      ["vote", "upcoming"],
    ]);
    expect(tab.comments).toMatchObject({ canComment: false, closedReason: "proposals:comments.closed.login", thread: { total: 0 } });
  });

  it("hides a draft from citizens, moderators and visitors (404 on every loader), and shows it to officials", async () => {
    const draft = await createTestProject(orgA.id, official.id, { status: "draft", title: "Projet en préparation" });
    const params = { slug: draft.slug };
    for (const user of [null, citizen, moderator]) {
      expect(statusOf(await callRoute(layout.loader as RouteFn, { org: orgA, user, path: `/projects/${draft.slug}`, params }))).toBe(404);
      expect(statusOf(await callRoute(presentation.loader as RouteFn, { org: orgA, user, path: `/projects/${draft.slug}`, params }))).toBe(404);
    }
    const seen = (await callRoute(layout.loader as RouteFn, { org: orgA, user: official, path: `/projects/${draft.slug}`, params })) as {
      project: { status: string };
      canManage: boolean;
    };
    expect(seen.project.status).toBe("draft");
    expect(seen.canManage).toBe(true);
  });

  it("never shows another organization's project", async () => {
    const theirs = await createTestProject(orgB.id, (await createTestUser(orgB.id, { role: "official" })).id);
    const params = { slug: theirs.slug };
    expect(statusOf(await callRoute(layout.loader as RouteFn, { org: orgA, user: official, path: `/projects/${theirs.slug}`, params }))).toBe(404);
    expect(statusOf(await callRoute(presentation.loader as RouteFn, { org: orgA, user: official, path: `/projects/${theirs.slug}`, params }))).toBe(404);
  });
});

describe("following a project", () => {
  it("toggles the follow of a logged-in member, idempotently, with the count", async () => {
    const project = await createTestProject(orgA.id, official.id);
    const params = { slug: project.slug };
    const post = (user: User | null, intent: string) =>
      callRoute(layout.action as RouteFn, { org: orgA, user, path: `/projects/${project.slug}`, form: { intent }, params });
    const followed = (await post(citizen, "follow")) as { data: { following: boolean; followersCount: number; message: string } };
    expect(followed.data).toMatchObject({ following: true, followersCount: 1, message: "Vous suivez ce projet : vous recevrez un message à chaque nouvelle phase." });
    expect(((await post(citizen, "follow")) as { data: { followersCount: number } }).data.followersCount).toBe(1);
    expect(((await post(official, "follow")) as { data: { followersCount: number } }).data.followersCount).toBe(2);
    const page = (await callRoute(layout.loader as RouteFn, { org: orgA, user: citizen, path: `/projects/${project.slug}`, params })) as {
      project: { following: boolean; followersCount: number };
    };
    expect(page.project).toMatchObject({ following: true, followersCount: 2 });
    const unfollowed = (await post(citizen, "unfollow")) as { data: { following: boolean; followersCount: number } };
    expect(unfollowed.data).toMatchObject({ following: false, followersCount: 1 });
    expect(await sql`select 1 from follows where project_id = ${project.id} and user_id = ${citizen.id}`).toHaveLength(0);
    expect(statusOf(await post(citizen, "nonsense"))).toBe(400);
  });

  it("asks visitors to log in, and refuses drafts and other organizations' projects", async () => {
    const project = await createTestProject(orgA.id, official.id);
    const anonymous = await callRoute(layout.action as RouteFn, {
      org: orgA, user: null, path: `/projects/${project.slug}`, form: { intent: "follow" },
      params: {
        slug: project.slug,
      },
    });
    expect(statusOf(anonymous)).toBe(302);
    const draft = await createTestProject(orgA.id, official.id, { status: "draft" });
    expect(
      statusOf(await callRoute(layout.action as RouteFn, { org: orgA, user: citizen, path: `/projects/${draft.slug}`, form: { intent: "follow" }, params: { slug: draft.slug } })),
    ).toBe(404);
    const theirs = await createTestProject(orgB.id, (await createTestUser(orgB.id, { role: "official" })).id);
    expect(
      statusOf(await callRoute(layout.action as RouteFn, { org: orgA, user: citizen, path: `/projects/${theirs.slug}`, form: { intent: "follow" }, params: { slug: theirs.slug } })),
    ).toBe(404);
    expect(await sql`select 1 from follows where user_id = ${citizen.id} and project_id in (${draft.id}, ${theirs.id})`).toHaveLength(0);
  });
});
