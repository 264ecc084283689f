import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import {
  consumeToken,
  issueToken,
  peekToken,
  pendingEmailChange,
  revokeTokens,
  TOKEN_TTL_MS,
  tokenRetryAfter,
  TOKENS_PER_HOUR,
} from "./tokens.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization();
  other = await createTestOrganization();
});

async function newUserToken(purpose: "confirm_email" | "reset_password" = "confirm_email") {
  const user = await createTestUser(org.id);
  const token = await issueToken(sql, { organizationId: org.id, userId: user.id, purpose, email: user.email });
  return { user, token };
}

describe("verification tokens", () => {
  it("stores only the hash of the secret, with the right lifetime", async () => {
    const { token } = await newUserToken("reset_password");
    const [id, secret] = token.split(".");
    const [row] = await sql`select secret_hash, expires_at - created_at as ttl, extract(epoch from expires_at - created_at) as seconds
                            from verification_tokens where id = ${id!}`;
    expect(Buffer.from(row!.secret_hash as Buffer).toString("utf8")).not.toContain(secret!);
    expect(Number(row!.seconds)).toBe(TOKEN_TTL_MS.reset_password / 1000);
    const { token: confirm } = await newUserToken("confirm_email");
    const [c] = await sql`select extract(epoch from expires_at - created_at) as seconds from verification_tokens where id = ${confirm.split(".")[0]!}`;
    expect(Number(c!.seconds)).toBe(48 * 3600);
  });

  it("works once, then says it was used", async () => {
    const { user, token } = await newUserToken();
    expect(await peekToken(sql, token, org.id, "confirm_email")).toMatchObject({ ok: true, userId: user.id, email: user.email });
    expect(await consumeToken(sql, token, org.id, "confirm_email")).toMatchObject({ ok: true, userId: user.id });
    expect(await consumeToken(sql, token, org.id, "confirm_email")).toEqual({ ok: false, problem: "used", userId: user.id, email: user.email });
  });

  it("refuses an expired token", async () => {
    const { token } = await newUserToken();
    await sql`update verification_tokens set expires_at = now() - interval '1 second' where id = ${token.split(".")[0]!}`;
    expect(await consumeToken(sql, token, org.id, "confirm_email")).toMatchObject({ ok: false, problem: "expired" });
  });

  it("refuses forged, malformed, foreign and wrong-purpose tokens without saying whose they are", async () => {
    const { token } = await newUserToken();
    const [id] = token.split(".");
    for (const forged of [`${id}.${"a".repeat(32)}`, `${"b".repeat(20)}.${"c".repeat(32)}`, "nonsense", "", null]) {
      expect(await consumeToken(sql, forged, org.id, "confirm_email")).toEqual({ ok: false, problem: "invalid" });
    }
    expect(await consumeToken(sql, token, other.id, "confirm_email")).toEqual({ ok: false, problem: "invalid" });
    expect(await consumeToken(sql, token, org.id, "reset_password")).toEqual({ ok: false, problem: "invalid" });
    // None of that used it up.
    expect(await consumeToken(sql, token, org.id, "confirm_email")).toMatchObject({ ok: true });
  });

  it("limits links per account and purpose to TOKENS_PER_HOUR in a sliding hour", async () => {
    const user = await createTestUser(org.id);
    const scope = { organizationId: org.id, userId: user.id, purpose: "reset_password" as const };
    for (let i = 0; i < TOKENS_PER_HOUR; i++) {
      expect(await tokenRetryAfter(sql, scope)).toBeNull();
      await issueToken(sql, { ...scope, email: user.email });
    }
    const retry = await tokenRetryAfter(sql, scope);
    expect(retry).toBeGreaterThan(3500);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(await tokenRetryAfter(sql, { ...scope, purpose: "confirm_email" })).toBeNull();
    await sql`update verification_tokens set created_at = created_at - interval '61 minutes' where user_id = ${user.id}`;
    expect(await tokenRetryAfter(sql, scope)).toBeNull();
  });

  it("revokes the pending tokens of one purpose only", async () => {
    const user = await createTestUser(org.id);
    const reset = await issueToken(sql, { organizationId: org.id, userId: user.id, purpose: "reset_password", email: user.email });
    const confirm = await issueToken(sql, { organizationId: org.id, userId: user.id, purpose: "confirm_email", email: "new@example.org" });
    expect(await pendingEmailChange(sql, { organizationId: org.id, userId: user.id, currentEmail: user.email })).toBe("new@example.org");
    await revokeTokens(sql, { organizationId: org.id, userId: user.id, purpose: "reset_password" });
    expect(await peekToken(sql, reset, org.id, "reset_password")).toMatchObject({ ok: false, problem: "used" });
    expect(await peekToken(sql, confirm, org.id, "confirm_email")).toMatchObject({ ok: true });
  });
});
