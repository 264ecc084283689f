// Issue 7: the links in mails were built from the request (`new URL(request.url).origin`), so a
// request with `Host: localhost:6666` or `X-Forwarded-Host: evil.example:8443` put another port or
// site into reset and confirmation links. Every link must start with the organization's
// canonical origin, whatever the request says.
import { beforeAll, describe, expect, it } from "vitest";
import * as account from "~/routes/_account+/account";
import * as comments from "~/routes/_public+/comments";
import * as forgotPassword from "~/routes/_account+/forgot-password";
import * as signup from "~/routes/_account+/signup";
import { announceStartedPhases } from "~/modules/projects/phase-notifier.server";
import { setFollow } from "~/modules/projects/commands.server";
import { createTestProject as createProjectWithPhases, dayFromToday } from "~/modules/projects/testing.server";
import { createTestProject } from "~/modules/proposals/testing.server";
import { findOrganizationByHost, forgetOrganizationCache, type Organization } from "~/modules/organizations/queries.server";
import { createTestOrganization, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { callRoute, type RouteFn } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { memberActor } from "~/modules/auth/member-actor";

let org: Organization;
/** Stored on purpose with a port, so that it cannot be mistaken for one derived from the host. */
let canonical: string;

beforeAll(async () => {
  const created = await createTestOrganization();
  canonical = `https://${created.host}:4443`;
  await sql`update organizations set canonical_origin = ${canonical} where id = ${created.id}`;
  forgetOrganizationCache();
  org = (await findOrganizationByHost(created.host))!;
});

/** What a hostile client or a misconfigured proxy sends: another port, another host. */
const HOSTILE_REQUESTS: [string, (path: string, form: Record<string, string>) => Request][] = [
  ["Host: localhost:6666", (path, form) => post(`http://localhost:6666${path}`, form, { Host: "localhost:6666" })],
  ["X-Forwarded-Host: evil.example:8443", (path, form) => post(`http://evil.example:8443${path}`, form, { "X-Forwarded-Host": "evil.example:8443" })],
];

function post(url: string, form: Record<string, string>, headers: Record<string, string>) {
  return new Request(url, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

/** Every absolute link of the mails sent to `to` since mail `after`, text and HTML bodies. */
async function linksTo(to: string, after: number): Promise<string[]> {
  const rows = await sql`select text_body, html_body from mail_outbox where to_address = ${to} and id > ${after} order by id`;
  expect(rows.length).toBeGreaterThan(0);
  return rows.flatMap((r) => `${r.text_body ?? ""}\n${r.html_body ?? ""}`.match(/https?:\/\/[^\s"<>]+/g) ?? []);
}

async function lastMailId(): Promise<number> {
  const [row] = await sql`select coalesce(max(id), 0)::int as id from mail_outbox`;
  return Number(row!.id);
}

function expectCanonical(links: string[]) {
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(link.startsWith(`${canonical}/`), link).toBe(true);
}

let n = 0;
const address = () => `liens-${Date.now().toString(36)}-${n++}@example.org`;

describe.each(HOSTILE_REQUESTS)("links in mails, request with %s", (_name, request) => {
  it("sign-up: the confirmation link", async () => {
    const email = address();
    const before = await lastMailId();
    await callRoute(signup.action as RouteFn, { org, request: request("/signup", { name: "Léa Liens", email, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, terms: "on" }) });
    const links = await linksTo(email, before);
    expect(links.some((l) => l.includes("/confirm-email?token="))).toBe(true);
    expectCanonical(links);
  });

  it("sign-up with an address already used: the login and forgotten-password links", async () => {
    const user = await createTestUser(org.id, { email: address() });
    const before = await lastMailId();
    await callRoute(signup.action as RouteFn, { org, request: request("/signup", { name: "Autre", email: user.email, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, terms: "on" }) });
    expectCanonical(await linksTo(user.email, before));
  });

  it("forgotten password: the reset link", async () => {
    const user = await createTestUser(org.id, { email: address() });
    const before = await lastMailId();
    await callRoute(forgotPassword.action as RouteFn, { org, request: request("/forgot-password", { email: user.email }) });
    const links = await linksTo(user.email, before);
    expect(links.some((l) => l.includes("/reset-password?token="))).toBe(true);
    expectCanonical(links);
  });

  it("e-mail change: the confirmation to the new address and the notice to the old one", async () => {
    const user = await createTestUser(org.id, { email: address() });
    const newEmail = address();
    const before = await lastMailId();
    await callRoute(account.action as RouteFn, { org, request: request("/account", { intent: "email", email: newEmail, currentPassword: TEST_PASSWORD }), user });
    const confirm = await linksTo(newEmail, before);
    expect(confirm.some((l) => l.includes("/confirm-email?token="))).toBe(true);
    expectCanonical(confirm);
    expectCanonical(await linksTo(user.email, before));
  });

  it("a notification: a reply to a comment", async () => {
    const author = await createTestUser(org.id, { email: address() });
    const replier = await createTestUser(org.id);
    const project = await createTestProject(org.id, author.id);
    const [parent] = await sql`
      insert into comments (organization_id, project_id, target_type, target_id, author_id, body)
      values (${org.id}, ${project.id}, 'project', ${project.id}, ${author.id}, 'Premier avis.') returning id`;
    const before = await lastMailId();
    const form = { intent: "create", targetType: "project", targetId: String(project.id), parentId: String(parent!.id), body: "Une réponse." };
    const result = await callRoute(comments.action as RouteFn, { org, request: request("/comments", form), user: replier });
    expect((result as Response).status).toBe(302);
    const links = await linksTo(author.email, before);
    expect(links.some((l) => l.includes(`/projects/${project.slug}`))).toBe(true);
    expectCanonical(links);
  });
});

describe("links in mails sent without a request", () => {
  it("a phase announcement uses the stored canonical origin", async () => {
    const official = await createTestUser(org.id, { role: "official" });
    const follower = await createTestUser(org.id, { email: address() });
    const project = await createProjectWithPhases(org.id, official.id, {
      phases: [{ kind: "information", startsOn: await dayFromToday(0), endsOn: null }],
    });
    await setFollow(sql, memberActor(org.id, follower.id), { projectId: project.id, follow: true });
    const before = await lastMailId();
    await announceStartedPhases(sql);
    expectCanonical(await linksTo(follower.email, before));
  });
});
