import { beforeAll, describe, expect, it } from "vitest";
import { validateSessionToken } from "~/modules/auth/session.server";
import { issueToken } from "~/modules/auth/tokens.server";
import { canLogIn, count, linkIn, mailsTo, sessionTokenOf } from "~/modules/users/testing.server";
import { createTestOrganization, createTestSession, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { dataOf, makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { action as forgot } from "./forgot-password";
import { action, loader } from "./reset-password";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization();
  other = await createTestOrganization();
});

const NEW_PASSWORD = "un tout nouveau mot de passe";

/** Asks for a link through the forgot-password form and returns the path it mails. */
async function requestLink(email: string) {
  const context = await makeContext(org);
  await run(() => forgot({ request: makeRequest("/forgot-password", { form: { email }, host: org.host }), context, params: {} }));
  const mails = (await mailsTo(email)).filter((m) => m.text.includes("/reset-password"));
  return linkIn(mails.at(-1)!, "/reset-password");
}

async function open(o: Org, path: string) {
  const context = await makeContext(o);
  return run(() => loader({ request: makeRequest(path, { host: o.host }), context, params: {} }));
}

async function submit(o: Org, path: string, password = NEW_PASSWORD, confirmation = password, sessionToken?: string) {
  const token = new URL(path, "http://x").searchParams.get("token") ?? "";
  const context = await makeContext(o, { token: sessionToken });
  return run(() =>
    action({ request: makeRequest(path, { form: { token, password, passwordConfirm: confirmation }, host: o.host }), context, params: {} }),
  );
}

describe("reset password", () => {
  it("shows the form for a live link, and a clear page for a dead one", async () => {
    const user = await createTestUser(org.id);
    const path = await requestLink(user.email);
    const page = await open(org, path);
    expect(statusOf(page)).toBe(200);
    expect(dataOf(page)).toMatchObject({ problem: null, token: path.split("=")[1] });
    const forged = await open(org, "/reset-password?token=" + "a".repeat(20) + "." + "b".repeat(32));
    expect(statusOf(forged)).toBe(400);
    expect(dataOf(forged)).toMatchObject({ problem: "invalid", token: null, title: "Ce lien ne fonctionne pas" });
    expect(dataOf(await open(org, "/reset-password"))).toMatchObject({ problem: "invalid" });
  });

  it("changes the password, ends every session, revokes other links, logs in afresh and records it", async () => {
    const user = await createTestUser(org.id);
    const phone = await createTestSession(user);
    const laptop = await createTestSession(user);
    const older = await requestLink(user.email);
    const path = await requestLink(user.email);

    const result = await submit(org, path, NEW_PASSWORD, NEW_PASSWORD, laptop.token);
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/account?done=passwordReset");

    expect(await validateSessionToken(sql, phone.token, org.id)).toBeNull();
    expect(await validateSessionToken(sql, laptop.token, org.id)).toBeNull();
    const fresh = sessionTokenOf(result);
    expect((await validateSessionToken(sql, fresh, org.id))?.user.id).toBe(user.id);
    expect(await count(sql`select count(*) as n from sessions where user_id = ${user.id}`)).toBe(1);

    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(false);
    expect(await canLogIn(org, user.email, NEW_PASSWORD)).toBe(true);

    // The older link died with the change.
    expect(statusOf(await open(org, older))).toBe(410);

    const [audit] = await sql`select actor_id, action, data from audit_log where organization_id = ${org.id} and actor_id = ${user.id}`;
    expect(audit).toMatchObject({ action: "account.password_reset", data: {} });
    const notice = (await mailsTo(user.email)).at(-1)!;
    expect(notice.subject).toMatch(/^Votre mot de passe a été changé/);
  });

  it("refuses a link used once already, and keeps the first new password", async () => {
    const user = await createTestUser(org.id);
    const path = await requestLink(user.email);
    expect(statusOf(await submit(org, path))).toBe(302);
    const again = await submit(org, path, "encore un autre mot de passe");
    expect(statusOf(again)).toBe(410);
    expect(dataOf(again)).toEqual({ result: null, problem: "used" });
    expect(sessionTokenOf(again)).toBeNull();
    expect(statusOf(await open(org, path))).toBe(410);
    expect(await canLogIn(org, user.email, NEW_PASSWORD)).toBe(true);
  });

  it("refuses an expired link", async () => {
    const user = await createTestUser(org.id);
    const path = await requestLink(user.email);
    await sql`update verification_tokens set expires_at = now() - interval '1 second' where user_id = ${user.id}`;
    expect(dataOf(await open(org, path))).toMatchObject({ problem: "expired" });
    const result = await submit(org, path);
    expect(statusOf(result)).toBe(410);
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(true);
  });

  it("refuses on another organization's host a link minted here", async () => {
    const user = await createTestUser(org.id);
    const path = await requestLink(user.email);
    expect(statusOf(await open(other, path))).toBe(400);
    expect(statusOf(await submit(other, path))).toBe(400);
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(true);
    expect(statusOf(await submit(org, path))).toBe(302);
  });

  it("refuses a link sent to an address the account has left since", async () => {
    const user = await createTestUser(org.id);
    const token = await issueToken(sql, { organizationId: org.id, userId: user.id, purpose: "reset_password", email: "ancienne@example.org" });
    expect(statusOf(await submit(org, `/reset-password?token=${token}`))).toBe(410);
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(true);
  });

  it("keeps the link usable after a bad new password, and changes nothing", async () => {
    const user = await createTestUser(org.id);
    const { token: session } = await createTestSession(user);
    const path = await requestLink(user.email);
    for (const [password, confirmation, error] of [
      ["court", "court", { password: ["errors.passwordLength"] }],
      [NEW_PASSWORD, "autre chose encore", { passwordConfirm: ["errors.passwordMismatch"] }],
    ] as const) {
      const result = await submit(org, path, password, confirmation);
      expect(statusOf(result)).toBe(400);
      const reply = dataOf<{ result: { error: unknown; initialValue: Record<string, unknown> } }>(result);
      expect(reply.result.error).toEqual(error);
      expect(reply.result.initialValue.password).toBeUndefined();
    }
    expect(await validateSessionToken(sql, session, org.id)).not.toBeNull();
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(true);
    expect(dataOf(await open(org, path))).toMatchObject({ problem: null });
  });
});
