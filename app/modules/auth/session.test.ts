import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import {
  createSession,
  invalidateUserSessions,
  listUserSessions,
  readCookie,
  serializeSessionCookie,
  validateSessionToken,
} from "./session.server";

let orgId: number;
beforeAll(async () => {
  orgId = (await createTestOrganization()).id;
});

describe("sessions", () => {
  it("validates its own token and refuses forged, altered or foreign ones", async () => {
    const user = await createTestUser(orgId, { name: "Bea" });
    const { token } = await createSession(sql, { userId: user.id, organizationId: orgId });
    const ok = await validateSessionToken(sql, token, orgId);
    expect(ok?.user).toMatchObject({ id: user.id, name: "Bea", role: "citizen", organizationId: orgId });
    expect(ok?.session.renewed).toBe(false);

    const [id, secret] = token.split(".") as [string, string];
    const altered = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    expect(await validateSessionToken(sql, altered, orgId)).toBeNull();
    expect(await validateSessionToken(sql, "garbage", orgId)).toBeNull();
    expect(await validateSessionToken(sql, null, orgId)).toBeNull();
    const other = await createTestOrganization();
    expect(await validateSessionToken(sql, token, other.id)).toBeNull();
  });

  it("stores only a hash of the secret", async () => {
    const user = await createTestUser(orgId);
    const { token } = await createSession(sql, { userId: user.id, organizationId: orgId });
    const [row] = await sql`select * from sessions where user_id = ${user.id}`;
    expect(JSON.stringify(row)).not.toContain(token.split(".")[1]);
  });

  it("expires, and slides the expiry when half used", async () => {
    const user = await createTestUser(orgId);
    const { token, session } = await createSession(sql, { userId: user.id, organizationId: orgId });
    await sql`update sessions set expires_at = now() + interval '10 days' where id = ${session.id}`;
    const renewed = await validateSessionToken(sql, token, orgId);
    expect(renewed?.session.renewed).toBe(true);
    expect(renewed!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await sql`update sessions set expires_at = now() - interval '1 second' where id = ${session.id}`;
    expect(await validateSessionToken(sql, token, orgId)).toBeNull();
    expect(await sql`select 1 from sessions where id = ${session.id}`).toHaveLength(0);
  });

  it("ends for a deleted account, and all at once on demand", async () => {
    const user = await createTestUser(orgId);
    const one = await createSession(sql, { userId: user.id, organizationId: orgId });
    const two = await createSession(sql, { userId: user.id, organizationId: orgId });
    expect(await listUserSessions(sql, user.id)).toHaveLength(2);
    await invalidateUserSessions(sql, user.id, two.session.id);
    expect(await validateSessionToken(sql, one.token, orgId)).toBeNull();
    expect(await validateSessionToken(sql, two.token, orgId)).not.toBeNull();
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${user.id}`;
    expect(await validateSessionToken(sql, two.token, orgId)).toBeNull();
  });

  it("writes and reads the cookie", () => {
    const expires = new Date(Date.UTC(2030, 0, 1));
    expect(serializeSessionCookie("abc.def", expires, true)).toBe(
      "__Host-maquette_session=abc.def; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Secure",
    );
    expect(readCookie("a=1; maquette_session=x.y; b=2", "maquette_session")).toBe("x.y");
    expect(readCookie("a=1", "maquette_session")).toBeNull();
  });
});
