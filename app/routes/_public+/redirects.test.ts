// Every redirect to a place a visitor named (issue 7: `redirectTo=/\t/evil.example` left the site):
// the login, the language switcher, the report form's link back, the notification opener and the
// login detour of guarded pages. Each answer's Location must be a path of this site, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import * as lang from "~/routes/_public+/lang";
import * as login from "~/routes/_account+/login";
import * as notifications from "~/routes/_account+/notifications._index";
import * as report from "~/routes/_public+/report";
import { createProject, createProposal } from "~/modules/moderation/testing.server";
import { createTestOrganization, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { HOSTILE_TARGETS } from "~/test/redirect-targets";
import { callRoute, makeRequest, type RouteFn } from "~/test/remix";
import { sql } from "~/utils/db.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let org: Org;
let member: User;
let author: User;
let project: Awaited<ReturnType<typeof createProject>>;

beforeAll(async () => {
  org = await createTestOrganization();
  member = await createTestUser(org.id);
  author = await createTestUser(org.id);
  project = await createProject(org.id, author.id);
});

/** A path the browser keeps on this site: one leading slash, nothing it would strip or rewrite. */
function expectSameOriginPath(location: string | null | undefined) {
  expect(location).toBeTypeOf("string");
  const value = location!;
  expect(value).toMatch(/^\/(?![/\\])/);
  // eslint-disable-next-line no-control-regex -- a Location must carry none
  expect(value).not.toMatch(/[\u0000-\u0020\u007f-\uffff\\]/);
  expect(new URL(value, "http://x.invalid").origin).toBe("http://x.invalid");
}

function redirected(result: unknown): string | null {
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(302);
  return response.headers.get("Location");
}

const KEPT: [string, string][] = [["path with query and fragment", "/ok?x=1#y"]];

describe("redirects to a visitor-given place", () => {
  describe.each(HOSTILE_TARGETS)("%s", (_name, target) => {
    it("login goes to the home page", async () => {
      const form = { email: member.email, password: TEST_PASSWORD, redirectTo: target };
      const location = redirected(await callRoute(login.action as RouteFn, { org, path: "/login", form }));
      expect(location).toBe("/");
    });

    it("the language switcher goes to the home page", async () => {
      const location = redirected(await callRoute(lang.action as RouteFn, { org, path: "/lang", form: { locale: "en", redirectTo: target } }));
      expect(location).toBe("/");
    });

    it("the report form offers no link back", async () => {
      const proposal = await createProposal(project, author.id);
      const form = { targetType: "proposal", targetId: String(proposal.id), reason: "spam", redirectTo: target };
      const result = (await callRoute(report.action as RouteFn, { org, path: "/report", form, user: member })) as { data: { status: string; back: unknown } };
      expect(result.data.status).toBe("reported");
      expect(result.data.back).toBeNull();
    });

    it("opening a notification goes to the notifications page", async () => {
      const [row] = await sql`
        insert into notifications (organization_id, user_id, kind, data)
        values (${org.id}, ${member.id}, 'comment_reply', ${sql.json({ path: target })})
        returning id`;
      const request = makeRequest("/notifications", { form: { intent: "open", id: String(row!.id) } });
      expect(redirected(await callRoute(notifications.action as RouteFn, { org, request, user: member }))).toBe("/notifications");
    });
  });

  describe.each(KEPT)("%s", (_name, target) => {
    it("is kept by the login and the language switcher", async () => {
      const form = { email: member.email, password: TEST_PASSWORD, redirectTo: target };
      expect(redirected(await callRoute(login.action as RouteFn, { org, path: "/login", form }))).toBe(target);
      expect(redirected(await callRoute(lang.action as RouteFn, { org, path: "/lang", form: { locale: "fr", redirectTo: target } }))).toBe(target);
    });
  });

  it("the login detour of a guarded page always comes back to a path of this site", async () => {
    for (const path of ["//evil.example/report?type=proposal&id=1", "/%2F%2Fevil.example", "/report?type=proposal&id=1%0A"]) {
      const location = redirected(await callRoute(report.loader as RouteFn, { org, path }));
      expectSameOriginPath(location);
      const back = new URL(location!, "http://x.invalid").searchParams.get("redirectTo");
      expectSameOriginPath(back);
    }
  });

  it("every Location above is a same-origin path", async () => {
    for (const [, target] of [...HOSTILE_TARGETS, ...KEPT]) {
      const form = { email: member.email, password: TEST_PASSWORD, redirectTo: target };
      expectSameOriginPath(redirected(await callRoute(login.action as RouteFn, { org, path: "/login", form })));
    }
  });
});
