// What a support and a page view cost in SQL statements, session included, counted at the pool
// (postgres.js calls `debug` once per statement). The bounds are today's figures: a change that
// adds round trips to these hot paths fails here, and says how many it added.
import { beforeAll, describe, expect, it } from "vitest";
import * as rootRoute from "~/root";
import * as layoutRoute from "~/routes/_public+/projects.$slug";
import * as pageRoute from "~/routes/_public+/projects.$slug.proposals.$id";
import * as listRoute from "~/routes/_public+/projects.$slug.proposals._index";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { makeContext, makeRequest, run } from "~/test/remix";
import { statementsSent } from "~/utils/db.server";
import { createTestProject, createTestProposal, type TestOrg, type TestUser } from "~/modules/proposals/testing.server";

type Loader = (args: { request: Request; context: Awaited<ReturnType<typeof makeContext>>; params: Record<string, string> }) => unknown;

let org: TestOrg;
let citizen: TestUser;
let token: string;
let project: { id: number; slug: string };
let proposal: { id: number };

beforeAll(async () => {
  org = (await createTestOrganization()) as TestOrg;
  const author = await createTestUser(org.id, { name: "Camille" });
  citizen = await createTestUser(org.id, { name: "Dominique" });
  token = (await createTestSession(citizen)).token;
  project = await createTestProject(org.id, author.id);
  proposal = await createTestProposal(org.id, project.id, author.id);
});

/** Statements sent while `fn` runs: the session's resolution (as Express does it) and the route's work. */
async function count(fn: (context: Awaited<ReturnType<typeof makeContext>>) => Promise<unknown>): Promise<number> {
  const before = statementsSent();
  const context = await makeContext(org, { token });
  await fn(context);
  return statementsSent() - before;
}

/** The loaders of one request, as Remix runs them: in parallel, with one Request object. */
function loadAll(routes: { loader?: unknown }[], path: string, context: Awaited<ReturnType<typeof makeContext>>, params: Record<string, string>) {
  const request = makeRequest(path);
  return Promise.all(routes.map((r) => run(() => (r.loader as Loader)({ request, context, params }))));
}

describe("which loaders a submission revalidates", () => {
  const args = (formAction: string, intent: string | null, formMethod = "POST") => ({
    formMethod,
    formAction,
    formData: new URLSearchParams(intent ? { intent } : {}) as unknown as FormData,
    defaultShouldRevalidate: true,
  });
  it("the root and the project layout keep their data after a support, a comment or a report only", () => {
    for (const route of [rootRoute, layoutRoute]) {
      const should = route.shouldRevalidate as (a: object) => boolean;
      expect(should(args("/projects/parc/proposals/12", "support"))).toBe(false);
      expect(should(args("/comments", "create"))).toBe(false);
      expect(should(args("/report", null))).toBe(false);
      expect(should(args("/projects/parc", "follow"))).toBe(true);
      expect(should(args("/projects/parc/proposals/12", "withdraw"))).toBe(true);
      expect(should(args("/projects/parc/proposals/new", null))).toBe(true);
      expect(should(args("/notifications", "readAll"))).toBe(true);
      expect(should({ defaultShouldRevalidate: true })).toBe(true); // a live event's revalidation
    }
  });
});

describe("SQL statements per request", () => {
  it("a logged-in page view of a proposal (root, project layout and page loaders)", async () => {
    const path = `/projects/${project.slug}/proposals/${proposal.id}`;
    const params = { slug: project.slug, id: String(proposal.id) };
    // Warm: the organization and prepared statements.
    await count((context) => loadAll([rootRoute, layoutRoute, pageRoute], path, context, params));
    const n = await count((context) => loadAll([rootRoute, layoutRoute, pageRoute], path, context, params));
    console.info(`statements per proposal page view: ${n}`);
    expect(n).toBeLessThanOrEqual(PAGE_VIEW_BOUND);
  });

  it("a logged-in view of the proposal list", async () => {
    const path = `/projects/${project.slug}/proposals`;
    const params = { slug: project.slug };
    const n = await count((context) => loadAll([rootRoute, layoutRoute, listRoute], path, context, params));
    console.info(`statements per proposal list view: ${n}`);
    expect(n).toBeLessThanOrEqual(LIST_VIEW_BOUND);
  });

  it("a support (the action, then the loaders Remix revalidates)", async () => {
    const path = `/projects/${project.slug}/proposals/${proposal.id}`;
    const params = { slug: project.slug, id: String(proposal.id) };
    const n = await count(async (context) => {
      const answer = await run(() => (pageRoute.action as Loader)({ request: makeRequest(path, { form: { intent: "support", support: "on" } }), context, params }));
      expect(answer).not.toBeInstanceOf(Response);
      await loadAll(revalidatedAfterSupport, path, context, params);
    });
    console.info(`statements per support: ${n}`);
    expect(n).toBeLessThanOrEqual(SUPPORT_BOUND);
  });
});

// Today's figures (2026-12-02; before the project was read once per request and the root and
// layout kept their data after a support: 12, 10 and 26).
const PAGE_VIEW_BOUND = 8;
const LIST_VIEW_BOUND = 7;
const SUPPORT_BOUND = 18;
/** The loaders Remix runs again after the support's action: those whose shouldRevalidate says yes. */
const supportSubmission = { formMethod: "POST", formAction: "/projects/p/proposals/1", formData: new URLSearchParams({ intent: "support", support: "on" }) as unknown as FormData };
const revalidatedAfterSupport = [rootRoute, layoutRoute, pageRoute].filter(
  (route) => !("shouldRevalidate" in route) || (route.shouldRevalidate as (a: object) => boolean)({ ...supportSubmission, defaultShouldRevalidate: true }),
);
