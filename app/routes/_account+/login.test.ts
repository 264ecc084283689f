import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { ACCOUNT_LIMIT } from "~/modules/auth/throttle.server";
import { sql } from "~/utils/db.server";
import { action } from "./login";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization();
  other = await createTestOrganization();
});

async function login(o: Org, email: string, password: string, ip = "10.0.0.1") {
  const context = await makeContext(o, { ip });
  return run(() => action({ request: makeRequest("/login", { form: { email, password, redirectTo: "/account" } }), context, params: {} }));
}

describe("login", () => {
  it("logs in with the right password and sets a session cookie", async () => {
    const user = await createTestUser(org.id);
    const result = await login(org, user.email, TEST_PASSWORD);
    expect(result).toBeInstanceOf(Response);
    const res = result as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account");
    expect(res.headers.get("Set-Cookie")).toMatch(/^maquette_session=[a-z0-9]{20}\.[a-z0-9]{32}; Path=\/; HttpOnly; SameSite=Lax/);
    const [{ count }] = (await sql`select count(*)::int as count from sessions where user_id = ${user.id}`) as unknown as [{ count: number }];
    expect(count).toBe(1);
  });

  it("gives the same answer for a wrong password and an unknown e-mail", async () => {
    const user = await createTestUser(org.id);
    const wrong = await login(org, user.email, "not the password at all", "10.0.0.2");
    const unknown = await login(org, "nobody@example.org", "not the password at all", "10.0.0.2");
    expect(statusOf(wrong)).toBe(400);
    expect(statusOf(unknown)).toBe(400);
    expect(JSON.stringify((wrong as { data: unknown }).data)).toBe(JSON.stringify((unknown as { data: unknown }).data).replace("nobody@example.org", user.email));
  });

  it("does not log into another organization's account", async () => {
    const user = await createTestUser(org.id);
    expect(statusOf(await login(other, user.email, TEST_PASSWORD, "10.0.0.3"))).toBe(400);
  });

  it("throttles an account after repeated failures with 429 and Retry-After, and not forever", async () => {
    const user = await createTestUser(org.id);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      expect(statusOf(await login(org, user.email, "wrong password " + i, `10.1.0.${i}`))).toBe(400);
    }
    const blocked = await login(org, user.email, TEST_PASSWORD, "10.1.1.1");
    expect(statusOf(blocked)).toBe(429);
    const retry = Number((blocked as { init: { headers: Record<string, string> } }).init.headers["Retry-After"]);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // The window slides: once the failures are old, the right password works again.
    await sql`update auth_failures set failed_at = failed_at - interval '16 minutes' where account_key = ${user.email}`;
    expect(statusOf(await login(org, user.email, TEST_PASSWORD, "10.1.1.1"))).toBe(302);
  });

  it("refuses an empty form with field errors and keeps the e-mail", async () => {
    const result = (await login(org, "not-an-email", "")) as { data: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(result.data.error.email).toEqual(["errors.email"]);
    expect(result.data.error.password).toEqual(["errors.required"]);
    expect(result.data.initialValue.email).toBe("not-an-email");
    expect(result.data.initialValue.password).toBeUndefined();
  });
});
