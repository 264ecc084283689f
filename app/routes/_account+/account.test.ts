import { beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/modules/auth/session.server";
import { issueToken } from "~/modules/auth/tokens.server";
import { canLogIn, count, linkIn, mailsTo, outboxCount, sessionTokenOf } from "~/modules/users/testing.server";
import { createTestOrganization, createTestSession, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { dataOf, headerOf, makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { action, loader } from "./account";
import { loader as confirmLoader } from "./confirm-email";
import { action as signupAction } from "./signup";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Villeneuve-sur-Test" });
  other = await createTestOrganization();
});

type Reply = {
  intent: string;
  notice: string | null;
  result: { status?: string; error: Record<string, string[]> | null; initialValue: Record<string, unknown> | null } | null;
};

const NEW_PASSWORD = "un mot de passe tout neuf";
let n = 0;
const freshEmail = () => `acct-${Date.now().toString(36)}-${n++}@example.org`;

async function loggedIn(input: Parameters<typeof createTestUser>[1] = {}) {
  const user = await createTestUser(org.id, input);
  const { token } = await createTestSession(user);
  return { user, token };
}

async function post(token: string | null, form: Record<string, string>, o: Org = org) {
  const context = await makeContext(o, { token, ip: `10.20.${n++ % 250}.1` });
  return run(() => action({ request: makeRequest("/account", { form, host: o.host }), context, params: {} }));
}

async function page(token: string | null, o: Org = org, path = "/account") {
  const context = await makeContext(o, { token });
  return run(() => loader({ request: makeRequest(path, { host: o.host }), context, params: {} }));
}

async function follow(path: string) {
  const context = await makeContext(org);
  return run(() => confirmLoader({ request: makeRequest(path, { host: org.host }), context, params: {} }));
}

async function row(userId: number) {
  const [r] = await sql`select * from users where id = ${userId}`;
  return r!;
}

describe("account page", () => {
  it("needs a login, and a session of this organization", async () => {
    const anonymous = await page(null);
    expect((anonymous as Response).headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    const { token } = await loggedIn();
    // A session of organization A means nothing on organization B's host.
    expect((await page(token, other) as Response).headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    expect(((await post(token, { intent: "name", name: "Pirate" }, other)) as Response).status).toBe(302);
  });

  it("shows the account and its sessions, this device first and marked", async () => {
    const { user, token } = await loggedIn({ name: "Sam" });
    await createSession(sql, {
      userId: user.id,
      organizationId: org.id,
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
      ip: "10.0.0.9",
    });
    const someoneElse = await loggedIn();
    const data = dataOf<{ account: Record<string, unknown>; sessions: Record<string, unknown>[]; title: string }>(await page(token));
    expect(data.title).toBe("Mon compte");
    expect(data.account).toEqual({ name: "Sam", email: user.email, emailConfirmed: true, pendingEmail: null });
    expect(data.sessions).toHaveLength(2);
    expect(data.sessions[0]).toMatchObject({ id: token.split(".")[0], current: true });
    expect(data.sessions[1]).toMatchObject({ current: false, browser: "Firefox", os: "Windows" });
    expect(String(data.sessions[1]!.createdLabel)).toMatch(/\d{4}/);
    expect(data.sessions.map((s) => s.id)).not.toContain(someoneElse.token.split(".")[0]);
  });

  it("shows a notice after a password reset", async () => {
    const { token } = await loggedIn();
    expect(dataOf(await page(token, org, "/account?done=passwordReset"))).toMatchObject({
      done: "Votre nouveau mot de passe est enregistré. Toutes les autres sessions ouvertes sur votre compte ont été fermées.",
    });
  });
});

describe("changing the name", () => {
  it("saves a new name with a notice", async () => {
    const { user, token } = await loggedIn({ name: "Avant" });
    const result = await post(token, { intent: "name", name: "  Après  " });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<Reply>(result)).toMatchObject({ intent: "name", notice: "Votre nom a été enregistré." });
    expect((await row(user.id)).name).toBe("Après");
  });

  it("refuses a blank or too long name and writes nothing", async () => {
    const { user, token } = await loggedIn({ name: "Inchangé" });
    for (const [name, error] of [["", "errors.required"], ["x".repeat(81), "errors.nameLength"]] as const) {
      const result = await post(token, { intent: "name", name });
      expect(statusOf(result)).toBe(400);
      expect(dataOf<Reply>(result).result!.error).toEqual({ name: [error] });
      expect(dataOf<Reply>(result).notice).toBeNull();
    }
    expect((await row(user.id)).name).toBe("Inchangé");
  });
});

describe("changing the e-mail address", () => {
  it("needs the current password", async () => {
    const { user, token } = await loggedIn();
    const before = await outboxCount();
    const result = await post(token, { intent: "email", email: freshEmail(), currentPassword: "pas le bon mot de passe" });
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<Reply>(result);
    expect(reply.result!.error).toEqual({ currentPassword: ["account:errors.wrongPassword"] });
    expect(reply.result!.initialValue!.currentPassword).toBeUndefined();
    expect(await outboxCount()).toBe(before);
    expect((await row(user.id)).email).toBe(user.email);
  });

  it("changes the address only once the link sent to the new one is followed, and warns the old one", async () => {
    const { user, token } = await loggedIn({ name: "Noa" });
    const newEmail = freshEmail();
    const result = await post(token, { intent: "email", email: newEmail.toUpperCase(), currentPassword: TEST_PASSWORD });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<Reply>(result).notice).toBe(`C'est presque fini : suivez le lien envoyé à ${newEmail} pour confirmer votre nouvelle adresse.`);

    // Nothing changed yet; the page says a change is pending.
    expect((await row(user.id)).email).toBe(user.email);
    expect(dataOf<{ account: { pendingEmail: string } }>(await page(token)).account.pendingEmail).toBe(newEmail);

    const notice = await mailsTo(user.email);
    expect(notice).toHaveLength(1);
    expect(notice[0]!.subject).toBe("Changement d'adresse e-mail demandé – Villeneuve-sur-Test");
    expect(notice[0]!.text).toContain(newEmail);
    expect(notice[0]!.text).not.toContain("/confirm-email");

    const confirmation = await mailsTo(newEmail);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]!.subject).toBe("Confirmez votre nouvelle adresse e-mail – Villeneuve-sur-Test");
    const link = linkIn(confirmation[0]!, "/confirm-email");

    const followed = await follow(link);
    expect((followed as Response).headers.get("Location")).toBe("/confirm-email?status=changed");
    const after = await row(user.id);
    expect(after.email).toBe(newEmail);
    expect(after.email_confirmed_at).toBeInstanceOf(Date);
    expect(await canLogIn(org, newEmail, TEST_PASSWORD)).toBe(true);
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(false);
    // The session lives on, and the link works only once.
    expect(await validateSessionToken(sql, token, org.id)).not.toBeNull();
    expect(statusOf(await follow(link))).toBe(410);
  });

  it("refuses an address another account already uses, and sends nothing", async () => {
    const { user, token } = await loggedIn();
    const taken = await createTestUser(org.id);
    const before = await outboxCount();
    const result = await post(token, { intent: "email", email: taken.email, currentPassword: TEST_PASSWORD });
    expect(statusOf(result)).toBe(409);
    const reply = dataOf<Reply>(result);
    expect(reply.result!.error).toEqual({ email: ["account:email.taken"] });
    expect(reply.result!.initialValue!.email).toBe(taken.email);
    expect(await outboxCount()).toBe(before);
    expect((await row(user.id)).email).toBe(user.email);
    // Its own address is no change either.
    const same = await post(token, { intent: "email", email: user.email, currentPassword: TEST_PASSWORD });
    expect(dataOf<Reply>(same).result!.error).toEqual({ email: ["account:email.same"] });
  });

  it("accepts an address used only in another organization", async () => {
    const { token } = await loggedIn();
    const elsewhere = await createTestUser(other.id);
    const result = await post(token, { intent: "email", email: elsewhere.email, currentPassword: TEST_PASSWORD });
    expect(statusOf(result)).toBe(200);
  });

  it("refuses the switch when another account took the address before the link was followed", async () => {
    const { user, token } = await loggedIn();
    const newEmail = freshEmail();
    await post(token, { intent: "email", email: newEmail, currentPassword: TEST_PASSWORD });
    await createTestUser(org.id, { email: newEmail });
    const result = await follow(linkIn((await mailsTo(newEmail))[0]!, "/confirm-email"));
    expect(statusOf(result)).toBe(409);
    expect(dataOf(result)).toMatchObject({ state: { kind: "problem", problem: "taken", change: true } });
    expect((await row(user.id)).email).toBe(user.email);
  });

  it("kills older links, so that a stale sign-up link cannot switch the address back", async () => {
    const { user, token } = await loggedIn({ confirmed: false });
    const stale = await issueToken(sql, { organizationId: org.id, userId: user.id, purpose: "confirm_email", email: user.email });
    const newEmail = freshEmail();
    await post(token, { intent: "email", email: newEmail, currentPassword: TEST_PASSWORD });
    await follow(linkIn((await mailsTo(newEmail))[0]!, "/confirm-email"));
    expect(statusOf(await follow(`/confirm-email?token=${stale}`))).toBe(410);
    expect((await row(user.id)).email).toBe(newEmail);
  });

  it("counts toward the hourly limit of confirmation links", async () => {
    const { token } = await loggedIn();
    for (let i = 0; i < 3; i++) {
      expect(statusOf(await post(token, { intent: "email", email: freshEmail(), currentPassword: TEST_PASSWORD }))).toBe(200);
    }
    const before = await outboxCount();
    const limited = await post(token, { intent: "email", email: freshEmail(), currentPassword: TEST_PASSWORD });
    expect(statusOf(limited)).toBe(429);
    expect(dataOf<Reply>(limited).result!.error).toEqual({ "": [expect.stringMatching(/^Vous avez déjà reçu 3 liens de confirmation/)] });
    expect(await outboxCount()).toBe(before);
  });
});

describe("changing the password", () => {
  it("needs the current password and a valid new one; writes nothing otherwise", async () => {
    const { user, token } = await loggedIn();
    const other = await createTestSession(user);
    const cases = [
      [{ currentPassword: "faux mot de passe", newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD }, { currentPassword: ["account:errors.wrongPassword"] }],
      [{ currentPassword: TEST_PASSWORD, newPassword: "court", newPasswordConfirm: "court" }, { newPassword: ["errors.passwordLength"] }],
      [{ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: "différent" }, { newPasswordConfirm: ["errors.passwordMismatch"] }],
    ] as const;
    for (const [fields, error] of cases) {
      const result = await post(token, { intent: "password", ...fields });
      expect(statusOf(result)).toBe(400);
      const reply = dataOf<Reply>(result);
      expect(reply.result!.error).toEqual(error);
      expect(reply.result!.initialValue).not.toHaveProperty("newPassword");
      expect(reply.result!.initialValue).not.toHaveProperty("currentPassword");
    }
    expect(await validateSessionToken(sql, other.token, org.id)).not.toBeNull();
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(true);
  });

  it("ends the other sessions, keeps this browser logged in with a fresh session, and records it", async () => {
    const { user, token } = await loggedIn();
    const phone = await createTestSession(user);
    const result = await post(token, { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect(statusOf(result)).toBe(200);
    expect(dataOf<Reply>(result).notice).toBe("Votre mot de passe a été changé. Toutes vos autres sessions ont été fermées.");
    expect(await validateSessionToken(sql, phone.token, org.id)).toBeNull();
    expect(await validateSessionToken(sql, token, org.id)).toBeNull();
    const fresh = sessionTokenOf(result);
    expect(fresh).not.toBe(token);
    expect((await validateSessionToken(sql, fresh, org.id))?.user.id).toBe(user.id);
    expect(await count(sql`select count(*) as n from sessions where user_id = ${user.id}`)).toBe(1);
    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(false);
    expect(await canLogIn(org, user.email, NEW_PASSWORD)).toBe(true);
    const [audit] = await sql`select action, data from audit_log where actor_id = ${user.id}`;
    expect(audit).toMatchObject({ action: "account.password_change", data: {} });
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual(["Votre mot de passe a été changé – Villeneuve-sur-Test"]);
  });

  it("throttles wrong current passwords like the login form", async () => {
    const { token } = await loggedIn();
    for (let i = 0; i < 5; i++) {
      await post(token, { intent: "password", currentPassword: `faux ${i}`, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    }
    const blocked = await post(token, { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect(statusOf(blocked)).toBe(429);
    expect(Number(headerOf(blocked, "Retry-After"))).toBeGreaterThan(0);
  });
});

describe("sessions", () => {
  it("ends one of the account's own sessions, never someone else's", async () => {
    const { user, token } = await loggedIn();
    const phone = await createTestSession(user);
    const stranger = await loggedIn();
    const strangerId = stranger.token.split(".")[0]!;
    const attempt = await post(token, { intent: "endSession", sessionId: strangerId });
    expect(statusOf(attempt)).toBe(200);
    expect(await validateSessionToken(sql, stranger.token, org.id)).not.toBeNull();

    const result = await post(token, { intent: "endSession", sessionId: phone.token.split(".")[0]! });
    expect(dataOf<Reply>(result).notice).toBe("La session a été terminée.");
    expect(await validateSessionToken(sql, phone.token, org.id)).toBeNull();
    expect(await validateSessionToken(sql, token, org.id)).not.toBeNull();
  });

  it("ends this browser's own session as a logout", async () => {
    const { token } = await loggedIn();
    const result = await post(token, { intent: "endSession", sessionId: token.split(".")[0]! });
    expect((result as Response).headers.get("Location")).toBe("/");
    expect(headerOf(result, "Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await validateSessionToken(sql, token, org.id)).toBeNull();
  });

  it("ends all the other sessions and keeps this one", async () => {
    const { user, token } = await loggedIn();
    const a = await createTestSession(user);
    const b = await createTestSession(user);
    const stranger = await loggedIn();
    const result = await post(token, { intent: "endOtherSessions" });
    expect(dataOf<Reply>(result).notice).toBe("Toutes vos autres sessions ont été terminées.");
    expect(await validateSessionToken(sql, a.token, org.id)).toBeNull();
    expect(await validateSessionToken(sql, b.token, org.id)).toBeNull();
    expect(await validateSessionToken(sql, token, org.id)).not.toBeNull();
    expect(await validateSessionToken(sql, stranger.token, org.id)).not.toBeNull();
  });

  it("refuses an unknown intent or a malformed session id", async () => {
    const { token } = await loggedIn();
    expect(statusOf(await post(token, { intent: "hack" }))).toBe(400);
    expect(statusOf(await post(token, { intent: "endSession", sessionId: "' or 1=1 --" }))).toBe(400);
  });
});

describe("deleting the account", () => {
  it("needs the password and the confirmation box; deletes nothing otherwise", async () => {
    const { user, token } = await loggedIn();
    const wrong = await post(token, { intent: "delete", currentPassword: "pas le bon", confirm: "on" });
    expect(dataOf<Reply>(wrong).result!.error).toEqual({ currentPassword: ["account:errors.wrongPassword"] });
    const unticked = await post(token, { intent: "delete", currentPassword: TEST_PASSWORD });
    expect(statusOf(unticked)).toBe(400);
    expect(dataOf<Reply>(unticked).result!.error).toEqual({ confirm: ["account:delete.confirmRequired"] });
    expect((await row(user.id)).deleted_at).toBeNull();
    expect(await validateSessionToken(sql, token, org.id)).not.toBeNull();
  });

  it("anonymizes the account, ends its sessions and links, logs out, and the person can no longer log in", async () => {
    const { user, token } = await loggedIn({ name: "Lou Départ", role: "moderator" });
    const phone = await createTestSession(user);
    await issueToken(sql, { organizationId: org.id, userId: user.id, purpose: "reset_password", email: user.email });

    const result = await post(token, { intent: "delete", currentPassword: TEST_PASSWORD, confirm: "on" });
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/?accountDeleted=1");
    expect(headerOf(result, "Set-Cookie")).toMatch(/^maquette_session=; .*Max-Age=0/);

    const after = await row(user.id);
    expect(after).toMatchObject({ email: null, name: null, password_hash: null, role: "citizen", email_confirmed_at: null });
    expect(after.deleted_at).toBeInstanceOf(Date);
    expect(await count(sql`select count(*) as n from sessions where user_id = ${user.id}`)).toBe(0);
    expect(await count(sql`select count(*) as n from verification_tokens where user_id = ${user.id}`)).toBe(0);
    expect(await validateSessionToken(sql, phone.token, org.id)).toBeNull();

    const [audit] = await sql`select action, subject_type, subject_id, data from audit_log where actor_id = ${user.id}`;
    expect(audit).toEqual({ action: "account.delete", subject_type: "user", subject_id: String(user.id), data: {} });
    expect(JSON.stringify(audit)).not.toContain(user.email);

    expect(await canLogIn(org, user.email, TEST_PASSWORD)).toBe(false);

    // The address is free again: a new sign-up gets a new account.
    const context = await makeContext(org);
    const signup = await run(() =>
      signupAction({
        request: makeRequest("/signup", { form: { name: "Lou", email: user.email, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD, terms: "on" } }),
        context,
        params: {},
      }),
    );
    expect((signup as Response).headers.get("Location")).toBe("/signup?sent=1");
    const accounts = await sql`select id from users where organization_id = ${org.id} and email = ${user.email}`;
    expect(accounts.map((a) => Number(a.id))).not.toContain(user.id);
    expect(accounts).toHaveLength(1);
  });

  it("refuses to delete the organization's only admin, and deletes its mails", async () => {
    const own = await createTestOrganization();
    const admin = await createTestUser(own.id, { role: "admin" });
    const { token } = await createTestSession(admin);
    await sql`insert into mail_outbox (organization_id, to_address, subject, text_body) values (${own.id}, ${admin.email}, 'x', 'link')`;
    const refused = await post(token, { intent: "delete", currentPassword: TEST_PASSWORD, confirm: "on" }, own);
    expect(statusOf(refused)).toBe(409);
    expect(dataOf<Reply>(refused).result!.error).toEqual({ "": ["account:delete.lastAdmin"] });
    expect((await row(admin.id)).deleted_at).toBeNull();

    await createTestUser(own.id, { role: "admin" });
    expect(statusOf(await post(token, { intent: "delete", currentPassword: TEST_PASSWORD, confirm: "on" }, own))).toBe(302);
    expect(await count(sql`select count(*) as n from mail_outbox where to_address = ${admin.email}`)).toBe(0);
  });
});
