// Logging in through a real local OpenID Connect provider configured like FranceConnect (ES256,
// signed userinfo, eidas1), and every tampering refused with nothing written: wrong state, replayed
// callback, wrong nonce, bad signature, wrong issuer or audience, expired token, unsigned userinfo,
// a provider down or too slow. Tampering happens on the wire (a fetch that rewrites the provider's
// answers, re-signed with the provider's own keys), never inside our code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomFetch } from "openid-client";
import { startLocalProvider, type LocalProvider } from "~/test/oidc-provider";
import { createTestOrganization, createTestUser, TEST_PASSWORD } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { actorOf } from "~/modules/auth/actor";
import { createSession, validateSessionToken } from "~/modules/auth/session.server";
import { importCensus } from "./census.server";
import { isVerifiedResident } from "./eligibility";
import { completeLogin, findPendingLink, linkWithPassword, startLogin, type CallbackOutcome } from "./login.server";
import { forgetProviderConfigurations, ProviderUnavailableError } from "./oidc.server";
import { findProviderBySlug, saveProvider, type ProviderRecord } from "./providers.server";

process.env.OIDC_SECRET_KEY = "a".repeat(64);
resetEnvCache();

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let admin: { id: number };
let fc: LocalProvider;
let rs: LocalProvider;
const ORIGIN = "http://maquette.test";

async function addProvider(local: LocalProvider, slug: string, clientId: string): Promise<ProviderRecord> {
  const saved = await saveProvider(sql, {
    organizationId: org.id,
    actorId: admin.id,
    id: null,
    values: { kind: "franceconnect", label: "FranceConnect", slug, issuer: local.issuer, clientId, clientSecret: `${clientId}-secret`, enabled: true },
  });
  expect(saved.status).toBe("saved");
  return (await findProviderBySlug(sql, org.id, slug))!;
}

function client(clientId: string, slug: string) {
  return {
    clientId,
    clientSecret: `${clientId}-secret`,
    redirectUris: [`${ORIGIN}/auth/oidc/${slug}/callback`],
    postLogoutRedirectUris: [`${ORIGIN}/auth/oidc/logged-out`],
  };
}

beforeAll(async () => {
  org = await createTestOrganization();
  admin = await createTestUser(org.id, { role: "admin" });
  fc = await startLocalProvider({ clients: [client("maquette-fc", "fc")] });
  rs = await startLocalProvider({ clients: [client("maquette-rs", "rs")], alg: "RS256" });
});

afterAll(async () => {
  await fc?.close();
  await rs?.close();
  delete process.env.OIDC_SECRET_KEY;
  resetEnvCache();
});

/** Leaves for the provider as `sub` and comes back: the callback URL and this browser's state. */
async function roundTrip(provider: ProviderRecord, local: LocalProvider, sub: string, options: { fetch?: CustomFetch } = {}) {
  const { url, state } = await startLogin(sql, { provider, origin: ORIGIN, redirectTo: "/account" }, options);
  const callbackUrl = await local.authorize(url, sub);
  return { callbackUrl, state };
}

async function counts() {
  const [row] = await sql`
    select (select count(*)::int from users where organization_id = ${org.id}) as users,
           (select count(*)::int from user_identities where organization_id = ${org.id}) as identities`;
  return row as { users: number; identities: number };
}

function decode(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** A fetch that rewrites the ID token of the token endpoint's answer. */
function tamperIdToken(local: LocalProvider, rewrite: (claims: Record<string, unknown>) => string): CustomFetch {
  return async (url, init) => {
    const res = await fetch(url, init as RequestInit);
    if (!url.endsWith("/token") || !res.ok) return res;
    const body = (await res.json()) as Record<string, unknown>;
    body.id_token = rewrite(decode(String(body.id_token)));
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
}

function expectRefused(outcome: CallbackOutcome) {
  expect(outcome.status).toBe("refused");
}

describe("login with the local FranceConnect", () => {
  it("creates the account from the verified identity, then finds it again (ES256 ID token and userinfo)", async () => {
    const provider = await addProvider(fc, "fc", "maquette-fc");
    const before = await counts();
    const first = await roundTrip(provider, fc, "fc-angela-dubois");
    expect(first.callbackUrl.pathname).toBe("/auth/oidc/fc/callback");
    const outcome = await completeLogin(sql, { provider, callbackUrl: first.callbackUrl, cookieState: first.state });
    expect(outcome).toMatchObject({ status: "logged_in", created: true, redirectTo: "/account" });
    if (outcome.status !== "logged_in") throw new Error("not logged in");
    expect(decode(outcome.idToken)).toMatchObject({ sub: "fc-angela-dubois", acr: "eidas1", aud: "maquette-fc" });
    const [user] = await sql`
      select name, email, email_confirmed_at is not null as confirmed, to_char(birth_date, 'YYYY-MM-DD') as birth_date
      from users where id = ${outcome.userId}`;
    expect(user).toEqual({
      name: "Angela Claire Louise Dubois",
      email: "angela.dubois@franceconnect.maquette.example",
      confirmed: true,
      birth_date: "1962-08-24",
    });
    expect(await counts()).toEqual({ users: before.users + 1, identities: before.identities + 1 });
    const [audit] = await sql`select action from audit_log where organization_id = ${org.id} and actor_id = ${outcome.userId}`;
    expect(audit?.action).toBe("identity.signup");

    const second = await roundTrip(provider, fc, "fc-angela-dubois");
    const again = await completeLogin(sql, { provider, callbackUrl: second.callbackUrl, cookieState: second.state });
    expect(again).toMatchObject({ status: "logged_in", created: false, userId: outcome.userId });
    expect(await counts()).toEqual({ users: before.users + 1, identities: before.identities + 1 });
  });

  it("makes a FranceConnect identity found in the census a verified resident, until the census's end", async () => {
    const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
    await importCensus(sql, {
      organizationId: org.id,
      actorId: admin.id,
      csv: "nom;prenoms;date_naissance\nDUBOIS;Angela-Claire Louise;24/08/1962\n",
      validUntil: "2099-06-30",
    });
    const trip = await roundTrip(provider, fc, "fc-angela-dubois");
    const outcome = await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state });
    if (outcome.status !== "logged_in") throw new Error(outcome.status);
    const { token } = await createSession(sql, { userId: outcome.userId, organizationId: org.id, oidc: { providerId: provider.id, idToken: outcome.idToken } });
    const auth = await validateSessionToken(sql, token, org.id);
    const actor = actorOf(org.id, auth!.user, auth!.session);
    expect(actor).toMatchObject({ loginMethod: "oidc", identityProvider: { id: provider.id, kind: "franceconnect" }, birthDate: "1962-08-24" });
    expect(isVerifiedResident(actor)).toBe(true);
    const [row] = await sql`select resident_verified_by, to_char(resident_verified_until at time zone 'UTC', 'YYYY-MM-DD') as until from users where id = ${outcome.userId}`;
    expect(row).toEqual({ resident_verified_by: "census", until: "2099-07-01" });
  });

  it("works the same with RS256 signatures", async () => {
    const provider = await addProvider(rs, "rs", "maquette-rs");
    const trip = await roundTrip(provider, rs, "fc-noemie-ait-saadi");
    const outcome = await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state });
    expect(outcome).toMatchObject({ status: "logged_in", created: true });
    if (outcome.status !== "logged_in") return;
    expect(JSON.parse(Buffer.from(outcome.idToken.split(".")[0]!, "base64url").toString()).alg).toBe("RS256");
  });

  it("refuses a callback whose state is not this browser's, and writes nothing", async () => {
    const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
    const before = await counts();
    const trip = await roundTrip(provider, fc, "fc-jean-eloi-lefevre");
    expect(await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: "someone-elses-state" })).toEqual({ status: "state_mismatch" });
    expect(await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: null })).toEqual({ status: "state_mismatch" });
    // A state in the URL changed on the way: the cookie no longer matches.
    const forged = new URL(trip.callbackUrl);
    forged.searchParams.set("state", "x".repeat(43));
    expect(await completeLogin(sql, { provider, callbackUrl: forged, cookieState: trip.state })).toEqual({ status: "state_mismatch" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a replayed callback (the code is exchanged once)", async () => {
    const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
    const trip = await roundTrip(provider, fc, "fc-angela-dubois");
    expect((await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state })).status).toBe("logged_in");
    const before = await counts();
    expect(await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state })).toEqual({ status: "expired" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a code replayed at the provider under a fresh attempt", async () => {
    const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
    const used = await roundTrip(provider, fc, "fc-angela-dubois");
    expect((await completeLogin(sql, { provider, callbackUrl: used.callbackUrl, cookieState: used.state })).status).toBe("logged_in");
    // A new attempt of this browser, answered with the old code.
    const fresh = await startLogin(sql, { provider, origin: ORIGIN, redirectTo: "/" });
    const replay = new URL(used.callbackUrl);
    replay.searchParams.set("state", fresh.state);
    expectRefused(await completeLogin(sql, { provider, callbackUrl: replay, cookieState: fresh.state }));
  });

  it("refuses missing or doubled parameters, and says when the person cancelled at the provider", async () => {
    const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
    const cb = (query: string) => new URL(`${ORIGIN}/auth/oidc/fc/callback${query}`);
    expect(await completeLogin(sql, { provider, callbackUrl: cb(""), cookieState: "s" })).toEqual({ status: "invalid_callback" });
    expect(await completeLogin(sql, { provider, callbackUrl: cb("?state=s"), cookieState: "s" })).toEqual({ status: "invalid_callback" });
    expect(await completeLogin(sql, { provider, callbackUrl: cb("?code=c"), cookieState: "s" })).toEqual({ status: "invalid_callback" });
    expect(await completeLogin(sql, { provider, callbackUrl: cb("?code=c&code=d&state=s"), cookieState: "s" })).toEqual({ status: "invalid_callback" });
    expect(await completeLogin(sql, { provider, callbackUrl: cb("?code=c&state=s"), cookieState: "s" })).toEqual({ status: "expired" });
    expect(await completeLogin(sql, { provider, callbackUrl: cb("?error=access_denied&state=s"), cookieState: "s" })).toEqual({
      status: "provider_error",
      error: "access_denied",
    });
  });

  const tamperings: [string, (local: LocalProvider) => CustomFetch][] = [
    ["a wrong nonce", (l) => tamperIdToken(l, (c) => l.forgeIdToken({ ...c, nonce: "not-the-nonce" }))],
    ["a signature by a key the provider never published", (l) => tamperIdToken(l, (c) => l.forgeIdToken(c, { unknownKey: true }))],
    ["a payload changed after signing", (l) => tamperIdToken(l, (c) => {
      const [h, , s] = l.forgeIdToken(c).split(".");
      return `${h}.${Buffer.from(JSON.stringify({ ...c, sub: "fc-someone-else" })).toString("base64url")}.${s}`;
    })],
    ["an unsigned token (alg none)", (l) => tamperIdToken(l, (c) => {
      const h = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
      return `${h}.${Buffer.from(JSON.stringify(c)).toString("base64url")}.`;
    })],
    ["a wrong issuer", (l) => tamperIdToken(l, (c) => l.forgeIdToken({ ...c, iss: "http://localhost:1" }))],
    ["a wrong audience", (l) => tamperIdToken(l, (c) => l.forgeIdToken({ ...c, aud: "another-client" }))],
    ["an expired token", (l) => tamperIdToken(l, (c) => l.forgeIdToken({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }))],
    ["an eIDAS level below eidas1", (l) => tamperIdToken(l, (c) => l.forgeIdToken({ ...c, acr: "eidas0" }))],
    ["a userinfo that is plain JSON", (_l) => async (url, init) => {
      const res = await fetch(url, init as RequestInit);
      if (!url.endsWith("/me")) return res;
      return new Response(JSON.stringify(decode(await res.text())), { status: 200, headers: { "content-type": "application/json" } });
    }],
    ["a userinfo signed by another key", (l) => async (url, init) => {
      const res = await fetch(url, init as RequestInit);
      if (!url.endsWith("/me")) return res;
      return new Response(l.forgeIdToken(decode(await res.text()), { unknownKey: true }), { status: 200, headers: { "content-type": "application/jwt" } });
    }],
    ["a userinfo about someone else", (l) => async (url, init) => {
      const res = await fetch(url, init as RequestInit);
      if (!url.endsWith("/me")) return res;
      return new Response(l.forgeIdToken({ ...decode(await res.text()), sub: "fc-someone-else" }), { status: 200, headers: { "content-type": "application/jwt" } });
    }],
  ];

  for (const [name, tamper] of tamperings) {
    it(`refuses ${name}, and writes nothing`, async () => {
      const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
      const before = await counts();
      const fetcher = tamper(fc);
      // A persona never logged in before: a success would create an account.
      const trip = await roundTrip(provider, fc, "fc-jean-eloi-lefevre", { fetch: fetcher });
      expectRefused(await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state }, { fetch: fetcher }));
      expect(await counts()).toEqual(before);
    });
  }
});

describe("an existing account with the same e-mail", () => {
  it("is linked only after its password is given", async () => {
    const provider = (await findProviderBySlug(sql, org.id, "fc"))!;
    // Jean-Éloi never got through (every tampering above refused him): his address is a member's.
    const member = await createTestUser(org.id, { email: "jean-eloi.lefevre@franceconnect.maquette.example" });
    const trip = await roundTrip(provider, fc, "fc-jean-eloi-lefevre");
    const before = await counts();
    expect(await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state })).toEqual({
      status: "link_required",
      redirectTo: "/account",
    });
    expect(await counts()).toEqual(before);
    expect(await findPendingLink(sql, org.id, trip.state)).toMatchObject({ userId: member.id, providerKind: "franceconnect" });
    expect(await findPendingLink(sql, org.id, "other")).toBeNull();

    expect(await linkWithPassword(sql, { organizationId: org.id, cookieState: trip.state, password: "not the password" })).toEqual({
      status: "wrong_password",
    });
    expect(await counts()).toEqual(before);
    const linked = await linkWithPassword(sql, { organizationId: org.id, cookieState: trip.state, password: TEST_PASSWORD });
    expect(linked).toMatchObject({ status: "linked", userId: member.id, providerId: provider.id });
    expect(await counts()).toEqual({ ...before, identities: before.identities + 1 });
    // Used once.
    expect(await linkWithPassword(sql, { organizationId: org.id, cookieState: trip.state, password: TEST_PASSWORD })).toEqual({ status: "expired" });
    const [row] = await sql`select to_char(birth_date, 'YYYY-MM-DD') as b from users where id = ${member.id}`;
    expect(row?.b).toBe("2012-03-02");

    const next = await roundTrip(provider, fc, "fc-jean-eloi-lefevre");
    expect(await completeLogin(sql, { provider, callbackUrl: next.callbackUrl, cookieState: next.state })).toMatchObject({
      status: "logged_in",
      userId: member.id,
      created: false,
    });
  });
});

describe("a provider that is down or slow", () => {
  it("answers 'unavailable' within the timeout, and writes nothing", async () => {
    process.env.OIDC_TIMEOUT_SECONDS = "1";
    resetEnvCache();
    forgetProviderConfigurations();
    const slow = await startLocalProvider({ clients: [client("maquette-slow", "slow")] });
    try {
      const provider = await addProvider(slow, "slow", "maquette-slow");
      const trip = await roundTrip(provider, slow, "fc-jean-eloi-lefevre");
      const before = await counts();
      slow.setDelay(3000);
      const started = Date.now();
      expect(await completeLogin(sql, { provider, callbackUrl: trip.callbackUrl, cookieState: trip.state })).toEqual({ status: "unavailable" });
      expect(Date.now() - started).toBeLessThan(2500);
      expect(await counts()).toEqual(before);

      forgetProviderConfigurations();
      await slow.close();
      await expect(startLogin(sql, { provider, origin: ORIGIN, redirectTo: "/" })).rejects.toBeInstanceOf(ProviderUnavailableError);
    } finally {
      await slow.close();
      delete process.env.OIDC_TIMEOUT_SECONDS;
      resetEnvCache();
    }
  });
});
