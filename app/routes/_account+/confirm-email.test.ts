import { beforeAll, describe, expect, it } from "vitest";
import { issueToken, TOKENS_PER_HOUR } from "~/modules/auth/tokens.server";
import { linkIn, mailsTo, outboxCount } from "~/modules/users/testing.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { dataOf, makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { loader } from "./confirm-email";
import { action as resend } from "./confirm-email.resend";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization();
  other = await createTestOrganization();
});

type Page = { state: { kind: string; problem?: string; change?: boolean; minutes?: number }; viewer: { loggedIn: boolean; emailConfirmed: boolean } };

async function open(o: Org, path: string, token?: string) {
  const context = await makeContext(o, { token });
  return run(() => loader({ request: makeRequest(path, { host: o.host }), context, params: {} }));
}

async function unconfirmedWithLink(o: Org = org) {
  const user = await createTestUser(o.id, { confirmed: false });
  const token = await issueToken(sql, { organizationId: o.id, userId: user.id, purpose: "confirm_email", email: user.email });
  return { user, token, path: `/confirm-email?token=${token}` };
}

async function isConfirmed(userId: number) {
  const [row] = await sql`select email_confirmed_at from users where id = ${userId}`;
  return row!.email_confirmed_at !== null;
}

describe("e-mail confirmation link", () => {
  it("confirms the address, then shows the outcome without the token in the address", async () => {
    const { user, path } = await unconfirmedWithLink();
    const result = await open(org, path);
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/confirm-email?status=confirmed");
    expect(await isConfirmed(user.id)).toBe(true);
    const page = await open(org, "/confirm-email?status=confirmed");
    expect(dataOf<Page>(page).state.kind).toBe("confirmed");
  });

  it("refuses a link used twice with 410", async () => {
    const { path } = await unconfirmedWithLink();
    await open(org, path);
    const again = await open(org, path);
    expect(statusOf(again)).toBe(410);
    expect(dataOf<Page>(again).state).toEqual({ kind: "problem", problem: "used", change: false });
  });

  it("refuses an expired link with 410 and leaves the address unconfirmed", async () => {
    const { user, token, path } = await unconfirmedWithLink();
    await sql`update verification_tokens set expires_at = now() - interval '1 minute' where id = ${token.split(".")[0]!}`;
    const result = await open(org, path);
    expect(statusOf(result)).toBe(410);
    expect(dataOf<Page>(result).state).toMatchObject({ kind: "problem", problem: "expired" });
    expect(await isConfirmed(user.id)).toBe(false);
  });

  it("refuses forged links with 400", async () => {
    const { user, token } = await unconfirmedWithLink();
    const [id] = token.split(".");
    for (const forged of [`${id}.${"x".repeat(32)}`, "abc", `${"z".repeat(20)}.${"z".repeat(32)}`, ""]) {
      const result = await open(org, `/confirm-email?token=${forged}`);
      expect(statusOf(result)).toBe(400);
      expect(dataOf<Page>(result).state).toEqual({ kind: "problem", problem: "invalid", change: false });
    }
    expect(await isConfirmed(user.id)).toBe(false);
  });

  it("refuses on organization B's host a link minted in organization A", async () => {
    const { user, path } = await unconfirmedWithLink(org);
    const result = await open(other, path);
    expect(statusOf(result)).toBe(400);
    expect(dataOf<Page>(result).state).toMatchObject({ problem: "invalid" });
    expect(await isConfirmed(user.id)).toBe(false);
    // Still good at home.
    expect(statusOf(await open(org, path))).toBe(302);
  });

  it("offers a new link to the logged-in owner, and a login link to a visitor", async () => {
    const { user, token, path } = await unconfirmedWithLink();
    await sql`update verification_tokens set expires_at = now() - interval '1 minute' where id = ${token.split(".")[0]!}`;
    const { token: session } = await createTestSession(user);
    expect(dataOf<Page>(await open(org, path, session)).viewer).toEqual({ loggedIn: true, emailConfirmed: false, email: user.email });
    expect(dataOf<Page>(await open(org, path)).viewer).toMatchObject({ loggedIn: false });
  });
});

describe("resending the confirmation link", () => {
  async function post(o: Org, token?: string) {
    const context = await makeContext(o, { token });
    return run(() => resend({ request: makeRequest("/confirm-email/resend", { form: {}, host: o.host }), context, params: {} }));
  }

  it(`sends a new working link, at most ${TOKENS_PER_HOUR} an hour, then explains the wait`, async () => {
    const user = await createTestUser(org.id, { confirmed: false });
    const { token } = await createTestSession(user);
    for (let i = 0; i < TOKENS_PER_HOUR; i++) {
      const result = await post(org, token);
      expect((result as Response).headers.get("Location")).toBe("/confirm-email?status=sent");
    }
    expect(await mailsTo(user.email)).toHaveLength(TOKENS_PER_HOUR);
    const before = await outboxCount();
    const limited = await post(org, token);
    expect((limited as Response).headers.get("Location")).toBe("/confirm-email?status=limited");
    expect(await outboxCount()).toBe(before);
    const page = await open(org, "/confirm-email?status=limited", token);
    expect(statusOf(page)).toBe(429);
    expect(dataOf<Page>(page).state).toMatchObject({ kind: "limited", minutes: 60 });

    // Any of the links works.
    const mails = await mailsTo(user.email);
    expect(statusOf(await open(org, linkIn(mails[1]!, "/confirm-email")))).toBe(302);
    expect(await isConfirmed(user.id)).toBe(true);
  });

  it("counts the sign-up mail and reopens after an hour", async () => {
    const { user } = await unconfirmedWithLink();
    const { token } = await createTestSession(user);
    await post(org, token);
    await post(org, token);
    expect((await post(org, token) as Response).headers.get("Location")).toBe("/confirm-email?status=limited");
    await sql`update verification_tokens set created_at = created_at - interval '61 minutes' where user_id = ${user.id}`;
    expect((await post(org, token) as Response).headers.get("Location")).toBe("/confirm-email?status=sent");
  });

  it("says so when the address is already confirmed, and asks a visitor to log in", async () => {
    const user = await createTestUser(org.id);
    const { token } = await createTestSession(user);
    expect(((await post(org, token)) as Response).headers.get("Location")).toBe("/confirm-email?status=already");
    expect(await mailsTo(user.email)).toHaveLength(0);
    const anonymous = await post(org);
    expect((anonymous as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
