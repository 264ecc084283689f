// HTTP-level security of the running app, with Playwright's request API (no browser).
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { createSession } from "../app/modules/auth/session.server";
import type { Db } from "../app/utils/db.server";
import { BASE_URL } from "./support/env";
import { expect, SESSION_COOKIE, test } from "./fixtures";

const SAME_ORIGIN = { Origin: BASE_URL };
const EVIL = "https://evil.example";

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

function setCookies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
}

async function post(request: APIRequestContext, path: string, fields: Record<string, string>, headers: Record<string, string>) {
  return request.post(path, { data: form(fields), headers: { ...FORM, ...headers }, maxRedirects: 0 });
}

test.describe("writes from another origin are refused", () => {
  test("Origin: https://evil.example gets 403 and changes nothing", async ({ request, db, createUser }) => {
    const user = await createUser();
    const { token, session } = await createSession(db as unknown as Db, { userId: user.id, organizationId: user.organizationId });
    const cookie = `${SESSION_COOKIE}=${token}`;

    const logout = await post(request, "/logout", {}, { Origin: EVIL, Cookie: cookie });
    expect(logout.status()).toBe(403);
    expect(setCookies(logout)).toEqual([]);
    expect(await db`select id from sessions where id = ${session.id}`).toHaveLength(1);

    const lang = await post(request, "/lang", { locale: "en", redirectTo: "/" }, { Origin: EVIL, Cookie: cookie });
    expect(lang.status()).toBe(403);
    expect(setCookies(lang)).toEqual([]);
    const [row] = await db`select locale from users where id = ${user.id}`;
    expect(row!.locale).toBeNull();

    const login = await post(request, "/login", { email: user.email, password: "wrong password here" }, { Origin: EVIL });
    expect(login.status()).toBe(403);
    expect(await db`select id from auth_failures where account_key = ${user.email}`).toHaveLength(0);
  });

  test("Sec-Fetch-Site: cross-site gets 403, even with a same-origin Origin header", async ({ request, db, createUser }) => {
    const user = await createUser();
    const { token, session } = await createSession(db as unknown as Db, { userId: user.id, organizationId: user.organizationId });
    for (const headers of [{ "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "cross-site", ...SAME_ORIGIN }, { "Sec-Fetch-Site": "same-site" }]) {
      const response = await post(request, "/logout", {}, { ...headers, Cookie: `${SESSION_COOKIE}=${token}` });
      expect(response.status(), JSON.stringify(headers)).toBe(403);
    }
    expect(await db`select id from sessions where id = ${session.id}`).toHaveLength(1);
  });

  test("a POST with neither Origin nor Sec-Fetch-Site gets 403", async ({ request }) => {
    const response = await post(request, "/lang", { locale: "en", redirectTo: "/" }, {});
    expect(response.status()).toBe(403);
  });

  test("same-origin writes pass the check", async ({ request, db, createUser }) => {
    const lang = await post(request, "/lang", { locale: "en", redirectTo: "/conditions" }, SAME_ORIGIN);
    expect(lang.status()).toBe(302);
    expect(lang.headers()["location"]).toBe("/conditions");
    expect(setCookies(lang).join("\n")).toMatch(/^maquette_lang=en;/m);

    const user = await createUser();
    const { token, session } = await createSession(db as unknown as Db, { userId: user.id, organizationId: user.organizationId });
    const logout = await post(request, "/logout", {}, { "Sec-Fetch-Site": "same-origin", Cookie: `${SESSION_COOKIE}=${token}` });
    expect(logout.status()).toBe(302);
    expect(await db`select id from sessions where id = ${session.id}`).toHaveLength(0);
  });
});

test("CSP: a fresh nonce per response, on every script tag", async ({ request }) => {
  const nonces: string[] = [];
  for (const path of ["/", "/", "/login"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const csp = response.headers()["content-security-policy"];
    expect(csp, `CSP header on ${path}`).toBeTruthy();
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp!)?.[1] ?? "";
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce, `nonce in script-src on ${path}`).toBeTruthy();
    nonces.push(nonce!);

    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, `script tags on ${path}`).toBeGreaterThan(0);
    for (const tag of scripts) {
      expect(tag, `every <script> on ${path} carries the response's nonce`).toContain(`nonce="${nonce}"`);
    }
    // No inline event handlers either (they cannot carry a nonce).
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
  }
  expect(new Set(nonces).size).toBe(nonces.length);
});

test("security headers", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("/healthz answers 200", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe("ok");
});

test("an unknown host gets a 404 page in French naming the host", async ({ request }) => {
  const response = await request.get("/", { headers: { Host: "inconnu.example" } });
  expect(response.status()).toBe(404);
  const html = await response.text();
  expect(html).toMatch(/<html lang="fr"/);
  expect(html).toContain("Aucune organisation à cette adresse");
  expect(html).toContain("<strong>inconnu.example</strong>");
  expect(response.headers()["content-security-policy"]).toBeTruthy();
});

test("built assets are cached as immutable", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/build\/[^"]+)"/g)].map((m) => m[1]!);
  expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
  expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
  for (const asset of new Set(assets)) {
    const response = await request.get(asset);
    expect(response.status(), asset).toBe(200);
    const cacheControl = response.headers()["cache-control"] ?? "";
    expect(cacheControl, asset).toContain("immutable");
    expect(cacheControl, asset).toMatch(/max-age=31536000/);
  }
});

test("a forged session cookie is treated as logged out", async ({ request, db, createUser }) => {
  const user = await createUser();
  const { token } = await createSession(db as unknown as Db, { userId: user.id, organizationId: user.organizationId });
  const [id] = token.split(".");
  const forged = [
    "forged",
    `${"a".repeat(20)}.${"b".repeat(32)}`, // well-formed, no such session
    `${id}.${"c".repeat(32)}`, // a real session id with the wrong secret
  ];
  for (const value of forged) {
    const response = await request.get("/", { headers: { Cookie: `${SESSION_COOKIE}=${value}` } });
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html, value).toContain("Se connecter");
    expect(html, value).not.toContain("Se déconnecter");
  }
  // The genuine token does log in (so the check above means something).
  const genuine = await (await request.get("/", { headers: { Cookie: `${SESSION_COOKIE}=${token}` } })).text();
  expect(genuine).toContain("Se déconnecter");
});

test("login throttling: 429 with Retry-After after 5 wrong passwords for one account", async ({ request, createUser }) => {
  const user = await createUser();
  for (let i = 1; i <= 5; i++) {
    const response = await post(request, "/login", { email: user.email, password: `wrong password #${i}` }, SAME_ORIGIN);
    expect(response.status(), `attempt ${i}`).toBe(400);
    expect(await response.text()).toContain("Adresse e-mail ou mot de passe incorrect.");
  }
  // Throttled now, even with the right password.
  const blocked = await post(request, "/login", { email: user.email, password: user.password }, SAME_ORIGIN);
  expect(blocked.status()).toBe(429);
  const retryAfter = Number(blocked.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(setCookies(blocked).join("\n")).not.toContain(SESSION_COOKIE);
  expect(await blocked.text()).toContain("Trop de tentatives. Réessayez dans 15 minutes.");

  const english = await post(request, "/login", { email: user.email, password: user.password }, { ...SAME_ORIGIN, Cookie: "maquette_lang=en" });
  expect(english.status()).toBe(429);
  const html = await english.text();
  expect(html).toMatch(/<html lang="en"/);
  expect(html).toContain("Too many attempts. Try again in 15 minutes.");
});

test("the session cookie is HttpOnly, SameSite=Lax and Secure on localhost", async ({ request, createUser }) => {
  const user = await createUser();
  const response = await post(request, "/login", { email: user.email, password: user.password, redirectTo: "/" }, SAME_ORIGIN);
  expect(response.status()).toBe(302);
  const cookie = setCookies(response).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(cookie, "session cookie set on login").toBeTruthy();
  const attributes = cookie!.split(";").map((a) => a.trim().toLowerCase());
  expect(attributes).toContain("httponly");
  expect(attributes).toContain("samesite=lax");
  expect(attributes).toContain("secure");
  expect(attributes).toContain("path=/");
  expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
});
