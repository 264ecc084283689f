import { verify } from "@node-rs/argon2";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliverPendingMail, setTransportForTests } from "~/modules/mail/outbox.server";
import { canLogIn, count, linkIn, mailsTo, outboxCount, sessionTokenOf } from "~/modules/users/testing.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { dataOf, headerOf, makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { loader as confirmLoader } from "./confirm-email";
import { action, loader } from "./signup";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville de Testville" });
  other = await createTestOrganization({ name: "Autre Commune" });
});

afterEach(() => setTransportForTests(undefined));

const PASSWORD = "une phrase de passe assez longue";
let n = 0;
const freshEmail = () => `signup-${Date.now().toString(36)}-${n++}@example.org`;

function form(overrides: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = {
    name: "Camille Martin",
    email: freshEmail(),
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    terms: "on",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

async function signup(o: Org, fields: Record<string, string>, options: { token?: string; locale?: "fr" | "en" } = {}) {
  const context = await makeContext(o, options);
  return run(() =>
    action({ request: makeRequest("/signup", { form: fields, host: o.host }), context, params: {} }),
  );
}

type Reply = { error: Record<string, string[]> | null; initialValue: Record<string, unknown> };

describe("sign-up", () => {
  it("creates a citizen account, logs nobody in and mails a working confirmation link", async () => {
    const fields = form();
    const result = await signup(org, fields);
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/signup?sent=1");

    const [user] = await sql`
      select id, name, email, role, password_hash, locale, terms_accepted_at, email_confirmed_at, deleted_at
      from users where organization_id = ${org.id} and email = ${fields.email!}`;
    expect(user).toMatchObject({ name: "Camille Martin", role: "citizen", locale: "fr", email_confirmed_at: null, deleted_at: null });
    expect(user!.terms_accepted_at).toBeInstanceOf(Date);
    expect(String(user!.password_hash)).toMatch(/^\$argon2id\$/);
    expect(await verify(String(user!.password_hash), PASSWORD)).toBe(true);

    // No session: it would answer an existing address differently (see signup.enumeration.test.ts).
    expect(headerOf(result, "Set-Cookie")).toBeNull();
    expect(await count(sql`select count(*) as n from sessions where user_id = ${user!.id}`)).toBe(0);
    expect(await canLogIn(org, fields.email!, PASSWORD)).toBe(true);

    const mails = await mailsTo(fields.email!);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.organizationId).toBe(org.id);
    expect(mails[0]!.subject).toBe("Confirmez votre adresse e-mail – Ville de Testville");
    expect(mails[0]!.text).toContain("Bonjour Camille Martin,");
    expect(mails[0]!.text).toContain(`${org.origin}/confirm-email?token=`);
    expect(mails[0]!.html).toContain('<a href="' + org.origin + "/confirm-email?token=");
    expect(mails[0]!.html).toContain("Ville de Testville");

    // The link works: following it confirms the address.
    const context = await makeContext(org);
    const confirmed = await run(() => confirmLoader({ request: makeRequest(linkIn(mails[0]!, "/confirm-email")), context, params: {} }));
    expect(statusOf(confirmed)).toBe(302);
    expect((confirmed as Response).headers.get("Location")).toBe("/confirm-email?status=confirmed");
    const [after] = await sql`select email_confirmed_at from users where id = ${user!.id}`;
    expect(after!.email_confirmed_at).toBeInstanceOf(Date);
  });

  it("hands the mail to the transport with both bodies", async () => {
    const sent: { to: string; subject: string; text: string; html?: string | null }[] = [];
    setTransportForTests({ send: async (mail) => void sent.push(mail) });
    await deliverPendingMail(sql, 100); // what earlier tests left
    sent.length = 0;
    const fields = form();
    await signup(org, fields, { locale: "en" });
    expect(await deliverPendingMail(sql)).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(fields.email);
    expect(sent[0]!.subject).toBe("Confirm your e-mail address – Ville de Testville");
    expect(sent[0]!.text).toMatch(/^Hello Camille Martin,/);
    expect(sent[0]!.html).toContain('<html lang="en">');
    const [user] = await sql`select locale from users where email = ${fields.email!}`;
    expect(user!.locale).toBe("en");
  });

  it.each([
    ["an empty form", { name: "", email: "", password: "", passwordConfirm: "", terms: undefined }, {
      name: ["errors.required"],
      email: ["errors.required"],
      password: ["errors.required"],
      passwordConfirm: ["errors.required"],
      terms: ["errors.termsRequired"],
    }],
    ["a malformed e-mail", { email: "camille@" }, { email: ["errors.email"] }],
    ["a short password", { password: "court", passwordConfirm: "court" }, { password: ["errors.passwordLength"] }],
    ["a password over 200 characters", { password: "x".repeat(201), passwordConfirm: "x".repeat(201) }, { password: ["errors.passwordLength"] }],
    ["different passwords", { passwordConfirm: "une autre phrase de passe" }, { passwordConfirm: ["errors.passwordMismatch"] }],
    ["terms not accepted", { terms: undefined }, { terms: ["errors.termsRequired"] }],
    [
      "several mistakes at once, the password mismatch among them",
      { email: "camille@", passwordConfirm: "une autre phrase de passe", terms: undefined },
      { email: ["errors.email"], passwordConfirm: ["errors.passwordMismatch"], terms: ["errors.termsRequired"] },
    ],
    ["a name over 80 characters", { name: "N".repeat(81) }, { name: ["errors.nameLength"] }],
    ["a blank name", { name: "   " }, { name: ["errors.required"] }],
  ])("refuses %s with messages next to the fields, keeps the values but not the passwords, writes nothing", async (_label, overrides, errors) => {
    const users = await count(sql`select count(*) as n from users`);
    const mails = await outboxCount();
    const fields = form(overrides);
    const result = await signup(org, fields);
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<Reply>(result);
    expect(reply.error).toEqual(errors);
    expect(reply.initialValue.password).toBeUndefined();
    expect(reply.initialValue.passwordConfirm).toBeUndefined();
    if (fields.email) expect(reply.initialValue.email).toBe(fields.email);
    if (fields.name) expect(reply.initialValue.name).toBe(fields.name);
    expect(sessionTokenOf(result)).toBeNull();
    expect(await count(sql`select count(*) as n from users`)).toBe(users);
    expect(await outboxCount()).toBe(mails);
  });

  it("answers an address already used here exactly like a new one, creates nothing and warns its owner", async () => {
    const existing = await createTestUser(org.id, { name: "Dominique Owner" });
    const users = await count(sql`select count(*) as n from users`);
    const sessions = await count(sql`select count(*) as n from sessions`);

    const fresh = await signup(org, form());
    const duplicate = await signup(org, form({ email: `  ${existing.email.toUpperCase()} `, name: "Intrus" }));

    expect(statusOf(duplicate)).toBe(statusOf(fresh));
    expect((duplicate as Response).headers.get("Location")).toBe((fresh as Response).headers.get("Location"));
    expect(await (duplicate as Response).text()).toBe(await (fresh as Response).text());
    expect(sessionTokenOf(duplicate)).toBeNull();

    // Only the fresh sign-up added an account; neither opened a session.
    expect(await count(sql`select count(*) as n from users`)).toBe(users + 1);
    expect(await count(sql`select count(*) as n from sessions`)).toBe(sessions);
    const [owner] = await sql`select name, password_hash from users where id = ${existing.id}`;
    expect(owner!.name).toBe("Dominique Owner");

    const mails = await mailsTo(existing.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Tentative d'inscription avec votre adresse – Ville de Testville");
    expect(mails[0]!.text).toContain("Bonjour Dominique Owner,");
    expect(linkIn(mails[0]!, "/login")).toBe("/login");
    expect(linkIn(mails[0]!, "/forgot-password")).toBe("/forgot-password");
    expect(mails[0]!.text).not.toContain("/confirm-email");
    expect(await count(sql`select count(*) as n from verification_tokens where user_id = ${existing.id}`)).toBe(0);
  });

  it("lets the same address have an account in another organization", async () => {
    const existing = await createTestUser(org.id);
    const result = await signup(other, form({ email: existing.email }));
    expect((result as Response).headers.get("Location")).toBe("/signup?sent=1");
    const rows = await sql`select organization_id from users where email = ${existing.email} order by organization_id`;
    expect(rows.map((r) => Number(r.organization_id))).toEqual([org.id, other.id]);
    const mails = await mailsTo(existing.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("Autre Commune");
    expect(mails[0]!.organizationId).toBe(other.id);
  });

  it("sends a logged-in person to their account instead", async () => {
    const user = await createTestUser(org.id);
    const { token } = await createTestSession(user);
    const context = await makeContext(org, { token });
    const page = await run(() => loader({ request: makeRequest("/signup"), context, params: {} }));
    expect((page as Response).headers.get("Location")).toBe("/account");
    const posted = await signup(org, form(), { token });
    expect((posted as Response).headers.get("Location")).toBe("/account");
  });

  it("shows the check-your-mail page to everyone", async () => {
    const user = await createTestUser(org.id);
    const { token } = await createTestSession(user);
    for (const context of [await makeContext(org), await makeContext(org, { token })]) {
      const page = await run(() => loader({ request: makeRequest("/signup?sent=1"), context, params: {} }));
      expect(dataOf(page)).toMatchObject({ sent: true, title: "Vérifiez votre messagerie" });
    }
  });
});
